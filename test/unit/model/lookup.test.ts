// The model's lookup API: nodes by name, weights by their two names, a layer's sources, and
// names back from indices (each the inverse of the other, over every weight of a network).
import * as assert from 'node:assert/strict';
import { check, nodeByName, sourcesOf, splitWeightKey, weightAt, weightKey, weightNames, type Network } from '../../../src/core';
import { readExample } from '../helpers';

function network(name: string): Network {
  const result = check(readExample(name));
  assert.ok(result.network, name);
  return result.network;
}

describe('model: lookup API', () => {
  it('finds nodes, bias nodes included, and nothing else', () => {
    const n = network('heaton-xor.nnet');
    assert.deepEqual(nodeByName(n, 'H2') && { ...nodeByName(n, 'H2')!, node: undefined }, { layer: 1, index: 1, bias: false, node: undefined });
    assert.deepEqual(nodeByName(n, 'B2') && { ...nodeByName(n, 'B2')!, node: undefined }, { layer: 1, index: 2, bias: true, node: undefined });
    assert.equal(nodeByName(n, 'B2')!.node.name, 'B2');
    assert.equal(nodeByName(n, 'H9'), undefined);
  });

  it('finds weights between adjacent layers only, never into a bias node', () => {
    const n = network('heaton-xor.nnet');
    assert.deepEqual(weightAt(n, 'B1', 'H2'), { layer: 0, index: 1 * 3 + 2 });
    assert.deepEqual(weightAt(n, 'H1', 'O1'), { layer: 1, index: 0 });
    assert.equal(weightAt(n, 'O1', 'H1'), undefined, 'backwards');
    assert.equal(weightAt(n, 'I1', 'O1'), undefined, 'skips a layer');
    assert.equal(weightAt(n, 'I1', 'B2'), undefined, 'into a bias node');
  });

  it('lists the sources of a layer in weight-column order, bias last', () => {
    const n = network('heaton-xor.nnet');
    assert.deepEqual(sourcesOf(n, 1).map((s) => s.name), ['I1', 'I2', 'B1']);
    assert.deepEqual(sourcesOf(n, 2).map((s) => s.name), ['H1', 'H2', 'B2']);
    assert.deepEqual(sourcesOf(n, 0), []);
  });

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
});
