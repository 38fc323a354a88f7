// TensorFlow.js autograd as an independent oracle for the engine.
//
// Random networks (seeded; 2–4 layers counting input and output, 1–6 nodes per layer, random
// hidden activations, random bias flags, random float32-exact weights and samples) are built
// twice: once as an EngineSpec for our kernel, once as a graph of tf ops on the `cpu` backend
// (float32) with every definition written out as the engine documents it — leaky slope 0.01,
// mse E = ½·Σ(t − o)², binary crossentropy −Σ[t·ln o + (1 − t)·ln(1 − o)], categorical
// crossentropy −Σ t·ln(softmax), all summed over the samples. Autograd then gives
//   • ∂E/∂w for every weight (compared with `batchGradients`, summed over the samples), and
//   • ∂E/∂net for every node of every sample, by differentiating with respect to a zero tensor
//     added to each layer's net (compared with the per-sample δ of forward/outputDelta/backward),
// and the forward pass gives each node's out and each sample's E.
//
// Output kinds: sigmoid, linear, tanh, relu and leakyrelu with mse; sigmoid, softmax and tanh
// (outputs drawn inside (0, 1)) with crossentropy. Heaton's convention (δ and g with the sign
// flipped, computeSampleWith) is checked per sample against the same autograd.
//
// Trainers: `train()` with method adam on the whole batch (one update per epoch, gradients
// summed) against `tf.train.adam(rate, beta1, beta2, epsilon)` minimising the same summed loss,
// backprop with momentum (whole batch, and online in file order) against
// `tf.train.momentum(rate, momentum)`, mini-batches between 1 and N (shuffled per epoch with the
// seed) against the same optimizers, and rprop — TF.js has none — against iRPROP+ written out
// in this file from the paper over tf.js gradients; final weights and each epoch's loss are compared.
// TF.js's AdamOptimizer (tfjs-core 4.x, optimizers/adam_optimizer.ts) computes
//   m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t), w ← w − α · m̂ / (√v̂ + ε),
// i.e. Kingma & Ba's Algorithm 1 exactly — NOT the "ε̂" rearrangement of the paper's §2 that
// Python TensorFlow/Keras use (α_t = α·√(1 − β2^t)/(1 − β1^t), w ← w − α_t·m / (√v + ε̂)).
// So no correction is needed. One of the two Adam settings below uses ε = 0.1, comparable to
// √v̂, where the two forms differ by far more than the tolerance; a meta-test checks that the
// comparison does tell them apart.
//
// Float32 vs float64: weights, inputs and targets are rounded to float32 before either side
// sees them, so the only differences are TF's float32 arithmetic. Relu and leakyrelu kinks are
// avoided by resampling a network if any hidden |net| < 1e-3.
import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { backward, createWorkspace, forward, outputDelta, type EngineSpec } from '../../../src/core/engine/kernel';
import { batchGradients, totalError } from '../../../src/core/engine/gradcheck';
import { train, type TrainOptions } from '../../../src/core/engine/train';
import { computeSampleWith } from '../../../src/core/engine/compute';
import type { SampleSet } from '../../../src/core/engine/spec';
import { Random } from '../../../src/core/model/random';
import type { Activation, Loss } from '../../../src/core/vocabulary';

// ── tolerances ────────────────────────────────────────────────────────────────────────────
/** |ours − tf| ≤ REL · max(|ours|, |tf|) + ABS · scale, where scale is the largest magnitude in that family (≥ 1). */
const REL = 1e-4;
const ABS = 1e-5;
/** Hidden nets closer than this to a relu/leakyrelu kink make a network be drawn again. */
const KINK_MARGIN = 1e-3;

/** NNET_ORACLE_NETWORKS overrides (e.g. 2000 for a long bug hunt); NNET_ORACLE_SEED changes the draw. */
const NETWORKS_PER_OUTPUT_KIND = Number(process.env.NNET_ORACLE_NETWORKS) || 50;
const SEED = Number(process.env.NNET_ORACLE_SEED) || 20260401;
const TRAINER_NETWORKS = 10;

// ── random cases ──────────────────────────────────────────────────────────────────────────
interface OutputKind {
  readonly activation: Activation;
  readonly loss: Loss;
}

const OUTPUT_KINDS: readonly OutputKind[] = [
  { activation: 'sigmoid', loss: 'mse' },
  { activation: 'linear', loss: 'mse' },
  { activation: 'tanh', loss: 'mse' },
  { activation: 'sigmoid', loss: 'crossentropy' },
  { activation: 'softmax', loss: 'crossentropy' },
  // Drawn after the five above, so their networks stay the same.
  { activation: 'relu', loss: 'mse' },
  { activation: 'leakyrelu', loss: 'mse' },
  // Allowed with a warning (nnet/loss-activation); drawn so that every output lies in (0, 1).
  { activation: 'tanh', loss: 'crossentropy' },
];
/** The output kinds the trainers' networks cycle through (the first five, as before the list grew). */
const TRAINER_KINDS = OUTPUT_KINDS.slice(0, 5);
const ALL_HIDDEN: readonly Activation[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyrelu'];
const SMOOTH_HIDDEN: readonly Activation[] = ['linear', 'sigmoid', 'tanh'];

interface Case {
  readonly spec: EngineSpec;
  readonly data: SampleSet;
  readonly label: string;
}

const f32 = Math.fround;

function int(random: Random, low: number, high: number): number {
  return low + Math.floor(random.nextDouble() * (high - low + 1));
}

function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random.nextDouble() * list.length)];
}

