// The model's lookup API: nodes by name, weights by their two names, a layer's sources, and
// names back from indices (each the inverse of the other, over every weight of a network).
import * as assert from 'node:assert/strict';
import { check, splitWeightKey, weightAt, weightKey, weightNames, type Network } from '../../../src/core';
import { layerByName, nodeByName, sourcesOf } from '../../../src/core/model/lookup';
import { readExample } from '../helpers';

function network(name: string): Network {
  const result = check(readExample(name));
  assert.ok(result.network, name);
  return result.network;
}

describe('model: lookup API', () => {
  it('weightNames and weightAt are inverses over every weight', () => {
    for (const file of ['heaton-xor.nnet', 'matrix.nnet', 'digits.nnet']) {
      const n = network(file);
      n.weights.forEach((m, k) => {
        for (let i = 0; i < m.values.length; i++) {
          const { from, to } = weightNames(n, k, i);
          assert.deepEqual(weightAt(n, from, to), { layer: k, index: i }, `${file} ${from}->${to}`);
          assert.deepEqual(splitWeightKey(weightKey(from, to)), { from, to });
        }
      });
    }
    assert.equal(splitWeightKey('->x'), undefined);
    assert.equal(splitWeightKey('x->'), undefined);
  });

  it('finds layers by name and by array alias, nodes (biases too) by name, and a layer\'s sources in column order', () => {
    const text = ['layer input x[3] bias', 'layer hidden h[2] tanh bias', 'layer output y[1] linear', 'weights x -> h = init uniform -1 1 seed 4', 'weights hidden -> y = init zeros', 'sample 1 2 3 -> 4'].join('\n');
    const result = check(text);
    assert.ok(result.network);
    const n = result.network;
    assert.equal(layerByName(n, 'input'), n.layers[0]);
    assert.equal(layerByName(n, 'x'), n.layers[0]);
    assert.equal(layerByName(n, 'h'), n.layers[1]);
    assert.equal(layerByName(n, 'output'), n.layers[2]);
    assert.equal(layerByName(n, 'x1'), undefined);
    assert.equal(nodeByName(n, 'h2'), n.layers[1].nodes[1]);
    assert.equal(nodeByName(n, 'B2'), n.layers[1].bias);
    assert.equal(nodeByName(n, 'hidden'), undefined);
    assert.deepEqual(sourcesOf(n, 0).map((s) => s.name), ['x1', 'x2', 'x3', 'B1']);
    assert.deepEqual(sourcesOf(n, 3), []);
    assert.equal(weightAt(n, 'B2', 'y1')?.index, 2);
    assert.equal(weightAt(n, 'x1', 'y1'), undefined);
    assert.equal(weightAt(n, 'h1', 'B2'), undefined);
  });
});
