// The input-plane map: the network's own outputs on a grid around the samples.
import * as assert from 'node:assert/strict';
import { check, createWorkspace, forward, networkSampleSet, toEngineSpec, type Network } from '../../../src/core';
import { hasInputPlane, outputMap, planeBounds } from '../../../src/core/graph';
import { readExample } from '../helpers';

function xor(): Network {
  const result = check(readExample('heaton-xor.nnet'));
  assert.ok(result.network && !result.hasErrors);
  return result.network;
}

describe('graph: output over the input plane', () => {
  it('frames the samples with a margin', () => {
    const bounds = planeBounds(networkSampleSet(xor()));
    assert.deepEqual(bounds, { x: [-0.25, 1.25], y: [-0.25, 1.25] });
  });

  it('holds the forward pass at each cell centre, row 0 at the top', () => {
    const network = xor();
    const spec = toEngineSpec(network);
    assert.ok(hasInputPlane(spec));
    const map = outputMap(spec, { x: [0, 1], y: [0, 1], resolution: 4 });
    assert.equal(map.values.length, 16);
    const ws = createWorkspace(spec);
    const at = (x: number, y: number): number => {
      forward(spec, ws, [x, y]);
      return ws.out[2][0];
    };
    assert.equal(map.values[0], at(0.125, 0.875), 'top left');
    assert.equal(map.values[15], at(0.875, 0.125), 'bottom right');
    assert.equal(map.values[4 * 1 + 2], at(0.625, 0.625));
    assert.equal(map.min, Math.min(...map.values));
    assert.equal(map.max, Math.max(...map.values));
  });

  it('draws 48² cells of a two-input network by default (its time: `npm run bench`)', () => {
    const map = outputMap(toEngineSpec(xor()), { x: [-0.25, 1.25], y: [-0.25, 1.25] });
    assert.equal(map.values.length, 48 * 48);
    assert.ok(map.values.every((v) => Number.isFinite(v)));
  });

  it('refuses networks without exactly two inputs', () => {
    const result = check(readExample('digits.nnet'));
    assert.ok(result.network);
    assert.equal(hasInputPlane(toEngineSpec(result.network)), false);
    assert.throws(() => outputMap(toEngineSpec(result.network!), { x: [0, 1], y: [0, 1] }), /two inputs/);
  });
});
