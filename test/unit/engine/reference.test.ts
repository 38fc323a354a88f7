// The design brief's reference figures for Example 1 (Heaton ch. 6, XOR, sample `1 0 -> 1`).
import * as assert from 'node:assert/strict';
import { check, computeSample, type Network } from '../../../src/core';
import { readExample } from '../helpers';

function xor(): Network {
  const result = check(readExample('heaton-xor.nnet'));
  assert.ok(result.network && !result.hasErrors);
  return result.network;
}

function close(actual: number, expected: number, relative: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(error <= relative, `${what}: ${actual} vs ${expected} (relative error ${error})`);
}

describe('engine: reference figures (Example 1, sample 1)', () => {
  const r = computeSample(xor(), 0);
  const [, hidden, output] = r.layers;

  it('net and out of H1, H2, O1 to 1e-12', () => {
    close(hidden.net[0], -0.53, 1e-12, 'net H1');
    close(hidden.net[1], 1.04, 1e-12, 'net H2');
    close(output.net[0], 1.1270192881616912, 1e-12, 'net O1');
    close(hidden.out[0], 0.37051688803260513, 1e-12, 'out H1');
    close(hidden.out[1], 0.7388500060842489, 1e-12, 'out H2');
    close(output.out[0], 0.7552883998903617, 1e-12, 'out O1');
  });

  it('Heaton δ of O1, H1, H2 to 1e-12', () => {
    assert.equal(r.convention, 'heaton');
    close(output.delta[0], 0.04522951472920882, 1e-12, 'δ O1');
    close(hidden.delta[0], -0.002320794571465154, 1e-12, 'δ H1');
    close(hidden.delta[1], 0.005061697919553165, 1e-12, 'δ H2');
  });

  it('Heaton gradients H1→O1, H2→O1, B2→O1 to 1e-12', () => {
    const g = r.gradients[1];
    close(g[0], 0.016758299044691328, 1e-12, 'H1→O1');
    close(g[1], 0.03341782723286356, 1e-12, 'H2→O1');
    close(g[2], 0.04522951472920882, 1e-12, 'B2→O1');
  });

  it('E = ½(ideal − out)² to 1e-12', () => {
    close(r.error, 0.02994188361410977, 1e-12, 'E');
  });

  it('a textbook reader\u2019s rounded figures agree within 1 %', () => {
    close(output.delta[0], 0.04518482993361776, 0.01, 'δ O1');
    close(hidden.delta[0], -0.0023181625149143255, 0.01, 'δ H1');
    close(hidden.delta[1], 0.005031782661407674, 0.01, 'δ H2');
    close(r.gradients[1][0], 0.01674174257328656, 0.01, 'H1→O1');
    close(r.gradients[1][1], 0.033471787838638474, 0.01, 'H2→O1');
    close(r.gradients[1][2], 0.04518482993361776, 0.01, 'B2→O1');
  });

  it('the calculus convention is the exact negation', () => {
    const c = computeSample(xor(), 0, 'calculus');
    assert.equal(c.layers[2].delta[0], -output.delta[0]);
    assert.equal(c.gradients[1][0], -r.gradients[1][0]);
    assert.equal(c.error, r.error);
  });
});

describe('explain: the textbook reader\u2019s rounded figure', () => {
  it('rounding hidden outputs to two decimals reproduces the book\u2019s δ(O1) exactly', async () => {
    const { Explainer } = await import('../../../src/core');
    const d = new Explainer(xor(), 0).explainNode('O1');
    assert.ok(d?.textbook, 'the output node carries the by-hand figure');
    close(d.textbook.delta, 0.04518482993361776, 1e-12, 'δ O1 by hand');
    assert.ok(d.textbook.relativeDifference < 0 && d.textbook.relativeDifference > -0.01);
    assert.equal(d.delta, computeSample(xor(), 0).layers[2].delta[0], 'the exact δ stays the headline');
  });

  it('says nothing when rounding changes nothing (a network without hidden layers)', async () => {
    const { Explainer } = await import('../../../src/core');
    const result = check('layer input a\nlayer output o sigmoid\na -> o = 0.5\nsample 1 -> 1');
    assert.ok(result.network);
    assert.equal(new Explainer(result.network, 0).explainNode('o')?.textbook, undefined);
  });
});
