import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { BarSeries } from '@bot/core-types';
import { ValidationError } from '@bot/core-types';
import { loadBarsCsv, writeFileAtomic } from '@bot/market-data';
import type { EvaluationReport, FeatureName, ModelConfig, NeuralBackendPreference, TargetKind, TrainingProgress } from '@bot/neural';

/** TensorFlow.js is loaded only by `bot train` / `bot forecast`, not by every `bot` command. */
const neural = () => import('@bot/neural');

interface TrainCli {
  readonly data: string;
  readonly symbol?: string;
  readonly model: string;
  readonly out: string;
  readonly window: string;
  readonly horizon: string;
  readonly epochs: string;
  readonly target: string;
  readonly seed: string;
  readonly layers?: string;
  readonly units?: string;
  readonly heads?: string;
  readonly dropout: string;
  readonly batchSize: string;
  readonly lr: string;
  readonly patience: string;
  readonly features?: string;
  readonly embargo: string;
  readonly testFraction: string;
  readonly walkForward: string;
  readonly backend: string;
  readonly json?: boolean;
  readonly progress?: boolean;
}

function int(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ValidationError(`--${name}`, raw, `an integer in [${min}, ${max}]`);
  return n;
}

function num(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new ValidationError(`--${name}`, raw, `a number in [${min}, ${max}]`);
  return n;
}

function loadSeries(file: string, symbol: string | undefined): BarSeries {
  return loadBarsCsv(file, symbol === undefined ? {} : { symbol }).series;
}

