// TF.js Layers export checked by TensorFlow.js itself: tf.loadLayersModel reads model.json and
// the weights file from disk through an IO handler and predicts the engine's outputs (float32).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { networkSampleSet } from '../../../src/core/engine/spec';
import { toTfjs } from '../../../src/core/export/tfjs';
import { allNetworks } from './networks';
import { engineOutputs, fileHandler } from './runtimes';

describe('export: TF.js Layers model in TensorFlow.js', function () {
  this.timeout(120000);
  let dir: string;
  before(async () => {
    await tf.setBackend('cpu');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-tfjs-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const { name, network } of allNetworks()) {
    it(`${name}: tf.loadLayersModel predicts the engine's outputs (float32)`, async () => {
      const exported = toTfjs(network, { weightsFileName: `${name}.weights.bin` });
      const modelPath = path.join(dir, `${name}.json`);
      fs.writeFileSync(modelPath, exported.modelJson);
      fs.writeFileSync(path.join(dir, exported.weightsFileName), exported.weights);
      const model = await tf.loadLayersModel(fileHandler(modelPath));
      const set = networkSampleSet(network);
      const x = tf.tensor2d(Float32Array.from(set.inputs), [set.count, set.inputSize]);
      const y = model.predict(x) as tf.Tensor;
      const actual = Float64Array.from(await y.data());
      tf.dispose([x, y]);
      model.dispose();
      const expected = engineOutputs(network);
      assert.equal(actual.length, expected.length);
      let worst = 0;
      for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
      assert.ok(worst <= 1e-5, `${name}: max relative error ${worst}`);
    });
  }

  it('writes Dense kernels as [inputs, units] and leaky ReLU as its own layer', () => {
    const every = allNetworks().find((n) => n.name === 'every-activation')!;
    const json = JSON.parse(toTfjs(every.network).modelJson) as { modelTopology: { config: { layers: { class_name: string; config: { name: string } }[] } }; weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
    assert.deepEqual(json.modelTopology.config.layers.map((l) => l.class_name), ['Dense', 'Dense', 'Dense', 'LeakyReLU', 'Dense', 'Dense']);
    assert.deepEqual(json.weightsManifest[0].weights[0], { name: 'h1/kernel', shape: [3, 4], dtype: 'float32' });
  });
});
