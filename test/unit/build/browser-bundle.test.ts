// The web extension's bundles (esbuild.js → dist/web/): the build fails when a Node built-in slips
// in, the real entries build without one, the training Web Worker, run with a stand-in for a
// worker's global scope, trains exactly as the core does and stops on a `cancel` message, and the
// language server's Web Worker answers LSP over the worker's messages, asking the client for the
// data files it cannot read.
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

/** The web target that writes `outfile` (e.g. dist/web/server.js), built in memory as a script to run in a stand-in scope. */
async function webScript(outfile: string): Promise<vm.Script> {
  const t = webTargets.find((x) => x.outfile === outfile)!;
  const result = await esbuild.build({ ...t, absWorkingDir: ROOT, write: false, logLevel: 'silent', sourcemap: false });
  return new vm.Script(result.outputFiles![0].text, { filename: path.basename(outfile) });
}

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

  it('has three browser targets, all guarded against Node built-ins', () => {
    assert.deepEqual(webTargets.map((t) => t.outfile).sort(), ['dist/web/extension.js', 'dist/web/server.js', 'dist/web/train-worker.js']);
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
      script = await webScript('dist/web/train-worker.js');
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
  describe('the language server Web Worker (dist/web/server.js) in a stand-in worker scope', () => {
    let script: vm.Script;
    before(async () => {
      script = await webScript('dist/web/server.js');
    });

    type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown };

    /** Starts the server script in a scope whose postMessage collects what it sends. */
    function startServer() {
      const sent: Message[] = [];
      const waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
      const scope = {
        onmessage: null as ((e: { data: unknown }) => void) | null,
        addEventListener: () => {},
        postMessage(m: Message) {
          sent.push(m);
          for (const w of waiters.splice(0)) {
            if (w.test(m)) w.resolve(m);
            else waiters.push(w);
          }
        },
      };
      // The globals a browser's Web Worker has that the server uses (performance: its edit timings).
      const context = vm.createContext({ self: scope, performance, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, TextEncoder, TextDecoder, console, Float64Array, Uint8Array, Uint32Array, Int32Array });
      script.runInContext(context);
      assert.equal(typeof scope.onmessage, 'function', 'the server listens for messages');
      const next = (test: (m: Message) => boolean): Promise<Message> => {
        const seen = sent.find(test);
        return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ test, resolve }));
      };
      return { post: (data: Message) => scope.onmessage!({ data: { jsonrpc: '2.0', ...data } }), next };
    }

    it('answers initialize, asks for a data file over nnet/readData, then publishes clean diagnostics and shows the hover derivation', async () => {
      const server = startServer();
      server.post({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, initializationOptions: { dataFiles: true, settings: { precision: 6 } } } });
      const init = (await server.next((m) => m.id === 1)).result as { capabilities: { hoverProvider: boolean; codeLensProvider: unknown } };
      assert.equal(init.capabilities.hoverProvider, true);
      assert.ok(init.capabilities.codeLensProvider);
      server.post({ method: 'initialized', params: {} });
      const xor = readExample('heaton-xor.nnet');
      const samples = xor.split('\n').filter((l) => l.startsWith('sample '));
      assert.equal(samples.length, 4);
      // The samples move to a CSV file beside the document: the server must ask for it.
      const csv = samples.map((l) => l.slice('sample '.length).replace('->', '').trim().split(/\s+/).join(',')).join('\n') + '\n';
      const text = xor.split('\n').filter((l) => !l.startsWith('sample ')).join('\n') + '\ndata "xor.csv" inputs 1..2 targets 3\n';
      const uri = 'file:///w/xor.nnet';
      server.post({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'nnet', version: 1, text } } });
      const ask = await server.next((m) => m.method === 'nnet/readData');
      assert.deepEqual(JSON.parse(JSON.stringify(ask.params)), { uri, paths: ['xor.csv'] });
      server.post({ id: ask.id, result: { files: [{ path: 'xor.csv', ok: true, text: csv }] } });
      const published = await server.next((m) => m.method === 'textDocument/publishDiagnostics');
      assert.equal((published.params as { diagnostics: unknown[] }).diagnostics.length, 0, JSON.stringify(published.params));
      const lines = text.split('\n');
      const line = lines.findIndex((l) => /^H1\s*->\s*O1/.test(l));
      assert.ok(line >= 0);
      const character = lines[line].indexOf('=') + 3; // on the weight's value
      await server.next((m) => m.method === 'nnet/status');
      server.post({ id: 2, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line, character } } });
      const hover = (await server.next((m) => m.id === 2)).result as { contents: { value: string } };
      assert.match(hover.contents.value, /0\.0167583/, hover.contents.value);
    });
  });
});
