import { describe, expect, it } from 'vitest';
import { engineLogger } from './runEngine.js';

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
