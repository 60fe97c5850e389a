import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { BotError } from '@bot/core-types';
import type { EngineStatus } from '@bot/engine';
import { type Command, Option } from 'commander';

const out = (text: string) => process.stdout.write(text);
/** The engine (and everything it composes) is loaded only by the commands that need it: `bot --help` stays fast. */
const engine = () => import('@bot/engine');

/** The state directory from `--state` or from the `stateDir` of `--config`. */
async function stateDirOf(options: { config?: string; state?: string }): Promise<string> {
  if (options.state !== undefined) return resolve(options.state);
  if (options.config !== undefined) return (await engine()).loadEngineConfig(options.config).stateDir;
  throw new BotError('CONFIG', 'give the engine with --config <file> or --state <dir>');
}

function operatorOf(options: { operator?: string }): string {
  const operator = options.operator ?? process.env['USER'] ?? process.env['LOGNAME'];
  if (!operator) throw new BotError('CONFIG', 'say who is acting with --operator <name>');
  return operator;
}

function formatStatus(s: EngineStatus): string {
  const pnl = s.equity - s.initialEquity;
  const lines = [
    `run mode      ${s.runMode}`,
    `trading mode  ${s.tradingMode}`,
    `kill switch   ${s.killSwitch.state}${s.killSwitch.reason ? ` (${s.killSwitch.reason})` : ''}`,
    `feed          ${s.feed.name}: ${s.feed.eventsProcessed} events${s.feed.finished ? ', finished' : ''}${s.feed.healthy ? '' : ', UNHEALTHY'}`,
    `equity        ${s.equity.toFixed(2)} ${s.currency} (P&L ${pnl >= 0 ? '+' : ''}${pnl.toFixed(2)}, drawdown ${(100 * s.risk.drawdown).toFixed(2)}%)`,
    `cash          ${s.cash.toFixed(2)} ${s.currency}; fees ${s.fees.toFixed(2)}`,
    `risk          approved ${s.risk.approved}, resized ${s.risk.resized}, rejected ${s.risk.rejected}`,
    `positions     ${s.positions.map((p) => `${p.symbol} ${p.quantity} @ ${p.averageEntryPrice.toFixed(4)}`).join(', ') || 'flat'}`,
    `open orders   ${s.openOrders.length}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The flag that confirms live trading when no terminal can ask (CI, scripts, services). */
export const LIVE_CONFIRM_FLAG = '--yes-i-understand-this-trades-real-money';

/** How `bot live` asks for confirmation on a terminal (replaceable in tests). */
export interface LiveConfirmIo {
  readonly isTTY: boolean;
  ask(question: string): Promise<string>;
}

const terminalIo: LiveConfirmIo = {
  get isTTY() {
    return process.stdin.isTTY === true && process.stderr.isTTY === true;
  },
  async ask(question: string) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

let liveConfirmIo: LiveConfirmIo = terminalIo;
/** Replaces the terminal used by `bot live` to confirm (tests); returns the previous one. */
export function setLiveConfirmIo(io: LiveConfirmIo): LiveConfirmIo {
  const previous = liveConfirmIo;
  liveConfirmIo = io;
  return previous;
}

/**
 * The safety checks of `bot live`: an explicit `--live` flag, then a confirmation — typing the exchange id on a
 * terminal, or the explicit {@link LIVE_CONFIRM_FLAG} without one.
 * @throws BotError `CONFIG` naming what is missing.
 */
export async function confirmLive(options: { live?: boolean; yesIUnderstandThisTradesRealMoney?: boolean }, exchange: string, io: LiveConfirmIo): Promise<void> {
  if (options.live !== true) {
    throw new BotError('CONFIG', `bot live trades real money on ${exchange}: add --live to confirm you mean it (or use \`bot paper\` to simulate)`);
  }
  if (options.yesIUnderstandThisTradesRealMoney === true) return;
  if (!io.isTTY) {
    throw new BotError('CONFIG', `bot live needs a confirmation: no terminal to ask on, so pass ${LIVE_CONFIRM_FLAG}`);
  }
  const answer = (await io.ask(`This trades REAL MONEY on ${exchange}. Type the exchange id (${exchange}) to continue: `)).trim();
  if (answer !== exchange) throw new BotError('CONFIG', `live trading not confirmed (typed ${JSON.stringify(answer)}, expected ${JSON.stringify(exchange)}); nothing was sent`);
}

