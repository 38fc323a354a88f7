// Training throughput: our engine against TensorFlow.js (cpu and wasm backends), same process.
//
// 784-128-10 (relu or sigmoid hidden, both layers with bias), softmax + categorical
// crossentropy, plain SGD on mini-batches of 32 with the loss SUMMED over the batch (as our
// trainer does), seeded synthetic data (uniform [0, 1) "pixels", labels from a random linear
// teacher). Each backend runs one warm-up epoch, then several timed epochs; the median counts.
// Before timing, one SGD step from identical weights on the same batch is compared between
// our engine and each TF.js backend, so the table compares the same computation.
//
// Run: npm run bench:train            (= tsc -p . && node out/scripts/bench-train.js)
// Options: --hidden relu|sigmoid|both (default relu)  --samples N (2048)  --runs N (5)
// Writes bench-train-results.json in the repository root.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { train } from '../src/core/engine/train';
import type { EngineSpec } from '../src/core/engine/kernel';
import type { SampleSet } from '../src/core/engine/spec';
import { Random } from '../src/core/model/random';

const ROOT = path.resolve(__dirname, '../..');
const SIZES = [784, 128, 10] as const;
const BATCH = 32;
/** Per-sample-summed loss, so the step is rate × Σ over the batch; 0.05 / 32 ≈ a mean-loss rate of 0.05. */
const RATE = 0.05 / BATCH;
const PARAMS = SIZES[1] * (SIZES[0] + 1) + SIZES[2] * (SIZES[1] + 1);
/** ≈ 2 FLOPs per weight for the forward pass, 4 for the backward pass (δ and gradient), plus the update. */
const FLOPS_PER_SAMPLE = 6 * PARAMS;

type Hidden = 'relu' | 'sigmoid';

interface Args {
  readonly hidden: readonly Hidden[];
  readonly samples: number;
  readonly runs: number;
}

function parseArgs(argv: readonly string[]): Args {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const hidden = value('hidden') ?? 'relu';
  if (hidden !== 'relu' && hidden !== 'sigmoid' && hidden !== 'both') throw new Error(`--hidden relu|sigmoid|both, not ${hidden}`);
  const samples = Number(value('samples') ?? 2048);
  const runs = Number(value('runs') ?? 5);
  if (!(Number.isInteger(samples) && samples >= BATCH && samples % BATCH === 0)) throw new Error(`--samples must be a multiple of ${BATCH}`);
  if (!(Number.isInteger(runs) && runs >= 1)) throw new Error('--runs must be a positive integer');
  return { hidden: hidden === 'both' ? ['relu', 'sigmoid'] : [hidden], samples, runs };
}

// ── data and initial weights ──────────────────────────────────────────────────────────────
function syntheticData(count: number, seed: number): SampleSet {
  const random = new Random(seed);
  const [n, , m] = SIZES;
  const teacher = Float64Array.from({ length: m * n }, () => random.uniform(-1, 1));
  const inputs = new Float64Array(count * n);
  const targets = new Float64Array(count * m);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < n; i++) inputs[s * n + i] = Math.fround(random.nextDouble());
    let best = 0;
    let bestScore = -Infinity;
    for (let j = 0; j < m; j++) {
      let score = 0;
      for (let i = 0; i < n; i++) score += teacher[j * n + i] * inputs[s * n + i];
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    targets[s * m + best] = 1;
  }
  return { count, inputSize: n, targetSize: m, inputs, targets };
}

/** He (relu) or Xavier (sigmoid) uniform weights, zero biases; engine layout (rows = next layer, bias last). */
function initialSpec(hidden: Hidden, seed: number): EngineSpec {
  const random = new Random(seed, 1);
  const weights = [0, 1].map((k) => {
    const fanIn = SIZES[k];
    const fanOut = SIZES[k + 1];
    const limit = hidden === 'relu' && k === 0 ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
    const cols = fanIn + 1;
    const w = new Float64Array(fanOut * cols);
    for (let r = 0; r < fanOut; r++) for (let c = 0; c < fanIn; c++) w[r * cols + c] = Math.fround(random.uniform(-limit, limit));
    return w;
  });
  return {
    sizes: [...SIZES],
    bias: [true, true, false],
    activations: ['linear', hidden, 'softmax'],
    loss: 'crossentropy',
    weights,
    fixed: weights.map((w) => new Uint8Array(w.length)),
  };
}

