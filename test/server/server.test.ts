// The language server over stdio, from a real JSON-RPC client: every capability, with the
// design brief's reference figures on examples/heaton-xor.nnet (sample 1: δ(O1) 0.0452295,
// g(H1→O1) 0.0167583, E 0.0299419).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import {
  CodeActionRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentFormattingRequest,
  DocumentHighlightRequest,
  DocumentRangeFormattingRequest,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  type CodeLens,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type LocationLink,
  type MarkupContent,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';
import { CHECK_GRADIENTS, CODE_LENS_RANGE, COMPUTE, SAMPLES, SET_ACTIVE_SAMPLE, SET_STEP_APPLIED, SET_TRAINED_WEIGHTS, STATUS, type CheckGradientsResult, type ComputeResult, type SamplesResult, type StatusParams } from '../../src/server/protocol';
import { fileUri, ROOT, startClient, type TestClient } from './client';

const XOR_URI = fileUri('examples/heaton-xor.nnet');
const XOR = fs.readFileSync(path.join(ROOT, 'examples/heaton-xor.nnet'), 'utf8');
const PRECISE = { precision: 6 };

const doc = (uri: string) => ({ textDocument: { uri } });
const pos = (line: number, character: number) => ({ line, character });

/** Code lenses of `uri` with their titles filled in (pending ones resolved). */
async function lenses(client: TestClient, uri: string): Promise<CodeLens[]> {
  const list = (await client.connection.sendRequest(CodeLensRequest.type, doc(uri))) ?? [];
  return Promise.all(list.map((l) => (l.command ? l : client.connection.sendRequest(CodeLensResolveRequest.type, l))));
}

function titlesOn(list: readonly CodeLens[], line: number): string[] {
  return list.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
}

function hoverText(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  return (hover.contents as MarkupContent).value;
}

