import { describe, expect, it } from 'vitest';
import { main } from '../examples/tamperEvidentTrail.js';

describe('examples/tamperEvidentTrail', () => {
  it('runs: the trail verifies, each tampering is caught at the right record, queries and export work', async () => {
    const r = await main(() => undefined);
    expect(r).toMatchObject({ records: 100, segments: 3, ok: true, csvRows: 25 });
    expect(r.edited).toMatchObject({ kind: 'changed', seq: 12 });
    expect(r.moved).toMatchObject({ kind: 'missing', seq: 21 });
    expect(r.tailCut).toMatchObject({ kind: 'truncated', seq: 81 });
    expect(r.order7).toEqual(['26 order-intent', '27 risk-decision', '28 fill']);
  });
});
