// nnet/trainingJob over stdio: the server makes a training run's input from its check (the VS
// Code client forwards it to its training worker without parsing the file), and trained
// weights and Step's Δw arrive as base64 float64. The job must train exactly like the network
// read in-process. nnet/trainedEdits makes the edits Apply and Step write.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, CodeLensResolveRequest, type CodeLens } from 'vscode-languageserver-protocol/node';
import { applyEdits, check, heldOutSets, joinEdits, networkSampleSet, toEngineSpec, train, trainOptionsOf, weightEdits } from '../../src/core';
import { decodeBytes, encodeBytes, packFloat64, unpackFloat64 } from '../../src/server/binary';
import { COMPUTE, SET_STEP_APPLIED, SET_TRAINED_WEIGHTS, TRAINED_EDITS, TRAINING_JOB, type TrainedEditsResult, type TrainingJobResult } from '../../src/server/protocol';
import { numbersOf, unpackTrainingJob } from '../../src/server/training-job';
import { fileUri, ROOT, startClient, type TestClient } from './client';

const XOR_URI = fileUri('examples/heaton-xor.nnet');
const XOR = fs.readFileSync(path.join(ROOT, 'examples/heaton-xor.nnet'), 'utf8');

async function titlesOn(client: TestClient, uri: string, line: number): Promise<string[]> {
  const list = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
  const here = list.filter((l) => l.range.start.line === line);
  const resolved: CodeLens[] = await Promise.all(here.map((l) => (l.command ? l : client.connection.sendRequest(CodeLensResolveRequest.type, l))));
  return resolved.map((l) => l.command?.title ?? '');
}

describe('binary numbers in nnet/... messages (src/server/binary.ts)', () => {
  it('float64 values survive base64 bit for bit, specials included', () => {
    const values = Float64Array.from([0, -0, 1.5, -2.25e-300, Math.PI, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN]);
    const back = unpackFloat64(packFloat64(values));
    assert.ok(back);
    assert.deepEqual(new Uint8Array(back.buffer, back.byteOffset, back.byteLength), new Uint8Array(values.buffer));
    assert.deepEqual(Array.from(unpackFloat64(packFloat64([1, 2, 3]))!), [1, 2, 3], 'plain arrays too');
  });

  it('bytes survive base64, from a view into a larger buffer too', () => {
    const big = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    const view = big.subarray(7, 250);
    assert.deepEqual(decodeBytes(encodeBytes(view)), view);
    assert.deepEqual(decodeBytes(encodeBytes(new Uint8Array(0))), new Uint8Array(0));
  });

  it('refuses what is not base64 of whole float64s', () => {
    assert.equal(unpackFloat64('not base64!'), undefined);
    assert.equal(unpackFloat64(encodeBytes(new Uint8Array(12))), undefined, '12 bytes are not whole float64s');
    assert.equal(unpackFloat64(42), undefined);
    assert.equal(numbersOf(['1']), undefined);
    assert.deepEqual(numbersOf([1, 2]), [1, 2]);
    assert.deepEqual(Array.from(numbersOf(packFloat64([0.5]))!), [0.5]);
  });
});

