// The numeric heart: forward pass, output δ, backward pass and gradient accumulation on
// contiguous Float64Arrays. Everything here is in the calculus convention
// (δ = ∂E/∂net, gradient = ∂E/∂w); the Heaton convention is a sign flip at presentation.
// Nothing here allocates: buffers live in a Workspace made once per network.
import type { Activation, Loss } from '../vocabulary';
import { activate } from './activations';

/** A network reduced to numbers: plain data, cheap to post to a worker thread. */
export interface EngineSpec {
  /** Ordinary (non-bias) node count per layer. */
  readonly sizes: readonly number[];
  /** Whether layer k has a bias node feeding layer k + 1. */
  readonly bias: readonly boolean[];
  readonly activations: readonly Activation[];
  readonly loss: Loss;
  /** weights[k]: rows = sizes[k + 1], columns = sizes[k] (+ 1 for the bias, last). Row-major. */
  readonly weights: readonly Float64Array[];
  /** 1 where a weight is fixed (never trained). */
  readonly fixed: readonly Uint8Array[];
}

export interface Workspace {
  readonly net: Float64Array[];
  readonly out: Float64Array[];
  readonly fprime: Float64Array[];
  /** δ = ∂E/∂net per node. */
  readonly delta: Float64Array[];
}

export function columns(spec: EngineSpec, k: number): number {
  return spec.sizes[k] + (spec.bias[k] ? 1 : 0);
}

export function createWorkspace(spec: EngineSpec): Workspace {
  const make = (): Float64Array[] => spec.sizes.map((n) => new Float64Array(n));
  return { net: make(), out: make(), fprime: make(), delta: make() };
}

export function createGradients(spec: EngineSpec): Float64Array[] {
  return spec.weights.map((w) => new Float64Array(w.length));
}

/** Forward pass for the sample whose inputs start at `offset` in `inputs`. */
export function forward(spec: EngineSpec, ws: Workspace, inputs: ArrayLike<number>, offset = 0): void {
  const n0 = spec.sizes[0];
  const net0 = ws.net[0];
  const out0 = ws.out[0];
  const fp0 = ws.fprime[0];
  for (let i = 0; i < n0; i++) {
    const x = inputs[offset + i];
    net0[i] = x;
    out0[i] = x;
    fp0[i] = 1;
  }
  const layers = spec.sizes.length;
  for (let k = 0; k + 1 < layers; k++) {
    const w = spec.weights[k];
    const src = ws.out[k];
    const n = spec.sizes[k];
    const cols = columns(spec, k);
    const rows = spec.sizes[k + 1];
    const net = ws.net[k + 1];
    const hasBias = spec.bias[k];
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      // Four independent accumulators keep the FPU pipelines busy.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let c = 0;
      for (; c + 3 < n; c += 4) {
        s0 += w[base + c] * src[c];
        s1 += w[base + c + 1] * src[c + 1];
        s2 += w[base + c + 2] * src[c + 2];
        s3 += w[base + c + 3] * src[c + 3];
      }
      for (; c < n; c++) s0 += w[base + c] * src[c];
      let sum = s0 + s1 + (s2 + s3);
      if (hasBias) sum += w[base + n];
      net[r] = sum;
    }
    activate(spec.activations[k + 1], net, ws.out[k + 1], ws.fprime[k + 1], rows);
  }
}

/** Whether the output layer uses the simplified δ = out − target (cross-entropy with sigmoid or softmax). */
export function simplifiedOutputDelta(spec: EngineSpec): boolean {
  const a = spec.activations[spec.activations.length - 1];
  return spec.loss === 'crossentropy' && (a === 'sigmoid' || a === 'softmax');
}

/**
 * Sets the output layer's δ for the targets at `offset` and returns E for this sample:
 * mse E = ½·Σ(t − o)²; crossentropy E = −Σ t·ln o (softmax) or −Σ [t·ln o + (1 − t)·ln(1 − o)].
 */
