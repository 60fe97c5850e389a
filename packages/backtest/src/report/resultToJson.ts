import type { BacktestResult } from '../backtestResult.js';
import type { ReproducibilityManifest } from './manifest.js';

/** Options of {@link resultToJson}. */
export interface ResultJsonOptions {
  /** Include the equity curve (`equity: { time: [...], equity: [...] }`), default true. */
  readonly includeEquity?: boolean;
  /** Extra run figures (e.g. `loadMs` measured by the caller). */
  readonly run?: Readonly<Record<string, number>>;
  readonly manifest?: ReproducibilityManifest;
}

/**
 * The machine-readable form of a run: `{ metrics, fills, trades, openTrades, riskDecisions, settings, warnings,
 * run, equity?, manifest? }`. Numbers stay numbers; `NaN`/`Infinity` become `null` once serialised with
 * {@link stringifyResult}. Field order is fixed, so the same run serialises to the same bytes.
 */
export function resultToJson(result: BacktestResult, options: ResultJsonOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    metrics: result.metrics,
    fills: result.fills,
    trades: result.trades,
    openTrades: result.openTrades,
    riskDecisions: result.riskDecisions,
    riskApprovals: result.riskApprovals,
    orders: result.orders,
    settings: result.settings,
    warnings: result.warnings,
    run: { ...result.run, ...options.run },
  };
  if (options.includeEquity ?? true) out.equity = { time: result.equity.time, equity: result.equity.equity };
  if (options.manifest !== undefined) out.manifest = options.manifest;
  return out;
}

/**
 * Serialises {@link resultToJson} output (or any value) as JSON: non-finite numbers become `null` (native JSON
 * behaviour) and typed arrays held by plain objects (e.g. `equity: { time, equity }`) become arrays. Arrays are not
 * searched for typed arrays, so large fill lists serialise at native speed (no replacer function).
 */
export function stringifyResult(value: unknown, indent?: number): string {
  return JSON.stringify(plain(value, 0), undefined, indent);
}

function plain(v: unknown, depth: number): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (v === null || typeof v !== 'object' || Array.isArray(v) || depth > 4) return v;
  if (Object.getPrototypeOf(v) !== Object.prototype) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = plain(x, depth + 1);
  return out;
}
