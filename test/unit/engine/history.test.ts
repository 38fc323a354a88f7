// Training history stays bounded and keeps the curve's shape; a cancel stops mid-epoch.
import * as assert from 'node:assert/strict';
import { check, ErrorHistory, networkSampleSet, toEngineSpec, train } from '../../../src/core';
import { MAX_HISTORY_POINTS } from '../../../src/core/limits';
import { readExample } from '../helpers';

const xor = () => check(readExample('heaton-xor.nnet')).network!;

describe('engine: bounded history', () => {
  it('keeps every epoch until the limit', () => {
    const h = new ErrorHistory(8);
    for (let e = 1; e <= 7; e++) h.add(e, { loss: e, mse: e });
    assert.deepEqual(h.epochs, [1, 2, 3, 4, 5, 6, 7]);
  });

  it('then keeps evenly spaced epochs (stride doubling), the first and the latest', () => {
    const h = new ErrorHistory(8);
    for (let e = 1; e <= 1000; e++) {
      h.add(e, { loss: 1 / e, mse: 2 / e });
      assert.ok(h.points.length <= 8 && h.points.length === h.epochs.length);
      assert.equal(h.epochs[0], 1);
      assert.equal(h.epochs[h.epochs.length - 1], e);
      // Every kept point is the error of its own epoch.
      h.epochs.forEach((epoch, i) => assert.equal(h.points[i].loss, 1 / epoch));
      // Evenly spaced except for the latest.
      const gaps = h.epochs.slice(1, -1).map((x, i) => x - h.epochs[i]);
      assert.ok(gaps.every((g) => g === gaps[0]), `${e}: ${h.epochs.join(' ')}`);
    }
    assert.ok(h.points.length >= 4, 'thinning halves, never empties');
  });

  it(`a long run keeps at most ${MAX_HISTORY_POINTS} points and its last epoch`, () => {
    const network = xor();
    const result = train(toEngineSpec(network), networkSampleSet(network), { method: 'backprop', rate: 0.7, momentum: 0.3, batchSize: 1, epochs: 50_000 });
    assert.equal(result.epochs, 50_000);
    assert.ok(result.history.length <= MAX_HISTORY_POINTS && result.history.length > MAX_HISTORY_POINTS / 4, String(result.history.length));
    assert.equal(result.historyEpochs[0], 1);
    assert.equal(result.historyEpochs[result.historyEpochs.length - 1], 50_000);
    // The kept points are the errors of those epochs: a short run reproduces them.
    const k = result.historyEpochs[3];
    const short = train(toEngineSpec(network), networkSampleSet(network), { method: 'backprop', rate: 0.7, momentum: 0.3, batchSize: 1, epochs: k });
    assert.deepEqual(result.history[3], short.history[short.history.length - 1]);
  });

  it('a cancel between updates stops mid-epoch; at an epoch boundary it equals that many epochs', () => {
    const network = xor(); // 4 samples, online: 4 updates per epoch
    const options = { method: 'backprop' as const, rate: 0.7, momentum: 0.3, batchSize: 1, epochs: 1000 };
    const cancelAfter = (updates: number) => {
      let asked = 0;
      return train(toEngineSpec(network), networkSampleSet(network), options, { cancelled: () => asked++ >= updates });
    };
    const boundary = cancelAfter(4 * 5);
    assert.equal(boundary.stop, 'cancelled');
    assert.equal(boundary.epochs, 5);
    const five = train(toEngineSpec(network), networkSampleSet(network), { ...options, epochs: 5 });
    assert.deepEqual(boundary.weights, five.weights);
    const middle = cancelAfter(4 * 5 + 2);
    assert.equal(middle.epochs, 5);
    const six = train(toEngineSpec(network), networkSampleSet(network), { ...options, epochs: 6 });
    assert.notDeepEqual(middle.weights, five.weights);
    assert.notDeepEqual(middle.weights, six.weights);
  });
});
