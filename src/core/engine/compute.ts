// One sample through the network, with every number the explainer and the editor show,
// in the file's convention.
import type { Network } from '../model/network';
import type { Convention } from '../vocabulary';
import { createGradients, createWorkspace, sampleGradients, squaredError, type EngineSpec } from './kernel';
import { allSampleCount, sampleAt, toEngineSpec } from './spec';

export interface LayerValues {
  readonly net: Float64Array;
  readonly out: Float64Array;
  readonly fprime: Float64Array;
  /** δ in the result's convention: calculus ∂E/∂net, heaton −∂E/∂net. */
  readonly delta: Float64Array;
}

export interface SampleResult {
  readonly convention: Convention;
  readonly sample: number;
  /** E for this sample (the file's loss). */
  readonly error: number;
  /** Σ (ideal − out)² over the outputs. */
  readonly squaredError: number;
  readonly layers: readonly LayerValues[];
  /** Per layer pair, same layout as the weights: calculus ∂E/∂w, heaton −∂E/∂w. */
  readonly gradients: readonly Float64Array[];
}

/** Sign that turns calculus values into the convention's. */
export function conventionSign(convention: Convention): 1 | -1 {
  return convention === 'heaton' ? -1 : 1;
}

export function computeSampleWith(spec: EngineSpec, convention: Convention, inputs: ArrayLike<number>, targets: ArrayLike<number>, sample: number, inputOffset = 0, targetOffset = 0): SampleResult {
  const ws = createWorkspace(spec);
  const grads = createGradients(spec);
  const error = sampleGradients(spec, ws, grads, inputs, inputOffset, targets, targetOffset);
  const sign = conventionSign(convention);
  const flip = (a: Float64Array): Float64Array => (sign === 1 ? a : a.map((x) => (x === 0 ? 0 : -x)));
  return {
    convention,
    sample,
    error,
    squaredError: squaredError(spec, ws, targets, targetOffset),
    layers: spec.sizes.map((_, k) => ({ net: ws.net[k], out: ws.out[k], fprime: ws.fprime[k], delta: flip(ws.delta[k]) })),
    gradients: grads.map(flip),
  };
}

/** The forward and backward pass for sample `index` (0-based) of the network, in its convention. */
/** Index ≥ the number of training samples names a test (then validation) sample: see `sampleAt`. */
export function computeSample(network: Network, index: number, convention: Convention = network.convention): SampleResult {
  const sample = index >= 0 ? sampleAt(network, index) : undefined;
  if (!sample) throw new RangeError(`sample ${index + 1} does not exist (the file has ${allSampleCount(network)})`);
  return computeSampleWith(toEngineSpec(network), convention, sample.inputs, sample.targets, index);
}
