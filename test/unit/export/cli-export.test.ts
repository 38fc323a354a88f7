// `nnet export` from the command line: the files it writes run in the other runtimes, and
// mistakes in the command line are usage errors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { networkSampleSet } from '../../../src/core/engine/spec';
import { nnet } from './cli';
import { EVERY_ACTIVATION, networkOf } from './networks';
import * as tf from '@tensorflow/tfjs';
import { python } from './python';
import { engineOutputs, fileHandler, runOnnx } from './runtimes';

describe('export: nnet export', function () {
  this.timeout(600000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-export-'));
    fs.writeFileSync(path.join(dir, 'every.nnet'), EVERY_ACTIVATION);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes an ONNX file (float64) that onnxruntime runs to our outputs', async () => {
    const out = path.join(dir, 'every.onnx');
    const run = nnet(['export', path.join(dir, 'every.nnet'), '--format', 'onnx', '-o', out, '--dtype', 'float64']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${out}\n`);
    const network = networkOf(EVERY_ACTIVATION);
    const set = networkSampleSet(network);
    const actual = await runOnnx(fs.readFileSync(out), set.inputs, set.count, 'float64');
    const expected = engineOutputs(network);
    for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])), `output ${i}`);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left behind');
  });

  it('writes a PyTorch file that python3-torch runs to our outputs', () => {
    const out = path.join(dir, 'every.py');
    const run = nnet(['export', path.join(dir, 'every.nnet'), '--format', 'pytorch', '-o', out]);
    assert.equal(run.status, 0, run.stderr);
    const text = fs.readFileSync(out, 'utf8');
    assert.match(text, /python3 every\.py --workers 2/);
    assert.match(text, /from every import model, loss_fn/);
    const printed = python(['-c', 'import json, every; print(json.dumps(every.model(every.inputs).flatten().tolist()))'], { cwd: dir });
    const actual = JSON.parse(printed) as number[];
    const expected = engineOutputs(networkOf(EVERY_ACTIVATION));
    assert.equal(actual.length, expected.length);
    actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 1e-12 * Math.max(1, Math.abs(expected[i])), `output ${i}: ${v} vs ${expected[i]}`));
  });

  it('writes a TF.js model.json and its weights file that tf.loadLayersModel predicts with', async () => {
    const out = path.join(dir, 'every.json');
    const run = nnet(['export', path.join(dir, 'every.nnet'), '--format', 'tfjs', '-o', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${out}\n${path.join(dir, 'every.weights.bin')}\n`);
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(fileHandler(out));
    const network = networkOf(EVERY_ACTIVATION);
    const set = networkSampleSet(network);
    const x = tf.tensor2d(Float32Array.from(set.inputs), [set.count, set.inputSize]);
    const y = model.predict(x) as tf.Tensor;
    const actual = await y.data();
    tf.dispose([x, y]);
    const expected = engineOutputs(network);
    expected.forEach((v, i) => assert.ok(Math.abs(actual[i] - v) <= 1e-5 * Math.max(1, Math.abs(v)), `output ${i}`));
  });

  it('nnet import turns an exported ONNX file back into the same .nnet network', () => {
    const onnxFile = path.join(dir, 'round.onnx');
    const back = path.join(dir, 'round.nnet');
    assert.equal(nnet(['export', path.join(dir, 'every.nnet'), '--format', 'onnx', '--dtype', 'float64', '-o', onnxFile]).status, 0);
    const run = nnet(['import', onnxFile, '-o', back]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, `${back}\n`);
    const original = networkOf(EVERY_ACTIVATION);
    const imported = networkOf(fs.readFileSync(back, 'utf8'));
    original.weights.forEach((m, k) => assert.deepEqual(Array.from(imported.weights[k].values), Array.from(m.values)));
    const junk = path.join(dir, 'junk.onnx');
    fs.writeFileSync(junk, 'not a model');
    const bad = nnet(['import', junk, '-o', path.join(dir, 'junk.nnet')]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /junk\.onnx/);
    assert.equal(fs.existsSync(path.join(dir, 'junk.nnet')), false);
    assert.equal(nnet(['import', onnxFile]).status, 2);
  });

  it('reports usage errors with exit code 2 and writes nothing', () => {
    const file = path.join(dir, 'every.nnet');
    const cases: [string[], RegExp][] = [
      [['export', file, '-o', path.join(dir, 'a.onnx')], /needs --format/],
      [['export', file, '--format', 'keras', '-o', path.join(dir, 'a.onnx')], /unknown format 'keras'/],
      [['export', file, '--format', 'onnx'], /needs -o OUT/],
      [['export', file, '--format', 'onnx', '-o', path.join(dir, 'a.onnx'), '--dtype', 'float16'], /float32 or float64/],
      [['export', file, '--format', 'pytorch', '-o', path.join(dir, 'a.onnx'), '--dtype', 'float32'], /pytorch files are float64/],
    ];
    for (const [args, message] of cases) {
      const run = nnet(args);
      assert.equal(run.status, 2, args.join(' '));
      assert.match(run.stderr, message);
    }
    assert.equal(fs.existsSync(path.join(dir, 'a.onnx')), false);
  });

  it('refuses a file with errors (exit 1) and cannot-write targets (exit 2)', () => {
    fs.writeFileSync(path.join(dir, 'broken.nnet'), 'layer input x[2]\nlayer output y[1] sigmoid\nx1 -> y9 = 1\n');
    const broken = nnet(['export', path.join(dir, 'broken.nnet'), '--format', 'onnx', '-o', path.join(dir, 'b.onnx')]);
    assert.equal(broken.status, 1);
    assert.match(broken.stderr, /error/);
    const missingDir = nnet(['export', path.join(dir, 'every.nnet'), '--format', 'onnx', '-o', path.join(dir, 'no', 'such', 'c.onnx')]);
    assert.equal(missingDir.status, 2);
    assert.match(missingDir.stderr, /cannot write/);
  });
});
