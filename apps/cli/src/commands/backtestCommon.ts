import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { type BarSeries, type Clock, type RiskGate, type StrategyDefinition, parseTimeframe } from '@bot/core-types';
import { loadBarsCsv, symbolFromFileName } from '@bot/market-data';
import { builtInStrategies } from '@bot/strategies';
import {
  type BacktestMetrics,
  type RunSettingsSpec,
  type StrategyRegistryLike,
  checkBarSpacing,
  findStrategy,
  formatMoney,
  strategyNames,
} from '@bot/backtest';

/** Options shared by backtest, optimize, walkforward and montecarlo (as commander parses them). */
export interface RunCliOptions {
  readonly data: string[];
  readonly symbol?: string[];
  readonly quote: string;
  readonly timeframe?: string;
  readonly strategy: string;
  readonly param?: string[];
  readonly cash: string;
  readonly fee: string;
  readonly slippage: string;
  readonly sizing: string;
  readonly fill: string;
  readonly lot: string;
  readonly tick: string;
  readonly periodsPerYear?: string;
  readonly riskFree?: string;
  readonly latency?: string;
  readonly participation?: string;
  readonly seed: string;
  readonly allowShort?: boolean;
  readonly json?: boolean;
  readonly progress?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Adds the data, strategy and simulation options every run command takes. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--data <csv>', 'OHLCV CSV file (repeat for several symbols)', collect)
    .option('--symbol <BASE/QUOTE>', 'symbol of each --data file, in order (default: file name + /<quote>)', collect)
    .option('--quote <currency>', 'quote currency for symbols derived from file names', 'USD')
    .option('--timeframe <tf>', 'bar timeframe of the files, e.g. 1h (default: inferred from the bar spacing); longer than the spacing of the bars is an error')
    .requiredOption('--strategy <name>', 'strategy name (an unknown name lists the available ones)')
    .option('--param <k=v>', 'strategy parameter (repeatable)', collect)
    .option('--cash <amount>', 'initial cash in the quote currency', '10000')
    .option('--fee <fraction>', 'maker and taker fee as a fraction of notional (0.001 = 0.1% = 10 bps)', '0.001')
    .option('--slippage <model>', 'none | bps:<n> | spread:<bps> | impact:<k>', 'none')
    .option('--sizing <policy>', 'all-in | fixed:<qty> | notional:<amount> | fraction:<f>', 'all-in')
    .option('--fill <mode>', 'next-open (default) | close (LOOK-AHEAD-PRONE: fills at the close the strategy just saw)', 'next-open')
    .option('--lot <size>', 'lot size of the instruments (smallest quantity step)', '0.00000001')
    .option('--tick <size>', 'tick size of the instruments (smallest price step)', '0.00000001')
    .option('--periods-per-year <n>', 'annualisation factor (default: inferred from the bar spacing)')
    .option('--risk-free <rate>', 'annual risk-free rate for Sharpe/Sortino, a fraction greater than -1', '0')
    .option('--latency <ms>', 'order activation latency in ms', '0')
    .option('--participation <fraction>', 'cap fills at this fraction of each bar volume')
    .option('--seed <n>', 'seed recorded in the manifest and used by seeded components', '0')
    .option('--allow-short', 'let the account go short (e.g. with --param allowShort=true)')
    .option('--json', 'print one JSON object to stdout instead of tables')
    .option('--no-progress', 'no progress bar');
}

/**
 * Parses the number of option `--<name>`; `undefined` when the option is absent.
 *
 * @param expected what a valid value is, for the message (default: "is not a valid number").
 * @throws Error with a `bot:`-ready message for a malformed number or one that fails `check`.
 * @example `num('risk-free', '-1', (v) => v > -1, 'a rate greater than -1')` throws `--risk-free "-1": expected a rate greater than -1`
 */
export function num(name: string, text: string | undefined, check: (v: number) => boolean = Number.isFinite, expected?: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || !check(v)) {
    throw new Error(expected === undefined ? `--${name} ${JSON.stringify(text)} is not a valid number` : `--${name} ${JSON.stringify(text)}: expected ${expected}`);
  }
  return v;
}

/** The run settings (plain data, usable by workers) from the CLI options. */
export function runSpecOf(o: RunCliOptions): RunSettingsSpec {
  if (o.fill !== 'next-open' && o.fill !== 'close') throw new Error(`--fill ${JSON.stringify(o.fill)}: expected next-open or close`);
  const ppy = num('periods-per-year', o.periodsPerYear, (v) => v > 0);
  const latency = num('latency', o.latency, (v) => v >= 0);
  const participation = num('participation', o.participation, (v) => v > 0 && v <= 1);
  num('cash', o.cash, (v) => v > 0);
  num('fee', o.fee, (v) => v >= 0 && v < 1);
  return {
    initialCash: o.cash,
    fee: o.fee,
    lotSize: o.lot,
    tickSize: o.tick,
    fill: o.fill,
    slippage: o.slippage,
    sizing: o.sizing,
    seed: num('seed', o.seed, Number.isInteger) ?? 0,
    riskFreeRate: num('risk-free', o.riskFree, (v) => v > -1, 'an annual rate as a fraction greater than -1 (0.02 = 2% a year; -1 would be -100%)') ?? 0,
    ...(o.allowShort === true ? { allowShort: true } : {}),
    ...(ppy === undefined ? {} : { periodsPerYear: ppy }),
    ...(latency === undefined || latency === 0 ? {} : { latencyMs: latency }),
    ...(participation === undefined ? {} : { maxVolumeParticipation: participation }),
  };
}

