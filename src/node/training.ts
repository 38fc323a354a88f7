// Training off the main thread: `runTraining` posts the network's numbers to a worker
// (train-worker.ts, bundled as dist/train-worker.js) that runs the core's TrainSession, and
// reports throttled progress and the result. The CLI and the VS Code extension both use it,
// so a long run never freezes a terminal's Ctrl-C or the editor.
//
// Cancelling: the worker's event loop is busy while it trains, so a message could not reach
// it. The main thread sets a flag in a SharedArrayBuffer instead, which the trainer reads
// between updates (every mini-batch, every sample when online; `Atomics.load`); training then
// stops mid-epoch with `stop: 'cancelled'` and the weights reached so far. Should the worker
// not answer within CANCEL_GRACE_MS, it is terminated and the run ends with the weights it was
// given. The worker is terminated whenever the run ends, however it ends.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_PROGRESS_INTERVAL_MS,
  maxEpochsOf,
  newTrainJob,
  notStarted,
  takeReply,
  type EngineSpec,
  type HeldOutSets,
  type SampleSet,
  type TrainingHooks as SharedTrainingHooks,
  type TrainingProgress,
  type TrainJob,
  type TrainOptions,
  type TrainReply,
  type TrainResult,
} from '../core';

/** Node's hooks: the shared ones, and where the worker script is. */
export interface TrainingHooks extends SharedTrainingHooks {
  /** The worker script; default `train-worker.js` beside this module (dist/ or out/src/node/). */
  readonly workerPath?: string;
}

/** What the main thread posts to the worker (as `workerData`): the job and the cancel flag. */
export interface TrainRequest extends TrainJob {
  /** Int32Array over a SharedArrayBuffer: element 0 becomes 1 to cancel. */
  readonly cancel: Int32Array;
}

export type { TrainReply, TrainingProgress };
export { DEFAULT_PROGRESS_INTERVAL_MS };

/** After a cancel, how long the worker may take to stop by itself before it is terminated. */
export const CANCEL_GRACE_MS = 1000;

/** The worker script beside this module: dist/train-worker.js from the bundles, out/src/node/train-worker.js from compiled tests. */
export function defaultWorkerPath(): string {
  return path.join(__dirname, 'train-worker.js');
}

/**
 * Trains a copy of `spec`'s weights with `options` in a worker thread. Neither `spec` nor
 * `data` is changed. The result is the one `train(spec, data, options)` gives in-process,
 * bit for bit. Errors in the worker reject the promise with their message.
 */
export function runTraining(spec: EngineSpec, data: SampleSet, options: TrainOptions, hooks: TrainingHooks = {}, held: HeldOutSets = {}): Promise<TrainResult> {
  const epochs = maxEpochsOf(options);
  if (hooks.signal?.aborted) return Promise.resolve(notStarted(spec));
  const workerPath = hooks.workerPath ?? defaultWorkerPath();
  if (!fs.existsSync(workerPath)) {
    return Promise.reject(new Error(`the training worker is missing: ${workerPath} does not exist (build it with 'npm run build')`));
  }

  // Fresh copies, whose buffers are then moved to the worker rather than copied again.
  const { job, transfer: transferList } = newTrainJob(spec, data, options, hooks, held);
  const cancel = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const request: TrainRequest = { ...job, cancel };

  return new Promise<TrainResult>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerPath, { workerData: request, transferList });
    let graceTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      Atomics.store(cancel, 0, 1);
      // A worker stuck in one long step still stops: terminated, with the weights it was given.
      graceTimer = setTimeout(() => finish(() => resolve(notStarted(spec))), CANCEL_GRACE_MS);
    };
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      if (graceTimer) clearTimeout(graceTimer);
      hooks.signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: TrainReply) =>
      takeReply(reply, epochs, hooks, () => settled, (o) => finish(() => ('result' in o ? resolve(o.result) : reject(o.error)))),
    );
    worker.on('error', (e) => finish(() => reject(e instanceof Error ? e : new Error(String(e)))));
    worker.on('exit', (code) => finish(() => reject(new Error(`the training worker stopped unexpectedly (exit code ${code})`))));
  });
}
