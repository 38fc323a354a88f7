// The explainer's "next Δw" for a mini-batch trainer is the trainer's first update: the gradient
// summed over the first mini-batch of the first epoch's shuffled order (not over every sample,
// which for 60,000 images would also cost half a minute per edit). Checked against the trainer
// itself, stopped after exactly one update.
import * as assert from 'node:assert/strict';
import { check, Explainer, networkSampleSet, toEngineSpec, train, trainOptionsOf } from '../../../src/core';
import { firstMiniBatch } from '../../../src/core/engine/train';

function network(trainLine: string) {
  const samples = Array.from({ length: 7 }, (_, s) => `sample ${(0.1 * s).toFixed(1)} ${(1 - 0.15 * s).toFixed(2)} -> ${s % 3 === 0 ? 1 : 0} ${s % 3 === 1 ? 1 : 0} ${s % 3 === 2 ? 1 : 0}`);
  const text = [
    'layer input a b',
    'layer hidden h[3] tanh bias',
    'layer output y[3] softmax',
    'weights input -> hidden = init uniform -1 1 seed 3',
    'weights hidden -> output = init uniform -1 1 seed 4',
    'loss crossentropy',
    trainLine,
    ...samples,
  ].join('\n');
  const result = check(text);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return result.network!;
}

/** The weights after the trainer's first update only (the run is cancelled before the second). */
function afterOneUpdate(net: ReturnType<typeof network>): readonly Float64Array[] {
  const spec = toEngineSpec(net);
  let asked = 0;
  const result = train(spec, networkSampleSet(net), { ...trainOptionsOf(net.train), epochs: 1 }, { cancelled: () => asked++ >= 1 });
  assert.equal(result.stop, 'cancelled');
  return spec.weights;
}

describe('the next update of a mini-batch trainer', () => {
  for (const line of ['train backprop rate 0.3 momentum 0 batch 3 epochs 5 seed 11', 'train adam rate 0.01 batch 2 epochs 5 seed 5']) {
    it(`equals the trainer's first update: ${line}`, () => {
      const net = network(line);
      const before = toEngineSpec(net).weights;
      const after = afterOneUpdate(net);
      const explainer = new Explainer(net, 0, 'calculus');
      let checked = 0;
      after.forEach((w, k) => {
        for (let i = 0; i < w.length; i++) {
          const next = explainer.nextUpdateAt(k, i);
          assert.equal(next.basis, 'batch');
          const actual = w[i] - before[k][i];
          assert.ok(Math.abs(next.deltaW - actual) <= 1e-12 * Math.max(1, Math.abs(actual)), `weight ${k}/${i}: explainer ${next.deltaW}, trainer ${actual}`);
          checked++;
        }
      });
      assert.equal(checked, 2 * 3 + (3 + 1) * 3, "a b → h (6), h and its bias → y (12)");
      assert.match(explainer.nextUpdateAt(0, 0).terms.map((t) => t.symbol).join(' '), /first mini-batch of \d/);
    });
  }

  it('is the whole set for full-batch training and rprop, and a seeded choice otherwise', () => {
    const data = networkSampleSet(network('train backprop rate 0.1 batch epochs 1'));
    assert.equal(firstMiniBatch(data, { method: 'backprop' }), undefined);
    assert.equal(firstMiniBatch(data, { method: 'rprop', batchSize: 2 }), undefined);
    assert.equal(firstMiniBatch(data, { method: 'backprop', batchSize: 7 }), undefined);
    const a = firstMiniBatch(data, { method: 'adam', batchSize: 3, seed: 1 })!;
    const b = firstMiniBatch(data, { method: 'adam', batchSize: 3, seed: 1 })!;
    const c = firstMiniBatch(data, { method: 'adam', batchSize: 3, seed: 2 })!;
    assert.equal(a.count, 3);
    assert.deepEqual([...a.inputs], [...b.inputs]);
    assert.notDeepEqual([...a.inputs], [...c.inputs]);
  });
});