function describeCase(spec: EngineSpec, count: number): string {
  const layers = spec.sizes.map((n, k) => {
    const act = k === 0 ? '' : ` ${spec.activations[k]}`;
    return `${n}${act}${spec.bias[k] ? '+b' : ''}`;
  });
  return `${layers.join(' → ')} / ${spec.loss}, ${count} sample${count === 1 ? '' : 's'}`;
}

function randomTargets(random: Random, kind: OutputKind, n: number): number[] {
  if (kind.loss === 'crossentropy' && kind.activation === 'softmax') {
    // One-hot or a distribution in eighths: float32-exact and summing to exactly 1.
    const t = new Array<number>(n).fill(0);
    if (random.nextDouble() < 0.5) t[int(random, 0, n - 1)] = 1;
    else for (let i = 0; i < 8; i++) t[int(random, 0, n - 1)] += 1 / 8;
    return t;
  }
  return Array.from({ length: n }, () => {
    if (kind.loss === 'crossentropy') {
      const u = random.nextDouble();
      return u < 0.3 ? 0 : u < 0.6 ? 1 : f32(random.nextDouble());
    }
    switch (kind.activation) {
      case 'sigmoid':
        return f32(random.uniform(0, 1));
      case 'tanh':
        return f32(random.uniform(-0.95, 0.95));
      default:
        return f32(random.uniform(-2, 2));
    }
  });
}

/** Smallest |net| over the relu/leakyrelu nodes (hidden and output) of every sample (Infinity if none). */
function kinkDistance(spec: EngineSpec, data: SampleSet): number {
  const ws = createWorkspace(spec);
  let min = Infinity;
  for (let s = 0; s < data.count; s++) {
    forward(spec, ws, data.inputs, s * data.inputSize);
    for (let k = 1; k < spec.sizes.length; k++) {
      if (spec.activations[k] !== 'relu' && spec.activations[k] !== 'leakyrelu') continue;
      for (const x of ws.net[k]) min = Math.min(min, Math.abs(x));
    }
  }
  return min;
}

/** Whether every output of every sample lies in (margin, 1 − margin) (tanh + crossentropy needs outputs a probability). */
function outputsInside(spec: EngineSpec, data: SampleSet, margin: number): boolean {
  const ws = createWorkspace(spec);
  for (let s = 0; s < data.count; s++) {
    forward(spec, ws, data.inputs, s * data.inputSize);
    for (const o of ws.out[spec.sizes.length - 1]) if (!(o > margin && o < 1 - margin)) return false;
  }
  return true;
}

function randomCase(random: Random, kind: OutputKind, hidden: readonly Activation[], samples?: { readonly min: number; readonly max: number }): Case {
  const tanhCrossEntropy = kind.activation === 'tanh' && kind.loss === 'crossentropy';
  for (;;) {
    const layerCount = int(random, 2, 4);
    const sizes = Array.from({ length: layerCount }, () => int(random, 1, 6));
    if (kind.activation === 'softmax') sizes[layerCount - 1] = int(random, 2, 6);
    // One or two outputs: a draw with every output of every sample above 0 is then common.
    if (tanhCrossEntropy) sizes[layerCount - 1] = int(random, 1, 2);
    const activations: Activation[] = sizes.map((_, k) => (k === 0 ? 'linear' : k === layerCount - 1 ? kind.activation : pick(random, hidden)));
    const bias = sizes.map((_, k) => k < layerCount - 1 && random.nextDouble() < 0.6);
    const weights = sizes.slice(0, -1).map((n, k) => {
      const cols = n + (bias[k] ? 1 : 0);
      const scale = 1.6 / Math.sqrt(cols);
      return Float64Array.from({ length: sizes[k + 1] * cols }, () => f32(random.uniform(-scale, scale)));
    });
    const spec: EngineSpec = {
      sizes,
      bias,
      activations,
      loss: kind.loss,
      weights,
      fixed: weights.map((w) => new Uint8Array(w.length)),
    };
    const count = int(random, samples?.min ?? 1, samples?.max ?? 5);
    const inputSize = sizes[0];
    const targetSize = sizes[layerCount - 1];
    const inputs = Float64Array.from({ length: count * inputSize }, () => f32(random.uniform(-2, 2)));
    const targets = new Float64Array(count * targetSize);
    for (let s = 0; s < count; s++) targets.set(randomTargets(random, kind, targetSize), s * targetSize);
    const data: SampleSet = { count, inputSize, targetSize, inputs, targets };
    if (kinkDistance(spec, data) < KINK_MARGIN) continue;
    if (tanhCrossEntropy && !outputsInside(spec, data, 0.02)) continue;
    return { spec, data, label: describeCase(spec, count) };
  }
}

// ── the TF.js side ────────────────────────────────────────────────────────────────────────
function tfActivation(activation: Activation, net: tf.Tensor2D, leakySlope: number): tf.Tensor2D {
  switch (activation) {
    case 'linear':
      return net;
    case 'sigmoid':
      return tf.sigmoid(net);
    case 'tanh':
      return tf.tanh(net);
    case 'relu':
      return tf.relu(net);
    case 'leakyrelu':
      return tf.leakyRelu(net, leakySlope);
    case 'softmax':
      return tf.softmax(net);
  }
}

/** Knobs that make the TF graph deliberately wrong, for the meta-tests that prove the comparison can fail. */
interface Variant {
  readonly leakySlope: number;
  readonly mseFactor: number;
}
const EXACT: Variant = { leakySlope: 0.01, mseFactor: 0.5 };

