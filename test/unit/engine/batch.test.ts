// The batched path (batch.ts) against the per-sample path (kernel.ts): same E, δ and gradients
// up to the order of floating-point summation; chunking that changes nothing; the trainer on
// mini-batches against a per-sample reference trainer; bit-identical reruns; divergence reports.
import * as assert from 'node:assert/strict';
import { BATCH_CHUNK, batchBackward, batchForward, batchGradientsInto, createBatchWorkspace } from '../../../src/core/engine/batch';
import { batchGradients } from '../../../src/core/engine/gradcheck';
import { createGradients, createWorkspace, forward, sampleGradients, squaredError, type EngineSpec } from '../../../src/core/engine/kernel';
import type { SampleSet } from '../../../src/core/engine/spec';
import { train, type TrainOptions, type TrainResult } from '../../../src/core/engine/train';
import { Random } from '../../../src/core/model/random';
import type { Activation, Loss } from '../../../src/core/vocabulary';

/** The batched and per-sample results may differ by this much, relative (see `close`). */
const TOLERANCE = 1e-12;
const NETWORKS = 240;
const HIDDEN: readonly Activation[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyrelu', 'softmax'];

interface OutputKind {
  readonly activation: Activation;
  readonly loss: Loss;
}

/** Every output activation with mse; crossentropy with sigmoid, softmax and (outputs kept in (0, 1)) tanh and linear. */
const OUTPUT_KINDS: readonly OutputKind[] = [
  ...(['linear', 'sigmoid', 'tanh', 'relu', 'leakyrelu', 'softmax'] as const).map((activation) => ({ activation, loss: 'mse' as const })),
  { activation: 'sigmoid', loss: 'crossentropy' },
  { activation: 'softmax', loss: 'crossentropy' },
  { activation: 'tanh', loss: 'crossentropy' },
  { activation: 'linear', loss: 'crossentropy' },
];

interface Case {
  readonly spec: EngineSpec;
  readonly data: SampleSet;
  readonly label: string;
}

function int(random: Random, low: number, high: number): number {
  return low + Math.floor(random.nextDouble() * (high - low + 1));
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random.nextDouble() * list.length)];
}

function targetsFor(random: Random, kind: OutputKind, n: number): number[] {
  if (kind.loss === 'crossentropy' && kind.activation === 'softmax') {
    const u = random.nextDouble();
    const t = new Array<number>(n).fill(0);
    if (u < 0.4) t[int(random, 0, n - 1)] = 1;
    else if (u < 0.7) for (let i = 0; i < 8; i++) t[int(random, 0, n - 1)] += 1 / 8;
    // Targets that do not sum to 1 take the δ = o·Σt − t branch.
    else for (let i = 0; i < n; i++) t[i] = random.nextDouble();
    return t;
  }
  return Array.from({ length: n }, () => {
    if (kind.loss === 'crossentropy') {
      const u = random.nextDouble();
      return u < 0.3 ? 0 : u < 0.6 ? 1 : random.nextDouble();
    }
    return kind.activation === 'sigmoid' || kind.activation === 'softmax' ? random.nextDouble() : random.uniform(-1.5, 1.5);
  });
}

/** Whether a hidden relu/leakyrelu net lies so close to the kink that summation order could pick the other branch. */
function nearKink(spec: EngineSpec, data: SampleSet): boolean {
  const ws = createWorkspace(spec);
  for (let s = 0; s < data.count; s++) {
    forward(spec, ws, data.inputs, s * data.inputSize);
    for (let k = 1; k < spec.sizes.length; k++) {
      if (spec.activations[k] !== 'relu' && spec.activations[k] !== 'leakyrelu') continue;
      for (const x of ws.net[k]) if (x !== 0 && Math.abs(x) < 1e-9) return true;
    }
  }
  return false;
}

