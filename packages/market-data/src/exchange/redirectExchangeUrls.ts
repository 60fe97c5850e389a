import { Agent } from 'node:http';

/**
 * Rewrites every URL in a ccxt exchange's `urls.api` (REST and WebSocket, nested) so that scheme, host and port
 * point at `httpBase` (for `http(s)://` URLs) or `wsBase` (for `ws(s)://` URLs), keeping the paths. Used to run
 * real ccxt against a local test server; also what the CLI's test-only `BOT_EXCHANGE_URL_OVERRIDE` does.
 * Never use it to reach a third-party host.
 *
 * @example
 * ```ts
 * const ex = new ccxt.pro.binance();
 * redirectExchangeUrls(ex, 'http://127.0.0.1:8080'); // ws URLs -> ws://127.0.0.1:8080/...
 * ```
 */
export function redirectExchangeUrls(exchange: { urls: Record<string, unknown> }, httpBase: string, wsBase?: string): void {
  const http = new URL(httpBase);
  const ws = new URL(wsBase ?? httpBase.replace(/^http/, 'ws'));
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string' && /^(https?|wss?):\/\//.test(value)) {
      const u = new URL(value);
      const target = u.protocol.startsWith('ws') ? ws : http;
      return `${target.protocol}//${target.host}${u.pathname === '/' && !value.endsWith('/') ? '' : u.pathname}${u.search}`;
    }
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
    }
    return value;
  };
  exchange.urls = { ...exchange.urls, api: rewrite(exchange.urls['api']) };
  // ccxt refuses plain ws:// URLs until it has an http agent (normally set by `await loadHttpProxyAgent()`).
  const ex = exchange as { httpAgent?: unknown };
  if (ws.protocol === 'ws:' && ex.httpAgent === undefined) ex.httpAgent = new Agent();
  if (exchange.urls['test'] !== undefined) exchange.urls['test'] = rewrite(exchange.urls['test']);
}
