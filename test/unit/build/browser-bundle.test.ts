// The web extension's bundles (esbuild.js → dist/web/): the build fails when a Node built-in slips
// in, the real entries build without one, and the training Web Worker, run with a stand-in for
// a worker's global scope, trains exactly as the core does and stops on a `cancel` message.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { check, networkSampleSet, toEngineSpec, train, type TrainOptions } from '../../../src/core';
import { newTrainJob, resultOfReply, type TrainReply } from '../../../src/core/engine/train-session';
import { readExample, ROOT } from '../helpers';

// esbuild.js is plain CommonJS beside package.json; it builds only when run as a script.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { targets, noNodeBuiltinsPlugin } = require(path.join(ROOT, 'esbuild.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const esbuild = require('esbuild') as typeof import('esbuild');

type Target = import('esbuild').BuildOptions & { outfile?: string; plugins: import('esbuild').Plugin[] };
const webTargets = (targets as Target[]).filter((t) => t.outfile?.startsWith('dist/web/'));

async function buildProbe(source: string): Promise<string[]> {
  try {
    await esbuild.build({
      stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'browser',
      logLevel: 'silent',
      plugins: [noNodeBuiltinsPlugin],
    });
    return [];
  } catch (e) {
    return (e as { errors: { text: string }[] }).errors.map((x) => x.text);
  }
}

describe('web bundles (dist/web)', function () {
  this.timeout(60000);

  it('has two browser targets, both guarded against Node built-ins', () => {
    assert.deepEqual(webTargets.map((t) => t.outfile).sort(), ['dist/web/extension.js', 'dist/web/train-worker.js']);
    for (const t of webTargets) assert.ok(t.plugins.includes(noNodeBuiltinsPlugin), `${t.outfile} has the check`);
  });

  it('the check fails a bundle that imports fs, node:path or fs/promises, naming each', async () => {
    const errors = await buildProbe("import * as fs from 'fs'; import * as p from 'node:path'; import { readFile } from 'fs/promises'; console.log(fs, p, readFile);");
    assert.equal(errors.length, 3, errors.join('\n'));
    for (const name of ["'fs'", "'node:path'", "'fs/promises'"]) assert.ok(errors.some((e) => e.includes(name) && e.includes('must not use Node APIs')), name);
    assert.deepEqual(await buildProbe("import { parse } from './src/core'; console.log(parse);"), [], 'the core alone builds');
  });

  it('the real web entries build with the check and reach no Node-only module of ours', async () => {
    for (const t of webTargets) {
      const result = await esbuild.build({ ...t, absWorkingDir: ROOT, write: false, metafile: true, logLevel: 'silent', sourcemap: false });
      const inputs = Object.keys(result.metafile!.inputs);
      assert.ok(inputs.some((i) => i.startsWith('src/core/')), `${t.outfile} bundles the core`);
      assert.deepEqual(inputs.filter((i) => i.startsWith('src/node/') || i.startsWith('src/cli/')), [], `${t.outfile} bundles no Node adapter`);
    }
  });

  describe('the training Web Worker (dist/web/train-worker.js) in a stand-in worker scope', () => {
    let script: vm.Script;
    before(async () => {
      const t = webTargets.find((x) => x.outfile === 'dist/web/train-worker.js')!;
      const result = await esbuild.build({ ...t, absWorkingDir: ROOT, write: false, logLevel: 'silent', sourcemap: false });
      script = new vm.Script(result.outputFiles![0].text, { filename: 'train-worker.js' });
    });

    /** Starts the worker script; returns how to post to it and the replies it sent. */
    function startWorker() {
      const replies: TrainReply[] = [];
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const scope: { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: TrainReply): void } = {
        onmessage: null,
        postMessage(m) {
          replies.push(m);
          if (m.type !== 'progress') done();
        },
      };
      const context = vm.createContext({ self: scope, MessageChannel, setTimeout, performance, Float64Array, Uint8Array, Uint32Array, console });
      script.runInContext(context);
      assert.equal(typeof scope.onmessage, 'function', 'the worker listens for messages');
      return { post: (data: unknown) => scope.onmessage!({ data }), replies, finished };
    }

    function heaton() {
      const result = check(readExample('heaton-xor.nnet'));
      assert.ok(result.network && !result.hasErrors);
      return { network: result.network, spec: toEngineSpec(result.network), data: networkSampleSet(result.network) };
    }

    it("trains to train()'s result bit for bit", async () => {
      const { network, spec, data } = heaton();
      const options: TrainOptions = { method: 'adam', rate: 0.05, batchSize: 3, seed: 4, epochs: 3000 };
      const worker = startWorker();
      worker.post({ type: 'start', job: newTrainJob(spec, data, options, {}).job });
      await worker.finished;
      const reply = worker.replies.find((r) => r.type === 'result');
      assert.ok(reply && reply.type === 'result', JSON.stringify(worker.replies.find((r) => r.type === 'error')));
      const got = resultOfReply(reply);
      const expected = train(toEngineSpec(network), data, options);
      assert.equal(got.epochs, 3000);
      assert.deepEqual(got.history, expected.history);
      got.weights.forEach((w, k) => w.forEach((v, i) => assert.ok(Object.is(v, expected.weights[k][i]), `weight ${k}/${i}`)));
    });

    it('stops on a cancel message between slices, with the weights of the epochs it ran', async () => {
      const { network, spec, data } = heaton();
      const options: TrainOptions = { method: 'backprop', rate: 0.7, epochs: 1e9 };
      const worker = startWorker();
      worker.post({ type: 'start', job: newTrainJob(spec, data, options, { progressIntervalMs: 5 }).job });
      // Wait for a few progress reports (the worker keeps training meanwhile), then cancel.
      while (worker.replies.length < 3) await new Promise((r) => setTimeout(r, 5));
      worker.post({ type: 'cancel' });
      await worker.finished;
      const reply = worker.replies.find((r) => r.type === 'result');
      assert.ok(reply && reply.type === 'result');
      const got = resultOfReply(reply);
      assert.equal(got.stop, 'cancelled');
      assert.ok(got.epochs > 0 && got.epochs < 1e9);
      assert.deepEqual(got.weights, train(toEngineSpec(network), data, { ...options, epochs: got.epochs }).weights);
    });

    it('answers a failure with an error message', async () => {
      const { spec, data } = heaton();
      const worker = startWorker();
      worker.post({ type: 'start', job: newTrainJob({ ...spec, sizes: [2, -1, 1] }, data, { method: 'backprop', epochs: 1 }, {}).job });
      await worker.finished;
      const reply = worker.replies[worker.replies.length - 1];
      assert.equal(reply.type, 'error');
      assert.match((reply as { message: string }).message, /Invalid typed array length/);
    });
  });
});
