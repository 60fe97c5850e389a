/* global console, process */
// A user's script outside the monorepo: `npm i @bot/strategies`, then `node standalone.mjs`.
// Computes RSI on a plain array, runs the sma-cross signal logic on bars it builds itself (both through the pure
// helper and by driving the registered strategy with a minimal context), checks the results against hand
// computations, and exits non-zero if anything is off.
import { builtInStrategies, CrossoverDetector, rsi, sma, smaCrossSignals } from '@bot/strategies';

let failures = 0;
function check(label, ok, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures++;
}
const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

// 1. RSI(3) on a plain array, against Wilder's recursion computed by hand here.
const prices = [10, 11, 10.5, 11.5, 12, 11, 11.5, 12.5];
const r = rsi(prices, 3);
check('rsi warm-up is NaN up to index period-1', Number.isNaN(r[2]) && !Number.isNaN(r[3]));
let up = (1 + 0 + 1) / 3; // changes +1, -0.5, +1
let down = (0 + 0.5 + 0) / 3;
const expected = [100 * (up / (up + down))];
for (let i = 4; i < prices.length; i++) {
  const d = prices[i] - prices[i - 1];
  up = (up * 2 + Math.max(d, 0)) / 3;
  down = (down * 2 + Math.max(-d, 0)) / 3;
  expected.push(100 * (up / (up + down)));
}
check('rsi(3) equals the hand-computed Wilder RSI', expected.every((v, j) => close(r[3 + j], v)), Array.from(r.slice(3), (v) => v.toFixed(2)).join(' '));

// 2. Bars built by hand: down, flat, up, down again.
const closes = [10, 9, 8, 7, 7, 7, 8, 9, 10, 11, 12, 11, 10, 9, 8, 7, 6];
const bars = closes.map((c, i) => ({
  type: 'bar', symbol: 'DEMO/USD', timeframe: '1d', openTime: Date.UTC(2024, 0, 1 + i),
  open: c, high: c + 0.5, low: c - 0.5, close: c, volume: 100,
}));

// 3. sma-cross logic via the pure helper: fast 2, slow 4.
const fast = sma(closes, 2);
const slow = sma(closes, 4);
const det = new CrossoverDetector();
const crosses = closes.map((_, i) => det.update(fast[i], slow[i]));
const upAt = crosses.indexOf(1);
const downAt = crosses.indexOf(-1);
check('one up-cross then one down-cross', upAt > 0 && downAt > upAt && crosses.filter((x) => x !== 0).length === 2, `up at ${upAt}, down at ${downAt}`);
check('up-cross is where fast first exceeds slow', fast[upAt] > slow[upAt] && fast[upAt - 1] <= slow[upAt - 1]);
const signals = smaCrossSignals(closes, 2, 4);
check('smaCrossSignals: flat, long from the up-cross, flat from the down-cross',
  signals.every((s, i) => s === (i >= upAt && i < downAt ? 1 : 0)), Array.from(signals).join(''));

// 4. The registered strategy driven by a minimal context that only knows closed bars.
const def = builtInStrategies.get('sma-cross');
const strategy = def.create({ fast: 2, slow: 4, maType: 'sma', allowShort: false }, { symbols: ['DEMO/USD'] });
const seen = [];
const weights = [];
const ctx = {
  strategyId: strategy.id, mode: 'normal', now: () => 0,
  bars: () => ({ symbol: 'DEMO/USD', get length() { return seen.length; }, at: (ago) => seen[seen.length - 1 - ago],
    close: (ago = 0) => seen[seen.length - 1 - ago]?.close ?? NaN, open: () => NaN, high: () => NaN, low: () => NaN,
    volume: () => NaN, openTime: (ago = 0) => seen[seen.length - 1 - ago]?.openTime ?? NaN, closes: () => new Float64Array(0) }),
  setTargetWeight: (symbol, weight) => weights.push({ i: seen.length - 1, weight }),
  emitSignal: () => {},
};
for (const bar of bars) {
  seen.push(bar);
  strategy.onBar(bar, ctx);
}
check('strategy targets weight 1 at the up-cross and 0 at the down-cross',
  weights.length === 2 && weights[0].i === upAt && weights[0].weight === 1 && weights[1].i === downAt && weights[1].weight === 0,
  JSON.stringify(weights));

if (failures > 0) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('standalone example: all checks passed');