/** Per-sample E, shape [count]. */
function tfLoss(spec: EngineSpec, out: tf.Tensor2D, targets: tf.Tensor2D, variant: Variant): tf.Tensor1D {
  const last = spec.activations[spec.activations.length - 1];
  let e: tf.Tensor;
  if (spec.loss === 'mse') e = tf.mul(variant.mseFactor, tf.sum(tf.square(tf.sub(targets, out)), 1));
  else if (last === 'softmax') e = tf.neg(tf.sum(tf.mul(targets, tf.log(out)), 1));
  else e = tf.neg(tf.sum(tf.add(tf.mul(targets, tf.log(out)), tf.mul(tf.sub(1, targets), tf.log(tf.sub(1, out)))), 1));
  return e as tf.Tensor1D;
}

/**
 * The network as tf ops. `weights[k]` has the engine's layout [rows = next layer, cols = this
 * layer (+ bias column)], so net = [x | 1] · Wᵀ and ∂E/∂W comes back in the same layout.
 * `offsets[k − 1]` (zeros) is added to layer k's net, so ∂E/∂offset = ∂E/∂net = δ.
 */
function tfNetwork(
  spec: EngineSpec,
  data: SampleSet,
  weights: readonly tf.Tensor2D[],
  offsets: readonly tf.Tensor2D[] | undefined,
  variant: Variant,
): { outs: tf.Tensor2D[]; perSample: tf.Tensor1D } {
  let x: tf.Tensor2D = tf.tensor2d(Float32Array.from(data.inputs), [data.count, data.inputSize], 'float32');
  const outs = [x];
  for (let k = 0; k + 1 < spec.sizes.length; k++) {
    const input: tf.Tensor2D = spec.bias[k] ? tf.concat([x, tf.ones([data.count, 1]) as tf.Tensor2D], 1) : x;
    let net = tf.matMul(input, weights[k], false, true) as tf.Tensor2D;
    if (offsets) net = tf.add(net, offsets[k]) as tf.Tensor2D;
    x = tfActivation(spec.activations[k + 1], net, variant.leakySlope);
    outs.push(x);
  }
  const targets = tf.tensor2d(Float32Array.from(data.targets), [data.count, data.targetSize], 'float32');
  return { outs, perSample: tfLoss(spec, x, targets, variant) };
}

function weightTensors(spec: EngineSpec): tf.Tensor2D[] {
  return spec.weights.map((w, k) => tf.tensor2d(Float32Array.from(w), [spec.sizes[k + 1], w.length / spec.sizes[k + 1]], 'float32'));
}

interface OracleValues {
  /** outs[k][s * size + j]: out of node j of layer k for sample s. */
  readonly outs: Float32Array[];
  readonly perSample: Float32Array;
  /** ∂E/∂W per layer pair, engine layout, summed over the samples. */
  readonly gradients: Float32Array[];
  /** deltas[k - 1][s * size + j]: ∂E/∂net of node j of layer k for sample s. */
  readonly deltas: Float32Array[];
}

function oracle(spec: EngineSpec, data: SampleSet, variant: Variant = EXACT): OracleValues {
  return tf.tidy(() => {
    const weights = weightTensors(spec);
    const offsets = spec.sizes.slice(1).map((n) => tf.zeros([data.count, n]) as tf.Tensor2D);
    const forwardPass = tfNetwork(spec, data, weights, undefined, variant);
    const total = (...args: tf.Tensor[]): tf.Scalar => {
      const w = args.slice(0, weights.length) as tf.Tensor2D[];
      const o = args.slice(weights.length) as tf.Tensor2D[];
      return tf.sum(tfNetwork(spec, data, w, o, variant).perSample);
    };
    const grads = tf.grads(total)([...weights, ...offsets]);
    return {
      outs: forwardPass.outs.map((t) => t.dataSync() as Float32Array),
      perSample: forwardPass.perSample.dataSync() as Float32Array,
      gradients: grads.slice(0, weights.length).map((t) => t.dataSync() as Float32Array),
      deltas: grads.slice(weights.length).map((t) => t.dataSync() as Float32Array),
    };
  });
}

// ── our side ──────────────────────────────────────────────────────────────────────────────
interface EngineValues {
  readonly outs: Float64Array[];
  readonly perSample: Float64Array;
  readonly gradients: Float64Array[];
  readonly deltas: Float64Array[];
  readonly total: number;
}

function engine(spec: EngineSpec, data: SampleSet): EngineValues {
  const ws = createWorkspace(spec);
  const outs = spec.sizes.map((n) => new Float64Array(n * data.count));
  const deltas = spec.sizes.slice(1).map((n) => new Float64Array(n * data.count));
  const perSample = new Float64Array(data.count);
  for (let s = 0; s < data.count; s++) {
    forward(spec, ws, data.inputs, s * data.inputSize);
    perSample[s] = outputDelta(spec, ws, data.targets, s * data.targetSize);
    backward(spec, ws);
    spec.sizes.forEach((n, k) => {
      outs[k].set(ws.out[k], s * n);
      if (k > 0) deltas[k - 1].set(ws.delta[k], s * n);
    });
  }
  return { outs, perSample, gradients: batchGradients(spec, data), deltas, total: totalError(spec, data) };
}

