import { describe, expect, it } from 'vitest';
import { openExchange } from './openExchange.js';

describe('openExchange', () => {
  it('points every URL at a local override and accepts only http://127.0.0.1 or localhost', () => {
    const ex = openExchange('binance', { env: { BOT_EXCHANGE_URL_OVERRIDE: 'http://127.0.0.1:5555' } });
    const api = JSON.stringify(ex.urls.api);
    expect(api).toContain('http://127.0.0.1:5555');
    expect(api).not.toContain('binance.com');
    for (const bad of ['https://127.0.0.1:5555', 'http://10.0.0.1:80', 'http://evil.example', 'nonsense']) {
      expect(() => openExchange('binance', { env: { BOT_EXCHANGE_URL_OVERRIDE: bad } })).toThrow(/must be http:\/\/127\.0\.0\.1/);
    }
  });

  it('without the override talks to the exchange itself, with its rate limiter on', () => {
    const ex = openExchange('binance', { env: {}, credentials: { apiKey: 'k', secret: 's' } });
    expect(JSON.stringify(ex.urls.api)).toContain('binance.com');
    expect(ex.enableRateLimit).toBe(true);
    expect(() => openExchange('no-such-exchange', { env: {} })).toThrow(/unknown ccxt pro exchange/);
  });
});
