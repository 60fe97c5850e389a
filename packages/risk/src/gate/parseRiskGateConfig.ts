import { TRADING_MODES, type TradingMode, ValidationError } from '@bot/core-types';
import type {
  BreakersConfig,
  EscalationMode,
  ModePolicyConfig,
  RiskGateConfig,
  RiskLimitsConfig,
  RiskModelConfig,
} from './riskGateConfig.js';

type Obj = Record<string, unknown>;

class ConfigReader {
  constructor(private readonly source: string | undefined) {}

  fail(field: string, value: unknown, expected: string, problem = 'invalid value'): never {
    const reason = `${field}: ${problem}`;
    throw new ValidationError(field, value, expected, this.source === undefined ? { reason } : { reason, location: { source: this.source } });
  }

  object(value: unknown, field: string, allowed: readonly string[]): Obj {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(field || 'config', value, 'an object');
    for (const key of Object.keys(value as Obj)) {
      if (!allowed.includes(key)) {
        this.fail(field ? `${field}.${key}` : key, (value as Obj)[key], `one of the known fields ${allowed.join(', ')}`, 'unknown field');
      }
    }
    return value as Obj;
  }

  number(obj: Obj, key: string, path: string, check: (v: number) => boolean, expected: string): number | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || !check(v)) this.fail(`${path}${key}`, v, expected);
    return v;
  }

  required(obj: Obj, key: string, path: string, check: (v: number) => boolean, expected: string): number {
    const v = this.number(obj, key, path, check, expected);
    if (v === undefined) this.fail(`${path}${key}`, undefined, expected);
    return v;
  }

  boolean(obj: Obj, key: string, path: string): boolean | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail(`${path}${key}`, v, 'true or false');
    return v;
  }

  mode(obj: Obj, key: string, path: string, allowed: readonly TradingMode[], fallback: TradingMode): TradingMode {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as TradingMode)) this.fail(`${path}${key}`, v, `one of ${allowed.join(', ')}`);
    return v as TradingMode;
  }
}

const positive = (v: number) => v > 0;
const fraction = (v: number) => v > 0 && v < 1;
const nonNegative = (v: number) => v >= 0;
const positiveInt = (v: number) => Number.isInteger(v) && v > 0;
const ESCALATIONS: readonly TradingMode[] = ['pause', 'reduce', 'emergency'];

/**
 * Validates an untrusted risk gate configuration (parsed JSON) into a {@link RiskGateConfig} with defaults.
 * Unknown fields are errors (a typo must not silently disable a limit).
 *
 * Shape: `{ limits: {...}, riskModel?: {...}, modes?: { cooldownMs, initial }, breakers?: {...} }`; see
 * {@link RiskLimitsConfig}, {@link RiskModelConfig}, {@link ModePolicyConfig}, {@link BreakersConfig}.
 *
 * @param raw the parsed JSON value
 * @param source file name or logical source used as the message prefix (`risk.json: ...`)
 * @throws ValidationError naming the field path (`limits.maxGrossLeverage`), the value seen and what was expected
 * @example
 * ```ts
 * const config = parseRiskGateConfig(JSON.parse(readFileSync('risk.json', 'utf8')), 'risk.json');
 * const gate = createRiskGate(config, { clock });
 * ```
 */
export function parseRiskGateConfig(raw: unknown, source?: string): RiskGateConfig {
  const r = new ConfigReader(source);
  const root = r.object(raw, '', ['limits', 'riskModel', 'modes', 'breakers', '$schema', 'description']);
  const limits = parseLimits(r, root['limits'] === undefined ? {} : r.object(root['limits'], 'limits', LIMIT_KEYS));
  const riskModel = root['riskModel'] === undefined ? undefined : parseRiskModel(r, root['riskModel']);
  if ((limits.maxCorrelatedExposure !== undefined || limits.valueAtRisk !== undefined) && riskModel === undefined) {
    r.fail('riskModel', undefined, 'a riskModel (symbols, volatilities, correlations) when maxCorrelatedExposure or valueAtRisk is set');
  }
  const modesRaw = root['modes'] === undefined ? {} : r.object(root['modes'], 'modes', ['cooldownMs', 'initial', 'autoRecover']);
  const modes: ModePolicyConfig = {
    cooldownMs: r.number(modesRaw, 'cooldownMs', 'modes.', nonNegative, 'a duration in ms >= 0') ?? 60_000,
    initial: r.mode(modesRaw, 'initial', 'modes.', TRADING_MODES, 'normal'),
    autoRecover: r.boolean(modesRaw, 'autoRecover', 'modes.') ?? false,
  };
  const breakers = root['breakers'] === undefined ? {} : parseBreakers(r, root['breakers']);
  return { limits, ...(riskModel === undefined ? {} : { riskModel }), modes, breakers };
}