// ── comparison ────────────────────────────────────────────────────────────────────────────
function maxAbs(arrays: readonly ArrayLike<number>[]): number {
  let m = 0;
  for (const a of arrays) for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

/** Appends a line per entry outside REL/ABS to `mismatches`; returns the worst error in units of the tolerance. */
function compareFamily(
  what: string,
  ours: readonly ArrayLike<number>[],
  theirs: readonly ArrayLike<number>[],
  mismatches: string[],
): number {
  const scale = Math.max(1, maxAbs(ours), maxAbs(theirs));
  let worst = 0;
  ours.forEach((a, k) => {
    const b = theirs[k];
    assert.equal(a.length, b.length, `${what}[${k}] length`);
    for (let i = 0; i < a.length; i++) {
      const tol = REL * Math.max(Math.abs(a[i]), Math.abs(b[i])) + ABS * scale;
      const ratio = Math.abs(a[i] - b[i]) / tol;
      if (!(ratio <= 1)) mismatches.push(`${what}[${k}][${i}]: ours ${a[i]}, tfjs ${b[i]}`);
      if (!(ratio <= worst)) worst = ratio;
    }
  });
  return worst;
}

function compareCase(c: Case, variant: Variant = EXACT): { mismatches: string[]; worst: number } {
  const ours = engine(c.spec, c.data);
  const theirs = oracle(c.spec, c.data, variant);
  const mismatches: string[] = [];
  const theirTotal = theirs.perSample.reduce((a, b) => a + b, 0);
  const worst = Math.max(
    compareFamily('out', ours.outs, theirs.outs, mismatches),
    compareFamily('E per sample', [ours.perSample], [theirs.perSample], mismatches),
    compareFamily('E total', [[ours.total]], [[theirTotal]], mismatches),
    compareFamily('δ', ours.deltas, theirs.deltas, mismatches),
    compareFamily('∂E/∂w', ours.gradients, theirs.gradients, mismatches),
  );
  return { mismatches: mismatches.map((m) => `${c.label}: ${m}`), worst };
}

/**
 * Registers (inside `describe`) the hook every TF.js suite here needs: the cpu backend, ready,
 * and its "use tfjs-node" banner swallowed (it prints on first use).
 */
function useTfCpu(): void {
  before(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      tf.tidy(() => tf.tensor1d([0]).dataSync());
    } finally {
      console.warn = warn;
    }
  });
}

// ── tests ─────────────────────────────────────────────────────────────────────────────────
describe('engine vs TensorFlow.js autograd (cpu, float32)', function () {
  this.timeout(60_000);
  useTfCpu();

  const random = new Random(SEED);
  const byKind = OUTPUT_KINDS.map((kind) => ({
    kind,
    cases: Array.from({ length: NETWORKS_PER_OUTPUT_KIND }, () => randomCase(random, kind, ALL_HIDDEN)),
  }));

  it('draws networks that cover every hidden activation (tanh under crossentropy too), both sides of every kink (outputs too), bias on and off, and 2–4 layers', () => {
    const cases = byKind.flatMap((b) => b.cases);
    assert.ok(cases.length >= 50);
    const seen = new Set<string>();
    for (const { spec, data } of cases) {
      spec.sizes.forEach((_, k) => {
        seen.add(`layers ${spec.sizes.length}`);
        if (k < spec.sizes.length - 1) seen.add(`bias ${spec.bias[k]}`);
        if (k === 0 || k === spec.sizes.length - 1) return;
        seen.add(spec.activations[k]);
        seen.add(`${spec.activations[k]} hidden, ${spec.loss}`);
      });
      const ws = createWorkspace(spec);
      for (let s = 0; s < data.count; s++) {
        forward(spec, ws, data.inputs, s * data.inputSize);
        for (let k = 1; k < spec.sizes.length - 1; k++) {
          const a = spec.activations[k];
          if (a === 'relu' || a === 'leakyrelu') for (const x of ws.net[k]) seen.add(`${a} ${x > 0 ? '+' : '-'}`);
        }
        const last = spec.sizes.length - 1;
        const a = spec.activations[last];
        if (a === 'relu' || a === 'leakyrelu') for (const x of ws.net[last]) seen.add(`output ${a} ${x > 0 ? '+' : '-'}`);
      }
    }
    const expected = [
      ...ALL_HIDDEN,
      'relu +',
      'relu -',
      'leakyrelu +',
      'leakyrelu -',
      'output relu +',
      'output relu -',
      'output leakyrelu +',
      'output leakyrelu -',
      'tanh hidden, crossentropy',
      'bias true',
      'bias false',
      'layers 2',
      'layers 3',
      'layers 4',
    ];
    assert.deepEqual(expected.filter((e) => !seen.has(e)), []);
  });

  for (const { kind, cases } of byKind) {
    it(`${kind.activation} output with ${kind.loss}: out, E, per-sample δ and summed ∂E/∂w match on ${cases.length} random networks`, () => {
      const mismatches: string[] = [];
      let worst = 0;
      for (const c of cases) {
        const r = compareCase(c);
        mismatches.push(...r.mismatches);
        worst = Math.max(worst, r.worst);
      }
      if (process.env.NNET_ORACLE_STATS) console.log(`      worst error: ${worst.toFixed(4)} of the tolerance`);
      assert.deepEqual(mismatches.slice(0, 12), [], `${mismatches.length} values outside tolerance`);
    });
  }

  // Heaton's convention is the calculus one with the sign flipped at presentation
  // (computeSampleWith): δ_heaton = −∂E/∂net and g = −∂E/∂w, per sample, against tf's autograd
  // on that sample alone; the calculus convention of the same call is +tf.
  it('heaton convention: per-sample δ and g are −∂E/∂net and −∂E/∂w of tf, calculus +tf, on every output kind', () => {
    const mismatches: string[] = [];
    for (const { cases } of byKind) {
      for (const c of cases.slice(0, 10)) {
        for (let s = 0; s < c.data.count; s++) {
          const one = sampleOf(c.data, s);
          const theirs = oracle(c.spec, one);
          for (const convention of ['heaton', 'calculus'] as const) {
            const r = computeSampleWith(c.spec, convention, c.data.inputs, c.data.targets, s, s * c.data.inputSize, s * c.data.targetSize);
            const sign = convention === 'heaton' ? -1 : 1;
            const flip = (a: ArrayLike<number>): number[] => Array.from(a, (x) => sign * x);
            const label = `${c.label}, sample ${s + 1}, ${convention}`;
            compareFamily(`${label} δ`, r.layers.slice(1).map((l) => l.delta), theirs.deltas.map(flip), mismatches);
            compareFamily(`${label} g`, r.gradients, theirs.gradients.map(flip), mismatches);
            compareFamily(`${label} E`, [[r.error]], [theirs.perSample], mismatches);
          }
        }
      }
    }
    assert.deepEqual(mismatches.slice(0, 12), [], `${mismatches.length} values outside tolerance`);
  });

  describe('the comparison is sharp enough to fail', () => {
    // Each meta-test makes the oracle deliberately wrong in one small way and requires the
    // comparison to notice, so a passing suite above means something.
    it('notices a leaky slope of 0.011 instead of 0.01', () => {
      const cases = byKind.flatMap((b) => b.cases).filter((c) => hasNegativeLeaky(c));
      assert.ok(cases.length >= 5, 'enough networks with a leakyrelu node below its kink');
      const caught = cases.filter((c) => compareCase(c, { ...EXACT, leakySlope: 0.011 }).mismatches.length > 0);
      assert.ok(caught.length >= cases.length * 0.8, `caught ${caught.length} of ${cases.length}`);
    });

    it('notices mse without the ½', () => {
      const cases = byKind.filter((b) => b.kind.loss === 'mse').flatMap((b) => b.cases);
      const caught = cases.filter((c) => compareCase(c, { ...EXACT, mseFactor: 1 }).mismatches.length > 0);
      assert.equal(caught.length, cases.length);
    });

    it('notices a gradient off by one part in 10⁴ in a single weight', () => {
      const c = byKind[0].cases.find((x) => maxAbs(batchGradients(x.spec, x.data)) > 0.1)!;
      const ours = batchGradients(c.spec, c.data);
      const theirs = oracle(c.spec, c.data);
      const k = ours.length - 1;
      let i = 0;
      for (let j = 0; j < ours[k].length; j++) if (Math.abs(ours[k][j]) > Math.abs(ours[k][i])) i = j;
      const clean: string[] = [];
      compareFamily('∂E/∂w', ours, theirs.gradients, clean);
      assert.deepEqual(clean, []);
      ours[k][i] *= 1 + 3 * REL;
      const dirty: string[] = [];
      compareFamily('∂E/∂w', ours, theirs.gradients, dirty);
      assert.equal(dirty.length, 1);
    });
  });
});