/** A random network: 2–4 layers of 1–20 nodes (so both the 8 × 4 tiles and their remainders run), count samples. */
function randomCase(random: Random, kind: OutputKind, count: number): Case {
  for (;;) {
    const layers = int(random, 2, 4);
    const sizes = Array.from({ length: layers }, () => (random.nextDouble() < 0.5 ? int(random, 1, 7) : int(random, 8, 20)));
    if (kind.activation === 'softmax') sizes[layers - 1] = Math.max(2, sizes[layers - 1]);
    // Crossentropy through tanh or linear needs outputs in (0, 1): sigmoid hidden layers, positive inputs and weights.
    const positive = kind.loss === 'crossentropy' && (kind.activation === 'tanh' || kind.activation === 'linear');
    const activations = sizes.map((_, k): Activation => (k === 0 ? 'linear' : k === layers - 1 ? kind.activation : positive ? 'sigmoid' : pick(random, HIDDEN)));
    const bias = sizes.map((_, k) => k < layers - 1 && random.nextDouble() < 0.6);
    const weights = sizes.slice(0, -1).map((n, k) => {
      const cols = n + (bias[k] ? 1 : 0);
      const limit = 1.7 / Math.sqrt(cols);
      return Float64Array.from({ length: sizes[k + 1] * cols }, () => (positive ? random.uniform(0.02, 0.9 / cols) : random.uniform(-limit, limit)));
    });
    const spec: EngineSpec = { sizes, bias, activations, loss: kind.loss, weights, fixed: weights.map((w) => new Uint8Array(w.length)) };
    const inputSize = sizes[0];
    const targetSize = sizes[layers - 1];
    const inputs = Float64Array.from({ length: count * inputSize }, () => (positive ? random.uniform(0.1, 1) : random.uniform(-2, 2)));
    const targets = new Float64Array(count * targetSize);
    for (let s = 0; s < count; s++) targets.set(targetsFor(random, kind, targetSize), s * targetSize);
    const data: SampleSet = { count, inputSize, targetSize, inputs, targets };
    if (nearKink(spec, data)) continue;
    const shape = sizes.map((n, k) => `${n}${k ? ' ' + activations[k] : ''}${bias[k] ? '+b' : ''}`).join(' → ');
    return { spec, data, label: `${shape} / ${kind.loss}, ${count} samples` };
  }
}

/**
 * Per-sample reference (kernel.ts): E, every node's out and δ, ∂E/∂w summed in sample order,
 * and for each of these its first-order rounding scale — how far it moves when every sum it is
 * made of is off by one unit in the last place of its terms' magnitudes. Differences in
 * summation order move a value by a few ε times its scale; where nothing cancels, the scale is
 * the value's own size and the comparison is a plain relative one.
 */
