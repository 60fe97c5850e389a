import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { monorepoRoot } from '@bot/vitest-config';
import { runBot } from './runBot.js';

const dataDir = resolve(monorepoRoot, '..', 'shared', 'data');
const orcl = join(dataDir, 'ORCL_1d.csv');

const run = runBot;

describe.skipIf(!existsSync(dataDir))('bot train / forecast / backtest --strategy neural (needs ../shared/data)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bot-cli-neural-'));
  const model = join(dir, 'orcl-gru');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => vi.restoreAllMocks());

  it('train --json trains, evaluates against the baselines and saves the model directory', async () => {
    const text = await run([
      'train', '--data', orcl, '--symbol', 'ORCL/USD', '--model', 'gru', '--layers', '1', '--units', '4', '--window', '8',
      '--epochs', '1', '--features', 'logReturn,volatility,rsi', '--out', model, '--json',
    ]);
    const j = JSON.parse(text) as {
      backend: string;
      bars: number;
      history: { loss: number[]; valLoss: number[] };
      evaluation: { n: number; baselines: { baseline: string; test: { pValueModelBetter: number } }[]; summary: string[] };
    };
    expect(['tensorflow', 'wasm']).toContain(j.backend);
    expect(j.bars).toBe(5036);
    expect(j.history.loss).toHaveLength(1);
    expect(j.evaluation.baselines.map((b) => b.baseline)).toEqual(['zero', 'trainMean']);
    expect(j.evaluation.summary).toHaveLength(2);
    for (const line of j.evaluation.summary) expect(line).toMatch(/model (BEATS|does NOT beat) the/);
    for (const f of ['model.json', 'weights.bin', 'forecaster.json', 'evaluation.json']) expect(existsSync(join(model, f))).toBe(true);
    expect(JSON.parse(readFileSync(join(model, 'forecaster.json'), 'utf8')).format).toBe('bot-neural/1');
  });

  it('forecast --json prints the last forecasts of the saved model', async () => {
    const j = JSON.parse(await run(['forecast', '--model', model, '--data', orcl, '--last', '2', '--json'])) as {
      backend: string;
      kind: string;
      forecasts: { time: string; value: number; horizon: number; direction: number }[];
    };
    expect(j.kind).toBe('gru');
    expect(j.forecasts.map((f) => f.time)).toEqual(['2014-12-30T00:00:00.000Z', '2014-12-31T00:00:00.000Z']);
    for (const f of j.forecasts) {
      expect(Number.isFinite(f.value)).toBe(true);
      expect(f.horizon).toBe(1);
      expect(f.direction).toBe(Math.sign(f.value));
    }
  });

  it('backtest --strategy neural --param model=<dir> trades the saved model', async () => {
    const j = JSON.parse(await run(['backtest', '--data', orcl, '--symbol', 'ORCL/USD', '--strategy', 'neural', '--param', `model=${model}`, '--json'])) as {
      metrics: { trades: number; finalEquity: number };
    };
    expect(j.metrics.trades).toBeGreaterThan(0);
    expect(Number.isFinite(j.metrics.finalEquity)).toBe(true);
  });

  it('rejects an unknown model kind and a missing model directory with a clear message', async () => {
    await expect(run(['train', '--data', orcl, '--model', 'mlp', '--out', join(dir, 'x')])).rejects.toThrow(/--model.*"mlp".*lstm, gru or transformer/);
    await expect(run(['forecast', '--model', join(dir, 'missing'), '--data', orcl])).rejects.toThrow(/missing: not a @bot\/neural model directory/);
  });
});
