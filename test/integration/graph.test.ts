// In-host tests of the graph panel: NNet: Show Network Graph opens it, the webview loads and
// receives the example's model (with the brief's reference δ), and the panel follows edits,
// the active sample, the cursor, training and other editors; clicks reveal source lines;
// malformed webview messages are rejected. The panel's last posted message of each type is
// read through the hidden command `nnet.graph.debugState`.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GraphDebugState } from '../../src/extension/graph-panel';
import type { CurveView, GraphModel, MapView, TrainingView } from '../../src/core';
import type { HostMessage } from '../../src/shared/protocol';
import { lineOf, openInEditor, readExample, useScratchSuite, waitFor } from './helpers';

async function debugState(): Promise<GraphDebugState | undefined> {
  return vscode.commands.executeCommand<GraphDebugState | undefined>('nnet.graph.debugState');
}

function posted<T extends HostMessage['type']>(state: GraphDebugState | undefined, type: T): Extract<HostMessage, { type: T }> | undefined {
  return state?.posted[type] as Extract<HostMessage, { type: T }> | undefined;
}

/** Waits until the panel's last model satisfies `ok`. */
async function modelWhere(what: string, ok: (m: GraphModel) => boolean, timeoutMs?: number): Promise<GraphModel> {
  return waitFor(
    `the graph model ${what}`,
    async () => {
      const m = posted(await debugState(), 'model')?.model;
      return m && ok(m) ? m : undefined;
    },
    timeoutMs,
  );
}

/** Opens `uri` and the graph beside it; waits for the webview to load and get the model. */
async function openGraph(uri: vscode.Uri): Promise<{ editor: vscode.TextEditor; model: GraphModel }> {
  const editor = await openInEditor(uri);
  assert.strictEqual(await vscode.commands.executeCommand('nnet.showGraph'), true);
  await waitFor('the webview to load and say ready', async () => (await debugState())?.ready, 30_000);
  const model = await modelWhere(`for ${uri.path}`, (m) => m.uri === uri.toString());
  return { editor, model };
}

function close(actual: number | null, expected: number, tolerance: number, what: string): void {
  assert.ok(actual !== null, `${what} is missing`);
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.abs(expected), `${what}: ${actual} vs ${expected}`);
}

