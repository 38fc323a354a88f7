// "What is a gradient?" as a picture: the error E as a function of one weight, every other
// weight held, with the tangent at the current value (slope ∂E/∂w) and the point where the
// next training step lands. Exact: the engine's own forward pass and loss, re-run only from
// the layer the weight feeds (the layers before it do not depend on it).
import { activate } from '../engine/activations';
import { conventionSign } from '../engine/compute';
import { batchGradients } from '../engine/gradcheck';
import { columns, createGradients, createWorkspace, forward, outputDelta, sampleGradients, type EngineSpec } from '../engine/kernel';
import type { SampleSet } from '../engine/spec';
import { weightNames } from '../model/lookup';
import { trainOptionsOf } from '../engine/train';
import { withoutMinusZero, type Explainer } from '../explain/derivation';
import type { Convention, TrainMethod } from '../vocabulary';

/**
 * E at each of `values` for weight `index` of layer pair `layer`, all other weights as in
 * `spec`: the loss of sample `sample` (0-based), or its sum over every sample with `'all'`
 * (the quantity whose gradient a full-batch update follows). At the weight's current value
 * the result is bit for bit the engine's E. `spec` is not changed.
 */
export function errorAlongWeight(spec: EngineSpec, data: SampleSet, sample: number | 'all', layer: number, index: number, values: ArrayLike<number>): Float64Array {
  const k = layer;
  if (k < 0 || k >= spec.weights.length) throw new RangeError(`no layer pair ${k}`);
  const cols = columns(spec, k);
  if (index < 0 || index >= spec.weights[k].length) throw new RangeError(`no weight ${index} in layer pair ${k}`);
  const row = Math.floor(index / cols);
  const column = index % cols;
  const current = spec.weights[k][index];
  // The layers from k + 1 on, as a network of their own whose first layer we fill in.
  const tail: EngineSpec = {
    sizes: spec.sizes.slice(k + 1),
    bias: spec.bias.slice(k + 1),
    activations: spec.activations.slice(k + 1),
    loss: spec.loss,
    weights: spec.weights.slice(k + 1),
    fixed: spec.fixed.slice(k + 1),
  };
  const ws = createWorkspace(spec);
  const tws = createWorkspace(tail);
  const n = tail.sizes[0];
  const activation = tail.activations[0];
  const errors = new Float64Array(values.length);
  const first = sample === 'all' ? 0 : sample;
  const end = sample === 'all' ? data.count : sample + 1;
  if (first < 0 || end > data.count) throw new RangeError(`sample ${first + 1} does not exist (the set has ${data.count})`);
  for (let s = first; s < end; s++) {
    forward(spec, ws, data.inputs, s * data.inputSize);
    const base = ws.net[k + 1];
    const source = column < spec.sizes[k] ? ws.out[k][column] : 1;
    for (let v = 0; v < values.length; v++) {
      const net = tws.net[0];
      net.set(base);
      // net_row is linear in the weight; at the current value this is exactly the engine's net.
      net[row] = base[row] + (values[v] - current) * source;
      activate(activation, net, tws.out[0], tws.fprime[0], n);
      // forward() takes layer 0 as given (it copies out[0] onto itself) and runs the rest.
      if (tail.sizes.length > 1) forward(tail, tws, tws.out[0]);
      errors[v] += outputDelta(tail, tws, data.targets, s * data.targetSize);
    }
  }
  return errors;
}

/** ∂E/∂w (calculus convention) of the same E: one sample's, or the sum over the set. */
function slopeAt(spec: EngineSpec, data: SampleSet, sample: number | 'all', layer: number, index: number): number {
  if (sample === 'all') return batchGradients(spec, data)[layer][index];
  const grads = createGradients(spec);
  sampleGradients(spec, createWorkspace(spec), grads, data.inputs, sample * data.inputSize, data.targets, sample * data.targetSize);
  return grads[layer][index];
}

export interface WeightCurveOptions {
  /** Half the width of the plotted interval around the current value (default: chosen from the value and the step). */
  readonly halfWidth?: number;
  /** Points on the curve (default 81, fewer when the set is large). */
  readonly points?: number;
  /** Work budget: about samples × points × multiply-adds per pass (default 4e7). */
  readonly budget?: number;
}

