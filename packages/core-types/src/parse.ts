import { type InputLocation, ValidationError } from './errors.js';
import type { Bar, Trade } from './marketEvents.js';
import { parseTimeframe, type Timeframe } from './timeframe.js';

/** Options for {@link parseBar}. */
export interface ParseBarOptions {
  /** Used when the object has no `symbol`. */
  readonly symbol?: string;
  /** Used when the object has no `timeframe`. */
  readonly timeframe?: Timeframe;
  /** Where the object came from, for error messages. */
  readonly location?: InputLocation;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses a time as epoch ms: a finite number (epoch ms) or an ISO-8601 string with a time zone designator.
 * @throws ValidationError naming `field`.
 */
export function parseEpochMs(value: unknown, field: string, location?: InputLocation): number {
  const where = location === undefined ? {} : { location };
  if (typeof value === 'number') {
    if (Number.isFinite(value) && Number.isInteger(value) && value >= 0) return value;
  } else if (typeof value === 'string') {
    const t = parseIsoTime(value.trim());
    if (t !== undefined) return t;
  }
  throw new ValidationError(field, value, 'epoch milliseconds or an ISO-8601 time such as 2018-01-10T04:55:00Z', where);
}

const NUMBER_NOTATION = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2})))?$/;

/**
 * Epoch ms of an ISO-8601 date (`2018-01-10`, read as UTC) or date-time with a zone designator, or undefined.
 * Calendar fields are range-checked first: `Date.parse` would roll `2018-02-30` over to March 2.
 */
function parseIsoTime(text: string): number | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (daysInMonth === undefined || day < 1 || day > daysInMonth) return undefined;
  const limits: [string | undefined, number][] = [[m[4], 23], [m[5], 59], [m[6], 59], [m[7], 23], [m[8], 59]];
  if (limits.some(([v, max]) => v !== undefined && Number(v) > max)) return undefined;
  const t = Date.parse(text);
  return Number.isFinite(t) ? t : undefined;
}

function finiteNumber(raw: Record<string, unknown>, field: string, where: { location?: InputLocation }): number {
  const v = raw[field];
  // Numeric strings must be decimal notation (surrounding spaces allowed): `Number` would also read `0x10`, `0b1`.
  const n = typeof v === 'string' && NUMBER_NOTATION.test(v.trim()) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new ValidationError(field, v, 'a finite number', where);
  return n;
}

/**
 * Parses an untrusted plain object into a {@link Bar}. Accepts `openTime` (or `timestamp`/`time`) as epoch ms or
 * ISO-8601 and numeric fields as numbers or numeric strings. Rejects, naming the field: missing or non-finite
 * numbers, prices <= 0, negative volume, `high < low`, `high < max(open, close)`, `low > min(open, close)`.
 *
 * @example
 * ```ts
 * parseBar({ timestamp: '2018-01-10T04:55:00Z', open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
 *          { symbol: 'ETH/BTC', timeframe: '5m' });
 * ```
 */
export function parseBar(raw: unknown, options: ParseBarOptions = {}): Bar {
  const where = options.location === undefined ? {} : { location: options.location };
  if (!isRecord(raw)) throw new ValidationError('bar', raw, 'an object with time, open, high, low, close, volume', where);
  const symbol = raw['symbol'] ?? options.symbol;
  if (typeof symbol !== 'string' || symbol.length === 0) throw new ValidationError('symbol', symbol, 'a symbol such as BTC/USDT', where);
  const timeframe = parseTimeframe(raw['timeframe'] ?? options.timeframe);
  // `openTime`, or its aliases `timestamp`/`time`; when none is present the error names `openTime`.
  const timeField = ['openTime', 'timestamp', 'time'].find((f) => f in raw) ?? 'openTime';
  const openTime = parseEpochMs(raw[timeField], timeField, options.location);
  const open = finiteNumber(raw, 'open', where);
  const high = finiteNumber(raw, 'high', where);
  const low = finiteNumber(raw, 'low', where);
  const close = finiteNumber(raw, 'close', where);
  const volume = finiteNumber(raw, 'volume', where);
  for (const [field, v] of [['open', open], ['high', high], ['low', low], ['close', close]] as const) {
    if (v <= 0) throw new ValidationError(field, v, 'a price > 0', { ...where, reason: `non-positive ${field}` });
  }
  if (volume < 0) throw new ValidationError('volume', volume, 'a volume >= 0', { ...where, reason: 'negative volume' });
  if (high < low) throw new ValidationError('high', high, `>= low ${low}`, { ...where, reason: 'high is below low' });
  if (high < Math.max(open, close)) {
    throw new ValidationError('high', high, `>= max(open, close) ${Math.max(open, close)}`, { ...where, reason: 'high is below open or close' });
  }
  if (low > Math.min(open, close)) {
    throw new ValidationError('low', low, `<= min(open, close) ${Math.min(open, close)}`, { ...where, reason: 'low is above open or close' });
  }
  return { type: 'bar', symbol, timeframe, openTime, open, high, low, close, volume };
}

/**
 * Parses an untrusted plain object into a {@link Trade}: `time` (epoch ms or ISO), `price` > 0, `quantity` > 0,
 * optional `aggressor` (`buy`/`sell`) and `tradeId`. @throws ValidationError naming the field.
 */
export function parseTrade(raw: unknown, options: { readonly symbol?: string; readonly location?: InputLocation } = {}): Trade {
  const where = options.location === undefined ? {} : { location: options.location };
  if (!isRecord(raw)) throw new ValidationError('trade', raw, 'an object with time, price, quantity', where);
  const symbol = raw['symbol'] ?? options.symbol;
  if (typeof symbol !== 'string' || symbol.length === 0) throw new ValidationError('symbol', symbol, 'a symbol such as BTC/USDT', where);
  const time = parseEpochMs(raw['time'], 'time', options.location);
  const price = finiteNumber(raw, 'price', where);
  const quantity = finiteNumber(raw, 'quantity', where);
  if (price <= 0) throw new ValidationError('price', price, 'a price > 0', where);
  if (quantity <= 0) throw new ValidationError('quantity', quantity, 'a quantity > 0', where);
  const a = raw['aggressor'];
  if (a !== undefined && a !== 'buy' && a !== 'sell' && a !== 'unknown') {
    throw new ValidationError('aggressor', a, 'buy, sell or unknown', where);
  }
  const tradeId = raw['tradeId'];
  return {
    type: 'trade',
    symbol,
    time,
    price,
    quantity,
    aggressor: (a as Trade['aggressor'] | undefined) ?? 'unknown',
    ...(tradeId === undefined ? {} : { tradeId: String(tradeId) }),
  };
}
