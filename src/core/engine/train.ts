// Trainers: backprop (online / batch / mini-batch, momentum), iRPROP+ and Adam.
// All work in the calculus convention on the EngineSpec's own weight arrays; Heaton's form of
// backprop (Δw = η·g_heaton + α·Δw_prev with g_heaton = −∂E/∂w) is the same update.
// Nothing allocates per sample: buffers are made once per run.
import type { TrainMethod } from '../vocabulary';
import { Random } from '../model/random';
import { allFinite, BATCH_CHUNK, batchBackward, batchForward, createBatchWorkspace, type BatchWorkspace } from './batch';
import { createGradients, createWorkspace, sampleGradients, squaredError, type EngineSpec } from './kernel';
import type { SampleSet } from './spec';
import { MAX_HISTORY_POINTS } from '../limits';
import { classOf, evaluate, taskOf, type Task } from './metrics';
import { TRAIN_DEFAULTS, updateRule, type RuleState, type UpdateRule } from './update-rule';

export interface TrainOptions {
  readonly method: TrainMethod;
  readonly rate?: number;
  readonly momentum?: number;
  /** Samples per update: 1 = online, undefined/0 = the whole set. rprop always uses the whole set. */
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly until?: number;
  readonly seed?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Early stopping: stop once the validation loss has not improved for this many epochs, keeping the best epoch's weights. Needs `held.validation`. */
  readonly patience?: number;
}

/** Loss and accuracy on a held-out set after an epoch. */
export interface HeldOutError {
  readonly loss: number;
  /** Classification only. */
  readonly accuracy?: number;
}

export interface EpochError {
  /** Mean of the loss E over the samples. */
  readonly loss: number;
  /** Heaton's MSE: mean of (ideal − out)² over all outputs and samples. */
  readonly mse: number;
  /** Share of training samples classified right during the epoch's passes (classification only). */
  readonly accuracy?: number;
  /** On the test set at the end of the epoch (when there is one). */
  readonly test?: HeldOutError;
  /** On the validation set at the end of the epoch (when there is one). */
  readonly validation?: HeldOutError;
}

/** Held-out samples measured after every epoch and never trained on. */
export interface HeldOutSets {
  readonly test?: SampleSet;
  readonly validation?: SampleSet;
}

export interface Divergence {
  /** 1-based epoch. */
  readonly epoch: number;
  /** 0-based sample index being processed (the last of its batch). */
  readonly sample: number;
  /** What went non-finite first. */
  readonly what:
    | { readonly kind: 'weight'; readonly layer: number; readonly index: number }
    | { readonly kind: 'node'; readonly layer: number; readonly index: number }
    | { readonly kind: 'error' };
}

export type StopReason = 'epochs' | 'until' | 'diverged' | 'cancelled' | 'patience';

export interface TrainResult {
  readonly epochs: number;
  readonly stop: StopReason;
  /**
   * Error of each epoch, measured during that epoch's passes (as Encog reports it). At most
   * MAX_HISTORY_POINTS entries: a longer run keeps every k-th epoch (k doubling as needed), the
   * first and the last; `historyEpochs` says which epoch each entry belongs to.
   */
  readonly history: readonly EpochError[];
  /** 1-based epoch of each `history` entry (1, 2, 3, … until the history is thinned). */
  readonly historyEpochs: readonly number[];
  readonly weights: readonly Float64Array[];
  readonly divergence?: Divergence;
  /** With `patience`: the 1-based epoch whose weights were kept (the best validation loss). */
  readonly bestEpoch?: number;
}

export interface TrainHooks {
  /** Called after every epoch; return false to stop (cancel). */
  readonly onEpoch?: (epoch: number, error: EpochError) => boolean | void;
  /**
   * Asked between updates (every mini-batch, every sample when online, every chunk of a large
   * batch); true stops at once, mid-epoch, with the weights reached so far (`stop: 'cancelled'`,
   * the interrupted epoch not counted). Must be cheap: an Atomics.load of a shared flag.
   */
  readonly cancelled?: () => boolean;
}

/**
 * A bounded error history: every epoch until `max` points, then every 2nd, 4th, … epoch (the
 * stride doubles each time the points fill up), always with the first and the latest epoch.
 * The kept points are evenly spread, so the curve drawn from them keeps its shape.
 */
export class ErrorHistory {
  readonly points: EpochError[] = [];
  readonly epochs: number[] = [];
  private stride = 1;
  /** The last point is kept only because it is the latest (not on the stride). */
  private lastIsExtra = false;

  constructor(private readonly max = MAX_HISTORY_POINTS) {}