// ── trainers ──────────────────────────────────────────────────────────────────────────────
function cloneSpec(spec: EngineSpec): EngineSpec {
  return { ...spec, weights: spec.weights.map((w) => Float64Array.from(w)) };
}

function sampleOf(data: SampleSet, s: number): SampleSet {
  return {
    count: 1,
    inputSize: data.inputSize,
    targetSize: data.targetSize,
    inputs: data.inputs.subarray(s * data.inputSize, (s + 1) * data.inputSize),
    targets: data.targets.subarray(s * data.targetSize, (s + 1) * data.targetSize),
  };
}

/** The samples `indices` of `data`, in that order. */
function samplesOf(data: SampleSet, indices: readonly number[]): SampleSet {
  const inputs = new Float64Array(indices.length * data.inputSize);
  const targets = new Float64Array(indices.length * data.targetSize);
  indices.forEach((s, b) => {
    inputs.set(sampleOf(data, s).inputs, b * data.inputSize);
    targets.set(sampleOf(data, s).targets, b * data.targetSize);
  });
  return { count: indices.length, inputSize: data.inputSize, targetSize: data.targetSize, inputs, targets };
}

/**
 * The batches of each epoch as the trainer's documented order makes them (docs/engine.md):
 * batch size 0 is the whole set and 1 is online, both in file order; a size in between takes
 * consecutive slices of an order that is shuffled again at the start of every epoch — a
 * Fisher–Yates shuffle from the end with the file's `seed` (written out here again from that
 * description: the order is an input to the comparison, not the math under test).
 */
function epochBatches(data: SampleSet, batchSize: number, seed: number, epochs: number): SampleSet[][] {
  const size = batchSize > 0 ? Math.min(batchSize, data.count) : data.count;
  const order = Array.from({ length: data.count }, (_, i) => i);
  const random = new Random(seed);
  const out: SampleSet[][] = [];
  for (let e = 0; e < epochs; e++) {
    if (size > 1 && size < data.count) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random.nextDouble() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
    }
    const batches: SampleSet[] = [];
    for (let start = 0; start < data.count; start += size) batches.push(samplesOf(data, order.slice(start, start + size)));
    out.push(batches);
  }
  return out;
}

/**
 * `epochs` passes of a tf.train optimizer over the summed loss, one step per batch of
 * `epochBatches`. Returns the final weights and, per epoch, the sum of the costs measured
 * before each step (what our history's mean loss × count is).
 */
function tfTrain(spec: EngineSpec, data: SampleSet, optimizer: tf.Optimizer, epochs: number, batchSize: number, seed = 0): { weights: Float32Array[]; epochCosts: number[] } {
  return tfTrainBatches(spec, optimizer, epochBatches(data, batchSize, seed, epochs));
}

