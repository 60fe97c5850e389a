/**
 * Stable machine-readable error codes of the @bot error family. Codes never change meaning once published.
 *
 * - `VALIDATION`: untrusted input failed to parse (bad file row, config field, order request).
 * - `INVALID_TRANSITION`: a state machine refused an illegal transition (order status, trading mode).
 * - `INVALID_ARGUMENT`: a programming error: an API was called with arguments outside its contract.
 * - `NETWORK`, `TIMEOUT`, `RATE_LIMIT`, `EXCHANGE_UNAVAILABLE`: transient venue/network faults (retryable).
 * - `EXCHANGE`, `AUTH`, `BAD_SYMBOL`, `ORDER_REJECTED`, `INSUFFICIENT_FUNDS`, `ORDER_NOT_FOUND`: terminal venue outcomes.
 * - `DATA`: market data is inconsistent (sequence gap, stale feed, corrupt file).
 * - `CONFIG`: a configuration file or option is wrong.
 * - `INTEGRITY`: a tamper-evident structure failed verification.
 * - `INTERNAL`: a bug; please report it.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'INVALID_TRANSITION'
  | 'INVALID_ARGUMENT'
  | 'NETWORK'
  | 'TIMEOUT'
  | 'RATE_LIMIT'
  | 'EXCHANGE_UNAVAILABLE'
  | 'EXCHANGE'
  | 'AUTH'
  | 'BAD_SYMBOL'
  | 'ORDER_REJECTED'
  | 'INSUFFICIENT_FUNDS'
  | 'ORDER_NOT_FOUND'
  | 'DATA'
  | 'CONFIG'
  | 'INTEGRITY'
  | 'INTERNAL';

/** Codes whose failures are transient: retrying the same call later may succeed. */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'NETWORK',
  'TIMEOUT',
  'RATE_LIMIT',
  'EXCHANGE_UNAVAILABLE',
]);

/** Options accepted by {@link BotError}. */
export interface BotErrorOptions {
  /** Overrides the default retryability of the code. */
  readonly retryable?: boolean;
  /** The underlying error (ES2022 `cause`). */
  readonly cause?: unknown;
  /** Extra machine-readable context (symbol, order id, ...). Must be JSON-serialisable. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error family of @bot. Every error thrown by a @bot package is a `BotError` with a stable
 * {@link ErrorCode}, a `retryable` flag (transient network/rate-limit faults versus terminal outcomes) and an
 * optional `cause`. Expected outcomes such as a denied order are values, not throws.
 *
 * @example
 * ```ts
 * try { await venue.fetchBalances(); }
 * catch (e) { if (isBotError(e) && e.retryable) scheduleRetry(); else throw e; }
 * ```
 */
export class BotError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  /** True when retrying the same operation later may succeed. */
  readonly retryable: boolean;
  /** Extra machine-readable context. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string, options: BotErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BotError';
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code);
    this.details = options.details;
  }
}

/** Where a bad value was found: a file and line, or any free-form source such as `config.risk`. */
export interface InputLocation {
  /** File path, URL or logical source name. */
  readonly source?: string;
  /** 1-based line number within `source`. */
  readonly line?: number;
}

/** Truncates a value for display in an error message (long strings and objects are cut). */
export function describeValue(value: unknown, max = 60): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value === undefined) text = 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Untrusted input was rejected. The message always names the field, the value seen and what was expected,
 * prefixed by `file:line: ` when the location is known:
 * `data.csv:17: high is below low (value seen 9.5, expected >= low 10)`.
 */
export class ValidationError extends BotError {
  /** Name of the offending field (`high`, `risk.maxLeverage`, ...). */
  readonly field: string;
  /** The value that was seen (possibly truncated for display in the message). */
  readonly value: unknown;
  /** What was expected instead, in words. */
  readonly expected: string;
  /** Where the value was found, when known. */
  readonly location: InputLocation | undefined;

  constructor(
    field: string,
    value: unknown,
    expected: string,
    options: BotErrorOptions & { readonly location?: InputLocation; readonly reason?: string } = {},
  ) {
    const where = formatLocation(options.location);
    const reason = options.reason ?? `invalid ${field}`;
    super('VALIDATION', `${where}${reason} (value seen ${describeValue(value)}, expected ${expected})`, {
      ...options,
      retryable: false,
    });
    this.name = 'ValidationError';
    this.field = field;
    this.value = value;
    this.expected = expected;
    this.location = options.location;
  }
}

/** A state machine refused a transition; `from` and `to` name the states. */
export class InvalidTransitionError extends BotError {
  readonly from: string;
  readonly to: string;
  constructor(machine: string, from: string, to: string, options: BotErrorOptions = {}) {
    super('INVALID_TRANSITION', `${machine}: illegal transition ${from} -> ${to}`, { ...options, retryable: false });
    this.name = 'InvalidTransitionError';
    this.from = from;
    this.to = to;
  }
}

/** `file:line: ` prefix for messages (empty when nothing is known). */
export function formatLocation(location: InputLocation | undefined): string {
  if (!location || location.source === undefined) return location?.line !== undefined ? `line ${location.line}: ` : '';
  return location.line === undefined ? `${location.source}: ` : `${location.source}:${location.line}: `;
}

/** Type guard for the @bot error family. */
export function isBotError(error: unknown): error is BotError {
  return error instanceof BotError;
}

/** True when `error` is a {@link BotError} flagged retryable. */
export function isRetryable(error: unknown): boolean {
  return isBotError(error) && error.retryable;
}

/**
 * The class names along an error's prototype chain, most specific first (`RequestTimeout`, `NetworkError`,
 * `OperationFailed`, `BaseError`, `Error` for a ccxt timeout). Lets adapters classify a library's error hierarchy by
 * name instead of `instanceof`, so the library need not be loaded up front and any copy of it (ESM or CommonJS
 * build) is recognised.
 */
export function errorClassNames(error: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  if (typeof error !== 'object' || error === null) return names;
  for (let p: unknown = Object.getPrototypeOf(error); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const ctor = (p as { constructor?: { name?: unknown } }).constructor;
    if (typeof ctor?.name === 'string') names.add(ctor.name);
  }
  return names;
}