  add(epoch: number, error: EpochError): void {
    if (this.lastIsExtra) {
      this.points.pop();
      this.epochs.pop();
    }
    this.points.push(error);
    this.epochs.push(epoch);
    this.lastIsExtra = (epoch - 1) % this.stride !== 0;
    if (this.points.length >= this.max) this.thin();
  }

  private thin(): void {
    this.stride *= 2;
    const last = this.points.length - 1;
    let kept = 0;
    for (let i = 0; i <= last; i++) {
      if ((this.epochs[i] - 1) % this.stride !== 0 && i !== last) continue;
      this.points[kept] = this.points[i];
      this.epochs[kept] = this.epochs[i];
      kept++;
    }
    this.points.length = kept;
    this.epochs.length = kept;
    this.lastIsExtra = (this.epochs[kept - 1] - 1) % this.stride !== 0;
  }
}

/** TrainOptions from a file's `train` line. Without `online`/`batch`, backprop goes online (as the textbooks do) and adam uses the whole set. */
export function trainOptionsOf(settings: { method: TrainMethod; options: Readonly<Record<string, number | true>> }): TrainOptions {
  const o = settings.options;
  const num = (name: string): number | undefined => (typeof o[name] === 'number' ? (o[name] as number) : undefined);
  let batchSize: number | undefined;
  if (o.online === true) batchSize = 1;
  else if (typeof o.batch === 'number') batchSize = o.batch;
  else if (o.batch === true) batchSize = 0;
  else batchSize = settings.method === 'backprop' ? 1 : 0;
  return {
    method: settings.method,
    rate: num('rate'),
    momentum: num('momentum'),
    batchSize,
    epochs: num('epochs'),
    until: num('until'),
    seed: num('seed'),
    beta1: num('beta1'),
    beta2: num('beta2'),
    epsilon: num('epsilon'),
    patience: num('patience'),
  };
}

/** The most epochs a run of `options` goes through (its `epochs`, else the default). */
export function maxEpochsOf(options: Pick<TrainOptions, 'epochs'>): number {
  return options.epochs ?? TRAIN_DEFAULTS.epochs;
}

/** The stopping measure `until` compares with: MSE for mse files (Heaton/Encog), the mean loss otherwise. */
export function stoppingError(spec: EngineSpec, e: EpochError): number {
  return spec.loss === 'mse' ? e.mse : e.loss;
}

