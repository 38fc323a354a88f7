// Trainers: steps worked by hand, RPROP's sign logic, convergence, reproducibility, divergence.
import * as assert from 'node:assert/strict';
import { check, networkSampleSet, toEngineSpec, train, trainOptionsOf, type EngineSpec, type Network, type TrainOptions } from '../../../src/core';
import { readExample } from '../helpers';

function build(text: string): Network {
  const result = check(text);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(result.network);
  return result.network;
}

/** One linear node y = w·x, mse, a single sample. */
function single(w: number, x: number, t: number): { spec: EngineSpec; network: Network } {
  const network = build(`layer input x\nlayer output y linear\nx -> y = ${w}\nsample ${x} -> ${t}`);
  return { spec: toEngineSpec(network), network };
}

function run(network: Network, spec: EngineSpec, options: TrainOptions) {
  return train(spec, networkSampleSet(network), options);
}

describe('engine: trainers', () => {
  it('backprop with momentum: two steps worked by hand', () => {
    // E = ½(t − w·x)², ∂E/∂w = (w·x − t)·x. w = 0.5, x = 2, t = 3.
    // Step 1: g = (1 − 3)·2 = −4, Δw = −0.1·(−4) + 0.5·0 = 0.4, w = 0.9.
    // Step 2: g = (1.8 − 3)·2 = −2.4, Δw = 0.24 + 0.5·0.4 = 0.44, w = 1.34.
    const { spec, network } = single(0.5, 2, 3);
    run(network, spec, { method: 'backprop', rate: 0.1, momentum: 0.5, batchSize: 1, epochs: 1 });
    assert.ok(Math.abs(spec.weights[0][0] - 0.9) < 1e-15);
    const again = single(0.5, 2, 3);
    const result = run(again.network, again.spec, { method: 'backprop', rate: 0.1, momentum: 0.5, batchSize: 1, epochs: 2 });
    assert.ok(Math.abs(again.spec.weights[0][0] - 1.34) < 1e-15, String(again.spec.weights[0][0]));
    assert.equal(result.epochs, 2);
    assert.equal(result.history[0].loss, 2); // ½(3 − 1)²
  });

  it('iRPROP+: steps grow ×1.2 while the sign holds, a sign flip with rising error backtracks', () => {
    // E = ½(1 − w)², ∂E/∂w = w − 1, starting at w = 0 (hand-computed sequence in the comments).
    const { spec, network } = single(0, 1, 1);
    const expected = [0.1, 0.22, 0.364, 0.5368, 0.74416, 0.992992, 1.2915904, 0.992992, 1.1422912];
    for (let epochs = 1; epochs <= expected.length; epochs++) {
      const fresh = single(0, 1, 1);
      run(fresh.network, fresh.spec, { method: 'rprop', epochs });
      assert.ok(Math.abs(fresh.spec.weights[0][0] - expected[epochs - 1]) < 1e-12, `epoch ${epochs}: ${fresh.spec.weights[0][0]} vs ${expected[epochs - 1]}`);
    }
    assert.ok(spec && network);
  });

  it('Adam: the first step moves each weight by the rate against the gradient\u2019s sign', () => {
    const { spec, network } = single(0.5, 2, 3);
    run(network, spec, { method: 'adam', rate: 0.01, epochs: 1 });
    // m̂ = g, √v̂ = |g|, so Δw = −0.01·g/(|g| + 1e-8) with g = −4.
    assert.ok(Math.abs(spec.weights[0][0] - (0.5 + (0.01 * 4) / (4 + 1e-8))) < 1e-15);
  });

  it('never changes fixed weights', () => {
    const network = build('layer input a b\nlayer output y linear\na -> y = 0.5 fixed\nb -> y = 0.5\nsample 1 2 -> 3\nsample 2 1 -> 0');
    for (const method of ['backprop', 'rprop', 'adam'] as const) {
      const spec = toEngineSpec(network);
      run(network, spec, { method, epochs: 20, batchSize: 1 });
      assert.equal(spec.weights[0][0], 0.5, method);
      assert.notEqual(spec.weights[0][1], 0.5, method);
    }
  });

  it('XOR with the book\u2019s settings reaches error < 0.01 within 10,000 epochs', () => {
    const network = build(readExample('heaton-xor.nnet'));
    const spec = toEngineSpec(network);
    const result = run(network, spec, trainOptionsOf(network.train));
    assert.equal(result.stop, 'until');
    assert.ok(result.epochs < 10_000);
    assert.ok(result.history[result.history.length - 1].mse <= 0.01);
    assert.ok(result.history[0].mse > 0.2);
  });

  it('the same seed gives bit-identical weights; another seed does not', () => {
    const text = ['layer input a b bias', 'layer hidden h[3] tanh bias', 'layer output y sigmoid', 'weights input -> hidden = init xavier seed 1', 'weights hidden -> output = init xavier seed 1'];
    const samples = Array.from({ length: 40 }, (_, i) => `sample ${(i % 7) / 7} ${(i % 5) / 5} -> ${i % 2}`);
    const network = build([...text, ...samples].join('\n'));
    const trained = (seed: number): number[] => {
      const spec = toEngineSpec(network);
      run(network, spec, { method: 'backprop', rate: 0.3, batchSize: 8, epochs: 30, seed });
      return spec.weights.flatMap((w) => [...w]);
    };
    assert.deepEqual(trained(5), trained(5));
    assert.notDeepEqual(trained(5), trained(6));
  });

  it('an absurd rate stops training and says where it diverged', () => {
    const network = build('layer input a\nlayer hidden h linear\nlayer output y linear\na -> h = 1\nh -> y = 1\nsample 3 -> 1\nsample -2 -> 0');
    const spec = toEngineSpec(network);
    const result = run(network, spec, { method: 'backprop', rate: 1e6, batchSize: 1, epochs: 1000 });
    assert.equal(result.stop, 'diverged');
    assert.ok(result.divergence);
    assert.ok(result.divergence.epoch >= 1 && result.divergence.epoch < 1000);
    assert.ok(result.divergence.sample === 0 || result.divergence.sample === 1);
    assert.notEqual(result.divergence.what.kind, undefined);
    assert.equal(result.history.length, result.divergence.epoch - 1);
  });

  it('stops when the hook asks to cancel', () => {
    const network = build(readExample('heaton-xor.nnet'));
    const spec = toEngineSpec(network);
    const result = train(spec, networkSampleSet(network), trainOptionsOf(network.train), { onEpoch: (epoch) => epoch < 3 });
    assert.equal(result.stop, 'cancelled');
    assert.equal(result.epochs, 3);
  });
});