function perSample(spec: EngineSpec, data: SampleSet) {
  const layers = spec.sizes.length;
  const last = layers - 1;
  const ws = createWorkspace(spec);
  const grads = createGradients(spec);
  const gradScale = createGradients(spec);
  const errors: number[] = [];
  const errorScale: number[] = [];
  const outs: Float64Array[][] = [];
  const outScale: Float64Array[][] = [];
  const deltas: Float64Array[][] = [];
  const deltaScale: Float64Array[][] = [];
  const at = (k: number, r: number, c: number): number => spec.weights[k][r * (spec.sizes[k] + (spec.bias[k] ? 1 : 0)) + c];
  for (let s = 0; s < data.count; s++) {
    const e = sampleGradients(spec, ws, grads, data.inputs, s * data.inputSize, data.targets, s * data.targetSize);
    errors.push(e);
    const out = ws.out.map((a) => Float64Array.from(a));
    const delta = ws.delta.map((a) => Float64Array.from(a));
    const fp = ws.fprime;
    outs.push(out);
    deltas.push(delta);
    // out: Δout ≈ f′·Σ_c |w|·Δout_c + ε·Σ|w·out| — the scale of net times |f′| (softmax: o_i times the layer's largest).
    const os = out.map((a) => a.map(Math.abs));
    for (let k = 1; k < layers; k++) {
      const n = spec.sizes[k - 1];
      const netScale = spec.sizes.slice(k, k + 1).flatMap((rows) =>
        Array.from({ length: rows }, (_, r) => {
          let sum = spec.bias[k - 1] ? Math.abs(at(k - 1, r, n)) : 0;
          for (let c = 0; c < n; c++) sum += Math.abs(at(k - 1, r, c)) * os[k - 1][c];
          return sum;
        }),
      );
      const widest = Math.max(...netScale);
      for (let j = 0; j < spec.sizes[k]; j++) {
        const spread = spec.activations[k] === 'softmax' ? 2 * out[k][j] * widest : Math.abs(fp[k][j]) * netScale[j];
        os[k][j] = Math.max(Math.abs(out[k][j]), spread);
      }
    }
    outScale.push(os);
    /** |∂f′/∂out|: how f′ moves with its node's output (0 where f′ is constant). */
    const bend = (k: number, j: number): number => {
      const o = out[k][j];
      const a = spec.activations[k];
      return a === 'sigmoid' || a === 'softmax' ? Math.abs(1 - 2 * o) : a === 'tanh' ? 2 * Math.abs(o) : 0;
    };
    // Output δ and E: first-order change with the outputs.
    const t = (j: number): number => data.targets[s * data.targetSize + j];
    const ds = delta.map((a) => a.map(Math.abs));
    const act = spec.activations[last];
    let es = Math.abs(e);
    let targetSum = 0;
    for (let j = 0; j < spec.sizes[last]; j++) targetSum += t(j);
    for (let j = 0; j < spec.sizes[last]; j++) {
      const o = out[last][j];
      const d = o - t(j);
      const f = fp[last][j];
      if (spec.loss === 'mse') {
        ds[last][j] += os[last][j] * (Math.abs(f) + Math.abs(d) * bend(last, j));
        es += Math.abs(d) * os[last][j];
      } else {
        const q = o * (1 - o);
        if (act === 'sigmoid' || act === 'softmax') ds[last][j] += os[last][j] * Math.max(1, Math.abs(targetSum));
        else ds[last][j] += os[last][j] * ((Math.abs(f) / q) * (1 + (Math.abs(d) * Math.abs(1 - 2 * o)) / q) + (Math.abs(d) * bend(last, j)) / q);
        es += (Math.abs(t(j)) / o + (act === 'softmax' ? 0 : Math.abs(1 - t(j)) / (1 - o))) * os[last][j];
      }
    }
    errorScale.push(es);
    // Hidden δ_c = f′_c·Σ_r w_rc·δ_r: the terms' scales, plus the sum times f′'s own change.
    for (let k = last - 1; k >= 1; k--) {
      for (let c = 0; c < spec.sizes[k]; c++) {
        let terms = 0;
        let sum = 0;
        for (let r = 0; r < spec.sizes[k + 1]; r++) {
          terms += Math.abs(at(k, r, c)) * ds[k + 1][r];
          sum += at(k, r, c) * delta[k + 1][r];
        }
        ds[k][c] += Math.abs(fp[k][c]) * terms + Math.abs(sum) * bend(k, c) * os[k][c];
      }
    }
    deltaScale.push(ds);
    // ∂E/∂w_rc adds δ_r·out_c over the samples: Δ(δ·out) ≈ Δδ·|out| + |δ|·Δout.
    for (let k = 0; k + 1 < layers; k++) {
      const n = spec.sizes[k];
      const cols = n + (spec.bias[k] ? 1 : 0);
      for (let r = 0; r < spec.sizes[k + 1]; r++) {
        if (delta[k + 1][r] === 0 && ds[k + 1][r] === 0) continue;
        for (let c = 0; c < n; c++) gradScale[k][r * cols + c] += ds[k + 1][r] * Math.abs(out[k][c]) + Math.abs(delta[k + 1][r]) * os[k][c];
        if (spec.bias[k]) gradScale[k][r * cols + n] += ds[k + 1][r];
      }
    }
  }
  return { errors, errorScale, outs, outScale, deltas, deltaScale, grads, gradScale };
}

/** |a − b| ≤ TOLERANCE · max(|a|, |b|, scale): relative, where scale is the size of the terms summed (0 for a single value). */
function close(a: number, b: number, scale = 0): boolean {
  if (a === b) return true;
  return Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b), scale);
}

function assertClose(a: number, b: number, scale: number, what: string): void {
  assert.ok(close(a, b, scale), `${what}: batched ${a} vs per-sample ${b} (relative ${(Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), scale)).toExponential(2)})`);
}

/** The trainer's shuffled order for one epoch (Fisher–Yates driven by Random(seed)). */
function shuffled(count: number, seed: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  shuffle(order, new Random(seed));
  return order;
}

function shuffle(order: { [i: number]: number; length: number }, random: Random): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextDouble() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

function cloneSpec(spec: EngineSpec): EngineSpec {
  return { ...spec, weights: spec.weights.map((w) => Float64Array.from(w)), fixed: spec.fixed.map((f) => Uint8Array.from(f)) };
}

/**
 * The trainer as it was before batch.ts, for backprop (with momentum) and Adam: every batch one
 * sample at a time through kernel.ts's sampleGradients; the same shuffling and update formulas.
 */