/** A cli-progress bar on stderr showing loss and validation loss; a no-op when stderr is not a TTY. */
function trainingBar(label: string, enabled: boolean): { onProgress: (p: TrainingProgress) => void; stop: () => void } {
  if (!enabled || !process.stderr.isTTY) return { onProgress: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} epoch {epoch}/{epochs} [{bar}] {percentage}% | loss {loss} | val loss {val} | lr {lr}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let lastVal = 'n/a';
  return {
    onProgress(p) {
      const total = p.epochs * p.batches;
      if (!started) {
        bar.start(total, 0, { epoch: 1, epochs: p.epochs, loss: 'n/a', val: lastVal, lr: p.learningRate.toExponential(1) });
        started = true;
      }
      if (p.phase === 'epoch') lastVal = p.valLoss.toFixed(4);
      bar.update((p.epoch - 1) * p.batches + p.batch, {
        epoch: p.epoch,
        epochs: p.epochs,
        loss: p.loss.toFixed(4),
        val: lastVal,
        lr: p.learningRate.toExponential(1),
      });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

function reportLines(title: string, r: EvaluationReport): string[] {
  const acc = (x: number | null): string => (x === null ? '   n/a' : `${(x * 100).toFixed(1).padStart(5)}%`);
  const unit = r.target === 'direction' ? 'probability' : 'log return';
  const lines = [
    `${title} (${r.n} out-of-sample forecasts, h = ${r.horizon}, target ${r.target}, errors in ${unit} units)`,
    `  forecaster              MAE          RMSE         direction hit`,
    `  model                   ${r.model.mae.toExponential(4)}   ${r.model.rmse.toExponential(4)}   ${acc(r.model.directionalAccuracy)}`,
  ];
  for (const b of r.baselines) {
    const name = b.baseline === 'zero' ? (r.target === 'direction' ? 'coin flip (p=0.5)' : 'zero return') : 'training mean';
    lines.push(`  ${name.padEnd(22)}  ${b.metrics.mae.toExponential(4)}   ${b.metrics.rmse.toExponential(4)}   ${acc(b.metrics.directionalAccuracy)}`);
  }
  for (const s of r.summary) lines.push(`  ${s}`);
  lines.push(
    r.beatsBaselines
      ? '  VERDICT: the model beats every naive baseline at the stated significance level.'
      : '  VERDICT: the model does NOT significantly beat the naive baselines; do not expect an edge from it.',
  );
  return lines;
}

async function runTrain(o: TrainCli): Promise<void> {
  const { DEFAULT_FEATURE_SPEC, FEATURE_NAMES, defaultModelConfig, initBackend, saveForecaster, trainForecaster, walkForward } = await neural();
  const kind = o.model;
  if (kind !== 'lstm' && kind !== 'gru' && kind !== 'transformer') throw new ValidationError('--model', kind, 'lstm, gru or transformer');
  const target = o.target as TargetKind;
  if (target !== 'return' && target !== 'direction') throw new ValidationError('--target', o.target, 'return or direction');
  const base = defaultModelConfig(kind);
  const model: ModelConfig = {
    ...base,
    layers: o.layers === undefined ? base.layers : int('layers', o.layers, 1, 16),
    units: o.units === undefined ? base.units : int('units', o.units, 1, 4096),
    heads: o.heads === undefined ? base.heads : int('heads', o.heads, 1, 64),
    feedForward: o.units === undefined ? base.feedForward : 2 * int('units', o.units, 1, 4096),
    dropout: num('dropout', o.dropout, 0, 0.89),
  };
  let features = DEFAULT_FEATURE_SPEC;
  if (o.features !== undefined) {
    const names = o.features.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const n of names) if (!FEATURE_NAMES.includes(n as FeatureName)) throw new ValidationError('--features', n, `a comma list of ${FEATURE_NAMES.join(', ')}`);
    features = { ...DEFAULT_FEATURE_SPEC, features: names as FeatureName[] };
  }
  const backend = await initBackend(o.backend as NeuralBackendPreference);
  const series = loadSeries(o.data, o.symbol);
  const window = int('window', o.window, 1, 4096);
  const horizon = int('horizon', o.horizon, 1, 10_000);
  const folds = int('walk-forward', o.walkForward, 0, 50);
  const progress = o.json !== true && o.progress !== false;
  const log = (line: string): void => {
    if (o.json !== true) process.stdout.write(`${line}\n`);
  };
  const common = {
    model,
    window,
    horizon,
    target,
    features,
    seed: int('seed', o.seed, 0, 2 ** 31 - 1),
    embargo: int('embargo', o.embargo, 0, 100_000),
    training: {
      epochs: int('epochs', o.epochs, 1, 10_000),
      batchSize: int('batch-size', o.batchSize, 1, 65_536),
      learningRate: num('lr', o.lr, 1e-7, 1),
      patience: int('patience', o.patience, 1, 10_000),
    },
    now: () => performance.now(),
  } as const;
  log(`backend: ${backend} | data: ${o.data} (${series.length} bars, ${series.symbol} ${series.timeframe}) | model: ${kind} ${model.layers}x${model.units} | window ${window} | horizon ${horizon} | target ${target}`);
  const result: Record<string, unknown> = { backend, data: o.data, bars: series.length, model, window, horizon, target };
  if (folds > 0) {
    const wf = await walkForward(series, {
      ...common,
      folds,
      testFraction: num('test-fraction', o.testFraction, 0.01, 0.9),
      onFold: (f) => log(`walk-forward fold ${f.fold + 1}/${folds}: trained on ${f.train.end - f.train.start} windows, best epoch ${f.history.bestEpoch}, ${f.history.windowsPerSecond.toFixed(0)} windows/s`),
      training: { ...common.training, ...bar('fold') },
    });
    for (const l of reportLines(`walk-forward evaluation, ${folds} folds, expanding window`, wf.report)) log(l);
    result['walkForward'] = wf.report;
  }
  const b = trainingBar('train', progress);
  const trained = await trainForecaster(series, {
    ...common,
    testFraction: num('test-fraction', o.testFraction, 0, 0.9),
    training: { ...common.training, onProgress: b.onProgress },
  }).finally(() => b.stop());
  const h = trained.history;
  log(
    `trained ${h.loss.length} epochs (best ${h.bestEpoch}, val loss ${h.bestValLoss.toFixed(5)}${h.stoppedEarly ? ', stopped early' : ''}) at ${h.windowsPerSecond.toFixed(0)} windows/s on ${trained.backend}`,
  );
  if (trained.evaluation !== undefined) for (const l of reportLines('held-out test evaluation', trained.evaluation)) log(l);
  mkdirSync(o.out, { recursive: true });
  await saveForecaster(trained.forecaster, o.out);
  result['history'] = h;
  result['evaluation'] = trained.evaluation;
  result['out'] = o.out;
  await writeFileAtomic(path.join(o.out, 'evaluation.json'), (write) => write(`${JSON.stringify(result, null, 2)}\n`));
  log(`saved model to ${o.out} (lookback ${trained.forecaster.lookback} bars)`);
  if (o.json === true) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  trained.forecaster.dispose();

  function bar(label: string): { onProgress?: (p: TrainingProgress) => void } {
    if (!progress || !process.stderr.isTTY) return {};
    let current: ReturnType<typeof trainingBar> | undefined;
    return {
      onProgress(p) {
        current ??= trainingBar(label, true);
        current.onProgress(p);
        if (p.phase === 'epoch' && p.epoch === p.epochs) {
          current.stop();
          current = undefined;
        }
      },
    };
  }
}

interface ForecastCli {
  readonly model: string;
  readonly data: string;
  readonly symbol?: string;
  readonly last: string;
  readonly backend: string;
  readonly json?: boolean;
}

async function runForecast(o: ForecastCli): Promise<void> {
  const { initBackend, loadForecaster } = await neural();
  const backend = await initBackend(o.backend as NeuralBackendPreference);
  const forecaster = await loadForecaster(o.model);
  const series = loadSeries(o.data, o.symbol);
  if (series.length < forecaster.lookback) {
    throw new ValidationError('--data', `${series.length} bars`, `at least the model's lookback of ${forecaster.lookback} bars`);
  }
  const last = int('last', o.last, 1, series.length);
  // Only the requested windows go through the network (features are computed once over the file).
  const ends: number[] = [];
  for (let i = Math.max(forecaster.lookback - 1, series.length - last); i < series.length; i++) ends.push(i);
  const values = forecaster.forecastAt(series, ends);
  const rows = ends.map((i, k) => ({ time: new Date(series.openTime[i]!).toISOString(), close: series.close[i]!, ...forecaster.makeForecast(values[k]!) }));
  if (o.json === true) {
    process.stdout.write(`${JSON.stringify({ backend, model: o.model, kind: forecaster.spec.model.kind, target: forecaster.spec.target, forecasts: rows }, null, 2)}\n`);
  } else {
    const unit = forecaster.spec.target === 'direction' ? 'value = 2p(up) - 1' : `value = predicted ${forecaster.horizon}-bar log return`;
    process.stdout.write(`backend: ${backend} | model: ${forecaster.name} (${o.model}) | ${unit}\n`);
    for (const r of rows) {
      const conf = r.confidence === undefined ? '' : ` confidence ${r.confidence.toFixed(3)}`;
      process.stdout.write(`${r.time} close ${r.close} -> ${r.value >= 0 ? '+' : ''}${r.value.toExponential(3)} (${r.direction > 0 ? 'up' : r.direction < 0 ? 'down' : 'flat'})${conf}\n`);
    }
  }
  forecaster.dispose();
}

/**
 * Registers `bot train` and `bot forecast` (TensorFlow.js forecasters from @bot/neural). Backtesting a trained model
 * is `bot backtest --strategy neural --param model=<dir>`.
 */
export function registerNeuralCommands(program: Command): void {
  program
    .command('train')
    .description('train an LSTM, GRU or Transformer forecaster on an OHLCV CSV, evaluate it honestly against naive baselines, save it')
    .requiredOption('--data <csv>', 'OHLCV CSV file')
    .option('--symbol <BASE/QUOTE>', 'symbol (default: from the file name)')
    .requiredOption('--model <kind>', 'lstm | gru | transformer')
    .requiredOption('--out <dir>', 'model directory to write (model.json, weights.bin, forecaster.json, evaluation.json)')
    .option('--window <bars>', 'bars per input window', '64')
    .option('--horizon <bars>', 'bars ahead to forecast', '1')
    .option('--epochs <n>', 'maximum epochs (early stopping on validation loss)', '30')
    .option('--target <kind>', 'return (regression of the h-bar log return) | direction (up probability)', 'return')
    .option('--seed <n>', 'seed of weights and shuffles (same seed + backend = same model)', '1')
    .option('--layers <n>', 'recurrent layers / encoder blocks (default 2)')
    .option('--units <n>', 'units per layer / transformer width (default 64)')
    .option('--heads <n>', 'attention heads (transformer, default 4)')
    .option('--dropout <rate>', 'dropout between layers', '0')
    .option('--batch-size <n>', 'mini-batch size', '64')
    .option('--lr <rate>', 'initial Adam learning rate (halved on plateau)', '0.001')
    .option('--patience <epochs>', 'early-stopping patience', '5')
    .option('--features <list>', 'comma list of features (default: every feature of @bot/neural DEFAULT_FEATURE_SPEC)')
    .option('--embargo <bars>', 'extra bars dropped after each purge gap', '0')
    .option('--test-fraction <f>', 'fraction of samples held out for the final test (and walk-forward test span)', '0.15')
    .option('--walk-forward <folds>', 'also run an expanding-window walk-forward evaluation with this many folds (0 = off)', '0')
    .option('--backend <name>', 'auto | wasm | cpu | tensorflow (needs @tensorflow/tfjs-node)', 'auto')
    .option('--json', 'print the result as JSON (no progress bar)')
    .option('--no-progress', 'no progress bar')
    .action(async (o: TrainCli) => runTrain(o));
  program
    .command('forecast')
    .description('forecast with a model written by `bot train` on the last bars of an OHLCV CSV')
    .requiredOption('--model <dir>', 'model directory')
    .requiredOption('--data <csv>', 'OHLCV CSV file')
    .option('--symbol <BASE/QUOTE>', 'symbol (default: from the file name)')
    .option('--last <n>', 'print the forecasts of the last n bars', '1')
    .option('--backend <name>', 'auto | wasm | cpu | tensorflow', 'auto')
    .option('--json', 'print JSON')
    .action(async (o: ForecastCli) => runForecast(o));
}
