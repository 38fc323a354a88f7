// Weight initialisers for `weights A -> B = init METHOD … [seed N]`.
// The generator is seeded with the seed and the layer-pair index (`stream`), so `seed 7` on two
// layer pairs gives two unrelated matrices. One draw per matrix entry in row-major order (bias column included), so a seed gives the
// same matrix whichever entries a file later overrides with explicit weight lines.
import type { InitMethod } from '../vocabulary';
import { Random } from './random';

export interface InitShape {
  /** Destination nodes (rows). */
  readonly rows: number;
  /** Source nodes, bias excluded. */
  readonly sources: number;
  /** Whether the last column is a bias. */
  readonly hasBias: boolean;
}

/**
 * - zeros: 0.
 * - uniform A B: U(A, B) for every entry, bias included.
 * - xavier (Glorot uniform): U(−l, l), l = √(6 / (fanIn + fanOut)); bias 0.
 * - he (He uniform): U(−l, l), l = √(6 / fanIn); bias 0.
 * - nguyen-widrow (as Encog): U(−0.5, 0.5), then each row's source weights rescaled to norm
 *   β = 0.7 · rows^(1/sources); bias U(−β, β).
 */
export function initialise(method: InitMethod, args: readonly number[], seed: number, shape: InitShape, stream = 0): Float64Array {
  const columns = shape.sources + (shape.hasBias ? 1 : 0);
  const values = new Float64Array(shape.rows * columns);
  if (method === 'zeros') return values;
  const random = new Random(seed, stream);
  const isBias = (c: number): boolean => shape.hasBias && c === shape.sources;
  const fanIn = Math.max(1, shape.sources);
  const draw = (low: number, high: number): void => {
    for (let r = 0; r < shape.rows; r++) {
      for (let c = 0; c < columns; c++) values[r * columns + c] = random.uniform(low, high);
    }
  };
  switch (method) {
    case 'uniform':
      draw(args[0], args[1]);
      return values;
    case 'xavier':
    case 'he': {
      const limit = method === 'xavier' ? Math.sqrt(6 / (fanIn + shape.rows)) : Math.sqrt(6 / fanIn);
      draw(-limit, limit);
      if (shape.hasBias) for (let r = 0; r < shape.rows; r++) values[r * columns + shape.sources] = 0;
      return values;
    }
    case 'nguyen-widrow': {
      draw(-0.5, 0.5);
      const beta = 0.7 * Math.pow(shape.rows, 1 / fanIn);
      for (let r = 0; r < shape.rows; r++) {
        let norm = 0;
        for (let c = 0; c < shape.sources; c++) norm += values[r * columns + c] ** 2;
        norm = Math.sqrt(norm);
        for (let c = 0; c < columns; c++) {
          const i = r * columns + c;
          if (isBias(c)) values[i] = beta * (2 * values[i]);
          else if (norm > 0) values[i] = (beta * values[i]) / norm;
        }
      }
      return values;
    }
  }
}

/** Numeric arguments each method takes. */
export function initArgumentCount(method: InitMethod): number {
  return method === 'uniform' ? 2 : 0;
}
