// Training off the main thread: `runTraining` posts the network's numbers to a worker
// (train-worker.ts, bundled as dist/train-worker.js) that runs the core's `train()`, and
// reports throttled progress and the result. The CLI and the VS Code extension both use it,
// so a long run never freezes a terminal's Ctrl-C or the editor.
//
// Cancelling: the worker's event loop is busy while it trains, so a message could not reach
// it. The main thread sets a flag in a SharedArrayBuffer instead, which the worker reads after
// every epoch (`Atomics.load`); training then stops with `stop: 'cancelled'` and the weights
// reached so far.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineSpec } from '../core/engine/kernel';
import type { SampleSet } from '../core/engine/spec';
import { TRAIN_DEFAULTS, type EpochError, type TrainOptions, type TrainResult } from '../core/engine/train';

export interface TrainingProgress {
  /** Epochs done (1-based count). */
  readonly epoch: number;
  /** The most epochs the run will take (`options.epochs` or the default). */
  readonly epochs: number;
  /** Error of the latest epoch. */
  readonly error: EpochError;
  /** The weights after that epoch, when snapshots were asked for (`weightSnapshotIntervalMs`). */
  readonly weights?: readonly Float64Array[];
}

export interface TrainingHooks {
  /** Called at most every `progressIntervalMs`, and once more after the last epoch. */
  readonly onProgress?: (progress: TrainingProgress) => void;
  /** Aborting stops training after the current epoch; the promise resolves with `stop: 'cancelled'`. */
  readonly signal?: AbortSignal;
  /** Minimum time between progress reports (default 50 ms). */
  readonly progressIntervalMs?: number;
  /** When set, progress reports carry a copy of the weights at most this often (for live pictures). */
  readonly weightSnapshotIntervalMs?: number;
  /** The worker script; default `train-worker.js` beside this module (dist/ or out/src/node/). */
  readonly workerPath?: string;
}

/** What the main thread posts to the worker (as `workerData`). Plain data: typed arrays, numbers, strings. */
export interface TrainRequest {
  readonly spec: EngineSpec;
  readonly data: SampleSet;
  readonly options: TrainOptions;
  /** Int32Array over a SharedArrayBuffer: element 0 becomes 1 to cancel. */
  readonly cancel: Int32Array;
  readonly progressIntervalMs: number;
  /** Negative: no weight snapshots. */
  readonly snapshotIntervalMs: number;
}

/** What the worker posts back. */
export type TrainReply =
  | { readonly type: 'progress'; readonly epoch: number; readonly loss: number; readonly mse: number; readonly weights?: Float64Array[] }
  | {
      readonly type: 'result';
      readonly epochs: number;
      readonly stop: TrainResult['stop'];
      /** History as two columns, so they can be transferred instead of copied. */
      readonly loss: Float64Array;
      readonly mse: Float64Array;
      readonly weights: Float64Array[];
      readonly divergence?: TrainResult['divergence'];
    }
  | { readonly type: 'error'; readonly message: string; readonly stack?: string };

export const DEFAULT_PROGRESS_INTERVAL_MS = 50;

/** The worker script beside this module: dist/train-worker.js from the bundles, out/src/node/train-worker.js from compiled tests. */
export function defaultWorkerPath(): string {
  return path.join(__dirname, 'train-worker.js');
}

/**
 * Trains a copy of `spec`'s weights with `options` in a worker thread. Neither `spec` nor
 * `data` is changed. The result is the one `train(spec, data, options)` gives in-process,
 * bit for bit. Errors in the worker reject the promise with their message.
 */
export function runTraining(spec: EngineSpec, data: SampleSet, options: TrainOptions, hooks: TrainingHooks = {}): Promise<TrainResult> {
  const epochs = options.epochs ?? TRAIN_DEFAULTS.epochs;
  if (hooks.signal?.aborted) {
    return Promise.resolve({ epochs: 0, stop: 'cancelled', history: [], weights: spec.weights.map((w) => Float64Array.from(w)) });
  }
  const workerPath = hooks.workerPath ?? defaultWorkerPath();
  if (!fs.existsSync(workerPath)) {
    return Promise.reject(new Error(`the training worker is missing: ${workerPath} does not exist (build it with 'npm run build')`));
  }

  // Fresh copies, whose buffers are then moved to the worker rather than copied again.
  const weights = spec.weights.map((w) => Float64Array.from(w));
  const fixed = spec.fixed.map((f) => Uint8Array.from(f));
  const inputs = Float64Array.from(data.inputs);
  const targets = Float64Array.from(data.targets);
  const cancel = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const request: TrainRequest = {
    spec: { sizes: [...spec.sizes], bias: [...spec.bias], activations: [...spec.activations], loss: spec.loss, weights, fixed },
    data: { count: data.count, inputSize: data.inputSize, targetSize: data.targetSize, inputs, targets },
    options: { ...options },
    cancel,
    progressIntervalMs: hooks.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    snapshotIntervalMs: hooks.weightSnapshotIntervalMs ?? -1,
  };
  const transferList = [...weights.map((w) => w.buffer), ...fixed.map((f) => f.buffer), inputs.buffer, targets.buffer] as ArrayBuffer[];

  return new Promise<TrainResult>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerPath, { workerData: request, transferList });
    const onAbort = (): void => {
      Atomics.store(cancel, 0, 1);
    };
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      outcome();
      void worker.terminate();
    };
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: TrainReply) => {
      switch (reply.type) {
        case 'progress':
          if (!settled) hooks.onProgress?.({ epoch: reply.epoch, epochs, error: { loss: reply.loss, mse: reply.mse }, ...(reply.weights ? { weights: reply.weights } : {}) });
          return;
        case 'result': {
          const history: EpochError[] = [];
          for (let i = 0; i < reply.loss.length; i++) history.push({ loss: reply.loss[i], mse: reply.mse[i] });
          const result: TrainResult = { epochs: reply.epochs, stop: reply.stop, history, weights: reply.weights, divergence: reply.divergence };
          finish(() => resolve(result));
          return;
        }
        case 'error': {
          const error = new Error(reply.message);
          if (reply.stack) error.stack = reply.stack;
          finish(() => reject(error));
          return;
        }
      }
    });
    worker.on('error', (e) => finish(() => reject(e instanceof Error ? e : new Error(String(e)))));
    worker.on('exit', (code) => finish(() => reject(new Error(`the training worker stopped unexpectedly (exit code ${code})`))));
  });
}
