/**
 * fast-check, configured once for every property test of this package: a fixed seed so runs are reproducible
 * (CI and laptops see the same cases), and enough runs to find edge cases while keeping the suite fast.
 * A failure report prints the seed and path; rerun one case with `fc.assert(prop, { seed, path })`.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: 20_261_121, numRuns: 300 });

export default fc;