/** One optimizer step per batch, epoch by epoch. */
function tfTrainBatches(spec: EngineSpec, optimizer: tf.Optimizer, batchesOfEpoch: readonly (readonly SampleSet[])[]): { weights: Float32Array[]; epochCosts: number[] } {
  const variables = weightTensors(spec).map((t) => tf.variable(t));
  const epochCosts: number[] = [];
  try {
    for (let e = 0; e < batchesOfEpoch.length; e++) {
      let sum = 0;
      for (const batch of batchesOfEpoch[e]) {
        const cost = optimizer.minimize(() => tf.sum(tfNetwork(spec, batch, variables, undefined, EXACT).perSample), true, variables)!;
        sum += cost.dataSync()[0];
        cost.dispose();
      }
      epochCosts.push(sum);
    }
    return { weights: variables.map((v) => v.dataSync() as Float32Array), epochCosts };
  } finally {
    optimizer.dispose();
    tf.dispose(variables);
  }
}

/** The oracle's side of a training run: final weights and each epoch's summed cost. */
type OracleRun = (c: Case, options: TrainOptions) => { weights: ArrayLike<number>[]; epochCosts: number[] };

interface TrainerSetting {
  readonly label: string;
  readonly options: TrainOptions;
  /** The oracle: a tf.train optimizer stepped over `epochBatches`, or a run of its own (rprop). */
  readonly oracle: OracleRun;
  /** Absolute slack for the weights, on top of REL · max(|w|, 1). */
  readonly weightSlack: number;
}

/** A tf.train optimizer over the batches the setting's batch size and seed make. */
const withOptimizer =
  (optimizer: () => tf.Optimizer): OracleRun =>
  (c, options) =>
    tfTrain(c.spec, c.data, optimizer(), options.epochs!, options.batchSize ?? 0, options.seed ?? 0);

let trainerWorst = 0;

function compareTrainer(c: Case, s: TrainerSetting, oracleRun = s.oracle): string[] {
  const spec = cloneSpec(c.spec);
  const epochs = s.options.epochs!;
  const result = train(spec, c.data, s.options);
  assert.equal(result.stop, 'epochs', `${c.label}: ${s.label} stopped early`);
  const theirs = oracleRun(c, s.options);
  const exact = oracleRun === s.oracle;
  const mismatches: string[] = [];
  spec.weights.forEach((w, k) => {
    for (let i = 0; i < w.length; i++) {
      const tol = s.weightSlack + REL * Math.max(Math.abs(w[i]), 1);
      const error = Math.abs(w[i] - theirs.weights[k][i]);
      if (exact) trainerWorst = Math.max(trainerWorst, error / tol);
      if (!(error <= tol)) mismatches.push(`${c.label}: w[${k}][${i}] after ${epochs} epochs: ours ${w[i]}, tfjs ${theirs.weights[k][i]}`);
    }
  });
  // Our history holds each epoch's mean E, each sample measured before the update that uses it.
  result.history.forEach((h, t) => {
    const ours = h.loss * c.data.count;
    const tfCost = theirs.epochCosts[t];
    if (!(Math.abs(ours - tfCost) <= REL * Math.max(Math.abs(ours), Math.abs(tfCost)) + ABS * Math.max(1, Math.abs(ours)))) {
      mismatches.push(`${c.label}: E of epoch ${t + 1}: ours ${ours}, tfjs ${tfCost}`);
    }
  });
  return mismatches;
}

/**
 * iRPROP+ (Igel & Hüsken 2000, "Improving the Rprop learning algorithm", Fig. 2) with Encog's
 * constants Δ0 = 0.1, Δmax = 50, Δmin = 1e-6, η+ = 1.2, η− = 0.5, written out here from the
 * paper over tf.js gradients of the summed loss (TF.js has no Rprop optimizer): full batch,
 * one update per epoch; a weight whose gradient changed sign shrinks its step and, only when
 * E rose since the last epoch, takes back its last change.
 */
function rpropOracle(constants = { initial: 0.1, max: 50, min: 1e-6, up: 1.2, down: 0.5, backtrack: true }): OracleRun {
  return (c, options) => {
    const { spec, data } = c;
    const w = spec.weights.map((x) => Float64Array.from(x));
    const step = w.map((x) => new Float64Array(x.length).fill(constants.initial));
    const previous = w.map((x) => new Float64Array(x.length));
    const lastChange = w.map((x) => new Float64Array(x.length));
    const epochCosts: number[] = [];
    let lastE = Infinity;
    for (let e = 0; e < options.epochs!; e++) {
      const { grads, cost } = tf.tidy(() => {
        const variables = weightTensors({ ...spec, weights: w });
        const { value, grads } = tf.valueAndGrads((...ws: tf.Tensor[]) => tf.sum(tfNetwork(spec, data, ws as tf.Tensor2D[], undefined, EXACT).perSample) as tf.Scalar)(variables);
        return { grads: grads.map((g) => g.dataSync() as Float32Array), cost: value.dataSync()[0] };
      });
      epochCosts.push(cost);
      const rose = cost / data.count > lastE;
      lastE = cost / data.count;
      w.forEach((wk, k) => {
        for (let i = 0; i < wk.length; i++) {
          const g = grads[k][i];
          const product = previous[k][i] * g;
          if (product < 0) {
            step[k][i] = Math.max(step[k][i] * constants.down, constants.min);
            if (rose && constants.backtrack) wk[i] -= lastChange[k][i];
            lastChange[k][i] = 0;
            previous[k][i] = 0;
            continue;
          }
          if (product > 0) step[k][i] = Math.min(step[k][i] * constants.up, constants.max);
          lastChange[k][i] = -Math.sign(g) * step[k][i];
          wk[i] += lastChange[k][i];
          previous[k][i] = g;
        }
      });
    }
    return { weights: w, epochCosts };
  };
}

