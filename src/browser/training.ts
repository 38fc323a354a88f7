// Training in a Web Worker for the web extension: the browser's counterpart of src/node/training.ts.
// The worker (train-worker.ts, dist/web/train-worker.js) runs the same TrainSession; progress and
// result come back as messages. Cancelling posts `cancel` (the worker stops after the current
// epoch and answers with the weights reached); a worker that does not answer within
// CANCEL_GRACE_MS is stopped with terminate(), and the run ends with no epochs kept.
import {
  maxEpochsOf,
  newTrainJob,
  notStarted,
  takeReply,
  type EngineSpec,
  type SampleSet,
  type TrainingHooks,
  type TrainOptions,
  type TrainReply,
  type TrainResult,
} from '../core';
import type { WorkerCommand } from './train-worker';

export const CANCEL_GRACE_MS = 3000;

// The little of the DOM's Worker used here (the repo's tsconfig has no DOM lib).
interface WebWorker {
  onmessage: ((event: { data: TrainReply }) => void) | null;
  onerror: ((event: { message?: string; preventDefault?(): void }) => void) | null;
  postMessage(message: WorkerCommand, transfer?: ArrayBuffer[]): void;
  terminate(): void;
}
declare const Worker: new (url: string) => WebWorker;

/**
 * `runTraining` for the web: each run starts a Web Worker from the URL `workerUrl()` gives
 * (dist/web/train-worker.js; see workerScriptUrl in extension.ts).
 */
export function webTraining(workerUrl: () => Promise<string>) {
  return async function runTraining(spec: EngineSpec, data: SampleSet, options: TrainOptions, hooks: TrainingHooks = {}): Promise<TrainResult> {
    const epochs = maxEpochsOf(options);
    if (hooks.signal?.aborted) return notStarted(spec);
    const url = await workerUrl();
    if (hooks.signal?.aborted) return notStarted(spec);
    const { job, transfer } = newTrainJob(spec, data, options, hooks);
    return new Promise<TrainResult>((resolve, reject) => {
      let worker: WebWorker;
      try {
        worker = new Worker(url);
      } catch (e) {
        reject(new Error(`the training worker could not start: ${e instanceof Error ? e.message : String(e)}`));
        return;
      }
      let settled = false;
      let grace: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        worker.postMessage({ type: 'cancel' });
        grace = setTimeout(() => finish(() => resolve(notStarted(spec))), CANCEL_GRACE_MS);
      };
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(grace);
        hooks.signal?.removeEventListener('abort', onAbort);
        worker.terminate();
        outcome();
      };
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = ({ data: reply }) =>
        takeReply(reply, epochs, hooks, () => settled, (o) => finish(() => ('result' in o ? resolve(o.result) : reject(o.error))));
      worker.onerror = (event) => {
        event.preventDefault?.();
        finish(() => reject(new Error(`the training worker failed: ${event.message ?? 'unknown error'}`)));
      };
      worker.postMessage({ type: 'start', job }, transfer);
    });
  };
}
