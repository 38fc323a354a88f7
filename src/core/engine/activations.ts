// Activation functions and their derivatives, applied to whole layers in place.
// f′ is computed from net (and out, where that is cheaper and exact: σ′ = σ(1 − σ)).
import type { Activation } from '../vocabulary';

/** Slope of leakyrelu for negative net. */
export const LEAKY_SLOPE = 0.01;

/** out ← f(net) and fprime ← f′(net) for `n` nodes. Softmax's fprime is the diagonal ∂out_j/∂net_j. */
export function activate(activation: Activation, net: Float64Array, out: Float64Array, fprime: Float64Array, n: number): void {
  switch (activation) {
    case 'linear':
      for (let i = 0; i < n; i++) {
        out[i] = net[i];
        fprime[i] = 1;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const o = 1 / (1 + Math.exp(-net[i]));
        out[i] = o;
        fprime[i] = o * (1 - o);
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const o = Math.tanh(net[i]);
        out[i] = o;
        fprime[i] = 1 - o * o;
      }
      return;
    case 'relu':
      for (let i = 0; i < n; i++) {
        const x = net[i];
        out[i] = x > 0 ? x : 0;
        fprime[i] = x > 0 ? 1 : 0;
      }
      return;
    case 'leakyrelu':
      for (let i = 0; i < n; i++) {
        const x = net[i];
        out[i] = x > 0 ? x : LEAKY_SLOPE * x;
        fprime[i] = x > 0 ? 1 : LEAKY_SLOPE;
      }
      return;
    case 'softmax': {
      let max = -Infinity;
      for (let i = 0; i < n; i++) if (net[i] > max) max = net[i];
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const e = Math.exp(net[i] - max);
        out[i] = e;
        sum += e;
      }
      for (let i = 0; i < n; i++) {
        const o = out[i] / sum;
        out[i] = o;
        fprime[i] = o * (1 - o);
      }
      return;
    }
  }
}

/** The formula of f and f′ in words the explainer shows. */
export const ACTIVATION_FORMULAS: Record<Activation, { f: string; fprime: string }> = {
  linear: { f: 'net', fprime: '1' },
  sigmoid: { f: '1 / (1 + e^(−net))', fprime: 'out · (1 − out)' },
  tanh: { f: 'tanh(net)', fprime: '1 − out²' },
  relu: { f: 'max(0, net)', fprime: '1 if net > 0, else 0' },
  leakyrelu: { f: `net if net > 0, else ${LEAKY_SLOPE}·net`, fprime: `1 if net > 0, else ${LEAKY_SLOPE}` },
  softmax: { f: 'e^(net_j) / Σ_k e^(net_k)', fprime: 'out · (1 − out) (diagonal of the Jacobian)' },
};
