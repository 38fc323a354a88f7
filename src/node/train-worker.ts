// The training worker thread started by `runTraining` (training.ts). It receives the network's
// numbers as `workerData`, runs the core's `train()`, posts progress at most every
// `progressIntervalMs` (and after the last epoch), then the result, whose buffers it transfers.
// Bundled on its own by esbuild.js as dist/train-worker.js; compiled by tsc to out/src/node/.
import { parentPort, workerData } from 'node:worker_threads';
import { train } from '../core/engine/train';
import type { TrainReply, TrainRequest } from './training';

function post(reply: TrainReply, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(reply, transfer);
}

function main(): void {
  const request = workerData as TrainRequest;
  const { spec, data, options, cancel, progressIntervalMs, snapshotIntervalMs } = request;
  let lastReport = -Infinity;
  let lastSnapshot = -Infinity;
  /** A copy of the weights being trained, at most every snapshotIntervalMs (none when negative). */
  const snapshot = (now: number): { weights?: Float64Array[] } => {
    if (snapshotIntervalMs < 0 || now - lastSnapshot < snapshotIntervalMs) return {};
    lastSnapshot = now;
    return { weights: spec.weights.map((w) => w.slice()) };
  };
  let lastEpoch = 0;
  let lastLoss = NaN;
  let lastMse = NaN;
  let reportedLast = true;
  const result = train(spec, data, options, {
    onEpoch(epoch, error) {
      lastEpoch = epoch;
      lastLoss = error.loss;
      lastMse = error.mse;
      reportedLast = false;
      const now = performance.now();
      if (now - lastReport >= progressIntervalMs) {
        lastReport = now;
        reportedLast = true;
        const copy = snapshot(now);
        post({ type: 'progress', epoch, loss: error.loss, mse: error.mse, ...copy }, copy.weights?.map((w) => w.buffer as ArrayBuffer) ?? []);
      }
      return Atomics.load(cancel, 0) === 0;
    },
  });
  if (!reportedLast) post({ type: 'progress', epoch: lastEpoch, loss: lastLoss, mse: lastMse });
  const loss = new Float64Array(result.history.length);
  const mse = new Float64Array(result.history.length);
  result.history.forEach((e, i) => {
    loss[i] = e.loss;
    mse[i] = e.mse;
  });
  const weights = result.weights.map((w) => (w.byteOffset === 0 && w.byteLength === w.buffer.byteLength ? w : w.slice()));
  post(
    { type: 'result', epochs: result.epochs, stop: result.stop, loss, mse, weights, divergence: result.divergence },
    [loss.buffer, mse.buffer, ...weights.map((w) => w.buffer as ArrayBuffer)],
  );
}

if (!parentPort) {
  process.stderr.write('train-worker.js is started by runTraining() in a worker thread, not run directly\n');
  process.exitCode = 2;
} else {
  try {
    main();
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined });
  }
}
