// The model's lookup API: nodes by name, weights by their two names, a layer's sources, and
// names back from indices (each the inverse of the other, over every weight of a network).
import * as assert from 'node:assert/strict';
import { check, splitWeightKey, weightAt, weightKey, weightNames, type Network } from '../../../src/core';
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
});
