// The loop a training worker runs, shared by the Node worker thread (src/node/train-worker.ts)
// and the browser's Web Worker (src/browser/train-worker.ts): it trains with `trainEpochs`,
// posts progress at most every `progressIntervalMs` (and after the last epoch), optionally a
// copy of the weights for live pictures, then the result, whose buffers it transfers.
// Platform-neutral: the caller supplies `post` and decides how often to hand control back.
import type { EngineSpec } from './kernel';
import type { SampleSet } from './spec';
import { trainEpochs, type EpochDone, type EpochError, type HeldOutSets, type TrainOptions, type TrainResult } from './train';

/** What a worker is asked to do. Plain data: typed arrays, numbers, strings. */
export interface TrainJob {
  readonly spec: EngineSpec;
  readonly data: SampleSet;
  readonly options: TrainOptions;
  /** Test and validation samples, measured after every epoch, never trained on. */
  readonly held?: HeldOutSets;
  readonly progressIntervalMs: number;
  /** Negative: no weight snapshots. */
  readonly snapshotIntervalMs: number;
}

/** What the worker posts back. */
export type TrainReply =
  | { readonly type: 'progress'; readonly epoch: number; readonly error: EpochError; readonly weights?: Float64Array[] }
  | {
      readonly type: 'result';
      readonly epochs: number;
      readonly stop: TrainResult['stop'];
      /** History as two columns, so they can be transferred instead of copied. */
      readonly loss: Float64Array;
      readonly mse: Float64Array;
      /** 1-based epoch of each history entry. */
      readonly historyEpochs: Float64Array;
      /** Accuracy and held-out columns (NaN where there is none): see HISTORY_COLUMNS. */
      readonly extra: Float64Array[];
      readonly weights: Float64Array[];
      readonly divergence?: TrainResult['divergence'];
      readonly bestEpoch?: number;
    }
  | { readonly type: 'error'; readonly message: string; readonly stack?: string };

export type PostReply = (reply: TrainReply, transfer: ArrayBuffer[]) => void;

export class TrainSession {
  private readonly epochs;
  private started = false;
  private finished = false;
  private lastReport = -Infinity;
  private lastSnapshot = -Infinity;
  private last: EpochDone | undefined;
  private reportedLast = true;
  /** The `stop` of the current `run` call, also asked between updates inside an epoch. */
  private stop: () => boolean = () => false;

  constructor(
    private readonly job: TrainJob,
    private readonly post: PostReply,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.epochs = trainEpochs(job.spec, job.data, job.options, () => this.stop(), job.held ?? {});
  }

  /**
   * Trains until the run ends, `stop()` says so (checked after each epoch; the run then ends
   * with `stop: 'cancelled'`), or `budgetMs` has passed. Returns true once the result has
   * been posted; false when called again later it goes on where it left off.
   */
  run(stop: () => boolean, budgetMs = Infinity): boolean {
    if (this.finished) return true;
    this.stop = stop;
    const began = this.now();
    for (;;) {
      const next = this.started ? this.epochs.next(!stop()) : this.epochs.next();
      this.started = true;
      if (next.done) {
        this.finish(next.value);
        return true;
      }
      this.progress(next.value);
      if (this.now() - began >= budgetMs) return false;
    }
  }

  private progress(done: EpochDone): void {
    this.last = done;
    this.reportedLast = false;
    const now = this.now();
    if (now - this.lastReport < this.job.progressIntervalMs) return;
    this.lastReport = now;
    this.reportedLast = true;
    const weights = this.snapshot(now);
    this.post({ type: 'progress', epoch: done.epoch, error: done.error, ...(weights ? { weights } : {}) }, weights?.map((w) => w.buffer as ArrayBuffer) ?? []);
  }

  /** A copy of the weights being trained, at most every snapshotIntervalMs (none when negative). */
  private snapshot(now: number): Float64Array[] | undefined {
    if (this.job.snapshotIntervalMs < 0 || now - this.lastSnapshot < this.job.snapshotIntervalMs) return undefined;
    this.lastSnapshot = now;
    return this.job.spec.weights.map((w) => w.slice());
  }

  private finish(result: TrainResult): void {
    this.finished = true;
    const last = this.last;
    if (!this.reportedLast && last) this.post({ type: 'progress', epoch: last.epoch, error: last.error }, []);
    const loss = new Float64Array(result.history.length);
    const mse = new Float64Array(result.history.length);
    const historyEpochs = Float64Array.from(result.historyEpochs);
    result.history.forEach((e, i) => {
      loss[i] = e.loss;
      mse[i] = e.mse;
    });
    const weights = result.weights.map((w) => (w.byteOffset === 0 && w.byteLength === w.buffer.byteLength ? w : w.slice()));
    const extra = historyColumns(result.history);
    this.post(
      { type: 'result', epochs: result.epochs, stop: result.stop, loss, mse, historyEpochs, extra, weights, divergence: result.divergence, ...(result.bestEpoch ? { bestEpoch: result.bestEpoch } : {}) },
      [loss.buffer, mse.buffer, historyEpochs.buffer, ...extra.map((c) => c.buffer as ArrayBuffer), ...weights.map((w) => w.buffer as ArrayBuffer)],
    );
  }
}

