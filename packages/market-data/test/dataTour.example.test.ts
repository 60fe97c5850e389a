import { describe, expect, it } from 'vitest';
import { main } from '../examples/dataTour.js';
import { dataDir, hasData } from './sharedData.js';

describe.skipIf(!hasData)('examples/dataTour.ts (needs ../shared/data)', () => {
  it('runs and finds what the data README documents', async () => {
    const r = await main(dataDir);
    expect(r.zecBars).toBe(5757);
    expect(r.zecMissing).toEqual(['2018-01-26T20:25:00Z', '2018-01-27T00:55:00Z', '2018-01-30T04:50:00Z']);
    expect(r.btcZeroVolume).toBe(28);
    expect(r.orclClosures).toEqual(['2001-09-11', '2007-01-01', '2012-10-29']);
    expect(r.ethHourlyBars).toBe(481);
    expect(r.ethHourlyPartialLast).toBe(true);
    expect(r.pairRows).toBe(5757);
    expect(r.syntheticRows).toBe(10_000);
  });
});
