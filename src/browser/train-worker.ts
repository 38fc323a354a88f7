// The web extension's training Web Worker (bundled as dist/web/train-worker.js; started by
// training.ts). It runs the core's TrainSession, the same loop as the Node worker thread
// (src/node/train-worker.ts), in slices of SLICE_MS: between slices it returns to its event loop,
// so a `cancel` message is heard (no SharedArrayBuffer: vscode.dev is not cross-origin isolated).
import { errorReply, TrainSession, type TrainJob, type TrainReply } from '../core';

/** What the host posts to the worker. */
export type WorkerCommand = { readonly type: 'start'; readonly job: TrainJob } | { readonly type: 'cancel' };

/** Longest stretch of training between two looks at the message queue. */
export const SLICE_MS = 30;

// The little of a worker's global scope used here (the repo's tsconfig has no DOM/WebWorker lib).
interface MessagePortLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}
interface WorkerScope {
  onmessage: ((event: { data: WorkerCommand }) => void) | null;
  postMessage(message: TrainReply, transfer: ArrayBuffer[]): void;
}
declare const self: WorkerScope;
declare const MessageChannel: (new () => { port1: MessagePortLike; port2: MessagePortLike }) | undefined;

let cancelled = false;
let started = false;

function post(reply: TrainReply, transfer: ArrayBuffer[] = []): void {
  self.postMessage(reply, transfer);
}

/** Calls `fn` as a new task: a MessageChannel round trip (setTimeout would add ≥ 4 ms each time). */
function taskScheduler(): { schedule(fn: () => void): void; close(): void } {
  if (typeof MessageChannel !== 'function') return { schedule: (fn) => void setTimeout(fn, 0), close: () => {} };
  const channel = new MessageChannel();
  let next: (() => void) | undefined;
  channel.port1.onmessage = () => next?.();
  return {
    schedule(fn) {
      next = fn;
      channel.port2.postMessage(null);
    },
    close() {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

function start(job: TrainJob): void {
  const tasks = taskScheduler();
  let session: TrainSession;
  const slice = (): void => {
    try {
      session ??= new TrainSession(job, post);
      if (session.run(() => cancelled, SLICE_MS)) tasks.close();
      else tasks.schedule(slice);
    } catch (e) {
      tasks.close();
      post(errorReply(e));
    }
  };
  slice();
}

self.onmessage = ({ data }) => {
  if (data.type === 'cancel') cancelled = true;
  else if (data.type === 'start' && !started) {
    started = true;
    start(data.job);
  }
};