/**
 * `bot paper`, `bot live`, `bot status`, `bot kill`, `bot reset`: run the engine in paper mode and act on a running engine
 * through its local control socket (the dashboard itself is read-only).
 */
export function registerEngineCommands(program: Command): void {
  program
    .command('paper')
    .description('run the trading engine in paper mode (replay feed + simulated venue) with a read-only dashboard')
    .requiredOption('-c, --config <file>', 'engine configuration (YAML or JSON)')
    .option('--exit-when-done', 'stop once a replay feed is exhausted (default: keep the dashboard up)')
    .addOption(new Option('--port <n>', 'dashboard port (overrides http.port; 0 = any free port)').argParser((v) => Number(v)))
    .action(async (options: { config: string; exitWhenDone?: boolean; port?: number }) => {
      const { runEngine } = await engine();
      const running = await runEngine({
        configPath: options.config,
        exitWhenDone: options.exitWhenDone ?? false,
        expectMode: 'paper',
        ...(options.port === undefined ? {} : { port: options.port }),
        print: (line) => process.stderr.write(`${line}\n`),
      });
      await running.done;
    });

  program
    .command('live')
    .description('run the trading engine in LIVE mode (real orders on the exchange of the config); needs --live and a confirmation')
    .requiredOption('-c, --config <file>', 'engine configuration (YAML or JSON) with mode: live')
    .option('--live', 'confirm that this run sends real orders')
    .option(LIVE_CONFIRM_FLAG, 'confirm without a terminal (CI, scripts, services)')
    .addOption(new Option('--port <n>', 'dashboard port (overrides http.port; 0 = any free port)').argParser((v) => Number(v)))
    .action(async (options: { config: string; live?: boolean; yesIUnderstandThisTradesRealMoney?: boolean; port?: number }) => {
      const { loadEngineConfig, runEngine } = await engine();
      const config = loadEngineConfig(options.config);
      if (config.mode !== 'live' || config.live === undefined) {
        throw new BotError('CONFIG', `${options.config}: mode is ${config.mode}; \`bot live\` runs only a config with mode: live and a live section (use \`bot paper\`)`);
      }
      await confirmLive(options, config.live.exchange, liveConfirmIo);
      const running = await runEngine({
        configPath: options.config,
        expectMode: 'live',
        ...(options.port === undefined ? {} : { port: options.port }),
        print: (line) => process.stderr.write(`${line}\n`),
      });
      await running.done;
    });

  program
    .command('status')
    .description('show the status of a running engine (mode, equity, positions, risk, feed)')
    .option('-c, --config <file>', 'engine configuration (its stateDir locates the engine)')
    .option('-s, --state <dir>', 'engine state directory')
    .option('--json', 'print the full status as JSON')
    .action(async (options: { config?: string; state?: string; json?: boolean }) => {
      const { controlSocketPath, sendControlCommand } = await engine();
      const dir = await stateDirOf(options);
      const socket = controlSocketPath(dir);
      if (!existsSync(socket)) throw new BotError('NETWORK', `no engine is running with state directory ${dir}`);
      const reply = await sendControlCommand(socket, { command: 'status' });
      const status = reply.data as EngineStatus;
      out(options.json ? `${JSON.stringify(status)}\n` : formatStatus(status));
    });

  for (const [name, description] of [
    ['kill', 'emergency stop of a running engine: cancel all orders, flatten all positions, refuse new orders until reset'],
    ['reset', 'return a killed engine to normal trading (refused during the cooldown)'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .option('-c, --config <file>', 'engine configuration (its stateDir locates the engine)')
      .option('-s, --state <dir>', 'engine state directory')
      .option('--operator <name>', 'who is acting (recorded in the audit trail; default $USER)')
      .option('--reason <text>', 'why (recorded in the audit trail)', '')
      .action(async (options: { config?: string; state?: string; operator?: string; reason: string }) => {
        const { controlSocketPath, sendControlCommand } = await engine();
        const reply = await sendControlCommand(controlSocketPath(await stateDirOf(options)), {
          command: name,
          operator: operatorOf(options),
          reason: options.reason,
        });
        if (!reply.ok) throw new BotError('CONFIG', reply.message);
        out(`${reply.message}\n`);
      });
  }
}
