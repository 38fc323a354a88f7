// The Fashion-MNIST example end to end, as a user runs it: `nnet train fashion-mnist.nnet --write`
// (the built CLI, in a child process, on a copy of the example and its data), then the written
// weights are checked on the 10,000 test images by code that shares nothing with nnet: the IDX
// files are unzipped and read here, the weight matrices are read from the written text with a
// regular expression, and the forward pass (relu, relu, softmax → arg max) is written out below.
// Needs the data: `npm run data:fashion-mnist` (CI runs it first). Run with `npm run test:real`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const EXAMPLE = path.join(ROOT, 'examples', 'fashion-mnist.nnet');
const DATA = path.join(ROOT, 'examples', 'data', 'fashion-mnist');
const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
/** Fashion-MNIST's benchmark table lists a plain MLP (256-128-100) at 0.8833. */
const GOAL = 0.88;

/** A gzipped IDX file: its dimensions and bytes (unsigned bytes only, as Fashion-MNIST has). */
function readIdxBytes(file: string): { dims: number[]; bytes: Uint8Array } {
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  assert.equal(raw[2], 0x08, `${file}: unsigned bytes`);
  const dims: number[] = [];
  for (let d = 0; d < raw[3]; d++) dims.push(raw.readUInt32BE(4 + 4 * d));
  return { dims, bytes: raw.subarray(4 + 4 * raw[3]) };
}

/** `weights A -> B = [ rows ]` blocks of the written file, in order: rows × columns numbers. */
function readMatrices(text: string): { rows: number; columns: number; values: Float64Array }[] {
  const matrices: { rows: number; columns: number; values: Float64Array }[] = [];
  const block = /^weights\s+\S+\s*->\s*\S+\s*=\s*\[([^\]]*)\]/gm;
  for (let m = block.exec(text); m; m = block.exec(text)) {
    const lines = m[1]
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => l !== '');
    const rows = lines.map((l) => l.split(/\s+/).map(Number));
    const columns = rows[0].length;
    assert.ok(rows.every((r) => r.length === columns && r.every(Number.isFinite)), 'a full matrix of finite numbers');
    matrices.push({ rows: rows.length, columns, values: Float64Array.from(rows.flat()) });
  }
  return matrices;
}

/** Test accuracy of a relu … relu → softmax network; a matrix with one column more than its inputs ends with a bias column. */
function accuracy(matrices: ReturnType<typeof readMatrices>, images: Uint8Array, labels: Uint8Array, inputs: number): number {
  let right = 0;
  const count = labels.length;
  for (let s = 0; s < count; s++) {
    let x: number[] = Array.from(images.subarray(s * inputs, (s + 1) * inputs), (p) => p / 255);
    matrices.forEach((m, k) => {
      const next: number[] = [];
      for (let r = 0; r < m.rows; r++) {
        const hasBias = m.columns === x.length + 1;
        let net = hasBias ? m.values[r * m.columns + m.columns - 1] : 0; // bias column
        for (let c = 0; c < x.length; c++) net += m.values[r * m.columns + c] * x[c];
        next.push(k < matrices.length - 1 ? Math.max(0, net) : net);
      }
      x = next;
    });
    // softmax is monotonic: the arg max of the net inputs is the arg max of the outputs.
    let best = 0;
    for (let i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    if (best === labels[s]) right++;
  }
  return right / count;
}

describe('Fashion-MNIST, trained from the command line', function () {
  this.timeout(0);

  it(`nnet train examples/fashion-mnist.nnet --write reaches ≥ ${GOAL} test accuracy, checked independently`, () => {
    for (const f of FILES) assert.ok(fs.existsSync(path.join(DATA, f)), `${path.join(DATA, f)} is missing: run 'npm run data:fashion-mnist' first`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-fashion-'));
    try {
      fs.mkdirSync(path.join(dir, 'data', 'fashion-mnist'), { recursive: true });
      for (const f of FILES) fs.copyFileSync(path.join(DATA, f), path.join(dir, 'data', 'fashion-mnist', f));
      const file = path.join(dir, 'fashion-mnist.nnet');
      fs.copyFileSync(EXAMPLE, file);
      const started = Date.now();
      const run = spawnSync(process.execPath, [CLI, 'train', file, '--write', '--no-progress'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      const seconds = (Date.now() - started) / 1000;
      assert.equal(run.status, 0, run.stdout + run.stderr);
      process.stdout.write(`${run.stdout.split('\nWeights')[0]}\n      (nnet train --write took ${seconds.toFixed(0)} s)\n`);
      const reported = /^ {2}test\s+accuracy ([\d.]+) %/m.exec(run.stdout);
      assert.ok(reported, run.stdout);

      const written = fs.readFileSync(file, 'utf8');
      const matrices = readMatrices(written);
      assert.deepEqual(
        matrices.map((m) => [m.rows, m.columns]),
        [
          [256, 784],
          [128, 257],
          [10, 129],
        ],
      );
      const images = readIdxBytes(path.join(DATA, 't10k-images-idx3-ubyte.gz'));
      const labels = readIdxBytes(path.join(DATA, 't10k-labels-idx1-ubyte.gz'));
      assert.deepEqual(images.dims, [10000, 28, 28]);
      assert.deepEqual(labels.dims, [10000]);
      const measured = accuracy(matrices, images.bytes, labels.bytes, 784);
      process.stdout.write(`      independent forward pass: test accuracy ${(100 * measured).toFixed(2)} % (nnet reported ${reported[1]} %)\n`);
      assert.ok(measured >= GOAL, `test accuracy ${measured} < ${GOAL}`);
      // nnet's own figure is the same computation: it must agree to the rounding of the report.
      assert.ok(Math.abs(measured * 100 - Number(reported[1])) < 0.021, `nnet reported ${reported[1]} %, measured ${measured * 100} %`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