function cloneSpec(spec: EngineSpec): EngineSpec {
  return { ...spec, weights: spec.weights.map((w) => Float64Array.from(w)) };
}

function subset(data: SampleSet, start: number, count: number): SampleSet {
  return {
    count,
    inputSize: data.inputSize,
    targetSize: data.targetSize,
    inputs: data.inputs.slice(start * data.inputSize, (start + count) * data.inputSize),
    targets: data.targets.slice(start * data.targetSize, (start + count) * data.targetSize),
  };
}

// ── timing ────────────────────────────────────────────────────────────────────────────────
function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

function timeEpochs(runs: number, epoch: () => void): number[] {
  epoch(); // warm-up: JIT, kernel compilation, buffer allocation
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    epoch();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

// ── our engine ────────────────────────────────────────────────────────────────────────────
function oursEpoch(spec: EngineSpec, data: SampleSet): () => void {
  let seed = 1;
  return () => {
    const result = train(spec, data, { method: 'backprop', rate: RATE, momentum: 0, batchSize: BATCH, epochs: 1, seed: seed++ });
    if (result.stop !== 'epochs') throw new Error(`our training stopped: ${result.stop}`);
  };
}

// ── TensorFlow.js ─────────────────────────────────────────────────────────────────────────
interface TfModel {
  readonly variables: tf.Variable[];
  step(x: tf.Tensor2D, y: tf.Tensor2D): void;
  /** Weights back in the engine layout, for the first-step comparison. */
  engineWeights(): Float64Array[];
  dispose(): void;
}

/** The natural TF formulation: W [in, out], b [out], net = x·W + b; loss −Σ y·logSoftmax(net) summed over the batch. */
function tfModel(spec: EngineSpec, hidden: Hidden): TfModel {
  const variables: tf.Variable[] = [];
  for (let k = 0; k < 2; k++) {
    const n = SIZES[k];
    const m = SIZES[k + 1];
    const cols = n + 1;
    const w = new Float32Array(n * m);
    const b = new Float32Array(m);
    for (let r = 0; r < m; r++) {
      for (let c = 0; c < n; c++) w[c * m + r] = spec.weights[k][r * cols + c];
      b[r] = spec.weights[k][r * cols + n];
    }
    variables.push(tf.variable(tf.tensor2d(w, [n, m])), tf.variable(tf.tensor1d(b)));
  }
  const [w1, b1, w2, b2] = variables;
  const optimizer = tf.train.sgd(RATE);
  const activation = hidden === 'relu' ? tf.relu : tf.sigmoid;
  return {
    variables,
    step(x, y) {
      optimizer.minimize(
        () => {
          const h = activation(tf.add(tf.matMul(x, w1), b1));
          const logits = tf.add(tf.matMul(h, w2), b2);
          return tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)))) as tf.Scalar;
        },
        false,
        variables,
      );
    },
    engineWeights() {
      return [0, 1].map((k) => {
        const n = SIZES[k];
        const m = SIZES[k + 1];
        const cols = n + 1;
        const w = variables[2 * k].dataSync();
        const b = variables[2 * k + 1].dataSync();
        const out = new Float64Array(m * cols);
        for (let r = 0; r < m; r++) {
          for (let c = 0; c < n; c++) out[r * cols + c] = w[c * m + r];
          out[r * cols + n] = b[r];
        }
        return out;
      });
    },
    dispose() {
      optimizer.dispose();
      tf.dispose(variables);
    },
  };
}

function batchTensors(data: SampleSet): { xs: tf.Tensor2D[]; ys: tf.Tensor2D[] } {
  const xs: tf.Tensor2D[] = [];
  const ys: tf.Tensor2D[] = [];
  for (let start = 0; start < data.count; start += BATCH) {
    const b = subset(data, start, BATCH);
    xs.push(tf.tensor2d(Float32Array.from(b.inputs), [BATCH, data.inputSize]));
    ys.push(tf.tensor2d(Float32Array.from(b.targets), [BATCH, data.targetSize]));
  }
  return { xs, ys };
}

