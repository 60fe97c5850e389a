import { describe, expect, it } from 'vitest';
import { documentedExports } from '../checkPackedInstall.mjs';

describe('documentedExports (what check:packages requires each package to export)', () => {
  it('collects value imports from the package in README code, ignoring type-only imports and other packages', () => {
    const readme = [
      "import { Price, type Bar, Quantity as Q,\n  Money } from '@bot/core-types';",
      "import type { Order } from '@bot/core-types';",
      'import { sma } from "@bot/strategies";',
      "const { ManualClock, toDecimal: td } = require('@bot/core-types');",
      "import { Price2 } from '@bot/core-types-extra';",
    ].join('\n');
    expect(documentedExports(readme, '@bot/core-types')).toEqual(['ManualClock', 'Money', 'Price', 'Quantity', 'toDecimal']);
    expect(documentedExports(readme, '@bot/strategies')).toEqual(['sma']);
    expect(documentedExports('no code here', '@bot/risk')).toEqual([]);
  });
});
