// How well a network does on a set of samples: mean loss, and for classification the accuracy
// and the confusion matrix; for regression the mean squared error and R². Forward passes only,
// in chunks through batch.ts (the same code training uses), so evaluating 10,000 test images
// costs about a third of one training pass over them.
//
// What counts as classification:
//   • more than one output and a softmax output layer, or every target one-hot → classes, the
//     prediction is the arg max of the outputs, the true class the arg max of the target;
//   • one sigmoid output → two classes, predicted 1 when out ≥ 0.5, true 1 when target ≥ 0.5;
//   • anything else is regression.
import { BATCH_CHUNK, batchForward, createBatchWorkspace, type BatchWorkspace } from './batch';
import { squaredError, type EngineSpec } from './kernel';
import type { SampleSet } from './spec';

export type Task = { readonly kind: 'classes'; readonly classes: number } | { readonly kind: 'binary' } | { readonly kind: 'regression' };

/** The task a network and its data pose (see the top of this file). */
export function taskOf(spec: EngineSpec, data?: SampleSet): Task {
  const layers = spec.sizes.length;
  const outputs = spec.sizes[layers - 1];
  const activation = spec.activations[layers - 1];
  if (outputs === 1) return activation === 'sigmoid' ? { kind: 'binary' } : { kind: 'regression' };
  if (activation === 'softmax') return { kind: 'classes', classes: outputs };
  if (data && data.count > 0 && allOneHot(data)) return { kind: 'classes', classes: outputs };
  return { kind: 'regression' };
}

function allOneHot(data: SampleSet): boolean {
  const t = data.targets;
  const n = data.targetSize;
  for (let s = 0; s < data.count; s++) {
    let ones = 0;
    for (let i = s * n; i < (s + 1) * n; i++) {
      if (t[i] === 1) ones++;
      else if (t[i] !== 0) return false;
    }
    if (ones !== 1) return false;
  }
  return true;
}

/** Number of classes of a classification task (2 for binary), 0 for regression. */
export function classCount(task: Task): number {
  return task.kind === 'classes' ? task.classes : task.kind === 'binary' ? 2 : 0;
}

/** Index of the largest value of a[offset … offset + n) (the first one on ties). */
function argmax(a: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let i = 1; i < n; i++) if (a[offset + i] > a[offset + best]) best = i;
  return best;
}

/** The class a row of outputs (or targets) stands for, and the output behind it (the confidence). */
export function classOf(task: Task, a: ArrayLike<number>, offset: number, n: number): { cls: number; confidence: number } {
  if (task.kind === 'binary') {
    const p = a[offset];
    return p >= 0.5 ? { cls: 1, confidence: p } : { cls: 0, confidence: 1 - p };
  }
  const cls = argmax(a, offset, n);
  return { cls, confidence: a[offset + cls] };
}

export interface Prediction {
  /** 0-based index into the set. */
  readonly sample: number;
  readonly actual: number;
  readonly predicted: number;
  /** The output of the predicted class (binary: out or 1 − out). */
  readonly confidence: number;
  readonly loss: number;
}

export interface Evaluation {
  readonly count: number;
  readonly task: Task;
  /** Mean of the loss E over the samples. */
  readonly loss: number;
  /** Heaton's MSE: mean of (ideal − out)² over all outputs and samples. */
  readonly mse: number;
  /** Share of samples classified right (classification only). */
  readonly accuracy?: number;
  /** classes × classes counts, row = true class, column = predicted class (classification only). */
  readonly confusion?: Uint32Array;
  /** Coefficient of determination over all outputs: 1 − SS_res / SS_tot (regression only; NaN when the targets are constant). */
  readonly r2?: number;
  /** Every misclassified sample, when asked for (`wrong: true`). */
  readonly wrong?: readonly Prediction[];
}

export interface EvaluateOptions {
  /** Collect the misclassified samples. */
  readonly wrong?: boolean;
  /** Reuse a workspace made by `createBatchWorkspace(spec, BATCH_CHUNK)` for the same shapes. */
  readonly workspace?: BatchWorkspace;
}

/** Measures `spec` (at its current weights) on every sample of `data`. */
export function evaluate(spec: EngineSpec, data: SampleSet, task: Task = taskOf(spec, data), options: EvaluateOptions = {}): Evaluation {
  const bw = options.workspace ?? createBatchWorkspace(spec, BATCH_CHUNK);
  const outputs = spec.sizes[spec.sizes.length - 1];
  const last = spec.sizes.length - 1;
  const classes = classCount(task);
  const confusion = classes > 0 ? new Uint32Array(classes * classes) : undefined;
  const wrong: Prediction[] | undefined = options.wrong ? [] : undefined;
  let loss = 0;
  let squared = 0;
  let right = 0;
  // R²: Σ t and Σ t² for SS_tot = Σ t² − (Σ t)²/n, over all outputs together.
  let sumT = 0;
  let sumT2 = 0;
  for (let start = 0; start < data.count; start += bw.capacity) {
    const m = Math.min(bw.capacity, data.count - start);
    batchForward(spec, bw, data.inputs, data.inputSize, data.targets, data.targetSize, undefined, start, m);
    const out = bw.out[last];
    for (let b = 0; b < m; b++) {
      const s = start + b;
      const e = bw.errors[b];
      loss += e;
      squared += squaredError(spec, bw.samples[b], data.targets, s * data.targetSize);
      if (confusion) {
        const actual = classOf(task, data.targets, s * data.targetSize, outputs).cls;
        const guess = classOf(task, out, b * outputs, outputs);
        confusion[actual * classes + guess.cls]++;
        if (actual === guess.cls) right++;
        else wrong?.push({ sample: s, actual, predicted: guess.cls, confidence: guess.confidence, loss: e });
      } else {
        for (let i = 0; i < outputs; i++) {
          const t = data.targets[s * data.targetSize + i];
          sumT += t;
          sumT2 += t * t;
        }
      }
    }
  }
  const n = Math.max(1, data.count);
  const result: { -readonly [K in keyof Evaluation]: Evaluation[K] } = { count: data.count, task, loss: loss / n, mse: squared / (n * outputs) };
  if (confusion) {
    result.accuracy = right / n;
    result.confusion = confusion;
  } else {
    const total = sumT2 - (sumT * sumT) / (n * outputs);
    result.r2 = total > 0 ? 1 - squared / total : NaN;
  }
  if (wrong) result.wrong = wrong;
  return result;
}
