// Real data, side by side: examples/fashion-mnist.nnet (784-256-128-10, relu, softmax +
// cross-entropy, Adam, batches of 64) trained by nnet's engine and by PyTorch in the same run:
// same IDX files, same initial weights (nnet's `init`, handed to PyTorch as raw doubles), same
// optimiser settings, same batches (PyTorch takes nnet's shuffled sample order of each epoch),
// the loss summed over each batch as nnet's trainer does. Prints the time of each training epoch,
// the mean training loss and the test accuracy after the epoch, for both, and the speed ratio.
// The two run one after the other, so they do not compete for the CPU.
//
// Run: npm run data:fashion-mnist && npm run bench:real
// Options: --epochs N (default 3)  --threads N (PyTorch intra-op threads, default 1: nnet is
// single-threaded)  --dtype float32|float64 (PyTorch's precision, default float32; nnet computes in
// float64)  --python PATH (default /usr/bin/python3, Debian's python3-torch)
// Writes bench-real-results.json in the repository root.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from '../src/core/check';
import { evaluate, taskOf } from '../src/core/engine/metrics';
import { heldOutSets, networkSampleSet, toEngineSpec } from '../src/core/engine/spec';
import { trainEpochs, trainOptionsOf } from '../src/core/engine/train';
import { TRAIN_DEFAULTS } from '../src/core/engine/update-rule';
import { Random } from '../src/core/model/random';
import { dataReaders } from '../src/node/byte-reader';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples', 'fashion-mnist.nnet');

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

interface EpochRow {
  readonly epoch: number;
  readonly seconds: number;
  readonly loss: number;
  readonly testAccuracy: number;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function main(): void {
  const epochs = Number(option('epochs', '3'));
  const threads = Number(option('threads', '1'));
  const dtype = option('dtype', 'float32');
  const python = option('python', '/usr/bin/python3');
  if (!(Number.isInteger(epochs) && epochs >= 1)) throw new Error('--epochs must be a positive integer');
  if (dtype !== 'float32' && dtype !== 'float64') throw new Error('--dtype float32|float64');

  const text = fs.readFileSync(EXAMPLE, 'utf8');
  process.stdout.write(`reading ${path.relative(ROOT, EXAMPLE)} and its data…\n`);
  const result = check(text, dataReaders(EXAMPLE));
  if (result.hasErrors || !result.network) {
    const first = result.diagnostics.find((d) => d.severity === 'error');
    throw new Error(`${EXAMPLE}: ${first?.message ?? 'errors'} (run 'npm run data:fashion-mnist' first)`);
  }
  const network = result.network;
  const spec = toEngineSpec(network);
  const data = networkSampleSet(network);
  const test = heldOutSets(network).test!;
  const options = { ...trainOptionsOf(network.train), epochs };
  if (options.method !== 'adam' || !options.batchSize || options.batchSize <= 1) throw new Error('the example is expected to train with adam on mini-batches');
  const task = taskOf(spec, data);

  // The sample order of each epoch, as the trainer shuffles it (train.ts: Fisher–Yates with the run's seed, carried over).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-bench-real-'));
  const orders = new Uint32Array(epochs * data.count);
  const order = Uint32Array.from({ length: data.count }, (_, i) => i);
  const random = new Random(options.seed ?? 0);
  for (let e = 0; e < epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random.nextDouble() * (i + 1));
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    orders.set(order, e * data.count);
  }
  const weightsFile = path.join(dir, 'weights.f64');
  const initial = new Float64Array(spec.weights.reduce((n, w) => n + w.length, 0));
  let at = 0;
  for (const w of spec.weights) {
    initial.set(w, at);
    at += w.length;
  }
  fs.writeFileSync(weightsFile, new Uint8Array(initial.buffer));
  fs.writeFileSync(path.join(dir, 'orders.u32'), new Uint8Array(orders.buffer));
  const d = TRAIN_DEFAULTS.adam;
  const scaleStatement = text.match(/^data\s+"[^"]*"\s+labels\s+"[^"]*"\s+scale\s+(\S+)/m)?.[1] ?? '1';
  const [a, b] = scaleStatement.split('/').map(Number);
  const job = {
    data: path.join(path.dirname(EXAMPLE), 'data', 'fashion-mnist'),
    scale: b === undefined ? a : a / b,
    sizes: spec.sizes,
    bias: spec.bias,
    weights: weightsFile,
    orders: path.join(dir, 'orders.u32'),
    epochs,
    batch: options.batchSize,
    rate: options.rate ?? d.rate,
    beta1: options.beta1 ?? d.beta1,
    beta2: options.beta2 ?? d.beta2,
    epsilon: options.epsilon ?? d.epsilon,
    threads,
    dtype,
  };
  fs.writeFileSync(path.join(dir, 'job.json'), JSON.stringify(job));

