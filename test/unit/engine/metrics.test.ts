// Accuracy, confusion matrix, MSE and R² (engine/metrics.ts) on networks small enough to work
// out by hand; held-out figures per epoch and early stopping (train.ts); the misclassified list
// and the explainer on a held-out sample.
import * as assert from 'node:assert/strict';
import { check, computeSampleWith, evaluate, Explainer, imageSide, inputGradient, heldOutSets, misclassifiedSamples, networkSampleSet, sampleLabel, taskOf, toEngineSpec, train, trainOptionsOf, type Network } from '../../../src/core';

function net(text: string): Network {
  const r = check(text);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return r.network!;
}

// Identity weights: out = softmax(x), so the predicted class is the largest input.
const SOFTMAX = `layer input a b c
layer output p q r softmax
weights input -> output = [1 0 0; 0 1 0; 0 0 1]
loss crossentropy
`;

describe('metrics: accuracy, confusion matrix, MSE and R²', () => {
  it('classes by arg max: accuracy, the confusion matrix (rows true, columns predicted) and the mistakes', () => {
    const n = net(`${SOFTMAX}sample 3 0 0 -> 1 0 0\nsample 0 2 0 -> 0 1 0\nsample 0 5 0 -> 0 0 1\nsample 1 0 4 -> 1 0 0\nsample 0 0 1 -> 0 0 1\n`);
    const spec = toEngineSpec(n);
    const data = networkSampleSet(n);
    const e = evaluate(spec, data, taskOf(spec, data), { wrong: true });
    assert.deepEqual(e.task, { kind: 'classes', classes: 3 });
    assert.equal(e.accuracy, 3 / 5);
    assert.deepEqual([...e.confusion!], [1, 0, 1, 0, 1, 0, 0, 1, 1]);
    assert.deepEqual(
      e.wrong!.map((w) => [w.sample, w.actual, w.predicted]),
      [
        [2, 2, 1],
        [3, 0, 2],
      ],
    );
    // Confidence = softmax output of the predicted class: e^5 / (e^5 + 2).
    assert.ok(Math.abs(e.wrong![0].confidence - Math.exp(5) / (Math.exp(5) + 2)) < 1e-12);
    // Mean loss = mean of −ln(softmax of the true class).
    const ce = (x: number[], t: number): number => -Math.log(Math.exp(x[t]) / x.reduce((s, v) => s + Math.exp(v), 0));
    const expected = (ce([3, 0, 0], 0) + ce([0, 2, 0], 1) + ce([0, 5, 0], 2) + ce([1, 0, 4], 0) + ce([0, 0, 1], 2)) / 5;
    assert.ok(Math.abs(e.loss - expected) < 1e-12, `${e.loss} vs ${expected}`);
  });

  it('one sigmoid output: class 1 when out ≥ 0.5, the target ≥ 0.5 is class 1', () => {
    const n = net('layer input x\nlayer output o sigmoid\nx -> o = 1\nsample 1 -> 1\nsample -1 -> 1\nsample -2 -> 0\nsample 0 -> 0\n');
    const spec = toEngineSpec(n);
    const e = evaluate(spec, networkSampleSet(n));
    assert.deepEqual(e.task, { kind: 'binary' });
    // out: σ(1) ≥ .5 right; σ(−1) < .5 wrong; σ(−2) right; σ(0) = .5 → class 1, wrong.
    assert.equal(e.accuracy, 0.5);
    assert.deepEqual([...e.confusion!], [1, 1, 1, 1]);
  });

  it('regression: MSE over all outputs and R² = 1 − SS_res/SS_tot', () => {
    const n = net('layer input x\nlayer output y linear\nx -> y = 2\nsample 1 -> 2\nsample 2 -> 3\nsample 3 -> 7\n');
    const e = evaluate(toEngineSpec(n), networkSampleSet(n));
    assert.deepEqual(e.task, { kind: 'regression' });
    assert.equal(e.accuracy, undefined);
    // outputs 2 4 6, targets 2 3 7: residuals 0 −1 1 → SS_res 2; mean 4 → SS_tot 4 + 1 + 9 = 14.
    assert.ok(Math.abs(e.mse - 2 / 3) < 1e-12);
    assert.ok(Math.abs(e.r2! - (1 - 2 / 14)) < 1e-12);
    const flat = net('layer input x\nlayer output y linear\nx -> y = 1\nsample 1 -> 3\nsample 2 -> 3\n');
    assert.ok(Number.isNaN(evaluate(toEngineSpec(flat), networkSampleSet(flat)).r2));
  });

  it('one-hot targets on a sigmoid layer are classes too; other targets are regression', () => {
    const onehot = net('layer input x\nlayer output p q sigmoid\nweights input -> output = init zeros\nsample 1 -> 0 1\nsample 2 -> 1 0\n');
    assert.equal(taskOf(toEngineSpec(onehot), networkSampleSet(onehot)).kind, 'classes');
    const soft = net('layer input x\nlayer output p q sigmoid\nweights input -> output = init zeros\nsample 1 -> 0.2 0.8\n');
    assert.equal(taskOf(toEngineSpec(soft), networkSampleSet(soft)).kind, 'regression');
  });
});