const LIMIT_KEYS = [
  'maxOrderNotional',
  'maxPositionQuantity',
  'maxPositionNotional',
  'maxConcentration',
  'maxGrossLeverage',
  'maxNetLeverage',
  'maxCorrelatedExposure',
  'valueAtRisk',
  'dailyLoss',
  'drawdown',
  'orderRate',
  'priceCollar',
  'staleData',
];

function parseLimits(r: ConfigReader, o: Obj): RiskLimitsConfig {
  const p = 'limits.';
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  set('maxOrderNotional', r.number(o, 'maxOrderNotional', p, positive, 'an amount > 0 in account currency'));
  const mpq = o['maxPositionQuantity'];
  if (typeof mpq === 'object' && mpq !== null && !Array.isArray(mpq)) {
    const per: Record<string, number> = {};
    for (const [sym, v] of Object.entries(mpq)) {
      if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) r.fail(`${p}maxPositionQuantity.${sym}`, v, 'a quantity > 0 in base units');
      per[sym] = v;
    }
    out['maxPositionQuantity'] = per;
  } else {
    set('maxPositionQuantity', r.number(o, 'maxPositionQuantity', p, positive, 'a quantity > 0 in base units, or { "SYMBOL": quantity }'));
  }
  set('maxPositionNotional', r.number(o, 'maxPositionNotional', p, positive, 'an amount > 0 in account currency'));
  set('maxConcentration', r.number(o, 'maxConcentration', p, (v) => v > 0 && v <= 100, 'a fraction of equity > 0 (0.25 = 25%)'));
  set('maxGrossLeverage', r.number(o, 'maxGrossLeverage', p, positive, 'a leverage > 0 (1 = unlevered)'));
  set('maxNetLeverage', r.number(o, 'maxNetLeverage', p, positive, 'a leverage > 0 (1 = unlevered)'));
  set('maxCorrelatedExposure', r.number(o, 'maxCorrelatedExposure', p, positive, 'a multiple of equity > 0'));
  if (o['valueAtRisk'] !== undefined) {
    const v = r.object(o['valueAtRisk'], 'limits.valueAtRisk', ['confidence', 'horizonDays', 'maxFraction']);
    const q = 'limits.valueAtRisk.';
    out['valueAtRisk'] = {
      confidence: r.required(v, 'confidence', q, fraction, 'a confidence in (0, 1) such as 0.99'),
      horizonDays: r.number(v, 'horizonDays', q, positive, 'a horizon in days > 0') ?? 1,
      maxFraction: r.required(v, 'maxFraction', q, positive, 'a fraction of equity > 0 (0.02 = 2%)'),
    };
  }
  if (o['dailyLoss'] !== undefined) {
    const v = r.object(o['dailyLoss'], 'limits.dailyLoss', ['maxFraction', 'mode']);
    out['dailyLoss'] = {
      maxFraction: r.required(v, 'maxFraction', 'limits.dailyLoss.', fraction, 'a fraction in (0, 1) (0.03 = 3%)'),
      mode: r.mode(v, 'mode', 'limits.dailyLoss.', ESCALATIONS, 'reduce') as EscalationMode,
    };
  }
  if (o['drawdown'] !== undefined) {
    const v = r.object(o['drawdown'], 'limits.drawdown', ['soft', 'hard', 'hardMode']);
    const q = 'limits.drawdown.';
    const soft = r.required(v, 'soft', q, fraction, 'a fraction in (0, 1) (0.1 = 10% below peak)');
    const hard = r.required(v, 'hard', q, fraction, 'a fraction in (0, 1) greater than soft');
    if (hard <= soft) r.fail(`${q}hard`, hard, `a fraction greater than soft (${soft})`);
    out['drawdown'] = { soft, hard, hardMode: r.mode(v, 'hardMode', q, ['reduce', 'emergency'], 'reduce') };
  }
  if (o['orderRate'] !== undefined) {
    const v = r.object(o['orderRate'], 'limits.orderRate', ['maxOrders', 'windowMs']);
    out['orderRate'] = {
      maxOrders: r.required(v, 'maxOrders', 'limits.orderRate.', positiveInt, 'an integer > 0'),
      windowMs: r.required(v, 'windowMs', 'limits.orderRate.', positive, 'a window in ms > 0'),
    };
  }
  if (o['priceCollar'] !== undefined) {
    const v = r.object(o['priceCollar'], 'limits.priceCollar', ['maxDeviation']);
    out['priceCollar'] = { maxDeviation: r.required(v, 'maxDeviation', 'limits.priceCollar.', positive, 'a fraction > 0 (0.05 = 5%)') };
  }
  if (o['staleData'] !== undefined) {
    const v = r.object(o['staleData'], 'limits.staleData', ['maxAgeMs']);
    out['staleData'] = { maxAgeMs: r.required(v, 'maxAgeMs', 'limits.staleData.', positive, 'an age in ms > 0') };
  }
  return out as RiskLimitsConfig;
}