describe('language server over stdio (nnet lsp --stdio)', function () {
  this.timeout(60000);
  let client: TestClient;

  before(async () => {
    client = await startClient({ settings: PRECISE });
    await client.open(XOR_URI, XOR);
  });

  after(async () => {
    assert.equal(await client.stop(), 0, 'the server exits with 0 after shutdown and exit');
  });

  it('declares every capability', () => {
    const c = client.initialize.capabilities;
    for (const key of [
      'completionProvider',
      'hoverProvider',
      'definitionProvider',
      'referencesProvider',
      'documentHighlightProvider',
      'renameProvider',
      'documentSymbolProvider',
      'foldingRangeProvider',
      'documentFormattingProvider',
      'documentRangeFormattingProvider',
      'codeActionProvider',
      'codeLensProvider',
      'inlayHintProvider',
      'executeCommandProvider',
    ] as const) {
      assert.ok(c[key], key);
    }
    assert.deepEqual(c.codeLensProvider, { resolveProvider: true });
    assert.equal(client.initialize.serverInfo?.name, 'nnet');
    // The bundled server reports package.json's version (esbuild.js defines it; no second literal).
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(client.initialize.serverInfo?.version, pkg.version);
  });

  it('publishes an empty diagnostics list for the clean example', async () => {
    const published = await client.diagnostics(XOR_URI, 1);
    assert.deepEqual(published.diagnostics, []);
  });

  it('reads IDX data files (gzip or not) beside a file:// document', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-server-idx-'));
    try {
      const idx = (dims: number[], values: number[]): Uint8Array => {
        const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
        bytes[2] = 0x08;
        bytes[3] = dims.length;
        dims.forEach((d, i) => new DataView(bytes.buffer).setUint32(4 + 4 * i, d, false));
        bytes.set(values, 4 + 4 * dims.length);
        return bytes;
      };
      fs.writeFileSync(path.join(dir, 'images.gz'), zlib.gzipSync(idx([3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0])));
      fs.writeFileSync(path.join(dir, 'labels'), idx([3], [1, 0, 1]));
      const uri = pathToFileURL(path.join(dir, 'images.nnet')).toString();
      await client.open(uri, 'layer input x[4]\nlayer output a b softmax\nweights x -> output = init zeros\nloss crossentropy\ndata "images.gz" labels "labels" scale 1/255\n');
      assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
      const samples = (await client.connection.sendRequest(SAMPLES, { uri })) as SamplesResult;
      assert.equal(samples.samples.length, 3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sees a missing CSV once it is written, with no watched-file event (a watcher can miss it)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-server-late-'));
    try {
      const uri = pathToFileURL(path.join(dir, 'late.nnet')).toString();
      await client.open(uri, 'layer input a b\nlayer output o\nweights input -> output = init zeros\ndata "late.csv" inputs 1..2 targets 3\n');
      const first = await client.diagnostics(uri, 1);
      assert.deepEqual(
        first.diagnostics.map((d) => [d.code, d.message]),
        [['nnet/data-file', "cannot read 'late.csv': 'late.csv' does not exist"]],
      );
      fs.writeFileSync(path.join(dir, 'late.csv'), '0,1,1\n1,0,1\n');
      // Only the server's own look at the file (every DATA_POLL_MS) can tell it: the test client sends no didChangeWatchedFiles.
      const after = await client.waitFor<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
      assert.equal(after.version, 1, 'the same version, checked again');
      assert.equal(((await client.connection.sendRequest(SAMPLES, { uri })) as SamplesResult).samples.length, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes diagnostics with codes and related information, re-checked after a change', async () => {
    const uri = 'untitled:broken.nnet';
    await client.open(uri, 'layer input I1 I1\nlayer output O1\nI1 -> O1 = 0.5\nI1 -> O9 = 1\n');
    const first = await client.diagnostics(uri, 1);
    const duplicate = first.diagnostics.find((d) => d.code === 'nnet/duplicate-node');
    assert.ok(duplicate, JSON.stringify(first.diagnostics));
    assert.equal(duplicate.source, 'nnet');
    assert.equal(duplicate.severity, 1);
    assert.deepEqual(duplicate.relatedInformation?.map((r) => [r.location.uri, r.location.range.start, r.message]), [[uri, pos(0, 12), 'first declared here']]);
    const unknown = first.diagnostics.find((d) => d.code === 'nnet/unknown-node');
    assert.match(unknown?.message ?? '', /unknown node 'O9'.*did you mean 'O1'/);
    await client.change(uri, 2, 'layer input I1\nlayer output O1\nI1 -> O1 = 0.5\nsample 1 -> 1\n');
    assert.deepEqual((await client.diagnostics(uri, 2)).diagnostics, []);
  });

  it('asks for the settings with workspace/configuration', () => {
    assert.ok(client.serverRequests.includes('workspace/configuration'));
  });

  it('computes on open: δ per node and the sample lens with the reference figures', async () => {
    const status = await client.waitFor<StatusParams>(STATUS, (p) => p.uri === XOR_URI && !!p.status);
    assert.equal(status.status?.sample, 0);
    assert.equal(status.status?.convention, 'heaton');
    assert.equal(status.status?.error.toFixed(7), '0.0299419');
    const list = await lenses(client, XOR_URI);
    assert.deepEqual(titlesOn(list, 6), ['δ(O1) 0.0452295']);
    assert.deepEqual(titlesOn(list, 5), ['δ(H1) -0.00232079', 'δ(H2) 0.0050617']);
    assert.deepEqual(titlesOn(list, 4), ['I1 = 1', 'I2 = 0']);
    assert.deepEqual(titlesOn(list, 21), ['● active sample · E 0.0299419']);
    assert.deepEqual(titlesOn(list, 22), ['Use this sample']);
    const use = list.find((l) => l.range.start.line === 22)!;
    assert.equal(use.command?.command, 'nnet.useSample');
    assert.deepEqual(use.command?.arguments, [XOR_URI, 1]);
  });

  it('fills weight lenses directly in a small file: g(H1→O1) and the next Δw', async () => {
    const list = (await client.connection.sendRequest(CodeLensRequest.type, doc(XOR_URI))) ?? [];
    assert.ok(list.every((l) => l.command), 'nothing left to resolve');
    const h1o1 = list.find((l) => l.range.start.line === 14)!;
    assert.equal(h1o1.command?.title, 'g 0.0167583 · next Δw 0.0117308');
    assert.equal(h1o1.command?.command, 'nnet.showExplanation');
    assert.deepEqual(h1o1.command?.arguments, [XOR_URI, pos(14, 11)]);
  });

  it('leaves the weight lenses of a big file to codeLens/resolve', async () => {
    const uri = 'untitled:big.nnet';
    const lines = ['layer input x[40]', 'layer hidden h[30] sigmoid', 'layer output o1 sigmoid'];
    for (let j = 1; j <= 30; j++) for (let i = 1; i <= 40; i++) lines.push(`x${i} -> h${j} = ${(((i * 7 + j * 3) % 11) - 5) / 10}`);
    for (let j = 1; j <= 30; j++) lines.push(`h${j} -> o1 = 0.1`);
    lines.push(`sample ${Array.from({ length: 40 }, (_, i) => (i % 3) / 2).join(' ')} -> 1`);
    await client.open(uri, `${lines.join('\n')}\n`);
    await client.waitFor<StatusParams>(STATUS, (p) => p.uri === uri && !!p.status);
    const list = (await client.connection.sendRequest(CodeLensRequest.type, doc(uri))) ?? [];
    const pending = list.filter((l) => !l.command);
    assert.equal(pending.length, 1230, 'one pending lens per weight line');
    const x3h2 = pending.find((l) => l.range.start.line === 3 + 40 + 2)!;
    const resolved = await client.connection.sendRequest(CodeLensResolveRequest.type, x3h2);
    assert.match(resolved.command?.title ?? '', /^∂E\/∂w -?[0-9.e-]+ · next Δw -?[0-9.e-]+$/);
    assert.deepEqual(resolved.command?.arguments, [uri, pos(45, 11)]);
    const hover = hoverText(await client.connection.sendRequest(HoverRequest.type, { ...doc(uri), position: pos(45, 3) }));
    const gradient = /∂E\/∂w (-?[0-9.e-]+)/.exec(resolved.command!.title)![1];
    assert.ok(hover.includes(gradient), `the hover's derivation ends in the lens's gradient ${gradient}`);
  });

  it('nnet/codeLens: the lenses of a range of lines only, complete; a resolve for an older version is empty', async () => {
    const uri = 'untitled:big-range.nnet';
    const lines = ['layer input x[40]', 'layer hidden h[30] sigmoid', 'layer output o1 sigmoid'];
    for (let j = 1; j <= 30; j++) for (let i = 1; i <= 40; i++) lines.push(`x${i} -> h${j} = ${(((i * 7 + j * 3) % 11) - 5) / 10}`);
    for (let j = 1; j <= 30; j++) lines.push(`h${j} -> o1 = 0.1`);
    lines.push(`sample ${Array.from({ length: 40 }, (_, i) => (i % 3) / 2).join(' ')} -> 1`);
    const text = `${lines.join('\n')}\n`;
    await client.open(uri, text);
    await client.waitFor<StatusParams>(STATUS, (p) => p.uri === uri && !!p.status);
    const all = await lenses(client, uri);
    const window = (await client.connection.sendRequest<CodeLens[] | null>(CODE_LENS_RANGE, { ...doc(uri), range: { start: pos(600, 0), end: pos(649, 0) } })) ?? [];
    assert.equal(window.length, 50, 'one lens per weight line of the range');
    assert.ok(window.every((l) => l.range.start.line >= 600 && l.range.start.line <= 649 && l.command?.title.startsWith('∂E/∂w ')));
    for (const l of window) assert.deepEqual(titlesOn([l], l.range.start.line), titlesOn(all, l.range.start.line), `line ${l.range.start.line} as the full list says`);
    const head = (await client.connection.sendRequest<CodeLens[] | null>(CODE_LENS_RANGE, { ...doc(uri), range: { start: pos(0, 0), end: pos(2, 0) } })) ?? [];
    assert.ok(head.some((l) => /^δ\(h1\)|^h\[30\]|δ/.test(l.command?.title ?? '')), JSON.stringify(head.map((l) => l.command?.title)));
    // A pending lens of version 1, resolved after an edit: no numbers for a line that may have moved.
    const pending = ((await client.connection.sendRequest(CodeLensRequest.type, doc(uri))) ?? []).find((l) => !l.command)!;
    await client.change(uri, 2, `# a new first line\n${text}`);
    const late = await client.connection.sendRequest(CodeLensResolveRequest.type, pending);
    assert.equal(late.command?.title, '');
  });

  it('hovers: keyword documentation and the gradient derivation with the real numbers', async () => {
    const keyword = hoverText(await client.connection.sendRequest(HoverRequest.type, { ...doc(XOR_URI), position: pos(5, 22) }));
    assert.match(keyword, /sigmoid/);
    const weight = hoverText(await client.connection.sendRequest(HoverRequest.type, { ...doc(XOR_URI), position: pos(14, 12) }));
    assert.match(weight, /0\.0167583/);
    assert.match(weight, /0\.0452295/, 'the derivation names δ(O1)');
    assert.match(weight, /0\.370517/, 'and out(H1)');
    const node = hoverText(await client.connection.sendRequest(HoverRequest.type, { ...doc(XOR_URI), position: pos(6, 13) }));
    assert.match(node, /δ\(O1\)/);
    assert.match(node, /0\.0452295/);
    assert.equal(await client.connection.sendRequest(HoverRequest.type, { ...doc(XOR_URI), position: pos(3, 0) }), null, 'nothing on an empty line');
  });

  it('completes keywords at the start of a line and node names after an arrow', async () => {
    const start = (await client.connection.sendRequest(CompletionRequest.type, { ...doc(XOR_URI), position: pos(17, 0) })) as CompletionList;
    assert.ok(start.items.some((i) => i.label === 'layer'), 'layer');
    assert.ok(start.items.some((i) => i.label === 'sample'), 'sample');
    const uri = 'untitled:complete.nnet';
    await client.open(uri, 'layer input I1\nlayer output O1 O2\nI1 -> ');
    const after = (await client.connection.sendRequest(CompletionRequest.type, { ...doc(uri), position: pos(2, 6), context: { triggerKind: 2, triggerCharacter: ' ' } })) as CompletionList;
    assert.deepEqual(after.items.map((i) => i.label).sort(), ['O1', 'O2']);
    const edit = after.items[0].textEdit as { insert?: unknown; replace?: unknown };
    assert.ok(edit.insert && edit.replace, 'an insert/replace edit for a client that supports it');
  });

  it('goes to the definition, finds references and highlights', async () => {
    const links = (await client.connection.sendRequest(DefinitionRequest.type, { ...doc(XOR_URI), position: pos(14, 0) })) as LocationLink[];
    assert.equal(links.length, 1);
    assert.deepEqual(links[0].targetSelectionRange, { start: pos(5, 13), end: pos(5, 15) });
    const refs = (await client.connection.sendRequest(ReferencesRequest.type, { ...doc(XOR_URI), position: pos(5, 13), context: { includeDeclaration: true } })) ?? [];
    assert.deepEqual(refs.map((r) => r.range.start.line).sort((a, b) => a - b), [5, 8, 9, 10, 14]);
    const highlights = (await client.connection.sendRequest(DocumentHighlightRequest.type, { ...doc(XOR_URI), position: pos(5, 13) })) ?? [];
    assert.equal(highlights.length, 5);
  });

  it('renames a node everywhere and refuses to rename a keyword with a reason', async () => {
    const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { ...doc(XOR_URI), position: pos(5, 13) });
    assert.deepEqual(prepared, { range: { start: pos(5, 13), end: pos(5, 15) }, placeholder: 'H1' });
    const edit = await client.connection.sendRequest(RenameRequest.type, { ...doc(XOR_URI), position: pos(5, 13), newName: 'Hx' });
    const edits = edit?.changes?.[XOR_URI] ?? [];
    assert.equal(edits.length, 5);
    assert.ok(edits.every((e) => e.newText === 'Hx'));
    await assert.rejects(client.connection.sendRequest(PrepareRenameRequest.type, { ...doc(XOR_URI), position: pos(18, 6) }), (e: Error) => e.message.length > 0);
  });

  it('lists document symbols and folding ranges', async () => {
    const symbols = ((await client.connection.sendRequest(DocumentSymbolRequest.type, doc(XOR_URI))) ?? []) as DocumentSymbol[];
    assert.equal(symbols[0].name, 'xor');
    const names = JSON.stringify(symbols);
    for (const n of ['input', 'hidden', 'output', 'H1', 'O1']) assert.ok(names.includes(`"${n}"`), n);
    const folds = (await client.connection.sendRequest(FoldingRangeRequest.type, doc(XOR_URI))) ?? [];
    assert.deepEqual(folds, [{ startLine: 8, endLine: 13 }, { startLine: 14, endLine: 16 }, { startLine: 21, endLine: 24 }], 'weight lines per layer pair, samples');
  });

  it('formats a document and a range', async () => {
    const uri = 'untitled:format.nnet';
    const text = 'layer input   I1\nlayer output O1\nI1->O1=0.5\n';
    await client.open(uri, text);
    const whole = ((await client.connection.sendRequest(DocumentFormattingRequest.type, { ...doc(uri), options: { tabSize: 2, insertSpaces: true } })) ?? []) as TextEdit[];
    assert.equal(whole.length, 1);
    assert.match(whole[0].newText, /^layer input {2}I1\nlayer output O1\n\nI1 -> O1 = 0\.5\n$|I1 -> O1 = 0\.5/);
    const range = ((await client.connection.sendRequest(DocumentRangeFormattingRequest.type, { ...doc(uri), range: { start: pos(2, 0), end: pos(2, 3) }, options: { tabSize: 2, insertSpaces: true } })) ?? []) as TextEdit[];
    assert.equal(range.length, 1);
    assert.equal(range[0].newText, 'I1 -> O1 = 0.5\n');
    assert.deepEqual(range[0].range.start, pos(2, 0));
  });

  it('offers quick fixes for the published diagnostics', async () => {
    const uri = 'untitled:fix.nnet';
    await client.open(uri, 'layer input I1 I2\nlayer output O1 sigmoid\nI1 -> O1 = 0.5\nsample 1 0 -> 1\n');
    const published = await client.diagnostics(uri, 1);
    const missing = published.diagnostics.find((d) => d.code === 'nnet/missing-weight');
    assert.ok(missing, JSON.stringify(published.diagnostics));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { ...doc(uri), range: missing.range, context: { diagnostics: [missing] } })) ?? [];
    assert.ok(actions.length > 0);
    const titles = actions.map((a) => a.title);
    const explicit = actions.find((a) => 'edit' in a && JSON.stringify(a.edit).includes('I2 -> O1'));
    assert.ok(explicit, titles.join(' | '));
    assert.equal((explicit as { kind?: string }).kind, 'quickfix');
  });

  it('attaches to a fix every published diagnostic it resolves', async () => {
    const uri = 'untitled:arity.nnet';
    await client.open(uri, `${XOR.trimEnd()}\nsample 1 -> 1 0\n`);
    const published = await client.diagnostics(uri, 1);
    const both = published.diagnostics.filter((d) => d.code === 'nnet/sample-arity');
    assert.equal(both.length, 2, JSON.stringify(published.diagnostics));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, { ...doc(uri), range: both[0].range, context: { diagnostics: [both[0]] } })) ?? [];
    assert.equal(actions.length, 1);
    assert.deepEqual((actions[0] as { diagnostics?: unknown[] }).diagnostics, both);
    const refactors = await client.connection.sendRequest(CodeActionRequest.type, { ...doc(uri), range: both[0].range, context: { diagnostics: [both[0]], only: ['refactor'] } });
    assert.deepEqual(refactors, []);
  });

  it('shows weight gradients as inlay hints when the setting says so', async () => {
    client.settings = { ...PRECISE, gradients: { display: 'inlayHints' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const hints = (await client.connection.sendRequest(InlayHintRequest.type, { ...doc(XOR_URI), range: { start: pos(0, 0), end: pos(25, 0) } })) ?? [];
    assert.equal(hints.length, 9);
    const h1o1 = hints.find((h) => h.position.line === 14)!;
    assert.deepEqual(h1o1.position, pos(14, 16));
    assert.equal(h1o1.label, 'g 0.0167583 · next Δw 0.0117308');
    const list = await lenses(client, XOR_URI);
    assert.deepEqual(titlesOn(list, 14), [], 'no weight lenses while inlay hints show them');
    client.settings = PRECISE;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(titlesOn(await lenses(client, XOR_URI), 14), ['g 0.0167583 · next Δw 0.0117308']);
  });

  it('nnet/setActiveSample, nnet/samples and the useSample lens command', async () => {
    const result = (await client.connection.sendRequest(SET_ACTIVE_SAMPLE, { uri: XOR_URI, sample: 2 })) as ComputeResult;
    assert.ok(result.ok);
    assert.equal(result.status.sample, 2);
    const list = await lenses(client, XOR_URI);
    assert.deepEqual(titlesOn(list, 21), ['Use this sample']);
    assert.match(titlesOn(list, 23)[0], /^● active sample · E /);
    const samples = (await client.connection.sendRequest(SAMPLES, { uri: XOR_URI })) as SamplesResult;
    assert.equal(samples.active, 2);
    assert.deepEqual(samples.samples[0], { description: '1 0 → 1', detail: 'line 22' });
    await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'nnet.useSample', arguments: [XOR_URI, 0] });
    assert.deepEqual(titlesOn(await lenses(client, XOR_URI), 6), ['δ(O1) 0.0452295']);
  });

  it('nnet/checkGradients compares backprop with finite differences', async () => {
    const result = (await client.connection.sendRequest(CHECK_GRADIENTS, { uri: XOR_URI })) as CheckGradientsResult;
    assert.ok(result.ok);
    assert.equal(result.passed, true);
    assert.equal(result.checked, 9);
    assert.ok(result.worst < 1e-5, String(result.worst));
  });

  it('nnet/setTrainedWeights and nnet/setStepApplied show in the weight lenses', async () => {
    const weights = [Array.from({ length: 6 }, (_, i) => i / 10), [1.5, -2.25, 0.125]];
    await client.connection.sendNotification(SET_TRAINED_WEIGHTS, { uri: XOR_URI, version: 1, weights });
    assert.deepEqual(titlesOn(await lenses(client, XOR_URI), 14), ['g 0.0167583 · next Δw 0.0117308 · trained 1.5']);
    await client.connection.sendNotification(SET_TRAINED_WEIGHTS, { uri: XOR_URI, version: 1, weights: null });
    await client.connection.sendNotification(SET_STEP_APPLIED, { uri: XOR_URI, version: 1, applied: [[0, 0, 0, 0, 0, 0], [0.01, 0, 0]] });
    assert.deepEqual(titlesOn(await lenses(client, XOR_URI), 14), ['g 0.0167583 · next Δw 0.0117308 · Δw applied +0.01']);
    await client.connection.sendNotification(SET_TRAINED_WEIGHTS, { uri: XOR_URI, version: 1, weights: [[1, 2]] });
    assert.doesNotMatch(titlesOn(await lenses(client, XOR_URI), 14)[0], /trained/, 'weights of the wrong shape are ignored');
  });

  it('keeps lenses on their lines after an edit, marked stale, until the next compute', async () => {
    const uri = 'untitled:moved.nnet';
    await client.open(uri, XOR);
    await client.connection.sendRequest(COMPUTE, { uri });
    await client.change(uri, 2, `# one\n# two\n${XOR}`);
    const list = await lenses(client, uri);
    assert.deepEqual(titlesOn(list, 8), ['δ(O1) 0.0452295 (stale)'], 'the δ lens moved with its layer line');
    assert.deepEqual(titlesOn(list, 16), ['g 0.0167583 · next Δw 0.0117308 (stale)']);
    assert.deepEqual(titlesOn(list, 6), ['I1 = 1 (stale)', 'I2 = 0 (stale)']);
    assert.deepEqual(titlesOn(list, 4), [], 'nothing left on the old line');
    const computed = (await client.connection.sendRequest(COMPUTE, { uri })) as ComputeResult;
    assert.ok(computed.ok && computed.status.version === 2 && !computed.status.stale);
    assert.deepEqual(titlesOn(await lenses(client, uri), 8), ['δ(O1) 0.0452295']);
  });

  it('nnet/compute says why it cannot run', async () => {
    const uri = 'untitled:nosamples.nnet';
    await client.open(uri, 'layer input I1\nlayer output O1\nI1 -> O1 = 0.5\n');
    const result = (await client.connection.sendRequest(COMPUTE, { uri })) as ComputeResult;
    assert.deepEqual(result, { ok: false, reason: 'the file has no samples' });
  });
});
