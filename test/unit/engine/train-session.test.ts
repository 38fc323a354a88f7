// TrainSession: the worker loop shared by the Node worker thread and the browser's Web Worker.
// Run in slices (as the Web Worker does, to hear a cancel message between slices) it must give
// exactly what train() gives in one go; `stop()` cancels after the current epoch.
import * as assert from 'node:assert/strict';
import { check, networkSampleSet, toEngineSpec, train, type TrainOptions } from '../../../src/core';
import { newTrainJob, resultOfReply, TrainSession, type TrainReply } from '../../../src/core/engine/train-session';
import { readExample } from '../helpers';

function heaton() {
  const result = check(readExample('heaton-xor.nnet'));
  assert.ok(result.network && !result.hasErrors);
  return { network: result.network, spec: toEngineSpec(result.network), data: networkSampleSet(result.network) };
}

/** A clock that advances by `step` ms each time it is read. */
function tickingClock(step: number): () => number {
  let t = 0;
  return () => (t += step);
}

describe('TrainSession (the shared worker loop)', () => {
  const settings: TrainOptions[] = [
    { method: 'backprop', rate: 0.5, momentum: 0.9, batchSize: 2, seed: 17, epochs: 300 },
    { method: 'adam', rate: 0.05, batchSize: 3, seed: 4, epochs: 200 },
    { method: 'rprop', epochs: 150, until: 0.01 },
  ];

  for (const options of settings) {
    it(`${options.method}: run in slices gives train()'s result bit for bit`, () => {
      const { spec, data } = heaton();
      const { job } = newTrainJob(spec, data, options, { progressIntervalMs: 0 });
      const replies: TrainReply[] = [];
      // Every read of the clock advances 1 ms and a slice lasts 7 ms: many slices.
      const session = new TrainSession(job, (r) => replies.push(r), tickingClock(1));
      let slices = 1;
      while (!session.run(() => false, 7)) slices++;
      assert.ok(slices > 10, `${slices} slices`);
      assert.equal(session.run(() => false), true, 'a finished session stays finished');

      const expected = train(toEngineSpec(heaton().network), data, options);
      const results = replies.filter((r) => r.type === 'result');
      assert.equal(results.length, 1);
      const got = resultOfReply(results[0] as Extract<TrainReply, { type: 'result' }>);
      assert.equal(got.stop, expected.stop);
      assert.equal(got.epochs, expected.epochs);
      assert.deepEqual(got.history, expected.history);
      got.weights.forEach((w, k) => w.forEach((v, i) => assert.ok(Object.is(v, expected.weights[k][i]), `weight ${k}/${i}`)));
      const progress = replies.filter((r) => r.type === 'progress');
      assert.deepEqual(
        progress.map((p) => p.epoch),
        Array.from({ length: expected.epochs }, (_, i) => i + 1),
        'an interval of 0 reports every epoch, in order',
      );
    });
  }

  it('stop() cancels after the current epoch, with the weights of that many epochs', () => {
    const { network, spec, data } = heaton();
    const options: TrainOptions = { method: 'backprop', rate: 0.7, epochs: 1e9 };
    const { job } = newTrainJob(spec, data, options, { progressIntervalMs: 1e9 });
    const replies: TrainReply[] = [];
    const session = new TrainSession(job, (r) => replies.push(r), tickingClock(1));
    assert.equal(session.run(() => false, 50), false, 'still running after one slice');
    assert.equal(session.run(() => true, 50), true, 'the cancel ends the run');
    const result = resultOfReply(replies.find((r) => r.type === 'result') as Extract<TrainReply, { type: 'result' }>);
    assert.equal(result.stop, 'cancelled');
    assert.ok(result.epochs > 0 && result.epochs < 100, `${result.epochs} epochs`);
    const same = train(toEngineSpec(network), data, { ...options, epochs: result.epochs });
    assert.deepEqual(result.weights, same.weights);
    const last = replies.filter((r) => r.type === 'progress').pop();
    assert.equal(last?.epoch, result.epochs, 'the last epoch is reported before the result');
  });

  it('the job is made of copies: the caller’s arrays are not trained in place', () => {
    const { spec, data } = heaton();
    const before = spec.weights.map((w) => Float64Array.from(w));
    const { job, transfer } = newTrainJob(spec, data, { method: 'backprop', epochs: 20 }, {});
    new TrainSession(job, () => {}).run(() => false);
    assert.deepEqual(spec.weights, before);
    assert.ok(transfer.every((b) => b instanceof ArrayBuffer) && transfer.length === spec.weights.length * 2 + 2);
  });
});