function parseRiskModel(r: ConfigReader, raw: unknown): RiskModelConfig {
  const o = r.object(raw, 'riskModel', ['symbols', 'volatilities', 'correlations', 'defaultVolatility', 'defaultCorrelation']);
  const symbols = o['symbols'];
  if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => typeof s === 'string' && s.length > 0)) {
    r.fail('riskModel.symbols', symbols, 'a non-empty array of symbols');
  }
  if (new Set(symbols).size !== symbols.length) r.fail('riskModel.symbols', symbols, 'distinct symbols');
  const n = symbols.length;
  const vols = o['volatilities'];
  if (!Array.isArray(vols) || vols.length !== n) r.fail('riskModel.volatilities', vols, `an array of ${n} daily volatilities`);
  vols.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) r.fail(`riskModel.volatilities.${i}`, v, 'a daily volatility >= 0');
  });
  const corr = o['correlations'];
  if (!Array.isArray(corr) || corr.length !== n) r.fail('riskModel.correlations', corr, `a ${n}x${n} correlation matrix`);
  corr.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n) r.fail(`riskModel.correlations.${i}`, row, `a row of ${n} correlations`);
    row.forEach((c, j) => {
      if (typeof c !== 'number' || !(c >= -1 && c <= 1)) r.fail(`riskModel.correlations.${i}.${j}`, c, 'a correlation in [-1, 1]');
      if (i === j && c !== 1) r.fail(`riskModel.correlations.${i}.${j}`, c, '1 on the diagonal');
    });
  });
  (corr as number[][]).forEach((row, i) =>
    row.forEach((c, j) => {
      if (Math.abs(c - corr[j][i]) > 1e-12) r.fail(`riskModel.correlations.${i}.${j}`, c, `a symmetric matrix (entry ${j},${i} is ${corr[j][i]})`);
    }),
  );
  if (!isPositiveSemidefinite(corr as number[][])) {
    r.fail('riskModel.correlations', '[matrix]', 'a positive semi-definite correlation matrix (estimate it from data, do not edit entries by hand)');
  }
  const maxVol = Math.max(...(vols as number[]));
  return {
    symbols: symbols as string[],
    volatilities: vols as number[],
    correlations: corr as number[][],
    defaultVolatility: r.number(o, 'defaultVolatility', 'riskModel.', nonNegative, 'a daily volatility >= 0') ?? maxVol,
    defaultCorrelation: r.number(o, 'defaultCorrelation', 'riskModel.', (v) => v >= 0 && v <= 1, 'a correlation in [0, 1]') ?? 0,
  };
}