/** max |ours − tf| over the weights after one step, relative to the largest |Δw| of that step. */
function firstStepAgreement(spec: EngineSpec, data: SampleSet, hidden: Hidden): { maxDiff: number; maxStep: number } {
  const batch = subset(data, 0, BATCH);
  const ours = cloneSpec(spec);
  // A set of exactly one batch: batchSize = whole set, no shuffling, one update.
  train(ours, batch, { method: 'backprop', rate: RATE, momentum: 0, batchSize: 0, epochs: 1 });
  const model = tfModel(spec, hidden);
  const x = tf.tensor2d(Float32Array.from(batch.inputs), [BATCH, batch.inputSize]);
  const y = tf.tensor2d(Float32Array.from(batch.targets), [BATCH, batch.targetSize]);
  model.step(x, y);
  const theirs = model.engineWeights();
  tf.dispose([x, y]);
  model.dispose();
  let maxDiff = 0;
  let maxStep = 0;
  ours.weights.forEach((w, k) => {
    for (let i = 0; i < w.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(w[i] - theirs[k][i]));
      maxStep = Math.max(maxStep, Math.abs(w[i] - spec.weights[k][i]));
    }
  });
  return { maxDiff, maxStep };
}

async function useBackend(name: 'cpu' | 'wasm'): Promise<string | undefined> {
  const saved = { warn: console.warn, error: console.error, log: console.log };
  const messages: string[] = [];
  // Keep TF.js's "install tfjs-node" banner and emscripten's load errors out of the table; report them on failure.
  console.warn = console.error = console.log = (...a: unknown[]) => void messages.push(a.map(String).join(' '));
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return messages.join('\n') || `tf.setBackend('${name}') returned false`;
    tf.tidy(() => tf.tensor1d([0]).dataSync()); // first use prints the banner
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    Object.assign(console, saved);
  }
}

// ── main ──────────────────────────────────────────────────────────────────────────────────
interface Row {
  readonly name: string;
  readonly samplesPerSecond: number;
  readonly msPerEpoch: number;
  readonly gflops: number;
  readonly runsMs: readonly number[];
  readonly firstStep?: { maxDiff: number; maxStep: number };
}

function row(name: string, runsMs: number[], samples: number, firstStep?: Row['firstStep']): Row {
  const ms = median(runsMs);
  const samplesPerSecond = samples / (ms / 1000);
  return { name, samplesPerSecond, msPerEpoch: ms, gflops: (samplesPerSecond * FLOPS_PER_SAMPLE) / 1e9, runsMs, firstStep };
}

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

