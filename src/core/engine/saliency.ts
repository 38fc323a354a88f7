// The input gradient ∂E/∂x of one sample: backpropagation carried one layer further, to the
// inputs. With δ¹ the calculus δ of the first layer after the inputs,
//   ∂E/∂x_c = Σ_r w⁰[r][c] · δ¹[r]
// (the bias column has no input). For image inputs (a square number of them) this is the
// saliency map the graph panel draws over the picture: where a change of a pixel would change
// the error most.
import { columns, type EngineSpec } from './kernel';
import type { SampleResult } from './compute';

/** ∂E/∂x for every input node, in the calculus convention whatever the result's convention. */
export function inputGradient(spec: EngineSpec, result: SampleResult): Float64Array {
  const n = spec.sizes[0];
  const rows = spec.sizes[1];
  const w = spec.weights[0];
  const cols = columns(spec, 0);
  // Results in heaton's convention carry −δ.
  const sign = result.convention === 'heaton' ? -1 : 1;
  const delta = result.layers[1].delta;
  const g = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    const d = sign * delta[r];
    if (d === 0) continue;
    const row = r * cols;
    for (let c = 0; c < n; c++) g[c] += w[row + c] * d;
  }
  return g;
}

/** The side of a square image of `inputs` pixels (28 for 784), or undefined when it is not square (or under 4 pixels). */
export function imageSide(inputs: number): number | undefined {
  const side = Math.round(Math.sqrt(inputs));
  return side >= 2 && side * side === inputs ? side : undefined;
}
