// The panel's real-data views: the active sample as an image with its saliency map (checked
// against central differences of E in each input), the confusion matrix of trained weights
// (checked against counts worked out by hand), and per-epoch train/test curves of a run.
import * as assert from 'node:assert/strict';
import { check, Explainer, networkSampleSet, toEngineSpec, train, trainOptionsOf, heldOutSets, type Network } from '../../../src/core';
import { buildConfusionView, buildImageView, TrainingRuns } from '../../../src/core/graph';
import { computeSampleWith } from '../../../src/core/engine/compute';

/** A model whose `test "…"` lines read the CSV texts given here. */
function model(text: string, csv: Record<string, string> = {}): Network {
  const result = check(text, { readData: (p) => (p in csv ? { ok: true, text: csv[p] } : { ok: false, error: 'missing' }) });
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return result.network!;
}

// Four inputs (a 2×2 picture), two classes.
const IMAGE_NET = `layer input p[4]
layer hidden h[3] tanh bias
layer output dark light softmax
weights input -> hidden = init uniform -1 1 seed 2
weights hidden -> output = init uniform -1 1 seed 3
loss crossentropy
train adam rate 0.05 batch 2 epochs 6 seed 1
sample 0.9 0.8 0.7 1 -> 0 1
sample 0.1 0 0.2 0.1 -> 1 0
sample 1 0.9 0.8 0.9 -> 0 1
sample 0 0.1 0.1 0.3 -> 1 0
test "t.csv" inputs 1..4 targets 5..6
`;
const IMAGE_TEST = '0.8,0.9,1,1,0,1\n0.2,0.1,0,0,1,0\n0.6,0.1,0.1,0.2,0,1\n';

describe('graph: real-data views', () => {
  it('draws a square input as an image whose saliency is ∂E/∂x (central differences)', () => {
    const net = model(IMAGE_NET, { 't.csv': IMAGE_TEST });
    const explainer = new Explainer(net, 5, 'heaton'); // the second test sample; heaton must not flip ∂E/∂x
    const image = buildImageView(net, explainer)!;
    assert.equal(image.side, 2);
    assert.deepEqual(image.pixels, [0.2, 0.1, 0, 0]);
    assert.equal(image.low, 0);
    assert.equal(image.high, 0.2);
    const spec = toEngineSpec(net);
    const targets = Float64Array.from([1, 0]);
    const errorAt = (x: number[]): number => computeSampleWith(spec, 'calculus', Float64Array.from(x), targets, 0).error;
    const h = 1e-6;
    for (let c = 0; c < 4; c++) {
      const up = [0.2, 0.1, 0, 0];
      const down = [0.2, 0.1, 0, 0];
      up[c] += h;
      down[c] -= h;
      const finite = (errorAt(up) - errorAt(down)) / (2 * h);
      assert.ok(Math.abs(finite - image.saliency[c]!) <= 1e-6 * Math.max(1, Math.abs(finite)), `pixel ${c}: ${image.saliency[c]} vs ${finite}`);
    }
    let max = 0;
    for (const g of image.saliency) max = Math.max(max, Math.abs(g!));
    assert.equal(image.saliencyMax, max);
    assert.match(image.caption, /^test sample 2 · true: dark · predicted: (dark|light) \(0\.\d\d\)$/);
  });

  it('draws no image when the inputs are not a square', () => {
    const net = model('layer input a b c\nlayer output y sigmoid\nweights input -> output = init zeros\nsample 1 2 3 -> 1\n');
    assert.equal(buildImageView(net, new Explainer(net, 0)), null);
  });

  it('counts (true, predicted) classes of the given weights on the test set', () => {
    // y_i = softmax(x): the predicted class is the larger input.
    const net = model(`layer input a b
layer output first second softmax
weights input -> output = [1 0; 0 1]
loss crossentropy
sample 1 0 -> 1 0
test "t.csv" inputs 1..2 targets 3..4
`, { 't.csv': '1,0,1,0\n0.9,0.1,1,0\n0.2,0.8,1,0\n0,1,0,1\n0.7,0.3,0,1\n' });
    const confusion = buildConfusionView(net, toEngineSpec(net).weights)!;
    assert.equal(confusion.set, 'test');
    assert.deepEqual(confusion.classes, ['first', 'second']);
    // true first: 2 right, 1 called second; true second: 1 called first, 1 right.
    assert.deepEqual(confusion.counts, [2, 1, 1, 1]);
    assert.equal(confusion.count, 5);
    assert.equal(confusion.accuracy, 3 / 5);
    // Other weights, other counts: swapping the classes gets every test sample but one wrong.
    const swapped = buildConfusionView(net, [Float64Array.from([0, 1, 1, 0])])!;
    assert.deepEqual(swapped.counts, [1, 2, 1, 1]);
    assert.equal(buildConfusionView(net, [new Float64Array(3)]), null, 'weights of another shape are refused');
  });

  it('keeps training and test loss and accuracy per epoch, and the confusion matrix at the end', () => {
    const net = model(IMAGE_NET, { 't.csv': IMAGE_TEST });
    const spec = toEngineSpec(net);
    const runs = new TrainingRuns();
    runs.start('u', net, 6);
    const result = train(spec, networkSampleSet(net), trainOptionsOf(net.train), { onEpoch: (epoch, error) => void runs.progress('u', epoch, error) }, heldOutSets(net));
    const live = runs.view('u')!;
    assert.equal(live.curves.testAccuracy.length, 6);
    const view = runs.end('u', net, result)!;
    assert.deepEqual(view.epochs, [1, 2, 3, 4, 5, 6]);
    for (const key of ['trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy'] as const) assert.equal(view.curves[key].length, 6, key);
    result.history.forEach((e, i) => {
      assert.equal(view.curves.trainLoss[i], e.loss);
      assert.equal(view.curves.testLoss[i], e.test!.loss);
      assert.equal(view.curves.testAccuracy[i], e.test!.accuracy);
    });
    const confusion = view.confusion!;
    assert.equal(confusion.count, 3);
    assert.equal(confusion.counts.reduce((a, b) => a + b, 0), 3);
    assert.equal(confusion.accuracy, result.history[result.history.length - 1].test!.accuracy, 'the last epoch’s test accuracy');
  });
});
