// The numbers a reader gets by hand: worked examples round each hidden node's output to two
// decimals before using it. Heaton's XOR example does, which is why its δ(O1) reads 0.04518
// where the exact value is 0.04523. The explainer shows that figure beside the exact one.
import { activate } from '../engine/activations';
import { outputDelta, type EngineSpec, type Workspace, createWorkspace, backward } from '../engine/kernel';

/** Decimal places textbook worked examples keep. */
export const TEXTBOOK_PLACES = 2;

const round = (x: number, places: number): number => {
  const f = 10 ** places;
  return Math.round(x * f) / f;
};

/**
 * Forward and backward pass for one sample with every hidden layer's outputs rounded to
 * `places` decimals (f′ taken from the rounded output, as by hand); the output layer is not
 * rounded. Returns the workspace (δ in the calculus convention).
 */
export function roundedPass(spec: EngineSpec, inputs: ArrayLike<number>, inputOffset: number, targets: ArrayLike<number>, targetOffset: number, places = TEXTBOOK_PLACES): Workspace {
  const ws = createWorkspace(spec);
  const layers = spec.sizes.length;
  for (let i = 0; i < spec.sizes[0]; i++) {
    ws.net[0][i] = ws.out[0][i] = inputs[inputOffset + i];
    ws.fprime[0][i] = 1;
  }
  for (let k = 0; k + 1 < layers; k++) {
    const w = spec.weights[k];
    const n = spec.sizes[k];
    const cols = n + (spec.bias[k] ? 1 : 0);
    for (let r = 0; r < spec.sizes[k + 1]; r++) {
      let sum = spec.bias[k] ? w[r * cols + n] : 0;
      for (let c = 0; c < n; c++) sum += w[r * cols + c] * ws.out[k][c];
      ws.net[k + 1][r] = sum;
    }
    activate(spec.activations[k + 1], ws.net[k + 1], ws.out[k + 1], ws.fprime[k + 1], spec.sizes[k + 1]);
    if (k + 2 < layers && spec.activations[k + 1] === 'sigmoid') {
      // By hand: round out, then f′ = out·(1 − out) from the rounded out.
      for (let r = 0; r < spec.sizes[k + 1]; r++) {
        const o = round(ws.out[k + 1][r], places);
        ws.out[k + 1][r] = o;
        ws.fprime[k + 1][r] = o * (1 - o);
      }
    } else if (k + 2 < layers) {
      for (let r = 0; r < spec.sizes[k + 1]; r++) ws.out[k + 1][r] = round(ws.out[k + 1][r], places);
    }
  }
  outputDelta(spec, ws, targets, targetOffset);
  backward(spec, ws);
  return ws;
}
