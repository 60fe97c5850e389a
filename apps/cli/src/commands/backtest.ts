import { performance } from 'node:perf_hooks';
import { Command } from 'commander';
import { BotError } from '@bot/core-types';
import { writeFileAtomic } from '@bot/market-data';
import {
  buildManifest,
  checkLookAhead,
  configFromSpec,
  fileDigestInWorker,
  findStrategy,
  htmlReport,
  resultToJson,
  runBacktest,
  stringifyResult,
  tradesCsv,
} from '@bot/backtest';
import { version } from '../version.js';
import {
  type RunCliOptions,
  addRunOptions,
  loadData,
  metricsTable,
  out,
  paramsOf,
  progressBar,
  riskGateFromFile,
  runSpecOf,
  strategyRegistry,
  strategyServices,
} from './backtestCommon.js';
import { registerOptimizeCommand, registerWalkForwardCommand, registerMonteCarloCommand } from './optimizeCommands.js';

interface BacktestCliOptions extends RunCliOptions {
  readonly risk?: string;
  readonly out?: string;
  readonly report?: string;
  readonly tradesCsv?: string;
  readonly equity?: boolean;
  readonly checkLookahead?: boolean;
}

/** `bot backtest`: one run, metrics table or JSON, optional HTML report and CSV trade log. */
function registerBacktestCommand(program: Command): void {
  const cmd = addRunOptions(
    new Command('backtest').description(
      'Backtest a strategy on OHLCV files with the trading kernel and simulated venue (decisions on closed bars, fills at the next open)',
    ),
  )
    .option('--risk <config.json>', 'pre-trade risk gate config (see @bot/risk); resized/rejected orders are reported')
    .option('--out <report.html>', 'write a self-contained HTML report')
    .option('--report <report.html>', 'same as --out')
    .option('--trades-csv <file>', 'write the closed trades as CSV')
    .option('--equity', 'include the equity curve in --json output')
    .option('--check-lookahead', 're-run on truncated histories and report decisions that change (slower)')
    .addHelpText(
      'after',
      '\nExamples:\n  bot backtest --data ../shared/data/ORCL_1d.csv --strategy sma-cross --param fast=10 --param slow=30 --out report.html\n  bot backtest --data btc.csv --symbol BTC/USDT --strategy sma-cross --json\n\n--fill close is look-ahead-prone: the order fills at the close of the bar the strategy just saw.\n',
    )
    .action(async (options: BacktestCliOptions) => {
      const o: BacktestCliOptions = options.out === undefined && options.report !== undefined ? { ...options, out: options.report } : options;
      const spec = runSpecOf(o);
      const registry = await strategyRegistry(o.strategy);
      const definition = findStrategy(registry, o.strategy);
      const params = paramsOf(o.param);
      // Hash the data files on other threads while this one loads and runs.
      const digests = Promise.all(o.data.map((f) => fileDigestInWorker(f)));
      digests.catch(() => undefined); // a missing file is reported by the loader; never an unhandled rejection
      const { series, loadMs } = loadData(o);
      const services = await strategyServices(o.strategy, params, series);
      const strategy = { definition, params, ...(services === undefined ? {} : { services }) };
      const riskGate = o.risk === undefined ? undefined : await riskGateFromFile(o.risk);
      const bar = progressBar('backtest', o);
      const result = runBacktest({
        ...configFromSpec(spec),
        data: series,
        strategies: [strategy],
        onProgress: bar.update,
        ...(riskGate === undefined ? {} : { riskGate, riskGateName: `risk gate (${o.risk})` }),
      });
      bar.stop();
      const manifest = buildManifest({ tool: `bot ${version} (@bot/backtest)`, dataFiles: [], digests: await digests, settings: result.settings, command: ['bot', ...process.argv.slice(2)] });
      const lookAhead =
        o.checkLookahead === true
          ? checkLookAhead({
              ...configFromSpec(spec),
              data: series,
              strategies: () => [strategy],
              ...(riskGate === undefined ? {} : { riskGate }),
            })
          : undefined;
      const t0 = performance.now();
      // both files are rendered before either is written, and each is written whole or not at all
      const report = o.out === undefined ? undefined : htmlReport(result, { data: series, manifest });
      const trades = o.tradesCsv === undefined ? undefined : tradesCsv(result.trades);
      if (report !== undefined) await writeOutput('--out', o.out!, report);
      if (trades !== undefined) await writeOutput('--trades-csv', o.tradesCsv!, trades);
      if (o.json === true) {
        const obj = resultToJson(result, { includeEquity: o.equity === true, manifest, run: { loadMs } });
        if (lookAhead !== undefined) obj['lookAhead'] = lookAhead;
        out(stringifyResult(obj) + '\n');
        return;
      }
      const s = result.settings;
      out(`${s.strategies.map((x) => `${x.name} ${Object.entries(x.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')}`).join(', ')} on ${s.symbols.join(', ')} (${s.timeframe}), ${result.run.bars.toLocaleString('en-US')} bars\n`);
      out(`fill ${s.fill}${s.fill === 'close' ? ' (LOOK-AHEAD-PRONE)' : ''}, slippage ${s.slippage}, fee ${o.fee}, sizing ${s.sizing}, risk ${s.riskGate}\n\n`);
      out(metricsTable(result.metrics, s.currency));
      if (result.riskDecisions.length > 0) {
        out(`\nRisk gate: ${result.riskDecisions.filter((d) => d.decision === 'resize').length} resized, ${result.riskDecisions.filter((d) => d.decision === 'reject').length} rejected, ${result.riskApprovals} approved\n`);
        for (const d of result.riskDecisions.slice(0, 10)) out(`  ${new Date(d.time).toISOString()} ${d.side} ${d.symbol} ${d.requestedQty} -> ${d.decision}${d.qty === undefined ? '' : ` ${d.qty}`}: ${d.reasons.map((r) => r.message).join('; ')}\n`);
      }
      for (const w of result.warnings) out(`\nwarning: ${w}\n`);
      if (lookAhead !== undefined) {
        out(lookAhead.passed ? `\nlook-ahead check: passed (${lookAhead.cutsChecked} cuts, ${lookAhead.decisionsCompared} decisions compared)\n` : `\nlook-ahead check: FAILED at ${lookAhead.violations.length} of ${lookAhead.cutsChecked} cuts; first: full run "${lookAhead.violations[0]!.full ?? 'nothing'}" vs truncated "${lookAhead.violations[0]!.truncated ?? 'nothing'}"\n`);
      }
      out(`\nload ${loadMs.toFixed(0)} ms, event loop ${result.run.runMs.toFixed(0)} ms (${((result.run.bars / Math.max(result.run.runMs, 1e-3)) * 1000).toLocaleString('en-US', { maximumFractionDigits: 0 })} bars/s), write ${(performance.now() - t0).toFixed(0)} ms\n`);
      if (o.out !== undefined) out(`report: ${o.out}\n`);
      if (o.tradesCsv !== undefined) out(`trades: ${o.tradesCsv}\n`);
    });
  program.addCommand(cmd);
}

/**
 * Registers `bot backtest`, `bot optimize`, `bot walkforward` and `bot montecarlo`.
 */
export function registerBacktestCommands(program: Command): void {
  registerBacktestCommand(program);
  registerOptimizeCommand(program);
  registerWalkForwardCommand(program);
  registerMonteCarloCommand(program);
}

/**
 * Writes one output file atomically (a temp file beside it, then a rename), so a failed or interrupted write leaves
 * no half-written file; the error names the flag and the path.
 */
async function writeOutput(flag: string, path: string, text: string): Promise<void> {
  try {
    await writeFileAtomic(path, (write) => write(text));
  } catch (cause) {
    throw new BotError('CONFIG', `${flag} ${path}: cannot write file (${(cause as Error).message})`, { cause, details: { path } });
  }
}