/** Trains `spec.weights` in place. */
/** The trainer's shuffle of the sample order (Fisher–Yates from the end), one per mini-batch epoch. */
function shuffleInPlace(order: Uint32Array, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextDouble() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/**
 * The samples of the trainer's next (first) update: all of them for full-batch training and
 * rprop, otherwise the first mini-batch of the first epoch's shuffled order — what the
 * explainer's "next Δw" sums over. `undefined` when that is the whole set.
 */
export function firstMiniBatch(data: SampleSet, options: TrainOptions): SampleSet | undefined {
  const whole = Math.max(1, data.count);
  const size = options.method === 'rprop' ? whole : Math.min(whole, options.batchSize && options.batchSize > 0 ? options.batchSize : whole);
  if (!(size > 1 && size < whole)) return undefined;
  const order = Uint32Array.from({ length: data.count }, (_, i) => i);
  shuffleInPlace(order, new Random(options.seed ?? 0));
  const { inputSize, targetSize } = data;
  const inputs = new Float64Array(size * inputSize);
  const targets = new Float64Array(size * targetSize);
  for (let b = 0; b < size; b++) {
    const s = order[b];
    inputs.set(data.inputs.subarray(s * inputSize, (s + 1) * inputSize), b * inputSize);
    targets.set(data.targets.subarray(s * targetSize, (s + 1) * targetSize), b * targetSize);
  }
  return { count: size, inputSize, targetSize, inputs, targets };
}

export function train(spec: EngineSpec, data: SampleSet, options: TrainOptions, hooks: TrainHooks = {}, held: HeldOutSets = {}): TrainResult {
  const epochs = trainEpochs(spec, data, options, hooks.cancelled, held);
  let next = epochs.next();
  while (!next.done) next = epochs.next(!hooks.onEpoch || hooks.onEpoch(next.value.epoch, next.value.error) !== false);
  return next.value;
}

/** One finished epoch, as `trainEpochs` yields it. */
export interface EpochDone {
  /** 1-based. */
  readonly epoch: number;
  readonly error: EpochError;
}

/**
 * Training one epoch at a time, for callers that must hand control back between epochs (a
 * browser Web Worker has to return to its event loop to hear a cancel message). Yields after
 * each epoch; pass `false` to `next()` to stop there with `stop: 'cancelled'`. `train()` is
 * this generator drained, so both give the same result bit for bit.
 */
export function trainEpochs(
  spec: EngineSpec,
  data: SampleSet,
  options: TrainOptions,
  cancelled?: () => boolean,
  held: HeldOutSets = {},
): Generator<EpochDone, TrainResult, boolean | undefined> {
  return new Trainer(spec, data, options, cancelled, held).run();
}

class Trainer {
  private readonly ws;
  /** Buffers of the batched path (batches of more than one sample), made on first use. */
  private bw?: BatchWorkspace;
  private readonly grads: Float64Array[];
  /** What the method does with the summed gradients, and its memory between updates. */
  private readonly rule: UpdateRule;
  private readonly state: RuleState;
  private readonly order: Uint32Array;
  private readonly random: Random;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private lastError = Infinity;
  /** Running sums of the current epoch: E over the samples so far, and Σ (t − o)² (Heaton's MSE). */
  private loss = 0;
  private squared = 0;
  /** Training samples classified right so far this epoch (classification only). */
  private right = 0;
  private readonly task: Task;
  private readonly classify: boolean;
  private readonly outputs: number;
  private evalWorkspace?: BatchWorkspace;

  constructor(
    private readonly spec: EngineSpec,
    private readonly data: SampleSet,
    private readonly options: TrainOptions,
    private readonly cancelled?: () => boolean,
    private readonly held: HeldOutSets = {},
  ) {
    this.task = taskOf(spec, data);
    this.classify = this.task.kind !== 'regression';
    this.outputs = spec.sizes[spec.sizes.length - 1];
    this.ws = createWorkspace(spec);
    this.grads = createGradients(spec);
    this.rule = updateRule(options.method, options);
    this.state = this.rule.createState(spec);
    this.order = Uint32Array.from({ length: data.count }, (_, i) => i);
    this.random = new Random(options.seed ?? 0);
    const whole = Math.max(1, data.count);
    this.batchSize = options.method === 'rprop' ? whole : Math.min(whole, options.batchSize && options.batchSize > 0 ? options.batchSize : whole);
    // Textbook online and full-batch training go in file order; mini-batches are shuffled.
    this.shuffle = this.batchSize > 1 && this.batchSize < whole;
  }

  *run(): Generator<EpochDone, TrainResult, boolean | undefined> {
    const epochs = maxEpochsOf(this.options);
    const history = new ErrorHistory();
    let done = 0;
    let stop: StopReason = 'epochs';
    let divergence: Divergence | undefined;
    const patience = this.held.validation && this.held.validation.count > 0 ? this.options.patience : undefined;
    let best: { epoch: number; loss: number; weights: Float64Array[] } | undefined;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const outcome = this.epoch(epoch);
      if ('cancelled' in outcome) {
        stop = 'cancelled';
        break;
      }
      if ('divergence' in outcome) {
        divergence = outcome.divergence;
        stop = 'diverged';
        break;
      }
      done = epoch;
      const error: EpochError = { ...outcome.error, ...this.heldOut() };
      history.add(epoch, error);
      if (patience !== undefined && error.validation) {
        if (!best || error.validation.loss < best.loss) {
          if (best) best.weights.forEach((w, k) => w.set(this.spec.weights[k]));
          best = { epoch, loss: error.validation.loss, weights: best?.weights ?? this.spec.weights.map((w) => Float64Array.from(w)) };
        }
      }
      if ((yield { epoch, error }) === false) {
        stop = 'cancelled';
        break;
      }
      if (this.options.until !== undefined && stoppingError(this.spec, outcome.error) <= this.options.until) {
        stop = 'until';
        break;
      }
      if (patience !== undefined && best && epoch - best.epoch >= patience) {
        stop = 'patience';
        break;
      }
    }
    // Early stopping keeps the weights of the best validation epoch.
    if (best && stop !== 'diverged') best.weights.forEach((w, k) => this.spec.weights[k].set(w));
    return { epochs: done, stop, history: history.points, historyEpochs: history.epochs, weights: this.spec.weights, divergence, ...(best ? { bestEpoch: best.epoch } : {}) };
  }

  /** Loss and accuracy on the held-out sets at the current weights (forward passes only). */
  private heldOut(): { test?: HeldOutError; validation?: HeldOutError } {
    const result: { test?: HeldOutError; validation?: HeldOutError } = {};
    for (const which of ['test', 'validation'] as const) {
      const set = this.held[which];
      if (!set || set.count === 0) continue;
      this.evalWorkspace ??= createBatchWorkspace(this.spec, BATCH_CHUNK);
      const e = evaluate(this.spec, set, this.task, { workspace: this.evalWorkspace });
      result[which] = e.accuracy === undefined ? { loss: e.loss } : { loss: e.loss, accuracy: e.accuracy };
    }
    return result;
  }

  private shuffleOrder(): void {
    shuffleInPlace(this.order, this.random);
  }

  private epoch(epoch: number): { error: EpochError } | { divergence: Divergence } | { cancelled: true } {
    const { spec, data, grads } = this;
    if (this.shuffle) this.shuffleOrder();
    this.loss = 0;
    this.squared = 0;
    this.right = 0;
    const count = data.count;
    for (let start = 0; start < count; start += this.batchSize) {
      if (this.cancelled?.()) return { cancelled: true };
      const end = Math.min(count, start + this.batchSize);
      for (const g of grads) g.fill(0);
      // Online training keeps the textbook's sample-by-sample path; batches go through batch.ts.
      const divergence = end - start > 1 ? this.batchPass(epoch, start, end) : this.samplePass(epoch, start, end);
      if (divergence === 'cancelled') return { cancelled: true };
      if (divergence) return { divergence };
      // iRPROP+ backtracks only when E (so far this epoch) rose above the last epoch's.
      this.rule.apply(spec, grads, this.state, this.loss / Math.max(1, count) > this.lastError);
      const bad = firstNonFinite(spec.weights);
      if (bad) return { divergence: { epoch, sample: this.order[end - 1], what: { kind: 'weight', ...bad } } };
    }
    const error: EpochError = { loss: this.loss / Math.max(1, count), mse: this.squared / Math.max(1, count * spec.sizes[spec.sizes.length - 1]) };
    if (this.classify) (error as { accuracy?: number }).accuracy = this.right / Math.max(1, count);
    this.lastError = error.loss;
    return { error };
  }

  /** Adds the gradients of samples order[start … end) to `grads`, one sample at a time; reports where E first went non-finite. */
  private samplePass(epoch: number, start: number, end: number): Divergence | undefined {
    const { spec, data, ws, grads } = this;
    for (let i = start; i < end; i++) {
      const s = this.order[i];
      const e = sampleGradients(spec, ws, grads, data.inputs, s * data.inputSize, data.targets, s * data.targetSize);
      if (!Number.isFinite(e)) return { epoch, sample: s, what: firstNonFiniteNode(ws.out) ?? { kind: 'error' } };
      this.loss += e;
      this.squared += squaredError(spec, ws, data.targets, s * data.targetSize);
      if (this.classify) this.count(ws.out[ws.out.length - 1], 0, s);
    }
    return undefined;
  }

  /** The same as samplePass, for up to BATCH_CHUNK samples at a time (batch.ts). */
  private batchPass(epoch: number, start: number, end: number): Divergence | 'cancelled' | undefined {
    const { spec, data, grads } = this;
    const bw = (this.bw ??= createBatchWorkspace(spec, Math.min(BATCH_CHUNK, this.batchSize)));
    for (let from = start; from < end; from += bw.capacity) {
      if (from > start && this.cancelled?.()) return 'cancelled';
      const m = Math.min(bw.capacity, end - from);
      const bad = batchForward(spec, bw, data.inputs, data.inputSize, data.targets, data.targetSize, this.order, from, m);
      // The first sample (in batch order) whose E is not finite, and its first non-finite node, as samplePass reports them.
      if (bad >= 0) return { epoch, sample: this.order[from + bad], what: firstNonFiniteNode(bw.samples[bad].out) ?? { kind: 'error' } };
      for (let b = 0; b < m; b++) {
        this.loss += bw.errors[b];
        this.squared += squaredError(spec, bw.samples[b], data.targets, this.order[from + b] * data.targetSize);
        if (this.classify) this.count(bw.out[bw.out.length - 1], b * this.outputs, this.order[from + b]);
      }
      batchBackward(spec, bw, grads, m);
    }
    return undefined;
  }

  /** Counts sample s as right when the outputs at `out[offset…]` name its target's class. */
  private count(out: Float64Array, offset: number, s: number): void {
    const n = this.outputs;
    if (classOf(this.task, out, offset, n).cls === classOf(this.task, this.data.targets, s * this.data.targetSize, n).cls) this.right++;
  }

}

function firstNonFiniteNode(out: readonly Float64Array[]): { kind: 'node'; layer: number; index: number } | undefined {
  for (let k = 0; k < out.length; k++) {
    for (let i = 0; i < out[k].length; i++) if (!Number.isFinite(out[k][i])) return { kind: 'node', layer: k, index: i };
  }
  return undefined;
}

function firstNonFinite(weights: readonly Float64Array[]): { layer: number; index: number } | undefined {
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (allFinite(w, w.length)) continue;
    for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i])) return { layer: k, index: i };
  }
  return undefined;
}