export function outputDelta(spec: EngineSpec, ws: Workspace, targets: ArrayLike<number>, offset = 0): number {
  const last = spec.sizes.length - 1;
  const n = spec.sizes[last];
  const out = ws.out[last];
  const fp = ws.fprime[last];
  const delta = ws.delta[last];
  let error = 0;
  if (spec.loss === 'mse') {
    for (let j = 0; j < n; j++) {
      const diff = out[j] - targets[offset + j];
      error += diff * diff;
      delta[j] = diff * fp[j];
    }
    return 0.5 * error;
  }
  const softmax = spec.activations[last] === 'softmax';
  const simplified = simplifiedOutputDelta(spec);
  // Softmax couples the outputs: ∂E/∂net_j = o_j·Σt − t_j, which is o_j − t_j when the targets sum to 1.
  let targetSum = 1;
  if (softmax) {
    targetSum = 0;
    for (let j = 0; j < n; j++) targetSum += targets[offset + j];
  }
  for (let j = 0; j < n; j++) {
    const o = out[j];
    const t = targets[offset + j];
    if (t !== 0) error -= t * Math.log(o);
    if (!softmax && t !== 1) error -= (1 - t) * Math.log(1 - o);
    // With sigmoid or softmax the f′ cancels.
    delta[j] = softmax ? o * targetSum - t : simplified ? o - t : ((o - t) / (o * (1 - o))) * fp[j];
  }
  return error;
}

/** Back-propagates δ from the output to the first hidden layer: δ_c = f′_c · Σ_r w_rc · δ_r. */
export function backward(spec: EngineSpec, ws: Workspace): void {
  for (let k = spec.sizes.length - 2; k >= 1; k--) {
    const w = spec.weights[k];
    const n = spec.sizes[k];
    const cols = columns(spec, k);
    const rows = spec.sizes[k + 1];
    const next = ws.delta[k + 1];
    const delta = ws.delta[k];
    delta.fill(0, 0, n);
    for (let r = 0; r < rows; r++) {
      const d = next[r];
      if (d === 0) continue;
      const base = r * cols;
      for (let c = 0; c < n; c++) delta[c] += w[base + c] * d;
    }
    const fp = ws.fprime[k];
    for (let c = 0; c < n; c++) delta[c] *= fp[c];
  }
}

/** grads[k][r, c] += δ_r(k + 1) · out_c(k); the bias column adds δ_r (the bias outputs 1). */
export function accumulateGradients(spec: EngineSpec, ws: Workspace, grads: Float64Array[]): void {
  for (let k = 0; k + 1 < spec.sizes.length; k++) {
    const g = grads[k];
    const n = spec.sizes[k];
    const cols = columns(spec, k);
    const rows = spec.sizes[k + 1];
    const src = ws.out[k];
    const delta = ws.delta[k + 1];
    const hasBias = spec.bias[k];
    for (let r = 0; r < rows; r++) {
      const d = delta[r];
      if (d === 0) continue;
      const base = r * cols;
      for (let c = 0; c < n; c++) g[base + c] += d * src[c];
      if (hasBias) g[base + n] += d;
    }
  }
}

/** One sample, start to end: forward, δ, gradients added to `grads`. Returns E. */
export function sampleGradients(
  spec: EngineSpec,
  ws: Workspace,
  grads: Float64Array[],
  inputs: ArrayLike<number>,
  inputOffset: number,
  targets: ArrayLike<number>,
  targetOffset: number,
): number {
  forward(spec, ws, inputs, inputOffset);
  const error = outputDelta(spec, ws, targets, targetOffset);
  backward(spec, ws);
  accumulateGradients(spec, ws, grads);
  return error;
}

/** Σ (t − o)² over the outputs of the last forward pass (for Heaton's MSE). */
export function squaredError(spec: EngineSpec, ws: Workspace, targets: ArrayLike<number>, offset = 0): number {
  const last = spec.sizes.length - 1;
  const out = ws.out[last];
  let sum = 0;
  for (let j = 0; j < spec.sizes[last]; j++) {
    const d = targets[offset + j] - out[j];
    sum += d * d;
  }
  return sum;
}
