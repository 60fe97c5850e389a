import { Command } from 'commander';
import {
  type Evaluation,
  type ParamRanges,
  configFromSpec,
  findStrategy,
  monteCarlo,
  optimize,
  parseObjective,
  parseParamRange,
  periodicReturns,
  runBacktest,
  stringifyResult,
  tradeReturns,
  walkForward,
} from '@bot/backtest';
import type { StrategyDefinition } from '@bot/core-types';
import {
  type RunCliOptions,
  addRunOptions,
  loadData,
  metricsTable,
  num,
  out,
  paramsOf,
  progressBar,
  runSpecOf,
  strategyRegistry,
  strategyServices,
} from './backtestCommon.js';

interface SearchCliOptions extends RunCliOptions {
  readonly range?: string[];
  readonly method: string;
  readonly samples: string;
  readonly objective: string;
  readonly workers?: string;
  readonly top: string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function addSearchOptions(cmd: Command): Command {
  return addRunOptions(cmd)
    .option('--range <k=min:max[:step]|k=v1,v2>', 'parameter range to search (repeatable; default: every parameter over its spec range)', collect)
    .option('--method <grid|random>', 'grid (every combination) or random (seeded draws)', 'grid')
    .option('--samples <n>', 'random draws for --method random', '100')
    .option('--objective <metric>', 'sharpe | sortino | calmar | totalReturn | cagr | profitFactor | expectancy | winRate | finalEquity | maxDrawdown (minimised)', 'sharpe')
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('--top <n>', 'rows of the ranking to print', '10');
}

function rangesOf(texts: readonly string[] | undefined, def: StrategyDefinition): ParamRanges | undefined {
  if (texts === undefined || texts.length === 0) return undefined;
  return Object.fromEntries(texts.map((t) => parseParamRange(t, def.params)));
}

/** A numeric range or list (`5:20:5`, `10,20,30`): what `--range` takes, a likely slip when given to `--param`. */
const RANGE_LIKE = /^-?[\d.]+(:-?[\d.]+){1,2}$|^-?[\d.]+(,-?[\d.]+)+$/;

/** `--param` pairs of a search: fixed values; a range given there is refused with a pointer to `--range`. */
function fixedParamsOf(pairs: readonly string[] | undefined): Record<string, string> {
  const fixed = paramsOf(pairs);
  for (const [k, v] of Object.entries(fixed)) {
    if (RANGE_LIKE.test(v)) throw new Error(`--param ${k}=${v} fixes a parameter to one value; to search ${k} over ${v} use --range ${k}=${v}`);
  }
  return fixed;
}

function searchOptions(o: SearchCliOptions, def: StrategyDefinition) {
  if (o.method !== 'grid' && o.method !== 'random') throw new Error(`--method ${JSON.stringify(o.method)}: expected grid or random`);
  const ranges = rangesOf(o.range, def);
  const workers = num('workers', o.workers, (v) => Number.isInteger(v) && v >= 0);
  return {
    strategy: def.name,
    fixedParams: fixedParamsOf(o.param),
    ...(ranges === undefined ? {} : { ranges }),
    method: o.method as 'grid' | 'random',
    samples: num('samples', o.samples, (v) => Number.isInteger(v) && v > 0) ?? 100,
    seed: num('seed', o.seed, Number.isInteger) ?? 0,
    objective: parseObjective(o.objective),
    run: runSpecOf(o),
    ...(workers === undefined ? {} : { workers }),
  };
}

function fmtScore(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : String(x);
}

function ranking(evals: readonly Evaluation[], top: number): string {
  const rows = evals.slice(0, top).map((e, i) => [
    String(i + 1),
    Object.entries(e.params).map(([k, v]) => `${k}=${String(v)}`).join(' '),
    fmtScore(e.score),
    `${(e.metrics.totalReturn * 100).toFixed(2)}%`,
    `${(e.metrics.maxDrawdown * 100).toFixed(2)}%`,
    String(e.metrics.trades),
  ]);
  const head = ['#', 'params', 'score', 'return', 'max DD', 'trades'];
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => '  ' + r.map((x, c) => (c === 1 ? x.padEnd(w[c]!) : x.padStart(w[c]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** `bot optimize`. */
export function registerOptimizeCommand(program: Command): void {
  const cmd = addSearchOptions(new Command('optimize').description('Grid or random search over a strategy\'s parameters, in parallel on worker threads'))
    .addHelpText('after', '\nExample:\n  bot optimize --data ../shared/data/ORCL_1d.csv --strategy sma-cross --range fast=5:30:5 --range slow=20:100:10 --objective sharpe\n')
    .action(async (o: SearchCliOptions) => {
      const registry = await strategyRegistry(o.strategy);
      const def = findStrategy(registry, o.strategy);
      const { series, loadMs } = loadData(o);
      const bar = progressBar('optimize', o);
      const t0 = performance.now();
      const r = await optimize({ ...searchOptions(o, def), registry, data: series, onProgress: bar.update });
      bar.stop();
      const runMs = performance.now() - t0;
      if (o.json === true) {
        out(stringifyResult({ strategy: r.strategy, objective: r.objective, method: r.method, best: r.best, evaluations: r.evaluations, skipped: r.skipped, parallel: r.parallel, run: { bars: series.reduce((a, s) => a + s.length, 0), loadMs, runMs } }) + '\n');
        return;
      }
      out(`${r.evaluations.length} parameter sets of ${r.strategy} by ${r.objective} (${r.method}, ${r.parallel.mode}${r.parallel.mode === 'workers' ? ` x${r.parallel.workers}` : r.parallel.reason === undefined ? '' : `: ${r.parallel.reason}`}), ${(runMs / 1000).toFixed(1)} s\n\n`);
      out(ranking(r.evaluations, num('top', o.top, (v) => v > 0) ?? 10));
      if (r.skipped.length > 0) out(`\n${r.skipped.length} parameter set(s) skipped, e.g. ${r.skipped[0]!.reason}\n`);
      if (r.best !== undefined) out(`\nbest: ${Object.entries(r.best.params).map(([k, v]) => `--param ${k}=${String(v)}`).join(' ')}\n\nIn-sample only: validate with bot walkforward before trusting it.\n`);
    });
  program.addCommand(cmd);
}

interface WalkForwardCliOptions extends SearchCliOptions {
  readonly inSample: string;
  readonly outOfSample: string;
  readonly mode: string;
}

/** `bot walkforward`. */
export function registerWalkForwardCommand(program: Command): void {
  const cmd = addSearchOptions(new Command('walkforward').description('Walk-forward analysis: optimise in-sample, test out-of-sample, rolling or anchored windows'))
    .requiredOption('--in-sample <bars>', 'in-sample bars per window')
    .requiredOption('--out-of-sample <bars>', 'out-of-sample bars per window (also the step)')
    .option('--mode <rolling|anchored>', 'rolling (fixed in-sample length) or anchored (in-sample grows from the start)', 'rolling')
    .addHelpText('after', '\nExample:\n  bot walkforward --data ../shared/data/ORCL_1d.csv --strategy sma-cross --range fast=5:20:5 --range slow=30:90:30 --in-sample 1000 --out-of-sample 250\n')
    .action(async (o: WalkForwardCliOptions) => {
      if (o.mode !== 'rolling' && o.mode !== 'anchored') throw new Error(`--mode ${JSON.stringify(o.mode)}: expected rolling or anchored`);
      const registry = await strategyRegistry(o.strategy);
      const def = findStrategy(registry, o.strategy);
      const { series, loadMs } = loadData(o);
      if (series.length !== 1) throw new Error('walkforward takes one --data file');
      const bar = progressBar('walk-forward', o);
      const t0 = performance.now();
      const wf = await walkForward({
        ...searchOptions(o, def),
        registry,
        data: series[0]!,
        inSampleBars: num('in-sample', o.inSample, (v) => Number.isInteger(v) && v > 0)!,
        outOfSampleBars: num('out-of-sample', o.outOfSample, (v) => Number.isInteger(v) && v > 0)!,
        mode: o.mode,
        onProgress: bar.update,
      });
      bar.stop();
      const runMs = performance.now() - t0;
      if (o.json === true) {
        out(stringifyResult({ metrics: wf.metrics, efficiency: wf.efficiency, warnings: wf.warnings, steps: wf.steps, equity: wf.equity, run: { bars: series[0]!.length, loadMs, runMs } }) + '\n');
        return;
      }
      out(`walk-forward of ${def.name}, ${wf.steps.length} windows (${o.mode}), objective ${o.objective}, ${(runMs / 1000).toFixed(1)} s\n\n`);
      const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
      for (const s of wf.steps) {
        out(`  ${iso(s.outOfSampleStart)}  ${Object.entries(s.params).map(([k, v]) => `${k}=${String(v)}`).join(' ').padEnd(24)}  IS ${fmtScore(s.inSampleScore).padStart(8)}  OOS return ${(s.outOfSample.totalReturn * 100).toFixed(2).padStart(7)}%  trades ${s.outOfSampleTrades}\n`);
      }
      out(`\nStitched out-of-sample:\n`);
      out(metricsTable(wf.metrics, o.quote));
      out(`  Walk-forward efficiency  ${Number.isNaN(wf.efficiency) ? 'n/a (undefined, see the warnings)' : fmtScore(wf.efficiency)}\n`);
      for (const w of wf.warnings) out(`\nwarning: ${w}\n`);
    });
  program.addCommand(cmd);
}

interface MonteCarloCliOptions extends RunCliOptions {
  readonly method: string;
  readonly simulations: string;
  readonly block?: string;
  readonly ruin: string;
  readonly replacement?: boolean;
}

/** `bot montecarlo`. */
export function registerMonteCarloCommand(program: Command): void {
  const cmd = addRunOptions(new Command('montecarlo').description('Monte Carlo of a backtest: trade-order reshuffle or block bootstrap of returns'))
    .option('--method <reshuffle|bootstrap>', 'reshuffle the closed trades, or block-bootstrap the periodic returns', 'reshuffle')
    .option('--simulations <n>', 'paths to simulate', '1000')
    .option('--block <bars>', 'block length for bootstrap (default n^(1/3))')
    .option('--ruin <fraction>', 'drawdown that counts as ruin (0.5 = 50%)', '0.5')
    .option('--replacement', 'reshuffle: resample trades with replacement (final return varies too)')
    .addHelpText('after', '\nExample:\n  bot montecarlo --data ../shared/data/ORCL_1d.csv --strategy sma-cross --method bootstrap --simulations 5000 --seed 7\n')
    .action(async (o: MonteCarloCliOptions) => {
      if (o.method !== 'reshuffle' && o.method !== 'bootstrap') throw new Error(`--method ${JSON.stringify(o.method)}: expected reshuffle or bootstrap`);
      const registry = await strategyRegistry(o.strategy);
      const def = findStrategy(registry, o.strategy);
      const spec = runSpecOf(o);
      const { series, loadMs } = loadData(o);
      const params = paramsOf(o.param);
      const services = await strategyServices(o.strategy, params, series);
      const result = runBacktest({ ...configFromSpec(spec), data: series, strategies: [{ definition: def, params, ...(services === undefined ? {} : { services }) }] });
      const simulations = num('simulations', o.simulations, (v) => Number.isInteger(v) && v > 0)!;
      const ruinDrawdown = num('ruin', o.ruin, (v) => v > 0 && v <= 1)!;
      const seed = spec.seed ?? 0;
      const bar = progressBar('monte carlo', o);
      const block = num('block', o.block, (v) => Number.isInteger(v) && v > 0);
      const mc =
        o.method === 'reshuffle'
          ? monteCarlo({ method: 'reshuffle', tradeReturns: tradeReturns(result.trades, result.equity, result.metrics.initialEquity), withReplacement: o.replacement === true, simulations, seed, ruinDrawdown, onProgress: bar.update })
          : monteCarlo({ method: 'bootstrap', returns: periodicReturns(result.equity.equity), simulations, seed, ruinDrawdown, onProgress: bar.update, ...(block === undefined ? {} : { blockLength: block }) });
      bar.stop();
      const { samples: _samples, ...summary } = mc;
      if (o.json === true) {
        out(stringifyResult({ backtest: result.metrics, monteCarlo: summary, run: { bars: result.run.bars, loadMs, runMs: result.run.runMs } }) + '\n');
        return;
      }
      out(`Monte Carlo (${mc.method}${mc.blockLength === undefined ? '' : `, block ${mc.blockLength}`}) of ${def.name}: ${mc.simulations} paths, seed ${mc.seed}\n`);
      out(`backtest: return ${(result.metrics.totalReturn * 100).toFixed(2)}%, max drawdown ${(result.metrics.maxDrawdown * 100).toFixed(2)}%, ${result.metrics.trades} trades\n\n`);
      const pcts = mc.finalReturn.percentiles.map(([p]) => `p${(p * 100).toFixed(0)}`);
      const w = 10;
      out(`  ${''.padEnd(14)}${pcts.map((p) => p.padStart(w)).join('')}\n`);
      out(`  ${'final return'.padEnd(14)}${mc.finalReturn.percentiles.map(([, v]) => `${(v * 100).toFixed(2)}%`.padStart(w)).join('')}\n`);
      out(`  ${'max drawdown'.padEnd(14)}${mc.maxDrawdown.percentiles.map(([, v]) => `${(v * 100).toFixed(2)}%`.padStart(w)).join('')}\n`);
      out(`\n  probability of ruin (drawdown >= ${(ruinDrawdown * 100).toFixed(0)}%): ${(mc.probabilityOfRuin * 100).toFixed(2)}%\n`);
      if (mc.method === 'reshuffle' && o.replacement !== true) out('  (reshuffling keeps the final return; only the path, drawdown and ruin vary)\n');
      if (mc.method === 'reshuffle' && result.openTrades.length > 0) {
        out(`  (reshuffled paths hold the ${result.metrics.trades} closed trades only: the backtest's return also counts ${result.openTrades.length} position(s) still open at the end)\n`);
      }
    });
  program.addCommand(cmd);
}
