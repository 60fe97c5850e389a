import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';
import { runBot } from './runBot.js';

const dataDir = resolve(monorepoRoot, '..', 'shared', 'data');
const orcl = join(dataDir, 'ORCL_1d.csv');
const python = spawnSync('python3', ['--version']).status === 0;
const reference = join(monorepoRoot, 'packages', 'backtest', 'bench', 'parity', 'reference.py');

const run = runBot;

describe.skipIf(!existsSync(dataDir))('bot backtest / optimize / walkforward / montecarlo (needs ../shared/data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bot-cli-bt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('backtest --json prints one object with metrics, fills, trades and run figures', async () => {
    const text = await run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--json']);
    expect(text.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(text) as {
      metrics: Record<string, number>;
      fills: { time: number; side: string; qty: number; price: number; fee: number }[];
      trades: { entryTime: number; exitTime: number; entryPrice: number; exitPrice: number; quantity: number; pnl: number; fees: number }[];
      run: { bars: number; loadMs: number; runMs: number };
      manifest: { data: { sha256: string }[] };
      settings: { fill: string };
    };
    for (const k of ['totalReturn', 'cagr', 'sharpe', 'sortino', 'maxDrawdown', 'trades', 'finalEquity']) expect(typeof j.metrics[k]).toBe('number');
    expect(j.run.bars).toBe(5036);
    expect(j.run.loadMs).toBeGreaterThan(0);
    expect(j.run.runMs).toBeGreaterThan(0);
    expect(j.fills[0]).toEqual({ time: expect.any(Number), symbol: 'ORCL/USD', side: 'buy', qty: expect.any(Number), price: expect.any(Number), fee: expect.any(Number), liquidity: 'taker', clientOrderId: expect.any(String) });
    // fees are 0.1% of each fill's notional
    for (const f of j.fills) expect(f.fee).toBeCloseTo(f.qty * f.price * 0.001, 8);
    // each closed trade is a buy fill followed by a sell fill
    expect(j.trades.length).toBe(j.metrics['trades']);
    j.trades.forEach((t, i) => {
      expect(t.entryPrice).toBe(j.fills[2 * i]!.price);
      expect(t.exitPrice).toBe(j.fills[2 * i + 1]!.price);
      expect(t.pnl).toBeCloseTo((t.exitPrice - t.entryPrice) * t.quantity - t.fees, 6);
    });
    expect(j.manifest.data[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(j.settings.fill).toBe('next-open');
  });

  it.skipIf(!python)('backtest matches the independent backtrader-semantics reference on ORCL (needs python3)', async () => {
    const j = JSON.parse(await run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--json'])) as { fills: { side: string; qty: number; price: number }[]; metrics: { finalEquity: number } };
    const ref = JSON.parse(spawnSync('python3', [reference, orcl], { encoding: 'utf8' }).stdout) as { fills: [number, string, string, string][]; finalEquity: string };
    expect(j.fills.map((f) => [f.side, f.qty, f.price])).toEqual(ref.fills.map(([, s, q, p]) => [s, Number(q), Number(p)]));
    expect(Math.abs(j.metrics.finalEquity / Number(ref.finalEquity) - 1)).toBeLessThan(1e-9);
  });

  it('backtest prints a readable metrics table and writes the HTML report and trade CSV', async () => {
    const html = join(dir, 'report.html');
    const csv = join(dir, 'trades.csv');
    const text = await run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--out', html, '--trades-csv', csv, '--no-progress']);
    expect(text).toMatch(/sma-cross fast=10 slow=30 .* on ORCL\/USD \(1d\), 5,036 bars/);
    expect(text).toMatch(/Total return\s+-?\d+\.\d\d%/);
    expect(text).toMatch(/Sharpe\s+-?\d\.\d{3}/);
    expect(text).toMatch(/Max drawdown\s+\d+\.\d\d%/);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<title>Backtest: sma-cross on ORCL/USD (1d)</title>');
    expect(page).toContain('uPlot'); // the chart library is inlined: the file works offline
    expect(page).not.toMatch(/<script[^>]+src=/);
    expect(page).toContain('Max drawdown');
    expect(page).toContain('sha256');
    expect(page).not.toContain('Look-ahead warning');
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('symbol,direction,entry_time,exit_time,entry_price,exit_price,quantity,gross_pnl,fees,pnl,return');
    expect(lines.length).toBeGreaterThan(10);
  });

  it('--fill close puts a look-ahead warning in the report and the output', async () => {
    const html = join(dir, 'close.html');
    const text = await run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--fill', 'close', '--out', html]);
    expect(text).toContain('LOOK-AHEAD-PRONE');
    expect(readFileSync(html, 'utf8')).toContain('Look-ahead warning');
  });

  it('--risk applies a risk gate and reports resized orders with reasons', async () => {
    const risk = join(dir, 'risk.json');
    writeFileSync(risk, JSON.stringify({ limits: { maxOrderNotional: 1000 } }));
    const j = JSON.parse(await run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--risk', risk, '--json'])) as { riskDecisions: { decision: string; qty?: number; requestedQty: number; reasons: { code: string }[] }[]; fills: { qty: number; price: number }[] };
    expect(j.riskDecisions.length).toBeGreaterThan(0);
    const d = j.riskDecisions[0]!;
    expect(['resize', 'reject']).toContain(d.decision);
    expect(d.reasons.length).toBeGreaterThan(0);
    if (d.decision === 'resize') expect(d.qty!).toBeLessThan(d.requestedQty);
  });

  it('is deterministic: two runs give the same JSON bytes (apart from the timing figures)', async () => {
    const args = ['backtest', '--data', orcl, '--strategy', 'sma-cross', '--slippage', 'bps:3', '--seed', '5', '--json', '--equity'];
    const hash = async () => {
      const j = JSON.parse(await run(args)) as Record<string, unknown>;
      delete j['run'];
      return createHash('sha256').update(JSON.stringify(j)).digest('hex');
    };
    expect(await hash()).toBe(await hash());
  });

  it('--check-lookahead passes sma-cross', async () => {
    const text = await run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--check-lookahead']);
    expect(text).toMatch(/look-ahead check: passed \(8 cuts, \d+ decisions compared\)/);
  });

  it('errors name the problem', async () => {
    await expect(run(['backtest', '--data', orcl, '--strategy', 'nope'])).rejects.toThrow(/unknown strategy "nope"; available: .*sma-cross/);
    await expect(run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--sizing', 'half'])).rejects.toThrow(/sizing "half"/);
    await expect(run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--fill', 'later'])).rejects.toThrow(/--fill "later"/);
  });

  it('--timeframe longer than the spacing of the bars is refused, naming both', async () => {
    await expect(run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--timeframe', '1w', '--json'])).rejects.toThrow(
      `${orcl} (--timeframe 1w): timeframe 1w is longer than the spacing of its bars (smallest gap between consecutive open times 1d, bars 0 and 1 at 1995-01-03T00:00:00.000Z and 1995-01-04T00:00:00.000Z; most common gap 1d)`,
    );
    await expect(run(['optimize', '--data', orcl, '--strategy', 'sma-cross', '--timeframe', '2d', '--range', 'fast=5:10:5', '--json'])).rejects.toThrow(/timeframe 2d is longer than the spacing of its bars/);
    // shorter than the spacing is fine (gaps): 12h bars with nights, weekends and holidays missing
    const j = JSON.parse(await run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--timeframe', '12h', '--json'])) as { settings: { timeframe: string } };
    expect(j.settings.timeframe).toBe('12h');
  });

  it('--risk-free of -100% a year or below is refused', async () => {
    for (const rate of ['-1', '-1.5']) {
      await expect(run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--risk-free', rate])).rejects.toThrow(
        `--risk-free ${JSON.stringify(rate)}: expected an annual rate as a fraction greater than -1 (0.02 = 2% a year; -1 would be -100%)`,
      );
    }
  });

  it('a range given to --param of a search points to --range', async () => {
    await expect(run(['walkforward', '--data', orcl, '--strategy', 'sma-cross', '--param', 'fast=5:20:5', '--in-sample', '1000', '--out-of-sample', '250'])).rejects.toThrow(
      '--param fast=5:20:5 fixes a parameter to one value; to search fast over 5:20:5 use --range fast=5:20:5',
    );
    await expect(run(['optimize', '--data', orcl, '--strategy', 'sma-cross', '--param', 'slow=30,60'])).rejects.toThrow('use --range slow=30,60');
  });

  it('optimize with no valid parameter set fails and says why', async () => {
    await expect(run(['optimize', '--data', orcl, '--strategy', 'sma-cross', '--range', 'fast=30:40:10', '--range', 'slow=10:20:10', '--json'])).rejects.toThrow(
      'optimize sma-cross: no valid parameter set found: all 4 candidate(s) were rejected; the first, fast=30 slow=10 maType=sma allowShort=false: sma-cross: fast (30) must be < slow (10)',
    );
  });

  it('walkforward refuses an in-sample window shorter than the warm-up', async () => {
    await expect(run(['walkforward', '--data', orcl, '--strategy', 'sma-cross', '--range', 'fast=10', '--range', 'slow=30', '--in-sample', '20', '--out-of-sample', '1000'])).rejects.toThrow(
      /in-sample window of 20 bars is not longer than the warm-up of sma-cross with fast=10 slow=30 maType=sma allowShort=false \(31 bars\)/,
    );
  });

  it('an output that cannot be written names the flag and the path, and leaves no partial file', async () => {
    const missing = join(dir, 'no-such-dir', 'report.html');
    await expect(run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--out', missing])).rejects.toThrow(`--out ${missing}: cannot write file (ENOENT: no such file or directory, write '${missing}')`);
    // a directory in the way: the temp file beside it is written, the rename fails, and the temp file is removed
    const taken = join(dir, 'taken');
    mkdirSync(taken);
    await expect(run(['backtest', '--data', orcl, '--strategy', 'sma-cross', '--trades-csv', taken])).rejects.toThrow(`--trades-csv ${taken}: cannot write file (EISDIR: illegal operation on a directory, write '${taken}')`);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('optimize --json ranks parameter sets by the objective', async () => {
    const j = JSON.parse(await run(['optimize', '--data', orcl, '--strategy', 'sma-cross', '--range', 'fast=5:15:5', '--range', 'slow=30:60:30', '--objective', 'totalReturn', '--json'])) as { evaluations: { params: { fast: number; slow: number }; score: number; metrics: { totalReturn: number } }[]; best: { params: unknown } };
    expect(j.evaluations).toHaveLength(6);
    for (let i = 1; i < j.evaluations.length; i++) expect(j.evaluations[i - 1]!.score).toBeGreaterThanOrEqual(j.evaluations[i]!.score);
    for (const e of j.evaluations) expect(e.score).toBe(e.metrics.totalReturn);
    expect(j.best.params).toEqual(j.evaluations[0]!.params);
  });

  it('walkforward --json reports the parameter path and stitched out-of-sample equity', async () => {
    const j = JSON.parse(await run(['walkforward', '--data', orcl, '--strategy', 'sma-cross', '--range', 'fast=5:10:5', '--range', 'slow=30:60:30', '--in-sample', '1500', '--out-of-sample', '1000', '--json'])) as { steps: { params: unknown; outOfSampleStart: number }[]; equity: { time: number[]; equity: number[] }; metrics: { totalReturn: number } };
    expect(j.steps).toHaveLength(4); // OOS 1500..2500..3500..4500..5036
    expect(j.equity.equity[0]).toBe(10_000);
    expect(j.metrics.totalReturn).toBeCloseTo(j.equity.equity.at(-1)! / 10_000 - 1, 12);
  });

  it('montecarlo reshuffle says its final return is that of the closed trades when a position is still open', async () => {
    const text = await run(['montecarlo', '--data', orcl, '--strategy', 'sma-cross', '--simulations', '50', '--no-progress']);
    expect(text).toMatch(/backtest: return 313\.91%/);
    // 10,000 -> 35,874.75 after the 52nd closed trade; the open position takes the run to 41,390.83
    expect(text).toMatch(/final return\s+(258\.75%\s+){7}/);
    expect(text).toContain("(reshuffled paths hold the 52 closed trades only: the backtest's return also counts 1 position(s) still open at the end)");
  });

  it('montecarlo --json gives percentiles of final return and drawdown and the probability of ruin', async () => {
    const j = JSON.parse(await run(['montecarlo', '--data', orcl, '--strategy', 'sma-cross', '--method', 'bootstrap', '--simulations', '300', '--seed', '3', '--json'])) as { monteCarlo: { simulations: number; maxDrawdown: { max: number; percentiles: [number, number][] }; probabilityOfRuin: number } };
    expect(j.monteCarlo.simulations).toBe(300);
    expect(j.monteCarlo.maxDrawdown.max).toBeLessThanOrEqual(1);
    expect(j.monteCarlo.probabilityOfRuin).toBeGreaterThanOrEqual(0);
    const again = JSON.parse(await run(['montecarlo', '--data', orcl, '--strategy', 'sma-cross', '--method', 'bootstrap', '--simulations', '300', '--seed', '3', '--json'])) as typeof j;
    expect(again.monteCarlo).toEqual(j.monteCarlo);
  });
});
