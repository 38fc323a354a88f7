// The network's output over the input plane, for networks with two inputs (XOR and friends):
// a grid of forward passes, cheap enough to redo whenever the weights change.
import { createWorkspace, forward, type EngineSpec } from '../engine/kernel';
import type { SampleSet } from '../engine/spec';

export interface PlaneBounds {
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
}

export interface OutputMapOptions extends PlaneBounds {
  /** Cells per side (default 48). */
  readonly resolution?: number;
  /** Which output node (default 0). */
  readonly output?: number;
}

export interface OutputMap extends PlaneBounds {
  readonly resolution: number;
  readonly output: number;
  /** resolution² outputs, row-major; row 0 is the top (largest y), column 0 the left (smallest x). Cell centres are sampled. */
  readonly values: Float64Array;
  readonly min: number;
  readonly max: number;
}

/** Whether the map applies: exactly two inputs. */
export function hasInputPlane(spec: EngineSpec): boolean {
  return spec.sizes[0] === 2;
}

/** The samples' extent with a margin (a quarter of the span, at least 0.25), so that every sample sits inside. */
export function planeBounds(data: SampleSet): PlaneBounds {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let s = 0; s < data.count; s++) {
    const x = data.inputs[s * data.inputSize];
    const y = data.inputs[s * data.inputSize + 1];
    if (Number.isFinite(x)) {
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
    }
    if (Number.isFinite(y)) {
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  const pad = (a: number, b: number): [number, number] => {
    if (!Number.isFinite(a)) return [-1, 1];
    const margin = Math.max(0.25, (b - a) / 4);
    return [a - margin, b + margin];
  };
  return { x: pad(x0, x1), y: pad(y0, y1) };
}

export function outputMap(spec: EngineSpec, options: OutputMapOptions): OutputMap {
  if (!hasInputPlane(spec)) throw new RangeError(`the input plane needs exactly two inputs (this network has ${spec.sizes[0]})`);
  const resolution = Math.max(2, Math.min(256, Math.floor(options.resolution ?? 48)));
  const last = spec.sizes.length - 1;
  const output = Math.max(0, Math.min(spec.sizes[last] - 1, Math.floor(options.output ?? 0)));
  const ws = createWorkspace(spec);
  const values = new Float64Array(resolution * resolution);
  const input = new Float64Array(2);
  const [x0, x1] = options.x;
  const [y0, y1] = options.y;
  let min = Infinity;
  let max = -Infinity;
  for (let row = 0; row < resolution; row++) {
    input[1] = y1 - ((row + 0.5) / resolution) * (y1 - y0);
    for (let col = 0; col < resolution; col++) {
      input[0] = x0 + ((col + 0.5) / resolution) * (x1 - x0);
      forward(spec, ws, input);
      const o = ws.out[last][output];
      values[row * resolution + col] = o;
      if (o < min) min = o;
      if (o > max) max = o;
    }
  }
  return { x: [x0, x1], y: [y0, y1], resolution, output, values, min, max };
}