export interface WeightCurve {
  readonly layer: number;
  readonly index: number;
  readonly from: string;
  readonly to: string;
  /** `sample`: E of the active sample (online training); `set`: E summed over all samples (batch training). */
  readonly basis: 'sample' | 'set';
  readonly sample: number;
  readonly sampleCount: number;
  /** Samples per update of the file's trainer (1 = online; the set's size = full batch). */
  readonly batchSize: number;
  readonly method: TrainMethod;
  readonly convention: Convention;
  readonly value: number;
  readonly error: number;
  /** ∂E/∂w at the current value: the tangent's slope (calculus convention, whatever the file's). */
  readonly slope: number;
  /** The same gradient in the file's convention (heaton: −∂E/∂w). */
  readonly gradient: number;
  readonly fixed: boolean;
  /** Where the next step of the file's trainer takes this weight (none for a fixed weight). */
  readonly next?: { readonly value: number; readonly error: number; readonly deltaW: number; readonly formula: string };
  readonly halfWidth: number;
  readonly values: Float64Array;
  readonly errors: Float64Array;
}

/** Multiply-adds of one pass through the layers after pair `layer`. */
function tailCost(spec: EngineSpec, layer: number): number {
  let cost = spec.sizes[layer + 1];
  for (let k = layer + 1; k + 1 < spec.sizes.length; k++) cost += spec.weights[k].length;
  return cost;
}

/**
 * E along weight (layer, index) for the explainer's network, on the basis its trainer uses:
 * the active sample for online backprop (or a one-sample set), otherwise the whole set (as
 * `Explainer.nextUpdateAt` does, so the chart and the lenses agree on the next Δw).
 */
export function weightCurve(explainer: Explainer, layer: number, index: number, options: WeightCurveOptions = {}): WeightCurve {
  const { spec, data } = explainer;
  const next = explainer.nextUpdateAt(layer, index);
  const basis = next.basis === 'sample' ? 'sample' : 'set';
  const which = basis === 'sample' ? explainer.sample : 'all';
  const value = spec.weights[layer][index];
  const slope = slopeAt(spec, data, which, layer, index);
  const step = next.fixed ? 0 : next.deltaW;
  const halfWidth =
    options.halfWidth && options.halfWidth > 0 && Number.isFinite(options.halfWidth) ? options.halfWidth : Math.max(1, Math.abs(value) * 0.75, Math.abs(step) * 1.5);
  const passes = basis === 'sample' ? 1 : Math.max(1, data.count);
  const affordable = Math.floor((options.budget ?? 4e7) / (passes * Math.max(1, tailCost(spec, layer))));
  const points = Math.max(2, Math.min(options.points ?? 81, Math.max(21, affordable)));
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) values[i] = value - halfWidth + (2 * halfWidth * i) / (points - 1);
  // The curve, the current value and the next value in one pass over the data.
  const all = new Float64Array(points + 2);
  all.set(values);
  all[points] = value;
  all[points + 1] = value + step;
  const errors = errorAlongWeight(spec, data, which, layer, index, all);
  const names = weightNames(explainer.network, layer, index);
  const options_ = trainOptionsOf(explainer.network.train);
  return {
    layer,
    index,
    from: names.from,
    to: names.to,
    basis,
    sample: explainer.sample,
    sampleCount: data.count,
    batchSize: options_.method === 'rprop' || !options_.batchSize ? data.count : Math.min(options_.batchSize, data.count),
    method: next.method,
    convention: explainer.convention,
    value,
    error: errors[points],
    slope,
    gradient: withoutMinusZero(slope * conventionSign(explainer.convention)),
    fixed: next.fixed,
    next: next.fixed ? undefined : { value: value + step, error: errors[points + 1], deltaW: step, formula: next.formula },
    halfWidth,
    values,
    errors: errors.subarray(0, points),
  };
}

/** In words: which E the curve shows and why (for the chart's caption). */
export function describeBasis(curve: WeightCurve): string {
  const n = curve.sampleCount;
  if (curve.basis === 'sample') {
    return n === 1 ? 'E of the only sample' : `E of sample ${curve.sample + 1}: online training updates after each sample, so this is the curve its next step follows`;
  }
  const batches = curve.batchSize < n ? ` (training uses mini-batches of ${curve.batchSize}; the whole set shown here is what they estimate)` : '';
  return `E summed over all ${n} samples: ${curve.method === 'backprop' ? 'batch training' : curve.method} follows the gradient of this sum${batches}`;
}