describe('graph panel in a real VS Code', function () {
  this.timeout(90_000);
  const suite = useScratchSuite('graph');

  it('opens from NNet: Show Network Graph and receives the model with the reference figures', async () => {
    const uri = await suite.scratch.write('model.nnet', suite.xor);
    const { editor, model } = await openGraph(uri);
    const state = await debugState();
    assert.ok(state?.open && state.ready, 'panel open and loaded');
    assert.strictEqual(state.rejected, 0, `the webview sent only valid messages: ${state.log.join(', ')}`);
    // Locked down: nothing but our own nonce'd script and stylesheet, from dist/webview only.
    assert.match(state.csp, /^default-src 'none';/);
    assert.match(state.csp, /script-src 'nonce-[A-Za-z0-9]{32}'/);
    assert.doesNotMatch(state.csp, /unsafe-inline|unsafe-eval/);
    // Besides 'self', the only origin is VS Code's own webview resource host (webview.cspSource).
    const origins = state.csp.match(/https?:\/\/[^\s;]+/g) ?? [];
    assert.ok(origins.every((o) => o === 'https://*.vscode-cdn.net'), origins.join(' '));
    assert.strictEqual(state.localResourceRoots.length, 1);
    assert.match(state.localResourceRoots[0], /\/dist\/webview$/);
    assert.deepStrictEqual(
      model.nodes.map((n) => n.name),
      ['I1', 'I2', 'B1', 'H1', 'H2', 'B2', 'O1'],
    );
    assert.strictEqual(model.edges.length, 9);
    assert.strictEqual(model.convention, 'heaton');
    assert.strictEqual(model.reduction, '', 'nothing left out');
    const node = (name: string) => model.nodes.find((n) => n.name === name)!;
    close(node('O1').delta, 0.04522951472920882, 1e-12, 'δ(O1)');
    close(node('H1').delta, -0.002320794571465154, 1e-12, 'δ(H1)');
    close(node('H2').delta, 0.005061697919553165, 1e-12, 'δ(H2)');
    close(node('H1').out, 0.37051688803260513, 1e-12, 'out(H1)');
    assert.strictEqual(node('I1').delta, null, 'inputs have no δ');
    assert.strictEqual(node('B1').out, 1);
    close(model.error, 0.02994188361410977, 1e-12, 'E');
    const h1o1 = model.edges.find((e) => e.id === 'H1->O1')!;
    assert.strictEqual(h1o1.weight, -0.22);
    close(h1o1.gradient, 0.016758299044691328, 1e-12, 'g(H1→O1)');
    close(h1o1.deltaW, 0.7 * 0.016758299044691328, 1e-12, 'next Δw(H1→O1)');
    assert.strictEqual(h1o1.line, lineOf(editor.document, 'H1 -> O1 = -0.22'));
    assert.strictEqual(h1o1.source, 'line');
    assert.deepStrictEqual(model.sample, { index: 0, count: 4, inputs: [1, 0], targets: [1], truncated: false });
    // Two inputs: the input-plane map, with the four samples.
    const map = posted(state, 'map')?.map as MapView;
    assert.ok(map, 'a map for a two-input network');
    assert.strictEqual(map.values.length, map.resolution * map.resolution);
    assert.deepStrictEqual(
      map.samples.map((s) => [s.x, s.y, s.target, s.active]),
      [
        [1, 0, 1, true],
        [0, 0, 0, false],
        [0, 1, 1, false],
        [1, 1, 0, false],
      ],
    );
  });

  it('follows edits, and keeps the last good drawing (marked stale) while the file has errors', async () => {
    const uri = await suite.scratch.write('edits.nnet', suite.xor);
    const { editor } = await openGraph(uri);
    const line = lineOf(editor.document, 'H1 -> O1 = -0.22');
    const value = editor.document.lineAt(line).text.indexOf('-0.22');
    assert.ok(await editor.edit((b) => b.replace(new vscode.Range(line, value, line, value + 5), '0.5')));
    const edited = await modelWhere('with H1->O1 = 0.5', (m) => m.edges.some((e) => e.id === 'H1->O1' && e.weight === 0.5));
    assert.strictEqual(edited.stale, '');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(line, 0), 'I1 -> H9 = 1\n')));
    const stale = await modelWhere('marked stale', (m) => m.stale.length > 0);
    assert.match(stale.stale, /1 error/);
    assert.ok(stale.edges.some((e) => e.id === 'H1->O1' && e.weight === 0.5), 'the last good drawing stays');
    await vscode.commands.executeCommand('undo');
    await modelWhere('current again', (m) => m.stale === '' && m.version === editor.document.version);
  });

  it('follows the active sample', async () => {
    const uri = await suite.scratch.write('sample.nnet', suite.xor);
    await openGraph(uri);
    await vscode.commands.executeCommand('nnet.useSample', uri, 3);
    const model = await modelWhere('for sample 4', (m) => m.sample?.index === 3);
    // Sample 4 is `1 1 -> 0`: O1's δ turns negative.
    assert.ok(model.nodes.find((n) => n.name === 'O1')!.delta! < 0);
    // The panel's own sample buttons go through the same command.
    assert.strictEqual(await vscode.commands.executeCommand('nnet.graph.debugReceive', { type: 'sample', index: 1 }), true);
    await modelWhere('for sample 2', (m) => m.sample?.index === 1);
  });

  it('highlights the edge under the cursor and draws E(w) for it, with the engine\u2019s E and gradient', async () => {
    const uri = await suite.scratch.write('cursor.nnet', suite.xor);
    const { editor } = await openGraph(uri);
    const line = lineOf(editor.document, 'H2 -> O1 =  0.58');
    editor.selection = new vscode.Selection(line, 3, line, 3);
    const state = await waitFor('the cursor edge to be highlighted', async () => {
      const s = await debugState();
      return posted(s, 'highlight')?.edge === 'H2->O1' && posted(s, 'curve')?.curve?.edge === 'H2->O1' ? s : undefined;
    });
    const curve = posted(state, 'curve')!.curve as CurveView;
    assert.strictEqual(curve.basis, 'sample', 'online backprop: the active sample\u2019s E');
    close(curve.error, 0.02994188361410977, 1e-12, 'E at the current weight');
    close(curve.gradient, 0.03341782723286356, 1e-12, 'heaton g(H2→O1)');
    close(curve.slope, -0.03341782723286356, 1e-12, 'slope ∂E/∂w');
    close(curve.next!.deltaW, 0.7 * 0.03341782723286356, 1e-12, 'next Δw');
    assert.ok(curve.next!.error! < curve.error!, 'the step goes downhill');
    // A node name on a layer line highlights the node.
    const layer = lineOf(editor.document, 'layer hidden H1 H2  sigmoid  bias B2');
    editor.selection = new vscode.Selection(layer, editor.document.lineAt(layer).text.indexOf('H2') + 1, layer, editor.document.lineAt(layer).text.indexOf('H2') + 1);
    await waitFor('the node H2 to be highlighted', async () => posted(await debugState(), 'highlight')?.node === 'H2');
  });

  it('reveals and selects the weight line of a clicked edge, and a node\u2019s declaration', async () => {
    const uri = await suite.scratch.write('reveal.nnet', suite.xor);
    const { editor } = await openGraph(uri);
    const line = lineOf(editor.document, 'I2 -> H1 =  0.22');
    assert.strictEqual(await vscode.commands.executeCommand('nnet.graph.debugReceive', { type: 'reveal', kind: 'edge', id: 'I2->H1' }), true);
    const selected = await waitFor('the weight line to be selected', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.toString() === uri.toString() && e.selection.start.line === line && !e.selection.isEmpty ? e.selection : undefined;
    });
    assert.strictEqual(editor.document.getText(selected), 'I2 -> H1 =  0.22');
    assert.strictEqual((await debugState())?.selected, 'I2->H1', 'the clicked edge becomes the E(w) chart\u2019s');
    assert.strictEqual(await vscode.commands.executeCommand('nnet.graph.debugReceive', { type: 'reveal', kind: 'node', id: 'B2' }), true);
    const layer = lineOf(editor.document, 'layer hidden H1 H2  sigmoid  bias B2');
    await waitFor('B2 to be selected', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.selection.start.line === layer && e.document.getText(e.selection) === 'B2';
    });
  });

  it('ignores malformed and unknown messages from the webview', async () => {
    const uri = await suite.scratch.write('messages.nnet', suite.xor);
    await openGraph(uri);
    const before = (await debugState())!;
    const bad: unknown[] = [
      { type: 'reveal', kind: 'edge' },
      { type: 'run', command: 'workbench.action.files.delete' },
      { type: 'sample', index: -4 },
      { type: 'nope' },
      'reveal',
      null,
    ];
    for (const m of bad) assert.strictEqual(await vscode.commands.executeCommand('nnet.graph.debugReceive', m), false, JSON.stringify(m));
    const after = (await debugState())!;
    assert.strictEqual(after.rejected - before.rejected, bad.length);
    assert.strictEqual(posted(after, 'model')?.model.sample?.index, 0, 'nothing happened');
  });

  it('draws the error curve of a training run and the map with the trained weights', async () => {
    const uri = await suite.scratch.write('train.nnet', suite.xor);
    await openGraph(uri);
    const result = await vscode.commands.executeCommand<{ epochs: number; stop: string }>('nnet.train', uri);
    assert.ok(result && result.stop === 'until', JSON.stringify(result));
    const training = await waitFor('the finished training curve', async () => {
      const t = posted(await debugState(), 'training')?.training as TrainingView | undefined;
      return t && !t.running ? t : undefined;
    });
    assert.strictEqual(training.uri, uri.toString());
    assert.strictEqual(training.measure, 'MSE');
    assert.strictEqual(training.until, 0.01);
    assert.strictEqual(training.epochs[training.epochs.length - 1], result.epochs, 'the curve ends at the last epoch');
    assert.ok(training.errors[training.errors.length - 1]! <= 0.01);
    assert.match(training.stop, /target error/);
    const progress = posted(await debugState(), 'trainingProgress');
    assert.ok(progress && progress.uri === uri.toString() && progress.epoch > 0, 'live progress was posted while training');
    await waitFor('the map to show the trained weights', async () => posted(await debugState(), 'map')?.map?.weights === 'trained');
    const model = posted(await debugState(), 'model')!.model;
    assert.strictEqual(model.trainedWaiting, true);
  });

  it('runs Step from the panel: the weights in the file change and the drawing follows', async () => {
    const uri = await suite.scratch.write('step.nnet', suite.xor);
    const { editor } = await openGraph(uri);
    const before = editor.document.getText();
    assert.strictEqual(await vscode.commands.executeCommand('nnet.graph.debugReceive', { type: 'run', command: 'step' }), true);
    await waitFor('the step to write the weights', () => editor.document.getText() !== before);
    const model = await modelWhere('after the step', (m) => m.version === editor.document.version);
    assert.notStrictEqual(model.edges.find((e) => e.id === 'H1->O1')!.weight, -0.22);
    await vscode.commands.executeCommand('undo');
    await waitFor('undo of the step', () => editor.document.getText() === before);
  });

  it('follows another .nnet editor, and toggles the edge metric', async () => {
    const first = await suite.scratch.write('first.nnet', suite.xor);
    const second = await suite.scratch.write('second.nnet', await readExample('matrix.nnet'));
    await openGraph(first);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(second), { viewColumn: vscode.ViewColumn.One });
    const model = await modelWhere('for second.nnet', (m) => m.uri === second.toString());
    assert.ok(model.edges.every((e) => e.source === 'matrix'));
    assert.strictEqual(await vscode.commands.executeCommand('nnet.graph.debugReceive', { type: 'options', options: { metric: 'gradient', output: 0, zoom: 1 } }), true);
    await modelWhere('sized by gradient', (m) => m.metric === 'gradient');
  });
});