/** Cholesky with a small tolerance: true when the matrix is positive semi-definite. */
function isPositiveSemidefinite(m: readonly (readonly number[])[]): boolean {
  const n = m.length;
  const l: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (s < -1e-10) return false;
        l[i]![i] = Math.sqrt(Math.max(s, 0));
      } else {
        l[i]![j] = l[j]![j]! > 1e-12 ? s / l[j]![j]! : 0;
      }
    }
  }
  return true;
}

function parseBreakers(r: ConfigReader, raw: unknown): BreakersConfig {
  const o = r.object(raw, 'breakers', ['venueErrors', 'quoteStaleness', 'spread', 'slippage', 'divergence']);
  const out: Record<string, unknown> = {};
  const mode = (v: Obj, path: string) => r.mode(v, 'mode', path, ESCALATIONS, 'pause') as EscalationMode;
  if (o['venueErrors'] !== undefined) {
    const p = 'breakers.venueErrors.';
    const v = r.object(o['venueErrors'], 'breakers.venueErrors', ['mode', 'maxConsecutive', 'maxInWindow', 'windowMs']);
    const maxConsecutive = r.number(v, 'maxConsecutive', p, positiveInt, 'an integer > 0');
    const maxInWindow = r.number(v, 'maxInWindow', p, positiveInt, 'an integer > 0');
    if (maxConsecutive === undefined && maxInWindow === undefined) r.fail(`${p}maxConsecutive`, undefined, 'maxConsecutive and/or maxInWindow');
    out['venueErrors'] = {
      mode: mode(v, p),
      ...(maxConsecutive === undefined ? {} : { maxConsecutive }),
      ...(maxInWindow === undefined ? {} : { maxInWindow }),
      windowMs: r.number(v, 'windowMs', p, positive, 'a window in ms > 0') ?? 60_000,
    };
  }
  if (o['quoteStaleness'] !== undefined) {
    const p = 'breakers.quoteStaleness.';
    const v = r.object(o['quoteStaleness'], 'breakers.quoteStaleness', ['mode', 'maxAgeMs']);
    out['quoteStaleness'] = { mode: mode(v, p), maxAgeMs: r.required(v, 'maxAgeMs', p, positive, 'an age in ms > 0') };
  }
  if (o['spread'] !== undefined) {
    const p = 'breakers.spread.';
    const v = r.object(o['spread'], 'breakers.spread', ['mode', 'maxSpreadBps', 'consecutive']);
    out['spread'] = {
      mode: mode(v, p),
      maxSpreadBps: r.required(v, 'maxSpreadBps', p, positive, 'a spread in bps > 0'),
      consecutive: r.number(v, 'consecutive', p, positiveInt, 'an integer > 0') ?? 1,
    };
  }
  if (o['slippage'] !== undefined) {
    const p = 'breakers.slippage.';
    const v = r.object(o['slippage'], 'breakers.slippage', ['mode', 'maxSlippageBps', 'count', 'windowMs']);
    out['slippage'] = {
      mode: mode(v, p),
      maxSlippageBps: r.required(v, 'maxSlippageBps', p, positive, 'a slippage in bps > 0'),
      count: r.number(v, 'count', p, positiveInt, 'an integer > 0') ?? 1,
      windowMs: r.number(v, 'windowMs', p, positive, 'a window in ms > 0') ?? 60_000,
    };
  }
  if (o['divergence'] !== undefined) {
    const p = 'breakers.divergence.';
    const v = r.object(o['divergence'], 'breakers.divergence', ['mode', 'maxDivergenceBps', 'maxAgeMs']);
    out['divergence'] = {
      mode: mode(v, p),
      maxDivergenceBps: r.required(v, 'maxDivergenceBps', p, positive, 'a divergence in bps > 0'),
      maxAgeMs: r.number(v, 'maxAgeMs', p, positive, 'an age in ms > 0') ?? 5_000,
    };
  }
  return out as BreakersConfig;
}
