/**
 * Worker-thread entry of the optimiser (built to dist/optimizeWorker.js). Receives the shared data once in
 * `workerData`, then evaluates parameter sets one message at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { builtInStrategies } from '@bot/strategies';
import { evaluateParams } from './evaluateParams.js';
import type { Objective } from './objective.js';
import type { ParamSet } from './paramSpace.js';
import type { RunSettingsSpec } from './runSettingsSpec.js';
import { type SharedSeries, fromSharedSeries } from './sharedSeries.js';
import { type StrategyRegistryLike, findStrategy } from './strategyRegistry.js';

interface Init {
  readonly data: readonly SharedSeries[];
  readonly strategy: string;
  readonly run: RunSettingsSpec;
  readonly objective: Objective;
}

const init = workerData as Init;
const data = init.data.map(fromSharedSeries);
const definition = findStrategy(builtInStrategies as unknown as StrategyRegistryLike, init.strategy);

parentPort?.on('message', (msg: { index: number; params: ParamSet }) => {
  try {
    const ev = evaluateParams(data, definition, msg.params, init.run, init.objective, msg.index);
    parentPort?.postMessage({ ok: true, evaluation: ev });
  } catch (error) {
    parentPort?.postMessage({ ok: false, index: msg.index, message: error instanceof Error ? error.message : String(error) });
  }
});
