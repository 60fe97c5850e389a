import { formatMoney } from '@bot/backtest';
import { BotError } from '@bot/core-types';
import pino, { type DestinationStream, type Logger } from 'pino';
import { loadEngineConfig } from './config/loadEngineConfig.js';
import { TradingEngine } from './tradingEngine.js';

/** Field names whose values never reach the logs (credentials), at any of the first three levels. */
export const REDACTED_LOG_FIELDS = ['apiKey', 'secret', 'password'] as const;

/**
 * The engine's structured JSON logger (pino): tagged with the run mode; credential fields ({@link REDACTED_LOG_FIELDS})
 * are replaced by `[redacted]` even if an object carrying them is logged by mistake.
 * @example
 * ```ts
 * const logger = engineLogger('live', pino.destination(2));
 * ```
 */
export function engineLogger(mode: 'paper' | 'live', destination: DestinationStream): Logger {
  const paths = REDACTED_LOG_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]);
  return pino({ name: 'bot-engine', base: { mode }, redact: { paths, censor: '[redacted]' } }, destination);
}

/** Options of {@link runEngine}. */
export interface RunEngineOptions {
  readonly configPath: string;
  /** Stop (and resolve) when a replay has been fully processed, instead of keeping the dashboard up. */
  readonly exitWhenDone?: boolean;
  /** Overrides `http.port` of the config (0 = any free port). */
  readonly port?: number;
  /**
   * The run mode the caller asked for (`bot paper` / `bot live`): a config whose `mode` differs is refused, so a
   * live configuration never trades through `bot paper` and `bot live` never silently runs a paper config.
   */
  readonly expectMode?: 'paper' | 'live';
  /** Environment (credentials, default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Where human-readable lines go (default stderr). */
  readonly print?: (line: string) => void;
}

/**
 * Runs the engine until SIGINT/SIGTERM (graceful shutdown) or, with `exitWhenDone`, until the replay is finished.
 * Structured JSON logs go to stderr (pino); the dashboard URL is printed.
 */
export async function runEngine(options: RunEngineOptions): Promise<TradingEngine> {
  const print = options.print ?? ((line: string) => process.stderr.write(`${line}\n`));
  const loaded = loadEngineConfig(options.configPath);
  const config = options.port === undefined ? loaded : { ...loaded, http: { ...loaded.http, port: options.port } };
  if (options.expectMode !== undefined && config.mode !== options.expectMode) {
    throw new BotError('CONFIG', `${options.configPath}: mode is ${config.mode}; run it with \`bot ${config.mode}\` (this is \`bot ${options.expectMode}\`)`);
  }
  const logger = engineLogger(config.mode, pino.destination(2));
  const engine = await TradingEngine.start({ config, logger, ...(options.env === undefined ? {} : { env: options.env }) });
  print(`bot engine (${config.mode}${config.mode === 'live' ? ` on ${config.live?.exchange ?? '?'}` : ''}) running; dashboard: ${engine.url ?? '(http disabled)'}; state: ${config.stateDir}`);
  const onSignal = (signal: NodeJS.Signals): void => {
    print(`${signal}: shutting down (open orders: ${config.shutdown.openOrders})`);
    void engine.stop(signal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  void engine.done.then(async () => {
    const s = engine.status();
    if (s.feed.finished) {
      print(`replay finished: ${s.feed.eventsProcessed} bars, ${engine.fillCount} fills, equity ${formatMoney(s.equity)} ${s.currency}`);
      if (options.exitWhenDone) await engine.stop('replay finished');
      else print('dashboard stays up; press Ctrl-C to stop');
    }
    if (!s.feed.finished || options.exitWhenDone) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
  return engine;
}
