// `nnet evaluate` and the held-out figures of `nnet train`, through the built CLI.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nnet, ROOT, useCliFolder } from './run-cli';

interface EvaluateJson {
  set: string;
  samples: number;
  task: string;
  accuracy: number | null;
  r2: number | null;
  mse: number;
  confusion: number[][] | null;
  wrong: { sample: number; origin: string; actual: number; predicted: number; confidence: number }[];
}

describe('cli: evaluate, and train with held-out samples', function () {
  this.timeout(120000);
  const folder = useCliFolder('nnet-evaluate-');
  before(() => {
    fs.copyFileSync(path.join(ROOT, 'examples', 'iris.csv'), path.join(folder.dir, 'iris.csv'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'iris.nnet'), path.join(folder.dir, 'iris.nnet'));
  });

  it('trains Iris, reports train and test accuracy per epoch (text and --json), and evaluate agrees with the written weights', () => {
    const file = path.join(folder.dir, 'iris.nnet');
    const json = nnet(['train', file, '--epochs', '40', '--json']);
    assert.equal(json.status, 0, json.stderr);
    const r = JSON.parse(json.stdout) as { task: string; test: { accuracy: number; loss: number }; history: { accuracy: number; test: { loss: number; accuracy: number } }[] };
    assert.equal(r.task, 'classes');
    assert.equal(r.history.length, 40);
    assert.ok(r.history.every((e) => typeof e.accuracy === 'number' && typeof e.test.accuracy === 'number'));
    assert.deepEqual(r.history[39].test, { loss: r.test.loss, accuracy: r.test.accuracy });

    const text = nnet(['train', file, '--epochs', '40', '--write']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^ {2}test\s+accuracy \d+\.\d\d %, loss \S+ on 30 samples$/m);
    assert.match(text.stdout, /^Epochs\n {2}epoch {2}train loss {2}train acc\. {2}test loss {2}test acc\.$/m);

    const e = JSON.parse(nnet(['evaluate', file, '--json']).stdout) as EvaluateJson;
    assert.equal(e.set, 'test');
    assert.equal(e.samples, 30);
    assert.equal(e.confusion!.flat().reduce((a, b) => a + b, 0), 30);
    const diagonal = e.confusion!.reduce((s, row, i) => s + row[i], 0);
    assert.equal(e.accuracy, diagonal / 30);
    // The weights were written exactly, so evaluate measures what train reported.
    assert.equal((100 * e.accuracy!).toFixed(2), /test\s+accuracy (\d+\.\d\d) %/.exec(text.stdout)![1]);
    assert.equal(e.wrong.length, 30 - diagonal);
    for (const w of e.wrong) assert.notEqual(w.actual, w.predicted);
    const shown = nnet(['evaluate', file]);
    assert.match(shown.stdout, /^ {2}true \\ predicted {2}setosa {2}versicolor {2}virginica {3}recall$/m);
    assert.match(nnet(['evaluate', file, '--on', 'train']).stdout, /train set, 120 samples \(3 classes\)/);
  });

  it('evaluates regression with MSE and R², and refuses an empty set', () => {
    const file = folder.write('line.nnet', 'layer input x\nlayer output y linear\nx -> y = 2\nsample 1 -> 2\nsample 2 -> 3\nsample 3 -> 7\n');
    const e = JSON.parse(nnet(['evaluate', file, '--json']).stdout) as EvaluateJson;
    assert.equal(e.set, 'train');
    assert.equal(e.task, 'regression');
    assert.ok(Math.abs(e.mse - 2 / 3) < 1e-12);
    assert.ok(Math.abs(e.r2! - (1 - 2 / 14)) < 1e-12);
    assert.match(nnet(['evaluate', file]).stdout, /R² {8}0\.857143/);
    const none = nnet(['evaluate', file, '--on', 'validation']);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /has no validation samples/);
    assert.equal(nnet(['evaluate', file, '--on', 'nope']).status, 2);
  });
});
