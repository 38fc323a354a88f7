// The training worker thread started by `runTraining` (training.ts). It receives the job as
// `workerData` and runs the core's TrainSession (the same loop as the browser's Web Worker,
// src/browser/train-worker.ts); cancelling is a flag in a SharedArrayBuffer read between updates.
// Bundled on its own by esbuild.js as dist/train-worker.js; compiled by tsc to out/src/node/.
import { parentPort, workerData } from 'node:worker_threads';
import { errorReply, TrainSession, type TrainReply } from '../core';
import type { TrainRequest } from './training';

function post(reply: TrainReply, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(reply, transfer);
}

if (!parentPort) {
  process.stderr.write('train-worker.js is started by runTraining() in a worker thread, not run directly\n');
  process.exitCode = 2;
} else {
  try {
    const { cancel, ...job } = workerData as TrainRequest;
    new TrainSession(job, post).run(() => Atomics.load(cancel, 0) !== 0);
  } catch (e) {
    post(errorReply(e));
  }
}