  // nnet
  process.stdout.write(`nnet: ${spec.sizes.join('-')}, adam, batch ${options.batchSize}, ${data.count.toLocaleString('en-US')} training and ${test.count.toLocaleString('en-US')} test samples, ${epochs} epochs (float64, 1 thread)\n`);
  const ours: EpochRow[] = [];
  const run = trainEpochs(spec, data, options);
  let started = performance.now();
  for (let next = run.next(); !next.done; ) {
    const seconds = (performance.now() - started) / 1000;
    const testAccuracy = evaluate(spec, test, task).accuracy!;
    ours.push({ epoch: next.value.epoch, seconds, loss: next.value.error.loss, testAccuracy });
    process.stdout.write(`  epoch ${next.value.epoch}: ${seconds.toFixed(1)} s, loss ${next.value.error.loss.toFixed(4)}, test accuracy ${(100 * testAccuracy).toFixed(2)} %\n`);
    started = performance.now();
    next = run.next(true);
  }

  // PyTorch
  process.stdout.write(`PyTorch (${python}, ${dtype}, ${threads} thread${threads === 1 ? '' : 's'})…\n`);
  const torch = spawnSync(python, [path.join(ROOT, 'scripts', 'bench-real.py'), path.join(dir, 'job.json')], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  fs.rmSync(dir, { recursive: true, force: true });
  if (torch.status !== 0) throw new Error(`PyTorch failed (${torch.status}): ${torch.stderr}`);
  const theirs: EpochRow[] = torch.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { epoch: number; seconds: number; loss: number; test_accuracy: number })
    .map((r) => ({ epoch: r.epoch, seconds: r.seconds, loss: r.loss, testAccuracy: r.test_accuracy }));

  const header = ['epoch', 'nnet s', 'nnet loss', 'nnet test acc.', 'torch s', 'torch loss', 'torch test acc.'];
  const rows = ours.map((o, i) => {
    const t = theirs[i];
    return [String(o.epoch), o.seconds.toFixed(1), o.loss.toFixed(4), `${(100 * o.testAccuracy).toFixed(2)} %`, t ? t.seconds.toFixed(1) : '', t ? t.loss.toFixed(4) : '', t ? `${(100 * t.testAccuracy).toFixed(2)} %` : ''];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string => cells.map((x, c) => x.padStart(widths[c])).join('  ');
  process.stdout.write(`\n${line(header)}\n${rows.map(line).join('\n')}\n`);
  const ratio = median(theirs.map((t) => t.seconds)) / median(ours.map((o) => o.seconds));
  process.stdout.write(`\nmedian time per epoch: nnet ${median(ours.map((o) => o.seconds)).toFixed(1)} s, PyTorch ${median(theirs.map((t) => t.seconds)).toFixed(1)} s; nnet is ${ratio.toFixed(2)}× PyTorch's speed\n`);
  const accuracyRatio = theirs.length ? ours[ours.length - 1].testAccuracy / theirs[theirs.length - 1].testAccuracy : NaN;
  process.stdout.write(`test accuracy after the last epoch: nnet ${(100 * ours[ours.length - 1].testAccuracy).toFixed(2)} %, PyTorch ${theirs.length ? (100 * theirs[theirs.length - 1].testAccuracy).toFixed(2) : 'n/a'} %; ratio ${accuracyRatio.toFixed(4)}\n`);
  process.stdout.write(`load average at the end: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores (numbers from a busy machine are noisy)\n`);
  fs.writeFileSync(path.join(ROOT, 'bench-real-results.json'), JSON.stringify({ job: { ...job, weights: undefined, orders: undefined, data: undefined }, nnet: ours, pytorch: theirs, ratio, accuracyRatio, loadavg: os.loadavg() }, null, 2));
}

main();