/** `k=v` pairs into a record. */
export function paramsOf(pairs: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs ?? []) {
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`--param ${JSON.stringify(p)}: expected name=value`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

/**
 * Loads every --data file as a series with a BASE/QUOTE symbol; returns the series and the load time in ms.
 * @throws BotError when a file cannot be read or parsed, or when `--timeframe` is longer than the spacing of a file's
 *   bars (the message names the file, the timeframe and the gaps found).
 */
export function loadData(o: RunCliOptions): { series: BarSeries[]; loadMs: number; files: string[] } {
  const t0 = performance.now();
  const series = o.data.map((file, i) => {
    const given = o.symbol?.[i];
    const stem = symbolFromFileName(file);
    const symbol = given ?? (stem.includes('/') ? stem : `${stem}/${o.quote}`);
    if (o.timeframe === undefined) return loadBarsCsv(file, { symbol }).series;
    const s = loadBarsCsv(file, { symbol, timeframe: parseTimeframe(o.timeframe) }).series;
    checkBarSpacing(s, `${file} (--timeframe ${o.timeframe})`);
    return s;
  });
  return { series, loadMs: performance.now() - t0, files: o.data };
}

/**
 * The strategy registry of the CLI: the built-in strategies, plus `neural` from @bot/neural when that package
 * exports a `neuralStrategy` definition (loaded only when asked for: it pulls in TensorFlow.js).
 */
export async function strategyRegistry(wanted?: string): Promise<ReadonlyMap<string, StrategyDefinition>> {
  const reg = builtInStrategies as unknown as StrategyRegistryLike;
  const map = new Map<string, StrategyDefinition>();
  for (const name of strategyNames(reg)) map.set(name, findStrategy(reg, name));
  if (wanted !== undefined && !map.has(wanted) && wanted === 'neural') {
    const neural = (await import('@bot/neural')) as Record<string, unknown>;
    const def = neural['neuralStrategy'] as StrategyDefinition | undefined;
    if (def !== undefined) map.set(def.name, def);
  }
  return map;
}

/**
 * Services a strategy needs before it can be created (the `neural` strategy needs its model loaded: done here with
 * `neuralServices` of @bot/neural); undefined for the built-in strategies.
 */
export async function strategyServices(name: string, params: Readonly<Record<string, string>>, series: readonly BarSeries[]): Promise<Readonly<Record<string, unknown>> | undefined> {
  if (name !== 'neural') return undefined;
  const neural = (await import('@bot/neural')) as Record<string, unknown>;
  const prepare = neural['neuralServices'] as ((modelDir: string, series?: BarSeries) => Promise<Readonly<Record<string, unknown>>>) | undefined;
  if (prepare === undefined) return undefined;
  return prepare(params['model'] ?? '', series[0]);
}

/**
 * A risk gate factory from a JSON config file (validated by @bot/risk, loaded only when --risk is given), bound to
 * the run's clock.
 */
export async function riskGateFromFile(path: string): Promise<(clock: Clock) => RiskGate> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`--risk ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const { createRiskGate, parseRiskGateConfig } = await import('@bot/risk');
  const config = parseRiskGateConfig(raw, basename(path));
  return (clock) => createRiskGate(config, { clock });
}

/** A progress reporter on stderr (cli-progress), or a no-op when stderr is not a TTY, with --json or --no-progress. */
export function progressBar(label: string, o: { json?: boolean; progress?: boolean }): { update: (done: number, total: number) => void; stop: () => void } {
  if (o.json === true || o.progress === false || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : 'n/a';
}
function fixed(x: number, d = 3): string {
  return Number.isFinite(x) ? x.toFixed(d) : x === Infinity ? 'inf' : 'n/a';
}

/** A readable two-column metrics table. */
export function metricsTable(m: BacktestMetrics, currency: string): string {
  const rows: [string, string][] = [
    ['Initial equity', `${formatMoney(m.initialEquity)} ${currency}`],
    ['Final equity', `${formatMoney(m.finalEquity)} ${currency}`],
    ['Total return', pct(m.totalReturn)],
    ['CAGR', pct(m.cagr)],
    ['Annual volatility', pct(m.annualVolatility)],
    ['Sharpe', fixed(m.sharpe)],
    ['Sortino', fixed(m.sortino)],
    ['Calmar', fixed(m.calmar)],
    ['Max drawdown', pct(m.maxDrawdown)],
    ['Longest drawdown', `${m.maxDrawdownDurationBars} bars`],
    ['Exposure', pct(m.exposure)],
    ['Turnover', fixed(m.turnover, 2)],
    ['Trades', String(m.trades)],
    ['Win rate', pct(m.winRate)],
    ['Profit factor', fixed(m.profitFactor)],
    ['Expectancy', `${formatMoney(m.expectancy)} ${currency}`],
    ['Average win / loss', `${formatMoney(m.averageWin)} / ${formatMoney(m.averageLoss)} ${currency}`],
    ['Fees paid', `${formatMoney(m.feesPaid)} ${currency}`],
    ['Periods per year', String(Number.isInteger(m.periodsPerYear) ? m.periodsPerYear : m.periodsPerYear.toFixed(2))],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join('\n') + '\n';
}

/** Writes text to stdout. */
export function out(text: string): void {
  process.stdout.write(text);
}