describe('nnet/trainingJob over stdio', function () {
  this.timeout(60000);
  let client: TestClient;

  before(async () => {
    client = await startClient({ settings: { precision: 6 } });
    await client.open(XOR_URI, XOR);
  });

  after(async () => {
    assert.equal(await client.stop(), 0);
  });

  it('sends the engine network, samples and options of the check, which train as the file read in-process does', async () => {
    const answer = (await client.connection.sendRequest(TRAINING_JOB, { uri: XOR_URI, version: 1 })) as TrainingJobResult;
    assert.ok(answer.ok, JSON.stringify(answer));
    const job = unpackTrainingJob(answer);
    assert.ok(job, 'the job unpacks');
    const network = check(XOR).network!;
    const spec = toEngineSpec(network);
    assert.deepEqual(job.spec, spec);
    assert.deepEqual(job.data, networkSampleSet(network));
    assert.deepEqual(job.options, JSON.parse(JSON.stringify(trainOptionsOf(network.train))), 'the options (absent ones stay absent)');
    assert.equal(job.version, 1);
    assert.equal(job.method, network.train.method);
    assert.equal(job.data.count, 4);
    const local = train(spec, networkSampleSet(network), { ...trainOptionsOf(network.train), epochs: 50 }, {}, heldOutSets(network));
    const remote = train(job.spec, job.data, { ...job.options, epochs: 50 }, {}, job.held);
    assert.deepEqual(remote.weights, local.weights);
    assert.deepEqual(remote.history, local.history);
  });

  it('says why it sends no job: errors, no samples, another version', async () => {
    const broken = 'untitled:broken.nnet';
    await client.open(broken, XOR.replace('H1 -> O1 = -0.22', 'H1 -> O1 = oops'));
    assert.deepEqual(await client.connection.sendRequest(TRAINING_JOB, { uri: broken, version: 1 }), { ok: false, reason: 'errors' });
    const bare = 'untitled:bare.nnet';
    await client.open(bare, XOR.split('\n').filter((l) => !l.startsWith('sample')).join('\n'));
    assert.deepEqual(await client.connection.sendRequest(TRAINING_JOB, { uri: bare, version: 1 }), { ok: false, reason: 'no-samples' });
    assert.deepEqual(await client.connection.sendRequest(TRAINING_JOB, { uri: XOR_URI, version: 2 }), { ok: false, reason: 'changed' });
    assert.deepEqual(await client.connection.sendRequest(TRAINING_JOB, { uri: 'untitled:closed.nnet', version: 1 }), { ok: false, reason: 'changed' });
  });

  it('takes trained weights and Step Δw as base64 float64, and refuses the wrong length', async () => {
    await client.connection.sendRequest(COMPUTE, { uri: XOR_URI });
    const weights = [packFloat64(Array.from({ length: 6 }, (_, i) => i / 10)), packFloat64([1.5, -2.25, 0.125])];
    await client.connection.sendNotification(SET_TRAINED_WEIGHTS, { uri: XOR_URI, version: 1, weights });
    assert.deepEqual(await titlesOn(client, XOR_URI, 14), ['g 0.0167583 · next Δw 0.0117308 · trained 1.5']);
    await client.connection.sendNotification(SET_TRAINED_WEIGHTS, { uri: XOR_URI, version: 1, weights: null });
    await client.connection.sendNotification(SET_STEP_APPLIED, { uri: XOR_URI, version: 1, applied: [packFloat64(new Float64Array(6)), packFloat64([0.01, 0, 0])] });
    assert.deepEqual(await titlesOn(client, XOR_URI, 14), ['g 0.0167583 · next Δw 0.0117308 · Δw applied +0.01']);
    await client.connection.sendNotification(SET_TRAINED_WEIGHTS, { uri: XOR_URI, version: 1, weights: [packFloat64([1, 2, 3, 4, 5, 6]), packFloat64([1, 2])] });
    assert.doesNotMatch((await titlesOn(client, XOR_URI, 14))[0], /trained/, 'a layer of the wrong length is ignored');
  });

  it('nnet/trainedEdits: the edits that write weights into that version, as the core makes them in-process', async () => {
    const weights = [Float64Array.from([0.5, -1.25, 0.0625, 2, -3, 0.1]), Float64Array.from([1.5, -2.25, 0.125])];
    const answer = (await client.connection.sendRequest(TRAINED_EDITS, { uri: XOR_URI, version: 1, weights: weights.map((w) => packFloat64(w)) })) as TrainedEditsResult;
    assert.ok(answer.ok, JSON.stringify(answer));
    assert.equal(answer.version, 1);
    const edits = weightEdits(XOR, check(XOR).network!, weights);
    assert.deepEqual(answer.edits, joinEdits(XOR, edits));
    assert.ok(answer.edits.length < edits.length, 'neighbouring edits come joined');
    const written = check(applyEdits(XOR, answer.edits));
    assert.equal(written.hasErrors, false);
    assert.deepEqual(written.network!.weights.map((m) => Array.from(m.values)), weights.map((w) => Array.from(w)), 'the text reads back as the weights');
    assert.equal(applyEdits(XOR, answer.edits).split('\n').length, XOR.split('\n').length, 'layout kept');
  });

  it('nnet/trainedEdits says why it writes nothing: another version, the wrong shape, a weight that is not finite, errors', async () => {
    const six = packFloat64(new Float64Array(6));
    const ask = (uri: string, version: number, weights: unknown): Promise<TrainedEditsResult> => client.connection.sendRequest(TRAINED_EDITS, { uri, version, weights });
    assert.deepEqual(await ask(XOR_URI, 2, [six, packFloat64([1, 2, 3])]), { ok: false, reason: 'changed' });
    assert.deepEqual(await ask('untitled:never-opened.nnet', 1, [six, packFloat64([1, 2, 3])]), { ok: false, reason: 'changed' });
    assert.deepEqual(await ask(XOR_URI, 1, [six, packFloat64([1, 2])]), { ok: false, reason: 'mismatch' });
    assert.deepEqual(await ask(XOR_URI, 1, 'not layers'), { ok: false, reason: 'mismatch' });
    const nan = await ask(XOR_URI, 1, [six, packFloat64([1, NaN, 3])]);
    assert.equal(nan.ok, false);
    assert.ok(!nan.ok && nan.reason === 'invalid' && /H2 -> O1.*not a finite number/.test(nan.message ?? ''), JSON.stringify(nan));
    const broken = 'untitled:broken-edits.nnet';
    await client.open(broken, XOR.replace('H1 -> O1 = -0.22', 'H1 -> O1 = oops'));
    assert.deepEqual(await ask(broken, 1, [six, packFloat64([1, 2, 3])]), { ok: false, reason: 'errors' });
  });
});
