#!/usr/bin/env node
// @ts-check
/**
 * `pnpm demo` (after `turbo run build`): the first thing a new user runs.
 *
 * When the built CLI has the backtest flow (`bot data generate` and `bot backtest`, detected from `--help`), it
 * generates synthetic bars, runs a backtest on them, prints the metrics and writes an HTML report into
 * `./demo-output/` (git-ignored). Then, when the CLI has `bot paper`, it runs the trading engine in paper mode on the
 * same data (a replay through the same kernel, risk gate, simulated venue and audit trail) and prints the dashboard
 * URL while it runs. Until the backtest flow exists it prints `bot --help`. Exits with the status of the failing step.
 *
 * To change the demo, edit DEMO_STEPS below (each entry is one `bot` invocation, run in order).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bot = join(repoRoot, 'apps', 'cli', 'dist', 'bot.js');
const outDir = join(repoRoot, 'demo-output');
const out = (/** @type {string} */ name) => relative(repoRoot, join(outDir, name));

/** The backtest demo: generate data, backtest it, write the report. Arguments follow the CLI's documented flags. */
const DEMO_STEPS = [
  ['data', 'generate', '--symbol', 'DEMO/USD', '--timeframe', '1h', '--bars', '8760', '--seed', '42', '--out', out('bars.csv')],
  ['backtest', '--data', out('bars.csv'), '--symbol', 'DEMO/USD', '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--no-progress', '--out', out('report.html')],
];

/** @param {string[]} args @param {boolean} capture */
function runBot(args, capture) {
  const r = spawnSync(process.execPath, [bot, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * True when `bot <group> --help` lists `command` (commander prints `Commands:` then `  name [options]`).
 *
 * @param {string} helpText @param {string} command
 */
function hasCommand(helpText, command) {
  const commands = helpText.split(/\n(?=Commands:)/)[1] ?? '';
  return new RegExp(`^\\s+${command}(\\s|\\|)`, 'm').test(commands);
}

if (!existsSync(bot)) {
  console.error(`demo: ${relative(repoRoot, bot)} is missing; build first (pnpm demo builds it)`);
  process.exit(1);
}

const help = runBot(['--help'], true);
if (help.status !== 0) {
  process.stderr.write(help.stdout + help.stderr);
  process.exit(help.status);
}
const dataHelp = hasCommand(help.stdout, 'data') ? runBot(['data', '--help'], true).stdout : '';
const backtestReady = hasCommand(help.stdout, 'backtest') && hasCommand(dataHelp, 'generate');

if (!backtestReady) {
  console.log('demo: the backtest commands are not in this build yet; here is the CLI:\n');
  process.stdout.write(help.stdout);
  process.exit(0);
}

mkdirSync(outDir, { recursive: true });
for (const args of DEMO_STEPS) {
  console.log(`\n$ bot ${args.join(' ')}`);
  const r = runBot(args, false);
  if (r.status !== 0) {
    console.error(`demo: 'bot ${args.join(' ')}' failed with exit ${r.status}`);
    process.exit(r.status);
  }
}
console.log(`\ndemo: HTML report: ${out('report.html')}`);

if (hasCommand(help.stdout, 'paper')) {
  // Part 2: the engine in paper mode replaying the same bars (about 5 s at 1.8 million times real time).
  const config = join(outDir, 'engine.yaml');
  rmSync(join(outDir, 'engine-state'), { recursive: true, force: true });
  writeFileSync(
    config,
    [
      'mode: paper',
      'account: { currency: USD, initialCash: "10000" }',
      'instruments: [{ symbol: DEMO/USD, tickSize: "0.00000001", lotSize: "0.00000001", makerFee: "0.001", takerFee: "0.001" }]',
      'feed: { type: replay, file: bars.csv, symbol: DEMO/USD, speed: 1800000 }',
      'strategies: [{ name: sma-cross, symbols: [DEMO/USD], params: { fast: 10, slow: 30 } }]',
      'risk: { limits: { maxOrderNotional: 50000 } }',
      'stateDir: engine-state',
      '',
    ].join('\n'),
  );
  const args = ['paper', '--config', out('engine.yaml'), '--port', '0', '--exit-when-done'];
  console.log(`\n$ bot ${args.join(' ')}`);
  const r = runBot(args, false);
  if (r.status !== 0) {
    console.error(`demo: 'bot ${args.join(' ')}' failed with exit ${r.status}`);
    process.exit(r.status);
  }
  console.log(`\ndemo: engine audit trail: ${out('engine-state/audit.jsonl')} (verify it: pnpm bot audit verify ${out('engine-state/audit.jsonl')})`);
  console.log(`demo: keep the engine and its dashboard up with: pnpm bot paper --config ${out('engine.yaml')}`);
  console.log(`      then, from another terminal: pnpm bot status --config ${out('engine.yaml')} | pnpm bot kill --config ${out('engine.yaml')} --operator you`);
}
console.log('\ndemo: done.');
