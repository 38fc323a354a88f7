// The E(w) chart's numbers: exact at the current weight, slope = ∂E/∂w, next step = the lenses' Δw.
import * as assert from 'node:assert/strict';
import {
  Explainer,
  check,
  computeSample,
  networkSampleSet,
  toEngineSpec,
  totalError,
  type Network,
} from '../../../src/core';
import { describeBasis, errorAlongWeight, weightCurve } from '../../../src/core/graph';
import { readExample } from '../helpers';

function model(text: string): Network {
  const result = check(text);
  assert.ok(result.network && !result.hasErrors, JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error')));
  return result.network;
}

const xor = (): Network => model(readExample('heaton-xor.nnet'));

/** Central difference of E along the weight, from errorAlongWeight itself. */
function finiteSlope(network: Network, sample: number | 'all', layer: number, index: number, h = 1e-5): number {
  const spec = toEngineSpec(network);
  const w = spec.weights[layer][index];
  const [minus, plus] = errorAlongWeight(spec, networkSampleSet(network), sample, layer, index, [w - h, w + h]);
  return (plus - minus) / (2 * h);
}

function close(actual: number, expected: number, tolerance: number, what: string): void {
  const scale = Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) / scale <= tolerance, `${what}: ${actual} vs ${expected}`);
}

describe('graph: E along one weight', () => {
  it('equals the engine\u2019s E at the current value, bit for bit, for every weight and sample of heaton-xor', () => {
    const network = xor();
    const spec = toEngineSpec(network);
    const data = networkSampleSet(network);
    for (let s = 0; s < data.count; s++) {
      const expected = computeSample(network, s).error;
      spec.weights.forEach((w, k) => {
        for (let i = 0; i < w.length; i++) {
          const [e] = errorAlongWeight(spec, data, s, k, i, [w[i]]);
          assert.equal(e, expected, `sample ${s + 1}, weight ${k}/${i}`);
        }
      });
    }
    assert.equal(errorAlongWeight(spec, data, 'all', 1, 0, [spec.weights[1][0]])[0], totalError(spec, data));
  });

  it('reproduces the brief\u2019s E = 0.02994188361410977 for sample 1', () => {
    const network = xor();
    const spec = toEngineSpec(network);
    const [e] = errorAlongWeight(spec, networkSampleSet(network), 0, 1, 0, [-0.22]);
    close(e, 0.02994188361410977, 1e-12, 'E');
  });

  it('changes E when the weight changes, and leaves the spec alone', () => {
    const network = xor();
    const spec = toEngineSpec(network);
    const before = spec.weights.map((w) => Float64Array.from(w));
    const [a, b] = errorAlongWeight(spec, networkSampleSet(network), 0, 0, 0, [-1, 1]);
    assert.notEqual(a, b);
    assert.deepEqual(spec.weights, before);
  });

  it('matches a full forward pass with the weight changed (hidden and output layer pairs, all samples)', () => {
    const network = xor();
    const spec = toEngineSpec(network);
    const data = networkSampleSet(network);
    for (const [k, i] of [
      [0, 1],
      [0, 5],
      [1, 2],
    ]) {
      const values = [-2, -0.3, 0.4, 3];
      const curve = errorAlongWeight(spec, data, 'all', k, i, values);
      values.forEach((v, j) => {
        const changed = toEngineSpec(network);
        changed.weights[k][i] = v;
        close(curve[j], totalError(changed, data), 1e-12, `weight ${k}/${i} at ${v}`);
      });
    }
  });

  it('has the finite-difference slope ∂E/∂w for every weight (online: the sample\u2019s gradient)', () => {
    const network = xor();
    const explainer = new Explainer(network, 0);
    network.weights.forEach((m, k) => {
      for (let i = 0; i < m.values.length; i++) {
        const curve = weightCurve(explainer, k, i);
        assert.equal(curve.basis, 'sample', 'online backprop plots the sample\u2019s E');
        // Heaton's gradient is −∂E/∂w: the engine's number, with the sign flipped.
        close(curve.slope, -explainer.result.gradients[k][i], 1e-12, `slope vs engine, ${curve.from}→${curve.to}`);
        close(finiteSlope(network, 0, k, i), curve.slope, 1e-6, `finite difference, ${curve.from}→${curve.to}`);
      }
    });
  });

  it('puts the next step where the lenses say (Δw = η·g for H1→O1)', () => {
    const explainer = new Explainer(xor(), 0);
    const curve = weightCurve(explainer, 1, 0);
    assert.equal(curve.from, 'H1');
    assert.equal(curve.to, 'O1');
    close(curve.gradient, 0.016758299044691328, 1e-12, 'heaton g');
    close(curve.next!.deltaW, 0.7 * 0.016758299044691328, 1e-12, 'Δw');
    close(curve.next!.value, -0.22 + 0.7 * 0.016758299044691328, 1e-12, 'next w');
    assert.ok(curve.next!.error < curve.error, 'a small step down the slope lowers E');
    assert.ok(curve.values[0] < curve.value && curve.values[curve.values.length - 1] > curve.value);
    assert.match(describeBasis(curve), /sample 1/);
  });

  it('plots the sum over the set for a batch trainer, with the batch gradient as slope', () => {
    const text = readExample('heaton-xor.nnet').replace(/^train .*$/m, 'train backprop rate 0.5 batch epochs 10');
    const network = model(text);
    const explainer = new Explainer(network, 2);
    const curve = weightCurve(explainer, 0, 3);
    assert.equal(curve.basis, 'set');
    close(finiteSlope(network, 'all', 0, 3), curve.slope, 1e-6, 'finite difference of the summed E');
    close(curve.next!.deltaW, -0.5 * curve.slope, 1e-12, 'batch Δw = −η · Σ ∂E/∂w');
    assert.match(describeBasis(curve), /all 4 samples/);
  });

  it('handles rprop (matrix example), softmax + cross-entropy and fixed weights', () => {
    const matrix = model(readExample('matrix.nnet'));
    const curve = weightCurve(new Explainer(matrix, 0), 0, 2);
    assert.equal(curve.basis, 'set');
    close(finiteSlope(matrix, 'all', 0, 2), curve.slope, 1e-6, 'rprop');

    const soft = model(
      [
        'layer input a b bias B',
        'layer hidden h1 h2 h3 tanh bias C',
        'layer output y1 y2 softmax',
        'weights input -> hidden = init uniform -1 1 seed 3',
        'weights hidden -> output = init uniform -1 1 seed 4',
        'C -> y1 = 0.25 fixed',
        'loss crossentropy',
        'train adam rate 0.01',
        'sample 0.5 -1 -> 1 0',
        'sample -0.2 0.3 -> 0 1',
      ].join('\n'),
    );
    const explainer = new Explainer(soft, 1);
    for (const [k, i] of [
      [0, 0],
      [0, 8],
      [1, 4],
    ]) {
      const c = weightCurve(explainer, k, i);
      close(finiteSlope(soft, c.basis === 'set' ? 'all' : 1, k, i), c.slope, 1e-6, `softmax weight ${k}/${i}`);
    }
    const fixed = weightCurve(explainer, 1, 3);
    assert.equal(`${fixed.from}->${fixed.to}`, 'C->y1');
    assert.equal(fixed.fixed, true);
    assert.equal(fixed.next, undefined, 'training leaves a fixed weight where it is');
  });
});
