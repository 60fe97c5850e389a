import { formatMoney } from '@bot/backtest';
import { describe, expect, it } from 'vitest';
import { engineFixture } from '../test/engineFixtures.js';
import { engineLogger, runEngine } from './runEngine.js';

describe('engineLogger', () => {
  it('never writes credential values, at any of the first three levels', () => {
    let out = '';
    const logger = engineLogger('live', { write: (line: string) => void (out += line) });
    logger.warn({ apiKey: 'AK-1', exchange: { secret: 'SEC-2', nested: { password: 'PW-3' } }, symbol: 'BTC/USDT' }, 'oops');
    expect(out).not.toMatch(/AK-1|SEC-2|PW-3/);
    expect(out).toContain('[redacted]');
    expect(JSON.parse(out)).toMatchObject({ mode: 'live', symbol: 'BTC/USDT', msg: 'oops' });
  });
});

describe('runEngine', () => {
  it('prints the final equity of a finished replay with the digits a small account needs (a BTC account, not "0.05")', async () => {
    const { configPath } = await engineFixture({ bars: 300, seed: 5, symbol: 'ETH/BTC', currency: 'BTC', initialCash: '0.05', startPrice: 0.05, fast: 5, slow: 20 });
    const lines: string[] = [];
    const engine = await runEngine({ configPath, exitWhenDone: true, port: 0, print: (l) => lines.push(l) });
    for (let k = 0; k < 200 && !lines.some((l) => l.startsWith('replay finished')); k++) await new Promise((r) => setTimeout(r, 25));
    await engine.stop('test');
    const s = engine.status();
    expect(engine.fillCount).toBeGreaterThan(0);
    expect(s.equity).toBeGreaterThan(0);
    expect(s.equity).toBeLessThan(1);
    const finished = lines.find((l) => l.startsWith('replay finished'));
    expect(finished).toBe(`replay finished: 300 bars, ${engine.fillCount} fills, equity ${formatMoney(s.equity)} BTC`);
    // four significant digits below 1 (toFixed(2) printed "0.05" whatever the run made)
    expect(finished).toMatch(/equity 0\.0\d{4} BTC$/);
  });
});