describe('metrics during training: held-out samples, early stopping', () => {
  const IRISH = `layer input a b
layer hidden h[4] tanh bias
layer output p q softmax
weights input -> hidden = init xavier seed 1
weights hidden -> output = init xavier seed 2
loss crossentropy
`;
  const samples = Array.from({ length: 40 }, (_, i) => {
    const a = ((i * 37) % 40) / 20 - 1;
    const b = ((i * 11) % 40) / 20 - 1;
    return `sample ${a} ${b} -> ${a + b > 0 ? '1 0' : '0 1'}`;
  }).join('\n');

  it('records train accuracy and test loss/accuracy per epoch, equal to evaluating after each epoch; test samples are never trained on', () => {
    const n = net(`${IRISH}train adam rate 0.05 batch 8 epochs 5 seed 1\n${samples}\ntest split 0.25 seed 1\n`);
    const spec = toEngineSpec(n);
    const held = heldOutSets(n);
    assert.equal(held.test!.count, 10);
    const copy = toEngineSpec(n);
    const result = train(spec, networkSampleSet(n), trainOptionsOf(n.train), {}, held);
    // The same run without the test set gives the same weights: held-out samples never reach a gradient.
    const without = train(copy, networkSampleSet(n), trainOptionsOf(n.train));
    assert.deepEqual(result.weights.map((w) => [...w]), without.weights.map((w) => [...w]));
    const last = result.history[result.history.length - 1];
    const after = evaluate(spec, held.test!);
    assert.equal(last.test!.loss, after.loss);
    assert.equal(last.test!.accuracy, after.accuracy);
    assert.ok(result.history.every((e) => e.accuracy !== undefined && e.accuracy >= 0 && e.accuracy <= 1));
  });

  it('patience stops once the validation loss has not improved and keeps the best epoch', () => {
    // A rate far too large makes the validation loss bounce; the best epoch's weights come back.
    const n = net(`${IRISH}train adam rate 2 batch 4 epochs 60 patience 3 seed 1\n${samples}\nvalidation split 0.25 seed 2\n`);
    const spec = toEngineSpec(n);
    const held = heldOutSets(n);
    const result = train(spec, networkSampleSet(n), trainOptionsOf(n.train), {}, held);
    assert.equal(result.stop, 'patience');
    const losses = result.history.map((e) => e.validation!.loss);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    assert.equal(result.bestEpoch, best);
    assert.equal(result.epochs, best + 3);
    assert.equal(evaluate(spec, held.validation!).loss, losses[best - 1]);
  });

  it('lists the misclassified test samples as active-sample indices the explainer can show', () => {
    const n = net(`${SOFTMAX}sample 3 0 0 -> 1 0 0\nsample 0 2 0 -> 0 1 0\ntest split 0.5 seed 1\n${['sample 0 5 0 -> 0 0 1', 'sample 1 0 4 -> 1 0 0', 'sample 0 0 1 -> 0 0 1', 'sample 0 1 0 -> 0 1 0'].join('\n')}\n`);
    const report = misclassifiedSamples(n);
    assert.ok(report.ok);
    assert.equal(report.set, 'test');
    for (const s of report.samples) {
      const explainer = new Explainer(n, s.index);
      const sample = n.test[s.index - n.samples.length];
      assert.equal(explainer.active, sample);
      assert.match(sampleLabel(n, s.index), /^test sample \d+\/3$/);
      assert.equal(s.actual, ['p', 'q', 'r'][sample.targets.indexOf(1)]);
    }
  });
});

describe('saliency: the input gradient ∂E/∂x', () => {
  it('equals central finite differences of E with respect to each input, in either convention', () => {
    const n = net(`layer input x[4]
layer hidden h[3] tanh bias
layer output y[2] softmax
weights x -> h = init uniform -1 1 seed 3
weights h -> y = init uniform -1 1 seed 4
loss crossentropy
sample 0.2 -0.4 0.9 0.1 -> 0 1
`);
    const spec = toEngineSpec(n);
    for (const convention of ['calculus', 'heaton'] as const) {
      const g = inputGradient(spec, new Explainer(n, 0, convention).result);
      const x = [...n.samples[0].inputs];
      const t = [...n.samples[0].targets];
      for (let c = 0; c < 4; c++) {
        const at = (h: number): number => computeSampleWith(spec, 'calculus', x.map((v, i) => (i === c ? v + h : v)), t, 0).error;
        const numeric = (at(1e-6) - at(-1e-6)) / 2e-6;
        assert.ok(Math.abs(g[c] - numeric) < 1e-7, `${convention} x${c + 1}: ${g[c]} vs ${numeric}`);
      }
    }
    assert.equal(imageSide(784), 28);
    assert.equal(imageSide(4), 2);
    assert.equal(imageSide(5), undefined);
    assert.equal(imageSide(1), undefined);
  });
});