/** The error reply for an exception thrown while training. */
export function errorReply(e: unknown): TrainReply {
  return { type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
}

/** The TrainResult a `result` reply carries (the host side's half of `finish`). */
export function resultOfReply(reply: Extract<TrainReply, { type: 'result' }>): TrainResult {
  const history = historyFromColumns(reply.loss, reply.mse, reply.extra);
  return {
    epochs: reply.epochs,
    stop: reply.stop,
    history,
    historyEpochs: Array.from(reply.historyEpochs),
    weights: reply.weights,
    divergence: reply.divergence,
    ...(reply.bestEpoch ? { bestEpoch: reply.bestEpoch } : {}),
  };
}

/** The optional per-epoch figures, as columns of a result (NaN where absent). */
const HISTORY_COLUMNS = [
  (e: EpochError) => e.accuracy,
  (e: EpochError) => e.test?.loss,
  (e: EpochError) => e.test?.accuracy,
  (e: EpochError) => e.validation?.loss,
  (e: EpochError) => e.validation?.accuracy,
] as const;

/** History → columns (worker side). */
function historyColumns(history: readonly EpochError[]): Float64Array[] {
  return HISTORY_COLUMNS.map((get) => Float64Array.from(history, (e) => get(e) ?? NaN));
}

/** Columns → history (host side). */
function historyFromColumns(loss: Float64Array, mse: Float64Array, extra: readonly Float64Array[] = []): EpochError[] {
  const history: EpochError[] = [];
  const at = (c: number, i: number): number | undefined => (extra[c] && !Number.isNaN(extra[c][i]) ? extra[c][i] : undefined);
  for (let i = 0; i < loss.length; i++) {
    const e: { -readonly [K in keyof EpochError]: EpochError[K] } = { loss: loss[i], mse: mse[i] };
    const accuracy = at(0, i);
    if (accuracy !== undefined) e.accuracy = accuracy;
    const testLoss = at(1, i);
    if (testLoss !== undefined) e.test = at(2, i) === undefined ? { loss: testLoss } : { loss: testLoss, accuracy: at(2, i) };
    const validationLoss = at(3, i);
    if (validationLoss !== undefined) e.validation = at(4, i) === undefined ? { loss: validationLoss } : { loss: validationLoss, accuracy: at(4, i) };
    history.push(e);
  }
  return history;
}

/** How often progress is posted unless asked otherwise. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 50;

/** Progress as a host reports it to its caller. */
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

/** What a caller of a host's `runTraining` (Node worker thread or browser Web Worker) may ask for. */
export interface TrainingHooks {
  /** Called at most every `progressIntervalMs`, and once more after the last epoch. */
  readonly onProgress?: (progress: TrainingProgress) => void;
  /** Aborting stops training between two updates (mid-epoch); the promise resolves with `stop: 'cancelled'`. */
  readonly signal?: AbortSignal;
  /** Minimum time between progress reports (default 50 ms). */
  readonly progressIntervalMs?: number;
  /** When set, progress reports carry a copy of the weights at most this often (for live pictures). */
  readonly weightSnapshotIntervalMs?: number;
}

/**
 * A job for a worker made of fresh copies of `spec`'s and `data`'s arrays (neither is changed),
 * with the buffers to transfer rather than copy again.
 */
export function newTrainJob(spec: EngineSpec, data: SampleSet, options: TrainOptions, hooks: TrainingHooks, held: HeldOutSets = {}): { job: TrainJob; transfer: ArrayBuffer[] } {
  const weights = spec.weights.map((w) => Float64Array.from(w));
  const fixed = spec.fixed.map((f) => Uint8Array.from(f));
  const inputs = Float64Array.from(data.inputs);
  const targets = Float64Array.from(data.targets);
  const heldCopy: { test?: SampleSet; validation?: SampleSet } = {};
  const heldBuffers: ArrayBuffer[] = [];
  for (const which of ['test', 'validation'] as const) {
    const set = held[which];
    if (!set || set.count === 0) continue;
    const copy = { count: set.count, inputSize: set.inputSize, targetSize: set.targetSize, inputs: Float64Array.from(set.inputs), targets: Float64Array.from(set.targets) };
    heldCopy[which] = copy;
    heldBuffers.push(copy.inputs.buffer as ArrayBuffer, copy.targets.buffer as ArrayBuffer);
  }
  const job: TrainJob = {
    spec: { sizes: [...spec.sizes], bias: [...spec.bias], activations: [...spec.activations], loss: spec.loss, weights, fixed },
    data: { count: data.count, inputSize: data.inputSize, targetSize: data.targetSize, inputs, targets },
    options: { ...options },
    held: heldCopy,
    progressIntervalMs: hooks.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS,
    snapshotIntervalMs: hooks.weightSnapshotIntervalMs ?? -1,
  };
  const transfer = [...weights.map((w) => w.buffer), ...fixed.map((f) => f.buffer), inputs.buffer, targets.buffer, ...heldBuffers] as ArrayBuffer[];
  return { job, transfer };
}

/**
 * The host's side of a worker's reply: progress goes to `hooks.onProgress` (unless the run has
 * `ended()`), the result or the error to `settle`.
 */
export function takeReply(reply: TrainReply, epochs: number, hooks: TrainingHooks, ended: () => boolean, settle: (outcome: { result: TrainResult } | { error: Error }) => void): void {
  switch (reply.type) {
    case 'progress':
      if (!ended()) hooks.onProgress?.({ epoch: reply.epoch, epochs, error: reply.error, ...(reply.weights ? { weights: reply.weights } : {}) });
      return;
    case 'result':
      settle({ result: resultOfReply(reply) });
      return;
    case 'error': {
      const error = new Error(reply.message);
      if (reply.stack) error.stack = reply.stack;
      settle({ error });
      return;
    }
  }
}

/** The result of a run cancelled before it began: no epochs, the weights unchanged. */
export function notStarted(spec: EngineSpec): TrainResult {
  return { epochs: 0, stop: 'cancelled', history: [], historyEpochs: [], weights: spec.weights.map((w) => Float64Array.from(w)) };
}