function referenceTrain(spec: EngineSpec, data: SampleSet, options: TrainOptions): { history: { loss: number; mse: number }[] } {
  const count = data.count;
  const batchSize = Math.min(count, options.batchSize && options.batchSize > 0 ? options.batchSize : count);
  const shuffles = batchSize > 1 && batchSize < count;
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  const random = new Random(options.seed ?? 0);
  const ws = createWorkspace(spec);
  const grads = createGradients(spec);
  const a = createGradients(spec);
  const v = createGradients(spec);
  const outputs = spec.sizes[spec.sizes.length - 1];
  const history: { loss: number; mse: number }[] = [];
  let step = 0;
  for (let epoch = 0; epoch < (options.epochs ?? 1); epoch++) {
    if (shuffles) shuffle(order, random);
    let loss = 0;
    let squared = 0;
    for (let start = 0; start < count; start += batchSize) {
      for (const g of grads) g.fill(0);
      for (let i = start; i < Math.min(count, start + batchSize); i++) {
        const s = order[i];
        loss += sampleGradients(spec, ws, grads, data.inputs, s * data.inputSize, data.targets, s * data.targetSize);
        squared += squaredError(spec, ws, data.targets, s * data.targetSize);
      }
      step++;
      spec.weights.forEach((w, k) => {
        for (let i = 0; i < w.length; i++) {
          if (spec.fixed[k][i]) continue;
          const g = grads[k][i];
          if (options.method === 'backprop') {
            const dw = -(options.rate ?? 0.1) * g + (options.momentum ?? 0) * a[k][i];
            w[i] += dw;
            a[k][i] = dw;
          } else {
            const [beta1, beta2, epsilon] = [options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-8];
            a[k][i] = beta1 * a[k][i] + (1 - beta1) * g;
            v[k][i] = beta2 * v[k][i] + (1 - beta2) * g * g;
            w[i] -= ((options.rate ?? 0.001) * (a[k][i] / (1 - Math.pow(beta1, step)))) / (Math.sqrt(v[k][i] / (1 - Math.pow(beta2, step))) + epsilon);
          }
        }
      });
    }
    history.push({ loss: loss / count, mse: squared / (count * outputs) });
  }
  return { history };
}