async function benchHidden(hidden: Hidden, args: Args): Promise<Record<string, unknown>> {
  const data = syntheticData(args.samples, 2026);
  const initial = initialSpec(hidden, 7);
  console.log(`\n784-128-10, ${hidden} hidden, softmax + crossentropy, batch ${BATCH}, ${args.samples} seeded synthetic samples,`);
  console.log(`SGD rate ${RATE} on the loss summed over the batch; 1 warm-up epoch, median of ${args.runs} timed epochs.`);

  const rows: Row[] = [];
  const ours = cloneSpec(initial);
  const before = train(cloneSpec(initial), data, { method: 'backprop', rate: RATE, batchSize: BATCH, epochs: 1, seed: 99 }).history[0].loss;
  rows.push(row('nnet engine (float64)', timeEpochs(args.runs, oursEpoch(ours, data)), args.samples));
  const after = train(cloneSpec(ours), data, { method: 'backprop', rate: 0, batchSize: BATCH, epochs: 1, seed: 99 }).history[0].loss;

  const skipped: Record<string, string> = {};
  for (const backend of ['cpu', 'wasm'] as const) {
    const failure = await useBackend(backend);
    if (failure) {
      skipped[backend] = failure;
      continue;
    }
    const firstStep = firstStepAgreement(initial, data, hidden);
    const model = tfModel(initial, hidden);
    const { xs, ys } = batchTensors(data);
    const epoch = (): void => {
      for (let b = 0; b < xs.length; b++) model.step(xs[b], ys[b]);
      model.variables[3].dataSync(); // wait for the last step
    };
    let flavour = '';
    if (backend === 'wasm') {
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
      flavour = `, ${simd ? 'simd' : 'no simd'}, ${threads ? 'threads' : '1 thread'}`;
    }
    rows.push(row(`tfjs ${backend} (float32${flavour})`, timeEpochs(args.runs, epoch), args.samples, firstStep));
    tf.dispose([...xs, ...ys]);
    model.dispose();
  }

  const nameWidth = Math.max(...rows.map((r) => r.name.length), 8);
  console.log('');
  console.log(`${pad('backend', nameWidth)}  ${pad('samples/s', 10, true)}  ${pad('ms/epoch', 9, true)}  ${pad('GFLOP/s', 8, true)}  ${pad('ours ÷ this', 11, true)}  first-step max |Δ| (of max step)`);
  for (const r of rows) {
    const ratio = rows[0].samplesPerSecond / r.samplesPerSecond;
    const agreement = r.firstStep ? `${r.firstStep.maxDiff.toExponential(2)} (of ${r.firstStep.maxStep.toExponential(2)})` : '—';
    console.log(
      `${pad(r.name, nameWidth)}  ${pad(r.samplesPerSecond.toFixed(0), 10, true)}  ${pad(r.msPerEpoch.toFixed(1), 9, true)}  ${pad(r.gflops.toFixed(2), 8, true)}  ${pad(ratio.toFixed(2) + '×', 11, true)}  ${agreement}`,
    );
  }
  for (const r of rows) {
    if (r.firstStep && !(r.firstStep.maxDiff <= 1e-4 * r.firstStep.maxStep + 1e-7)) console.log(`WARNING: ${r.name} does not take the same first step as our engine; the comparison is not like for like.`);
  }
  for (const [backend, why] of Object.entries(skipped)) console.log(`tfjs ${backend}: could not load offline, skipped (${why.split('\n')[0]})`);
  const cpu = rows.find((r) => r.name.startsWith('tfjs cpu'));
  const wasm = rows.find((r) => r.name.startsWith('tfjs wasm'));
  console.log(`\nours/cpu ${cpu ? (rows[0].samplesPerSecond / cpu.samplesPerSecond).toFixed(2) + '×' : 'n/a'}, ours/wasm ${wasm ? (rows[0].samplesPerSecond / wasm.samplesPerSecond).toFixed(2) + '×' : 'n/a (skipped)'} (goal: ≥ 2× wasm); our engine at ${rows[0].gflops.toFixed(2)} GFLOP/s (${FLOPS_PER_SAMPLE} FLOPs/sample ≈ 6 × ${PARAMS} params).`);
  console.log(`our mean loss per sample: ${before.toFixed(4)} in the first epoch → ${after.toFixed(4)} after ${args.runs + 1} epochs.`);

  return {
    hidden,
    rows,
    ratios: { oursOverCpu: cpu ? rows[0].samplesPerSecond / cpu.samplesPerSecond : null, oursOverWasm: wasm ? rows[0].samplesPerSecond / wasm.samplesPerSecond : null },
    skipped,
    ourLoss: { firstEpoch: before, afterTimedEpochs: after },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // The wasm binaries ship inside the npm package: point the loader at them, never at a CDN.
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(wasmDir + path.sep);
  const results = [];
  for (const hidden of args.hidden) results.push(await benchHidden(hidden, args));
  const report = {
    date: new Date().toISOString(),
    node: process.version,
    tfjs: tf.version.tfjs,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    network: { sizes: SIZES, params: PARAMS, flopsPerSample: FLOPS_PER_SAMPLE },
    batch: BATCH,
    rate: RATE,
    samples: args.samples,
    timedEpochs: args.runs,
    results,
  };
  const file = path.join(ROOT, 'bench-train-results.json');
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  console.log(`\nwrote ${path.relative(process.cwd(), file) || file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
