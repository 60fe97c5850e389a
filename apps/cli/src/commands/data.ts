import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { type BarSeries, BotError, parseEpochMs, parseTimeframe, SystemClock, type Timeframe } from '@bot/core-types';
import {
  createExchange,
  fetchOhlcvHistory,
  formatIsoUtc,
  generateBars,
  type LoadBarsOptions,
  type LoadedBars,
  loadBarsCsv,
  loadBarsJsonl,
  parseBarsCsv,
  qualityReport,
  type QualityReport,
  redirectExchangeUrls,
  resampleBars,
  writeBarsCsv,
  writeBarsJsonl,
} from '@bot/market-data';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';

/**
 * Test-only: when set (e.g. `http://127.0.0.1:8080`), `bot data fetch` sends every REST and WebSocket request of the
 * exchange to this local server instead of the exchange. Used by the CLI tests with the fake exchange; not a user
 * feature (it is deliberately undocumented in `--help`).
 */
export const EXCHANGE_URL_OVERRIDE_ENV = 'BOT_EXCHANGE_URL_OVERRIDE';

const out = (text: string) => process.stdout.write(text);
const iso = (ms: number | undefined) => (ms === undefined ? '-' : formatIsoUtc(ms));
const isJsonl = (path: string) => ['.jsonl', '.ndjson'].includes(extname(path).toLowerCase());

function parseTime(value: string, flag: string): number {
  const v = value.trim();
  return /^\d+$/.test(v) ? parseEpochMs(Number(v), flag) : parseEpochMs(v, flag);
}

function loadFile(path: string, options: LoadBarsOptions): LoadedBars {
  return isJsonl(path) ? loadBarsJsonl(path, options) : loadBarsCsv(path, options);
}

async function writeFile(path: string, series: BarSeries): Promise<number> {
  return isJsonl(path) ? writeBarsJsonl(path, series) : writeBarsCsv(path, series);
}