describe('engine: batched kernel (batch.ts) against the per-sample path', function () {
  // 240 networks take about 6 s alone; a shared 2-core machine has stretched that past mocha's 20 s default.
  this.timeout(120000);
  it(`E, out, δ and ∂E/∂w agree to ${TOLERANCE} on ${NETWORKS} random networks (every activation, both losses, bias on/off, 1–70 samples)`, () => {
    const random = new Random(20261126);
    for (let i = 0; i < NETWORKS; i++) {
      const kind = OUTPUT_KINDS[i % OUTPUT_KINDS.length];
      // Every count from 1 to 70 once per 70 networks: tile multiples and remainders, one chunk and several.
      const count = (i % 70) + 1;
      const { spec, data, label } = randomCase(random, kind, count);
      const ref = perSample(spec, data);
      const bw = createBatchWorkspace(spec, Math.min(BATCH_CHUNK, count));
      const grads = createGradients(spec);
      for (let from = 0; from < count; from += bw.capacity) {
        const m = Math.min(bw.capacity, count - from);
        assert.equal(batchForward(spec, bw, data.inputs, data.inputSize, data.targets, data.targetSize, undefined, from, m), -1, label);
        batchBackward(spec, bw, grads, m);
        for (let b = 0; b < m; b++) {
          const s = from + b;
          assertClose(bw.errors[b], ref.errors[s], ref.errorScale[s], `${label}: E of sample ${s}`);
          for (let k = 0; k < spec.sizes.length; k++) {
            for (let j = 0; j < spec.sizes[k]; j++) {
              assertClose(bw.samples[b].out[k][j], ref.outs[s][k][j], ref.outScale[s][k][j], `${label}: out of node ${j}, layer ${k}, sample ${s}`);
              if (k > 0) assertClose(bw.samples[b].delta[k][j], ref.deltas[s][k][j], ref.deltaScale[s][k][j], `${label}: δ of node ${j}, layer ${k}, sample ${s}`);
            }
          }
        }
      }
      grads.forEach((g, k) => {
        for (let j = 0; j < g.length; j++) assertClose(g[j], ref.grads[k][j], ref.gradScale[k][j], `${label}: ∂E/∂w ${j} of layer pair ${k}`);
      });
      // batchGradients (gradcheck.ts) is this same path.
      assert.deepEqual(batchGradients(spec, data), grads, label);
    }
  });

  it('the comparison can fail: one part in 10¹⁰ on a gradient or an E is noticed', () => {
    const random = new Random(3);
    for (const kind of OUTPUT_KINDS) {
      const { spec, data, label } = randomCase(random, kind, 9);
      const ref = perSample(spec, data);
      const k = ref.grads.length - 1;
      const largest = ref.grads[k].reduce((best, x, j) => (Math.abs(x) > Math.abs(ref.grads[k][best]) ? j : best), 0);
      const g = ref.grads[k][largest];
      assert.ok(close(g * (1 + 1e-13), g, ref.gradScale[k][largest]), label);
      assert.ok(!close(g * (1 + 1e-10), g, ref.gradScale[k][largest]), `${label}: gradient scale ${ref.gradScale[k][largest]} for ${g}`);
      const e = ref.errors[0];
      assert.ok(!close(e * (1 + 1e-10), e, ref.errorScale[0]), `${label}: E scale ${ref.errorScale[0]} for ${e}`);
    }
  });

  it('the chunk size changes nothing: capacities 1, 3, 8 and 64 give bit-identical E and gradients', () => {
    const random = new Random(7);
    for (let i = 0; i < 30; i++) {
      const { spec, data, label } = randomCase(random, OUTPUT_KINDS[i % OUTPUT_KINDS.length], int(random, 1, 70));
      const results = [1, 3, 8, 64].map((capacity) => {
        const grads = createGradients(spec);
        const bw = createBatchWorkspace(spec, capacity);
        const error = batchGradientsInto(spec, bw, grads, data.inputs, data.inputSize, data.targets, data.targetSize, undefined, 0, data.count);
        return { error, grads };
      });
      for (const r of results.slice(1)) assert.deepEqual(r, results[0], label);
    }
  });

  it('follows a sample order and takes part of it (order[start … start + count))', () => {
    const random = new Random(11);
    const { spec, data } = randomCase(random, { activation: 'softmax', loss: 'crossentropy' }, 40);
    const order = Uint32Array.from({ length: 40 }, (_, i) => (i * 17) % 40);
    const grads = createGradients(spec);
    const error = batchGradientsInto(spec, createBatchWorkspace(spec, 6), grads, data.inputs, data.inputSize, data.targets, data.targetSize, order, 5, 23);
    const ws = createWorkspace(spec);
    const expected = createGradients(spec);
    let expectedError = 0;
    for (let i = 5; i < 28; i++) {
      const s = order[i];
      expectedError += sampleGradients(spec, ws, expected, data.inputs, s * data.inputSize, data.targets, s * data.targetSize);
    }
    assertClose(error, expectedError, 0, 'ΣE');
    grads.forEach((g, k) => g.forEach((x, j) => assertClose(x, expected[k][j], Math.abs(expected[k][j]) + 1e-300, `gradient ${k}/${j}`)));
  });

  it('terms kernel.ts skips (δ = 0) stay skipped where they would multiply a non-finite number', () => {
    // x → h (linear) → 8 relu nodes → y (linear). A sample whose h overflows to ∞ drives every relu
    // to −∞ (out 0, f′ 0, δ 0) and keeps E finite; then δ·out = 0·∞ in the gradient of h → relu.
    // A −∞ weight behind a dead relu makes w·δ = −∞·0 in the backward pass. kernel.ts skips
    // every product with δ = 0, so both networks have finite gradients there.
    const network = (h: number, toRelu: number[], inputs: number[]): { spec: EngineSpec; data: SampleSet } => {
      const weights = [Float64Array.of(h), Float64Array.from(toRelu), Float64Array.from({ length: 8 }, (_, i) => 0.1 * (i + 1))];
      const spec: EngineSpec = { sizes: [1, 1, 8, 1], bias: [false, false, false, false], activations: ['linear', 'linear', 'relu', 'linear'], loss: 'mse', weights, fixed: weights.map((w) => new Uint8Array(w.length)) };
      const count = inputs.length;
      return { spec, data: { count, inputSize: 1, targetSize: 1, inputs: Float64Array.from(inputs), targets: Float64Array.from({ length: count }, (_, i) => i / 4) } };
    };
    const overflow = network(1e10, Array.from({ length: 8 }, (_, i) => -1e-10 * (i + 1)), [-1, -2, 1e300, -0.5, 3, -4]);
    const infiniteWeight = network(1, [Number.NEGATIVE_INFINITY, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [1, 2, 0.5, 3, 4]);
    for (const [name, { spec, data }] of Object.entries({ overflow, infiniteWeight })) {
      const ref = perSample(spec, data);
      assert.ok(ref.grads.every((g) => g.every(Number.isFinite)), `${name}: the per-sample path gives numbers`);
      assert.ok(ref.errors.every(Number.isFinite), name);
      const grads = batchGradients(spec, data);
      assert.ok(grads.every((g) => g.every(Number.isFinite)), `${name}: the batched path too`);
      grads.forEach((g, k) => g.forEach((x, j) => assertClose(x, ref.grads[k][j], 0, `${name}: gradient ${k}/${j}`)));
    }
  });

  it('reports the first sample of a batch whose E is not finite, and its first non-finite node, as the per-sample path does', () => {
    // 2 → 3 (linear) → 1 (linear); in samples 3 and 5, input 0 is 1e300 and hidden node 1 (weight 1e10) overflows.
    const spec: EngineSpec = {
      sizes: [2, 3, 1],
      bias: [true, false, false],
      activations: ['linear', 'linear', 'linear'],
      loss: 'mse',
      weights: [Float64Array.of(0.1, 0.2, 0, 1e10, 0.3, 0, -0.2, 0.1, 0), Float64Array.of(0.5, 0.5, 0.5)],
      fixed: [new Uint8Array(9), new Uint8Array(3)],
    };
    const inputs = Float64Array.from({ length: 16 }, (_, i) => (i % 2 ? 0.5 : 0.25));
    inputs[6] = 1e300;
    inputs[10] = 1e300;
    const data: SampleSet = { count: 8, inputSize: 2, targetSize: 1, inputs, targets: new Float64Array(8).fill(1) };
    const node = { kind: 'node', layer: 1, index: 1 } as const;
    // The whole set (batch 0 or 8) goes in file order; online is the per-sample path itself.
    for (const batchSize of [0, 8, 1]) {
      const result = train(cloneSpec(spec), data, { method: 'backprop', rate: 0, batchSize, epochs: 3 });
      assert.equal(result.stop, 'diverged');
      assert.deepEqual(result.divergence, { epoch: 1, sample: 3, what: node }, `batch ${batchSize}`);
      assert.equal(result.history.length, 0);
    }
    // Shuffled batches of 6: whichever of samples 3 and 5 comes first in the shuffled order.
    const order = shuffled(8, 4);
    const first = order.find((s) => s === 3 || s === 5);
    const result = train(cloneSpec(spec), data, { method: 'backprop', rate: 0, batchSize: 6, epochs: 3, seed: 4 });
    assert.deepEqual(result.divergence, { epoch: 1, sample: first, what: node });
  });

  it('reports a weight that goes non-finite in a batch update, with the last sample of that batch', () => {
    // y = w·x, w = 1e150: E = ½·1e300 per sample is finite, Σ ∂E/∂w = 4e150 times η = 1e160 is not.
    const spec = (): EngineSpec => ({ sizes: [1, 1], bias: [false, false], activations: ['linear', 'linear'], loss: 'mse', weights: [Float64Array.of(1e150)], fixed: [new Uint8Array(1)] });
    const data: SampleSet = { count: 4, inputSize: 1, targetSize: 1, inputs: new Float64Array(4).fill(1), targets: new Float64Array(4) };
    const weight = { kind: 'weight', layer: 0, index: 0 } as const;
    assert.deepEqual(train(spec(), data, { method: 'backprop', rate: 1e160, batchSize: 0 }).divergence, { epoch: 1, sample: 3, what: weight });
    assert.deepEqual(train(spec(), data, { method: 'backprop', rate: 1e160, batchSize: 1 }).divergence, { epoch: 1, sample: 0, what: weight });
  });
});

describe('engine: trainer on mini-batches (batched path)', () => {
  const kinds: readonly OutputKind[] = [
    { activation: 'softmax', loss: 'crossentropy' },
    { activation: 'sigmoid', loss: 'mse' },
    { activation: 'linear', loss: 'mse' },
  ];

  it('backprop with momentum and Adam match a per-sample reference trainer (shuffled batches of 7, the whole set)', () => {
    const random = new Random(99);
    for (let i = 0; i < 12; i++) {
      const { spec, data, label } = randomCase(random, kinds[i % kinds.length], 30 + i);
      for (const options of [
        { method: 'backprop', rate: 0.05, momentum: 0.6, batchSize: 7, epochs: 4, seed: i },
        { method: 'backprop', rate: 0.02, momentum: 0.3, batchSize: 0, epochs: 3 },
        { method: 'adam', rate: 0.01, batchSize: 7, epochs: 4, seed: i + 1 },
      ] satisfies TrainOptions[]) {
        const ours = cloneSpec(spec);
        const reference = cloneSpec(spec);
        const result = train(ours, data, options);
        const expected = referenceTrain(reference, data, options);
        const what = `${label}, ${options.method} batch ${options.batchSize}`;
        result.history.forEach((e, epoch) => {
          assertClose(e.loss, expected.history[epoch].loss, 0, `${what}: loss of epoch ${epoch + 1}`);
          assertClose(e.mse, expected.history[epoch].mse, 0, `${what}: mse of epoch ${epoch + 1}`);
        });
        // A few updates on top of rounding-level differences: relative to the largest weight of the matrix.
        ours.weights.forEach((w, k) => {
          const size = Math.max(...reference.weights[k].map(Math.abs));
          w.forEach((x, j) => assert.ok(Math.abs(x - reference.weights[k][j]) <= 1e-10 * size, `${what}: weight ${j} of layer pair ${k}: ${x} vs ${reference.weights[k][j]}`));
        });
      }
    }
  });

  it('online training (batches of one) is still the per-sample path, bit for bit', () => {
    const random = new Random(5);
    const { spec, data, label } = randomCase(random, { activation: 'tanh', loss: 'mse' }, 25);
    const ours = cloneSpec(spec);
    const reference = cloneSpec(spec);
    const options: TrainOptions = { method: 'backprop', rate: 0.05, momentum: 0.5, batchSize: 1, epochs: 3 };
    const result = train(ours, data, options);
    const expected = referenceTrain(reference, data, options);
    assert.deepEqual(result.history, expected.history, label);
    assert.deepEqual(ours.weights, reference.weights, label);
  });

  it('never changes fixed weights on the batched path', () => {
    const random = new Random(3);
    const { spec, data } = randomCase(random, { activation: 'sigmoid', loss: 'crossentropy' }, 20);
    const fixedSpec: EngineSpec = { ...spec, fixed: spec.weights.map((w) => Uint8Array.from({ length: w.length }, (_, j) => (j % 3 === 0 ? 1 : 0))) };
    for (const method of ['backprop', 'rprop', 'adam'] as const) {
      const trained = cloneSpec(fixedSpec);
      train(trained, data, { method, batchSize: 6, epochs: 5, seed: 1 });
      trained.weights.forEach((w, k) => w.forEach((x, j) => (j % 3 === 0 ? assert.equal(x, spec.weights[k][j], method) : undefined)));
      assert.ok(trained.weights.some((w, k) => w.some((x, j) => x !== spec.weights[k][j])), method);
    }
  });

  it('the same seed gives bit-identical training twice (backprop, rprop, adam; batches of 2, 7, 64, 70 and the whole set)', () => {
    const random = new Random(42);
    const { spec, data, label } = randomCase(random, { activation: 'softmax', loss: 'crossentropy' }, 150);
    const run = (options: TrainOptions): { result: TrainResult; weights: Float64Array[] } => {
      const copy = cloneSpec(spec);
      const result = train(copy, data, options);
      return { result, weights: copy.weights.map((w) => Float64Array.from(w)) };
    };
    for (const method of ['backprop', 'rprop', 'adam'] as const) {
      for (const batchSize of [2, 7, 64, 70, 0]) {
        const options: TrainOptions = { method, batchSize, epochs: 3, seed: 17, momentum: method === 'backprop' ? 0.5 : undefined };
        const a = run(options);
        const b = run(options);
        assert.deepEqual(a.result.history, b.result.history, `${label}: ${method} batch ${batchSize}`);
        assert.deepEqual(a.weights, b.weights, `${label}: ${method} batch ${batchSize}`);
        assert.equal(a.result.stop, 'epochs');
      }
    }
  });
});