const ADAM_DEFAULTS = { rate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
// ε comparable to √v̂: where ε sits in the formula changes the step by tens of percent.
const ADAM_BIG_EPSILON = { rate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 0.1 };

const TRAINER_SETTINGS: readonly TrainerSetting[] = [
  {
    label: 'adam α 0.01, β1 0.9, β2 0.999, ε 1e-8, whole batch, 8 steps',
    options: { method: 'adam', ...ADAM_DEFAULTS, epochs: 8, batchSize: 0 },
    oracle: withOptimizer(() => tf.train.adam(ADAM_DEFAULTS.rate, ADAM_DEFAULTS.beta1, ADAM_DEFAULTS.beta2, ADAM_DEFAULTS.epsilon)),
    weightSlack: 1e-3 * ADAM_DEFAULTS.rate * 8,
  },
  {
    label: 'adam α 0.05, β1 0.8, β2 0.99, ε 0.1, whole batch, 6 steps',
    options: { method: 'adam', ...ADAM_BIG_EPSILON, epochs: 6, batchSize: 0 },
    oracle: withOptimizer(() => tf.train.adam(ADAM_BIG_EPSILON.rate, ADAM_BIG_EPSILON.beta1, ADAM_BIG_EPSILON.beta2, ADAM_BIG_EPSILON.epsilon)),
    weightSlack: 1e-3 * ADAM_BIG_EPSILON.rate * 6,
  },
  {
    // tf.train.momentum: v ← μ·v + g, w ← w − η·v; ours: Δw = −η·g + μ·Δw_prev. The same update.
    label: 'backprop η 0.05, momentum 0.9, whole batch, 6 steps',
    options: { method: 'backprop', rate: 0.05, momentum: 0.9, epochs: 6, batchSize: 0 },
    oracle: withOptimizer(() => tf.train.momentum(0.05, 0.9)),
    weightSlack: 0,
  },
  {
    label: 'backprop η 0.1, momentum 0.5, online in file order, 3 epochs',
    options: { method: 'backprop', rate: 0.1, momentum: 0.5, epochs: 3, batchSize: 1 },
    oracle: withOptimizer(() => tf.train.momentum(0.1, 0.5)),
    weightSlack: 0,
  },
  {
    label: 'rprop (iRPROP+, Encog constants), whole batch, 12 epochs',
    options: { method: 'rprop', epochs: 12 },
    oracle: rpropOracle(),
    weightSlack: 0,
  },
];

/** Mini-batches between 1 and N: shuffled each epoch with the seed, the last batch of an epoch may be smaller. */
const MINI_BATCH_SETTINGS: readonly TrainerSetting[] = [
  {
    label: 'backprop η 0.05, momentum 0.9, mini-batches of 2, seed 7, 4 epochs',
    options: { method: 'backprop', rate: 0.05, momentum: 0.9, epochs: 4, batchSize: 2, seed: 7 },
    oracle: withOptimizer(() => tf.train.momentum(0.05, 0.9)),
    weightSlack: 0,
  },
  {
    label: 'adam α 0.01, mini-batches of 3, seed 3, 5 epochs',
    options: { method: 'adam', ...ADAM_DEFAULTS, epochs: 5, batchSize: 3, seed: 3 },
    oracle: withOptimizer(() => tf.train.adam(ADAM_DEFAULTS.rate, ADAM_DEFAULTS.beta1, ADAM_DEFAULTS.beta2, ADAM_DEFAULTS.epsilon)),
    weightSlack: 1e-3 * ADAM_DEFAULTS.rate * 10,
  },
];

describe('engine trainers vs tf.train optimizers (cpu, float32, summed loss)', function () {
  this.timeout(60_000);
  useTfCpu();

  const random = new Random(SEED + 1);
  // Smooth hidden activations only: a few steps can carry a relu net across its kink, where
  // float32 and float64 may legitimately take different branches.
  const cases = Array.from({ length: TRAINER_NETWORKS }, (_, i) => randomCase(random, TRAINER_KINDS[i % TRAINER_KINDS.length], SMOOTH_HIDDEN));

  // 4–7 samples, so that batches of 2 and 3 are strictly between online and the whole set.
  const miniCases = Array.from({ length: TRAINER_NETWORKS }, (_, i) => randomCase(random, TRAINER_KINDS[i % TRAINER_KINDS.length], SMOOTH_HIDDEN, { min: 4, max: 7 }));

  for (const [settings, on] of [
    [TRAINER_SETTINGS, cases],
    [MINI_BATCH_SETTINGS, miniCases],
  ] as const) {
    for (const s of settings) {
      it(`${s.label}: weights and per-epoch loss match on ${on.length} networks`, () => {
        trainerWorst = 0;
        const mismatches = on.flatMap((c) => compareTrainer(c, s));
        if (process.env.NNET_ORACLE_STATS) console.log(`      worst weight error: ${trainerWorst.toFixed(4)} of the tolerance`);
        assert.deepEqual(mismatches.slice(0, 12), [], `${mismatches.length} values outside tolerance`);
      });
    }
  }

  it('tells rprop’s η+ = 1.2 from 1.25 (the comparison can fail)', () => {
    const s = TRAINER_SETTINGS.find((x) => x.options.method === 'rprop')!;
    const caught = cases.filter((c) => compareTrainer(c, s, rpropOracle({ initial: 0.1, max: 50, min: 1e-6, up: 1.25, down: 0.5, backtrack: true })).length > 0);
    assert.equal(caught.length, cases.length);
  });

  it('tells iRPROP+ from iRPROP− (no backtracking) where E rose (the comparison can fail)', () => {
    const s = TRAINER_SETTINGS.find((x) => x.options.method === 'rprop')!;
    const rose = cases.filter((c) => train(cloneSpec(c.spec), c.data, s.options).history.some((h, t, all) => t > 0 && h.loss > all[t - 1].loss));
    assert.ok(rose.length >= 2, `networks whose E rose during rprop: ${rose.length}`);
    const caught = rose.filter((c) => compareTrainer(c, s, rpropOracle({ initial: 0.1, max: 50, min: 1e-6, up: 1.2, down: 0.5, backtrack: false })).length > 0);
    assert.equal(caught.length, rose.length);
  });

  it('tells the shuffled mini-batch order from file order (the comparison can fail)', () => {
    const s = MINI_BATCH_SETTINGS[0];
    const inFileOrder: OracleRun = (c, options) => {
      // Batches of 2 in file order every epoch: the shuffle left out.
      const batches = Array.from({ length: Math.ceil(c.data.count / 2) }, (_, b) => samplesOf(c.data, [2 * b, 2 * b + 1].filter((x) => x < c.data.count)));
      return tfTrainBatches(c.spec, tf.train.momentum(0.05, 0.9), Array.from({ length: options.epochs! }, () => batches));
    };
    const caught = miniCases.filter((c) => compareTrainer(c, s, inFileOrder).length > 0);
    assert.equal(caught.length, miniCases.length);
  });

  // Keras's form w ← w − α·√(1 − β2^t)/(1 − β1^t) · m/(√v + ε̂) is Algorithm 1 with ε = ε̂/√(1 − β2^t);
  // at step 1 with ε̂ = our ε that is ε/√(1 − β2). A TF.js Adam given that ε must not pass.
  it('tells Adam’s ε apart from what the ε̂ form would use, ε/√(1 − β2) (the comparison can fail)', () => {
    const s = TRAINER_SETTINGS[1];
    const b = ADAM_BIG_EPSILON;
    const caught = cases.filter((c) => compareTrainer(c, s, withOptimizer(() => tf.train.adam(b.rate, b.beta1, b.beta2, b.epsilon / Math.sqrt(1 - b.beta2)))).length > 0);
    assert.equal(caught.length, cases.length);
  });

  it('tells momentum 0.9 from 0.89 (the comparison can fail)', () => {
    const s = TRAINER_SETTINGS[2];
    const caught = cases.filter((c) => compareTrainer(c, s, withOptimizer(() => tf.train.momentum(0.05, 0.89))).length > 0);
    assert.equal(caught.length, cases.length);
  });

  it('moves the weights (the trajectories compared above are not trivially equal)', () => {
    for (const s of TRAINER_SETTINGS) {
      for (const c of cases) {
        const spec = cloneSpec(c.spec);
        train(spec, c.data, s.options);
        const moved = maxAbs(spec.weights.map((w, k) => w.map((x, i) => x - c.spec.weights[k][i])));
        assert.ok(moved > 1e-3, `${c.label}, ${s.label}: largest change ${moved}`);
      }
    }
  });
});

// ── regressions ─────────────────────────────────────────────────────────────────────
function hasNegativeLeaky(c: Case): boolean {
  const ws = createWorkspace(c.spec);
  for (let s = 0; s < c.data.count; s++) {
    forward(c.spec, ws, c.data.inputs, s * c.data.inputSize);
    for (let k = 1; k < c.spec.sizes.length - 1; k++) {
      if (c.spec.activations[k] === 'leakyrelu' && ws.net[k].some((x) => x < 0)) return true;
    }
  }
  return false;
}

describe('engine vs TensorFlow.js: regressions', function () {
  this.timeout(20_000);
  useTfCpu();

  // Found by this oracle: δ = o − t for softmax + crossentropy holds only when a sample's
  // targets sum to 1; in general ∂(−Σ t ln softmax)/∂net_j = o_j·Σt − t_j (now used).
  it('softmax + crossentropy δ is ∂E/∂net when a sample’s targets do not sum to 1', () => {
    const spec: EngineSpec = {
      sizes: [1, 2],
      bias: [false, false],
      activations: ['linear', 'softmax'],
      loss: 'crossentropy',
      weights: [Float64Array.from([1, -1])],
      fixed: [new Uint8Array(2)],
    };
    const data: SampleSet = { count: 1, inputSize: 1, targetSize: 2, inputs: Float64Array.from([1]), targets: Float64Array.from([1, 1]) };
    // net = (1, −1), o = (0.8808, 0.1192), E = −ln o1 − ln o2; ∂E/∂net = 2·o − 1 = (0.7616, −0.7616).
    const o1 = 1 / (1 + Math.exp(-2));
    const expected = [2 * o1 - 1, 1 - 2 * o1];
    const theirs = oracle(spec, data).deltas[0];
    assert.ok(Math.abs(theirs[0] - expected[0]) < 1e-6 && Math.abs(theirs[1] - expected[1]) < 1e-6, `oracle ${theirs}`);
    const { mismatches } = compareCase({ spec, data, label: '1 → 2 softmax, targets (1, 1)' });
    assert.deepEqual(mismatches, []);
  });
});
