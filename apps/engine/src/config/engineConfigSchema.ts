import { z } from 'zod';

const decimalString = z.union([z.string().regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/), z.number().finite()]);
const positiveDecimal = decimalString.refine((v) => Number(v) > 0, { message: 'must be > 0' });
const nonNegativeDecimal = decimalString.refine((v) => Number(v) >= 0, { message: 'must be >= 0' });
const timeframe = z.string().regex(/^[1-9]\d*[smhdw]$/, { message: 'must be a timeframe such as 1m, 5m, 1h, 1d' });
const symbol = z.string().regex(/^[^/\s]+\/[^/\s]+$/, { message: 'must be a unified symbol BASE/QUOTE such as BTC/USDT' });

const instrumentSchema = z.strictObject({
  symbol,
  tickSize: positiveDecimal,
  lotSize: positiveDecimal,
  minQuantity: nonNegativeDecimal.optional(),
  minNotional: nonNegativeDecimal.optional(),
  makerFee: decimalString.optional(),
  takerFee: nonNegativeDecimal.optional(),
});

const replayFeedSchema = z.strictObject({
  type: z.literal('replay'),
  /** CSV or JSONL bar file, relative to the config file. */
  file: z.string().min(1),
  symbol,
  timeframe: timeframe.optional(),
  /** 0 = as fast as possible; N = N times real time. */
  speed: z.number().min(0).default(0),
});

const ccxtFeedSchema = z.strictObject({
  type: z.literal('ccxt'),
  exchange: z.string().min(1),
  symbols: z.array(symbol).min(1),
  timeframe,
  staleAfterMs: z.number().int().positive().default(60_000),
  /**
   * Closed bars fetched over REST and replayed to the strategies, without trading, before the first live bar
   * (default: the longest `warmupBars` the configured strategies declare; 0 turns warm-up off).
   */
  warmupBars: z.number().int().min(0).max(100_000).optional(),
});

const strategySchema = z.strictObject({
  name: z.string().min(1),
  id: z.string().min(1).optional(),
  symbols: z.array(symbol).min(1),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
});

const sizingSchema = z.union([
  z.literal('all-in'),
  z.strictObject({ type: z.literal('fixed'), quantity: positiveDecimal }),
  z.strictObject({ type: z.literal('fraction'), fraction: z.number().gt(0).max(1) }),
]);

const simulatedVenueSchema = z.strictObject({
  fill: z.enum(['next-open', 'close']).default('next-open'),
  slippageBps: z.number().min(0).default(0),
  latencyMs: z.number().int().min(0).default(0),
  maxVolumeParticipation: z.number().gt(0).max(1).optional(),
});

const auditSchema = z.strictObject({
  /** JSON Lines trail (default `<stateDir>/audit.jsonl`). */
  file: z.string().min(1).optional(),
  fsync: z.enum(['always', 'batched']).default('always'),
  /** Name of the environment variable holding a PostgreSQL URL; the URL itself never goes in the file. */
  postgresUrlEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
  /** Name of the environment variable holding the HMAC key. */
  hmacKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
});

const killSwitchSchema = z.strictObject({
  backend: z.enum(['simulated', 'gpio']).default('simulated'),
  /** What a press does. */
  action: z.enum(['emergency', 'pause']).default('emergency'),
  heartbeatTimeoutMs: z.number().int().positive().default(10_000),
  cooldownMs: z.number().int().min(0).default(60_000),
  pins: z
    .strictObject({
      button: z.number().int().min(0),
      green: z.number().int().min(0).optional(),
      yellow: z.number().int().min(0).optional(),
      red: z.number().int().min(0).optional(),
      buzzer: z.number().int().min(0).optional(),
      tamper: z.number().int().min(0).optional(),
    })
    .optional(),
});

const liveSchema = z.strictObject({
  exchange: z.string().min(1),
  sandbox: z.boolean().default(false),
  /** What reconciliation does with an order on the exchange the engine does not know (placed by hand, another run). */
  unknownOrders: z.enum(['adopt', 'cancel', 'ignore']).default('adopt'),
  /** How often reconciliation runs after the start-up one (ms; 0 = only at start). */
  reconcileIntervalMs: z.number().int().min(0).default(60_000),
});

/** The engine's configuration file, after validation and defaults. */
export const engineConfigSchema = z
  .strictObject({
    mode: z.enum(['paper', 'live']),
    account: z.strictObject({ currency: z.string().regex(/^[A-Z0-9]{2,10}$/), initialCash: positiveDecimal }),
    instruments: z.array(instrumentSchema).min(1),
    feed: z.discriminatedUnion('type', [replayFeedSchema, ccxtFeedSchema]),
    strategies: z.array(strategySchema).min(1),
    sizing: sizingSchema.default('all-in'),
    venue: simulatedVenueSchema.default({ fill: 'next-open', slippageBps: 0, latencyMs: 0 }),
    live: liveSchema.optional(),
    /** A risk gate config as accepted by @bot/risk `parseRiskGateConfig`, or a path to such a JSON file. */
    risk: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
    audit: auditSchema.default({ fsync: 'always' }),
    killSwitch: killSwitchSchema.default({ backend: 'simulated', action: 'emergency', heartbeatTimeoutMs: 10_000, cooldownMs: 60_000 }),
    http: z
      .strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65_535).default(8080) })
      .default({ host: '127.0.0.1', port: 8080 }),
    stateDir: z.string().min(1).default('./state'),
    shutdown: z.strictObject({ openOrders: z.enum(['cancel', 'keep']).default('cancel') }).default({ openOrders: 'cancel' }),
  })
  .superRefine((config, ctx) => {
    if (config.mode === 'live' && config.live === undefined) {
      ctx.addIssue({ code: 'custom', path: ['live'], message: 'live mode needs a live section with the exchange id' });
    }
    const known = new Set(config.instruments.map((i) => i.symbol));
    const feedSymbols = config.feed.type === 'replay' ? [config.feed.symbol] : config.feed.symbols;
    feedSymbols.forEach((s) => {
      if (!known.has(s)) ctx.addIssue({ code: 'custom', path: ['feed'], message: `symbol ${s} has no entry in instruments` });
    });
    config.strategies.forEach((st, i) =>
      st.symbols.forEach((s, j) => {
        if (!known.has(s)) ctx.addIssue({ code: 'custom', path: ['strategies', i, 'symbols', j], message: `symbol ${s} has no entry in instruments` });
      }),
    );
  });

/** Validated engine configuration. */
export type EngineConfig = z.output<typeof engineConfigSchema>;
