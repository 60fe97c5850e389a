import type { ClosedTrade } from '../closedTrades.js';
import type { FillRecord } from '../backtestResult.js';

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function num(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/**
 * The closed trades as CSV (RFC 4180, `\n` line ends, ISO-8601 UTC times):
 * `symbol,direction,entry_time,exit_time,entry_price,exit_price,quantity,gross_pnl,fees,pnl,return`.
 *
 * @example `writeFileSync('trades.csv', tradesCsv(result.trades))`
 */
export function tradesCsv(trades: readonly ClosedTrade[]): string {
  const lines = ['symbol,direction,entry_time,exit_time,entry_price,exit_price,quantity,gross_pnl,fees,pnl,return'];
  for (const t of trades) {
    lines.push(
      [t.symbol, t.direction, iso(t.entryTime), iso(t.exitTime), num(t.entryPrice), num(t.exitPrice), num(t.quantity), num(t.grossPnl), num(t.fees), num(t.pnl), num(t.returnOnNotional)].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** The fills as CSV: `time,symbol,side,qty,price,fee,liquidity,client_order_id`. */
export function fillsCsv(fills: readonly FillRecord[]): string {
  const lines = ['time,symbol,side,qty,price,fee,liquidity,client_order_id'];
  for (const f of fills) lines.push([iso(f.time), f.symbol, f.side, num(f.qty), num(f.price), num(f.fee), f.liquidity, f.clientOrderId].join(','));
  return lines.join('\n') + '\n';
}
