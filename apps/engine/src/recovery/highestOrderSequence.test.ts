import { describe, expect, it } from 'vitest';
import { highestOrderSequence } from './highestOrderSequence.js';

describe('highestOrderSequence', () => {
  it('takes the highest <strategy>-<n> over every record, amend legs included, ignoring other ids', () => {
    const records = [
      {},
      { clientOrderId: 'sma-cross-7' },
      { clientOrderId: 'hold-12.2' }, // replacement leg of order 12
      { clientOrderId: 'web_manual_99x' },
      { clientOrderId: 'sma-cross-3' },
    ];
    expect(highestOrderSequence(records)).toBe(12);
  });

  it('is 0 for a trail without orders', () => {
    expect(highestOrderSequence([{}, { clientOrderId: undefined }])).toBe(0);
  });
});