/** First and last open time of a CSV file, reading only its head and tail. */
function csvRange(path: string): { first: number; last: number } | undefined {
  try {
    const size = statSync(path).size;
    const fd = openSync(path, 'r');
    try {
      const n = Math.min(size, 65_536);
      const head = Buffer.alloc(n);
      readSync(fd, head, 0, n, 0);
      const tail = Buffer.alloc(n);
      readSync(fd, tail, 0, n, size - n);
      const headLines = head.toString('utf8').split('\n');
      const tailLines = tail.toString('utf8').trimEnd().split('\n');
      const header = headLines[0] ?? '';
      const firstRows = parseBarsCsv(Buffer.from(`${header}\n${headLines[1] ?? ''}\n`), path, { timeframe: '1m' });
      const lastRows = parseBarsCsv(Buffer.from(`${header}\n${tailLines.at(-1) ?? ''}\n`), path, { timeframe: '1m' });
      const first = firstRows.series.openTime[0];
      const last = lastRows.series.openTime[0];
      return first === undefined || last === undefined ? undefined : { first, last };
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/**
 * Expected end from sibling files: same folder, same `_<timeframe>.<ext>` suffix, same first bar. Files of one
 * download batch share a grid, so a sibling that ends later shows that this file lost its final bars.
 */
function siblingEnd(path: string, series: BarSeries): { end: number; files: string[] } | undefined {
  const name = basename(path);
  const m = /_([0-9]+[smhdw])\.(csv|txt)$/i.exec(name);
  if (m === null || series.length === 0) return undefined;
  const suffix = `_${m[1]}.${m[2]}`.toLowerCase();
  let end = -Infinity;
  const files: string[] = [];
  for (const other of readdirSync(dirname(path))) {
    if (other === name || !other.toLowerCase().endsWith(suffix)) continue;
    const r = csvRange(join(dirname(path), other));
    if (r === undefined || r.first !== series.openTime[0]) continue;
    files.push(other);
    end = Math.max(end, r.last);
  }
  return files.length === 0 ? undefined : { end: Math.max(end, series.openTime[series.length - 1]!), files };
}

function qualityText(q: QualityReport): string {
  const lines: string[] = [];
  const list = <T>(items: readonly T[], count: number, fmt: (x: T) => string, max = 10) => {
    for (const x of items.slice(0, max)) lines.push(`    ${fmt(x)}`);
    if (count > max) lines.push(`    ... ${count - max} more`);
  };
  lines.push(`quality: ${q.ok ? 'OK' : 'PROBLEMS FOUND'} (${q.calendar} calendar)`);
  lines.push(`  missing bars: ${q.missingBars} in ${q.gaps.length} gap(s)`);
  list(q.gaps, q.gaps.length, (g) => `${iso(g.from)}${g.to === g.from ? '' : ` .. ${iso(g.to)}`} (${g.missingBars} bar${g.missingBars === 1 ? '' : 's'})`);
  if (q.calendar === 'weekdays') {
    const closures = q.calendarGaps.filter((g) => g.kind === 'closure');
    lines.push(`  calendar gaps (not errors): ${q.calendarGaps.length} (${q.calendarGaps.length - closures.length} single-day holidays, ${closures.length} multi-day closures)`);
    list(closures, closures.length, (g) => `${iso(g.from).slice(0, 10)} .. ${iso(g.to).slice(0, 10)} (${g.missingWeekdays} weekdays)`);
  }
  lines.push(`  duplicate timestamps: ${q.duplicateCount}`);
  list(q.duplicates, q.duplicateCount, (d) => `#${d.index} ${iso(d.time)}`);
  lines.push(`  out-of-order timestamps: ${q.outOfOrderCount}`);
  list(q.outOfOrder, q.outOfOrderCount, (d) => `#${d.index} ${iso(d.time)} ${d.detail}`);
  if (q.misaligned.length > 0) {
    lines.push(`  misaligned bars: ${q.misaligned.length}`);
    list(q.misaligned, q.misaligned.length, (d) => `#${d.index} ${iso(d.time)}`);
  }
  lines.push(`  OHLC inconsistencies: ${q.ohlcInconsistencyCount}`);
  list(q.ohlcInconsistencies, q.ohlcInconsistencyCount, (d) => `#${d.index} ${iso(d.time)} ${d.detail}`);
  lines.push(`  non-positive prices: ${q.nonPositivePriceCount}`);
  list(q.nonPositivePrices, q.nonPositivePriceCount, (d) => `#${d.index} ${iso(d.time)} ${d.detail}`);
  lines.push(`  zero-volume bars: ${q.zeroVolumeCount}`);
  list(q.zeroVolume, q.zeroVolumeCount, (d) => `#${d.index} ${iso(d.time)} ${d.detail}`, 5);
  lines.push(`  outlier returns (|robust z| > ${q.outlierThreshold}): ${q.outlierCount}`);
  list(q.outliers, q.outlierCount, (o) => `#${o.index} ${iso(o.time)} log return ${o.logReturn.toFixed(5)} z ${o.zScore.toFixed(1)}`, 5);
  return `${lines.join('\n')}\n`;
}

interface InspectOptions {
  readonly json?: boolean;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly lenient?: boolean;
  readonly expectedEnd?: string;
  readonly reference?: string;
  readonly siblings: boolean;
  readonly outlierThreshold?: string;
}

async function inspect(file: string, o: InspectOptions): Promise<void> {
  const loadOptions: LoadBarsOptions = {
    mode: o.lenient ? 'lenient' : 'strict',
    ...(o.symbol === undefined ? {} : { symbol: o.symbol }),
    ...(o.timeframe === undefined ? {} : { timeframe: parseTimeframe(o.timeframe) }),
  };
  const { series, report } = loadFile(file, loadOptions);
  let expectedEnd: number | undefined;
  let expectedEndSource = 'none (a bar missing at the very end cannot be seen; use --expected-end or --reference)';
  let reference: Float64Array | undefined;
  if (o.expectedEnd !== undefined) {
    expectedEnd = parseTime(o.expectedEnd, '--expected-end');
    expectedEndSource = '--expected-end';
  } else if (o.reference !== undefined) {
    reference = loadFile(o.reference, { timeframe: series.timeframe }).series.openTime;
    expectedEndSource = `--reference ${o.reference}`;
  } else if (o.siblings) {
    const s = siblingEnd(file, series);
    if (s !== undefined) {
      expectedEnd = s.end;
      expectedEndSource = `sibling files starting at the same bar (${s.files.join(', ')})`;
    }
  }
  const threshold = o.outlierThreshold === undefined ? undefined : Number(o.outlierThreshold);
  if (threshold !== undefined && !(threshold > 0)) throw new BotError('CONFIG', `--outlier-threshold must be a number > 0, got ${o.outlierThreshold}`);
  const q = qualityReport(series, {
    ...(expectedEnd === undefined ? {} : { expectedEnd }),
    ...(reference === undefined ? {} : { reference }),
    ...(threshold === undefined ? {} : { outlierThreshold: threshold }),
  });
  if (o.json) {
    out(
      `${JSON.stringify({
        file,
        symbol: series.symbol,
        timeframe: series.timeframe,
        timeframeInferred: report.timeframeInferred,
        rows: series.length,
        first: iso(report.firstTime),
        last: iso(report.lastTime),
        skipped: report.skipped,
        expectedEndSource,
        quality: q,
      })}\n`,
    );
    return;
  }
  out(`${file}\n`);
  out(`rows: ${series.length}${report.skippedCount > 0 ? ` (${report.skippedCount} bad lines skipped)` : ''}\n`);
  out(`symbol: ${series.symbol}   timeframe: ${series.timeframe}${report.timeframeInferred ? ' (inferred)' : ''}\n`);
  out(`range: ${iso(report.firstTime)} .. ${iso(report.lastTime)}\n`);
  out(`expected end from: ${expectedEndSource}\n`);
  for (const s of report.skipped.slice(0, 20)) out(`skipped ${s.message}\n`);
  out(qualityText(q));
}

interface FetchOptions {
  readonly exchange: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly since: string;
  readonly until?: string;
  readonly out: string;
  readonly cache?: string;
  readonly progress: boolean;
}

function exchangeFor(id: string): ReturnType<typeof createExchange> {
  const exchange = createExchange(id);
  const override = process.env[EXCHANGE_URL_OVERRIDE_ENV];
  if (override !== undefined && override !== '') {
    if (!/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(override)) {
      throw new BotError('CONFIG', `${EXCHANGE_URL_OVERRIDE_ENV} must be a local http://127.0.0.1:<port> test server, got ${override}`);
    }
    redirectExchangeUrls(exchange as unknown as { urls: Record<string, unknown> }, override.replace(/\/$/, ''));
  }
  return exchange;
}

async function fetchCommand(o: FetchOptions): Promise<void> {
  const timeframe: Timeframe = parseTimeframe(o.timeframe);
  const since = parseTime(o.since, '--since');
  const until = o.until === undefined ? undefined : parseTime(o.until, '--until');
  const exchange = exchangeFor(o.exchange);
  const bar = o.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'fetch [{bar}] {percentage}% | {rows} bars | {pages} pages', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(100, 0, { rows: 0, pages: 0 });
  try {
    const result = await fetchOhlcvHistory(exchange, {
      symbol: o.symbol,
      timeframe,
      since,
      ...(until === undefined ? {} : { until }),
      clock: new SystemClock(),
      ...(o.cache === undefined ? {} : { cacheDir: o.cache }),
      onProgress: (p) => bar?.update(Math.round(p.fraction * 100), { rows: p.rows, pages: p.pages }),
    });
    bar?.update(100);
    bar?.stop();
    const n = await writeFile(o.out, result.data);
    out(`${o.exchange} ${o.symbol} ${timeframe}: ${n} bars ${iso(result.data.openTime[0])} .. ${iso(result.data.openTime[n - 1])} -> ${o.out} (${result.pages} requests, ${result.cachedChunks} chunks from cache)\n`);
  } finally {
    bar?.stop();
    await exchange.close().catch(() => undefined);
  }
}

async function resampleCommand(o: { in: string; timeframe: string; out: string; dropPartial?: boolean; symbol?: string }): Promise<void> {
  const { series } = loadFile(o.in, o.symbol === undefined ? {} : { symbol: o.symbol });
  const r = resampleBars(series, parseTimeframe(o.timeframe));
  let result = r.series;
  if (o.dropPartial && r.partialLast && result.length > 0) {
    const n = result.length - 1;
    result = { ...result, length: n, openTime: result.openTime.subarray(0, n), open: result.open.subarray(0, n), high: result.high.subarray(0, n), low: result.low.subarray(0, n), close: result.close.subarray(0, n), volume: result.volume.subarray(0, n) };
  }
  const n = await writeFile(o.out, result);
  const partial = r.partialLast ? (o.dropPartial ? ' (partial last bar dropped)' : ' (last bar is partial: its interval is not complete in the input)') : '';
  out(`${series.length} ${series.timeframe} bars -> ${n} ${result.timeframe} bars -> ${o.out}${partial}\n`);
}

interface GenerateOptions {
  readonly seed: string;
  readonly bars: string;
  readonly out: string;
  readonly timeframe: string;
  readonly start?: string;
  readonly symbol: string;
  readonly model: 'gbm' | 'regime' | 'jump';
  readonly startPrice?: string;
  readonly drift?: string;
  readonly volatility?: string;
}

function numberOption(value: string | undefined, flag: string, check: (n: number) => boolean, expected: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new BotError('CONFIG', `${flag} must be ${expected}, got ${value}`);
  return n;
}

async function generateCommand(o: GenerateOptions): Promise<void> {
  const seed = numberOption(o.seed, '--seed', Number.isSafeInteger, 'an integer')!;
  const bars = numberOption(o.bars, '--bars', (n) => Number.isInteger(n) && n > 0, 'an integer > 0')!;
  const startPrice = numberOption(o.startPrice, '--start-price', (n) => n > 0, 'a number > 0');
  const drift = numberOption(o.drift, '--drift', () => true, 'a number');
  const volatility = numberOption(o.volatility, '--volatility', (n) => n >= 0, 'a number >= 0');
  const series = generateBars({
    seed,
    bars,
    timeframe: parseTimeframe(o.timeframe),
    symbol: o.symbol,
    model: o.model,
    ...(o.start === undefined ? {} : { start: parseTime(o.start, '--start') }),
    ...(startPrice === undefined ? {} : { startPrice }),
    ...(drift === undefined ? {} : { drift }),
    ...(volatility === undefined ? {} : { volatility }),
  });
  const n = await writeFile(o.out, series);
  out(`generated ${n} ${series.timeframe} bars of ${series.symbol} (${o.model}, seed ${seed}) ${iso(series.openTime[0])} .. ${iso(series.openTime[n - 1])} -> ${o.out}\n`);
}

/**
 * `bot data`: inspect, fetch, resample and generate OHLCV files (CSV, or JSON Lines for `.jsonl`).
 */
export function registerDataCommands(program: Command): void {
  const data = new Command('data').description('OHLCV files: inspect quality, fetch from an exchange, resample, generate synthetic data');

  data
    .command('inspect <file>')
    .description('load a CSV/JSONL bar file (strict: the first bad row stops with file:line) and print rows, range, timeframe and the quality report')
    .option('--json', 'print one JSON object')
    .option('--symbol <symbol>', 'symbol label (default: from the file name)')
    .option('--timeframe <tf>', 'bar spacing (default: inferred)')
    .option('--lenient', 'skip bad rows and list them instead of stopping')
    .option('--expected-end <time>', 'open time of the last bar the file should have (ISO-8601 or epoch ms)')
    .option('--reference <file>', 'a sibling series on the same grid; its first/last bar set the expected range')
    .option('--no-siblings', 'do not compare with sibling files (same folder, same _<tf> suffix, same first bar)')
    .option('--outlier-threshold <z>', 'robust z-score above which a return is an outlier (default 5)')
    .addHelpText('after', '\nA bar missing at the very end of a file is invisible on its own: inspect compares the file with\nsibling files of the same timeframe that start at the same bar, or uses --expected-end / --reference.\n')
    .action((file: string, o: InspectOptions) => inspect(file, o));

  data
    .command('fetch')
    .description('download OHLCV history from any ccxt exchange (paginated, rate-limited, retried, resumable with --cache)')
    .requiredOption('--exchange <id>', 'ccxt exchange id (binance, kraken, coinbase, ...)')
    .requiredOption('--symbol <symbol>', 'unified symbol such as BTC/USDT')
    .requiredOption('--timeframe <tf>', 'bar timeframe such as 1m, 1h, 1d')
    .requiredOption('--since <time>', 'first bar, ISO-8601 (2024-01-01 or 2024-01-01T00:00:00Z) or epoch ms')
    .option('--until <time>', 'end (exclusive), default now')
    .requiredOption('--out <file>', 'output file (.csv or .jsonl)')
    .option('--cache <dir>', 'on-disk cache directory; an interrupted download resumes from it')
    .option('--no-progress', 'no progress bar')
    .action((o: FetchOptions) => fetchCommand(o));

  data
    .command('resample')
    .description('aggregate bars to a higher timeframe on UTC boundaries (weeks start Monday)')
    .requiredOption('--in <file>', 'input bar file')
    .requiredOption('--timeframe <tf>', 'target timeframe, a whole multiple of the input')
    .requiredOption('--out <file>', 'output file (.csv or .jsonl)')
    .option('--symbol <symbol>', 'symbol label')
    .option('--drop-partial', 'drop the last bar when its interval is not complete')
    .action((o: { in: string; timeframe: string; out: string; dropPartial?: boolean; symbol?: string }) => resampleCommand(o));

  data
    .command('generate')
    .description('write seeded synthetic OHLCV bars (same seed, same bytes)')
    .requiredOption('--seed <n>', 'random seed (integer)')
    .requiredOption('--bars <n>', 'number of bars')
    .requiredOption('--out <file>', 'output file (.csv or .jsonl)')
    .option('--timeframe <tf>', 'bar timeframe', '1m')
    .option('--start <time>', 'first bar time (default 2020-01-01T00:00:00Z)')
    .option('--symbol <symbol>', 'symbol', 'SYN/USD')
    .addOption(new Option('--model <model>', 'price model').choices(['gbm', 'regime', 'jump']).default('gbm'))
    .option('--start-price <p>', 'first price (default 100)')
    .option('--drift <mu>', 'annualised drift, fraction (default 0.05)')
    .option('--volatility <sigma>', 'annualised volatility, fraction (default 0.6)')
    .action((o: GenerateOptions) => generateCommand(o));

  program.addCommand(data);
}
