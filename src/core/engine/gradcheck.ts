// Central finite differences against the analytic gradient: the independent check of backprop.
import { BATCH_CHUNK, batchGradientsInto, createBatchWorkspace } from './batch';
import { createGradients, createWorkspace, forward, outputDelta, type EngineSpec } from './kernel';
import type { SampleSet } from './spec';

/** Step of the central differences (E(w + h) − E(w − h)) / 2h. */
export const GRADCHECK_STEP = 1e-6;
/** A check fails when a weight's relative error exceeds this. */
export const GRADCHECK_THRESHOLD = 1e-5;
/**
 * Rounding makes E(w ± h) uncertain by a few ulps of E, so a central difference is only good to
 * about ε·E/h in absolute terms; gradients are compared to within RESOLUTION_FACTOR times that.
 */
export const RESOLUTION_FACTOR = 20;

/** The smallest gradient finite differences resolve to GRADCHECK_THRESHOLD at error E (at least 1e-8). */
export function resolutionFloor(error: number, h = GRADCHECK_STEP, threshold = GRADCHECK_THRESHOLD): number {
  return Math.max(1e-8, (RESOLUTION_FACTOR * Number.EPSILON * Math.abs(error)) / h / threshold);
}

export interface GradientCheckEntry {
  readonly layer: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  /** |analytic − numeric| / max(|analytic|, |numeric|, floor). */
  readonly relativeError: number;
}

/** E summed over the samples at the spec's current weights. */
export function totalError(spec: EngineSpec, data: SampleSet): number {
  const ws = createWorkspace(spec);
  let e = 0;
  for (let s = 0; s < data.count; s++) {
    forward(spec, ws, data.inputs, s * data.inputSize);
    e += outputDelta(spec, ws, data.targets, s * data.targetSize);
  }
  return e;
}

/**
 * Calculus gradients ∂E/∂w summed over the samples, in file order, through the batched path
 * (batch.ts) that the trainer uses for batches: the gradient of a full-batch step.
 */
export function batchGradients(spec: EngineSpec, data: SampleSet): Float64Array[] {
  const grads = createGradients(spec);
  if (data.count === 0) return grads;
  const bw = createBatchWorkspace(spec, Math.min(BATCH_CHUNK, data.count));
  batchGradientsInto(spec, bw, grads, data.inputs, data.inputSize, data.targets, data.targetSize, undefined, 0, data.count);
  return grads;
}

/**
 * Compares every weight's analytic gradient with (E(w + h) − E(w − h)) / 2h.
 * `floor` keeps relative errors of near-zero gradients meaningful.
 */
export function gradientCheck(spec: EngineSpec, data: SampleSet, h = 1e-6, floor = 1e-8, maxWeights?: number): GradientCheckEntry[] {
  const analytic = batchGradients(spec, data);
  const entries: GradientCheckEntry[] = [];
  const total = spec.weights.reduce((n, w) => n + w.length, 0);
  // With a limit, an evenly spread selection (every stride-th weight) keeps the cost bounded.
  const stride = maxWeights && total > maxWeights ? total / maxWeights : 1;
  let next = 0;
  let flat = 0;
  spec.weights.forEach((w, k) => {
    for (let i = 0; i < w.length; i++, flat++) {
      if (flat < next) continue;
      next += stride;
      const original = w[i];
      w[i] = original + h;
      const plus = totalError(spec, data);
      w[i] = original - h;
      const minus = totalError(spec, data);
      w[i] = original;
      const numeric = (plus - minus) / (2 * h);
      const a = analytic[k][i];
      const relativeError = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), floor);
      entries.push({ layer: k, index: i, analytic: a, numeric, relativeError });
    }
  });
  return entries;
}
