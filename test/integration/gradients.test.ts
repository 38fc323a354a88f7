// In-host tests of the gradient explainer and training: lenses with the brief's reference
// figures, the derivation hover, samples, Train → Apply → Undo, Apply refused after an
// edit, Step, Check Gradients.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverPositions, matrixFile } from '../../scripts/bench-files';
import { hoverText, lineOf, openInEditor, useScratchSuite, waitFor } from './helpers';

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
}

function titles(list: readonly vscode.CodeLens[], line?: number): string[] {
  return list.filter((l) => line === undefined || l.range.start.line === line).map((l) => l.command?.title ?? '');
}

/** Waits until the lenses include one whose title matches. */
async function lensMatching(uri: vscode.Uri, pattern: RegExp, line?: number): Promise<string> {
  return waitFor(`a lens matching ${pattern}`, async () => titles(await lenses(uri), line).find((t) => pattern.test(t)));
}

function weightsOf(text: string): string[] {
  return text.split('\n').filter((l) => /->\s*\S+\s*=/.test(l) && !l.startsWith('sample'));
}

describe('gradient explainer in a real VS Code', function () {
  this.timeout(60_000);
  const suite = useScratchSuite('gradients');

  it('shows each node\u2019s δ and each weight\u2019s gradient with the reference figures', async () => {
    const uri = await suite.scratch.write('lenses.nnet', suite.xor);
    const editor = await openInEditor(uri);
    const doc = editor.document;
    const hidden = lineOf(doc, 'layer hidden H1 H2  sigmoid  bias B2');
    const output = lineOf(doc, 'layer output O1     sigmoid');
    // Heaton δ: O1 0.04522951…, H1 −0.00232079…, H2 0.00506170… (5 significant digits).
    assert.strictEqual(await lensMatching(uri, /^δ\(O1\) 0\.04523$/, output), 'δ(O1) 0.04523');
    assert.ok(await lensMatching(uri, /^δ\(H1\) -0\.0023208$/, hidden));
    assert.ok(await lensMatching(uri, /^δ\(H2\) 0\.0050617$/, hidden));
    // Gradients (heaton g = δ·o): H1→O1 0.016758…, H2→O1 0.033418…, B2→O1 0.04523; next Δw = 0.7·g.
    assert.ok(await lensMatching(uri, /^g 0\.016758 · next Δw 0\.011731$/, lineOf(doc, 'H1 -> O1 = -0.22')));
    assert.ok(await lensMatching(uri, /^g 0\.033418 · next Δw 0\.023392$/, lineOf(doc, 'H2 -> O1 =  0.58')));
    assert.ok(await lensMatching(uri, /^g 0\.04523 · next Δw 0\.031661$/, lineOf(doc, 'B2 -> O1 =  0.78')));
    // The active sample and the others.
    const samples = titles(await lenses(uri)).filter((t) => t.includes('sample'));
    assert.deepStrictEqual(samples, ['● active sample · E 0.029942', 'Use this sample', 'Use this sample', 'Use this sample']);
  });

  it('hovers on H1 -> O1 with the chain-rule derivation and real numbers', async () => {
    const uri = await suite.scratch.write('hover.nnet', suite.xor);
    const editor = await openInEditor(uri);
    const line = lineOf(editor.document, 'H1 -> O1 = -0.22');
    await lensMatching(uri, /^g 0\.016758/);
    const text = await hoverText(uri, new vscode.Position(line, 3));
    assert.match(text, /g\(H1→O1\) = δ\(O1\) · out\(H1\) = 0\.04523 × 0\.37052 = 0\.016758/);
    assert.match(text, /Where δ\(O1\) comes from/);
    assert.match(text, /Convention\*\*: heaton/);
    const node = await hoverText(uri, new vscode.Position(lineOf(editor.document, 'layer hidden H1 H2  sigmoid  bias B2'), 14));
    assert.match(node, /Node H1/);
    assert.match(node, /δ\(H1\) = f′\(H1\) · \(w\(H1→O1\) · δ\(O1\)\)/);
  });

  it('hovers on a matrix entry with its weight\u2019s derivation, also deep in a 785-column row', async () => {
    const matrix = suite.xor.replace(/\nH1 -> O1[^]*?B2 -> O1 =\s*0\.78\n/, '\nweights hidden -> output = [-0.22 0.58 0.78]\n');
    assert.notStrictEqual(matrix, suite.xor, 'the XOR example has its hidden -> output weight lines');
    const uri = await suite.scratch.write('matrix-hover.nnet', matrix);
    const editor = await openInEditor(uri);
    const line = lineOf(editor.document, 'weights hidden -> output = [-0.22 0.58 0.78]');
    await lensMatching(uri, /active sample/);
    // The entry -0.22 is w(H1→O1): the same figures as on its weight line.
    const text = await hoverText(uri, new vscode.Position(line, editor.document.lineAt(line).text.indexOf('-0.22') + 2));
    assert.match(text, /g\(H1→O1\) = δ\(O1\) · out\(H1\) = 0\.04523 × 0\.37052 = 0\.016758/);

    // A wide network written as matrices (bench:editor's shape, fewer rows): column 700 of row 2 is x700 → h2.
    const wide = matrixFile('wide', { inputs: 784, hidden: 3, outputs: 2, bias: true });
    const wideUri = await suite.scratch.write('matrix-wide.nnet', wide.text);
    const wideEditor = await openInEditor(wideUri);
    const computed = await vscode.commands.executeCommand<{ error: number } | undefined>('nnet.computeGradients', wideUri);
    assert.ok(computed, 'gradients computed');
    const row = lineOf(wideEditor.document, 'weights input -> hidden = [') + 2;
    const rowText = wideEditor.document.lineAt(row).text;
    let character = rowText.search(/\S/);
    for (let column = 1; column < 700; column++) character = rowText.indexOf(' ', character) + 1;
    const deep = await hoverText(wideUri, new vscode.Position(row, character + 1));
    assert.match(deep, /∂E\/∂w\(x700→h2\) = δ\(h2\) · out\(x700\)/);
    for (const p of hoverPositions(wide.text, 6)) assert.match(await hoverText(wideUri, new vscode.Position(p.line, p.character)), /∂E\/∂w\(\w+→\w+\) = δ/, `a derivation at ${p.line + 1}:${p.character + 1}`);
  });

  it('switches the active sample from its lens and recomputes', async () => {
    const uri = await suite.scratch.write('samples.nnet', suite.xor);
    await openInEditor(uri);
    await lensMatching(uri, /active sample/);
    const use = (await lenses(uri)).find((l) => l.command?.title === 'Use this sample' && l.command.arguments?.[1] === 3);
    assert.ok(use?.command, 'a Use this sample lens for sample 4');
    await vscode.commands.executeCommand(use.command.command, ...(use.command.arguments ?? []));
    // Sample 4 is `1 1 -> 0`: O1's δ changes sign (the target is 0).
    const delta = await lensMatching(uri, /^δ\(O1\) -/);
    assert.match(delta, /^δ\(O1\) -0\.1/);
    const samples = titles(await lenses(uri)).filter((t) => t.includes('sample'));
    assert.match(samples[3], /^● active sample/);
  });

  it('trains in a worker, applies the weights as one edit, and undo restores the text exactly', async () => {
    const uri = await suite.scratch.write('train.nnet', suite.xor);
    const editor = await openInEditor(uri);
    const doc = editor.document;
    const before = doc.getText();
    const result = await vscode.commands.executeCommand<{ epochs: number; stop: string; error?: { mse: number } }>('nnet.train', uri);
    assert.ok(result, 'training returned a result');
    assert.strictEqual(result.stop, 'until');
    assert.ok(result.error && result.error.mse <= 0.01, JSON.stringify(result));
    assert.ok(await lensMatching(uri, /trained /), 'lenses show the trained weights');
    assert.strictEqual(doc.getText(), before, 'training alone does not touch the document');
    assert.strictEqual(await vscode.commands.executeCommand('nnet.applyTrainedWeights', uri), true);
    const after = doc.getText();
    assert.notDeepStrictEqual(weightsOf(after), weightsOf(before));
    assert.strictEqual(after.split('\n').length, before.split('\n').length, 'layout kept: same line count');
    assert.ok(after.startsWith('# XOR, as worked in Heaton ch. 6'), 'comments kept');
    await vscode.commands.executeCommand('undo');
    await waitFor('undo to restore the text', () => doc.getText() === before);
  });

  it('Apply leaves the cursor and a breakpoint on their weight lines (inside the one joined edit)', async () => {
    const uri = await suite.scratch.write('apply-keeps.nnet', suite.xor);
    const editor = await openInEditor(uri);
    const doc = editor.document;
    const cursorLine = lineOf(doc, 'I1 -> H2 =  0.94');
    const breakLine = lineOf(doc, 'H1 -> O1 = -0.22');
    editor.selection = new vscode.Selection(cursorLine, 3, cursorLine, 3);
    const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(breakLine, 0)));
    vscode.debug.addBreakpoints([breakpoint]);
    try {
      const result = await vscode.commands.executeCommand<{ stop: string }>('nnet.train', uri);
      assert.ok(result, 'training returned a result');
      const before = doc.getText();
      assert.strictEqual(await vscode.commands.executeCommand('nnet.applyTrainedWeights', uri), true);
      assert.notDeepStrictEqual(weightsOf(doc.getText()), weightsOf(before), 'the weights were written');
      // The nine weight lines' values come as one edit (joinEdits); VS Code keeps what lies
      // inside a replaced range where the text around it did not change.
      await new Promise((resolve) => setTimeout(resolve, 500)); // VS Code moves breakpoints after the edit, asynchronously
      assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character], [cursorLine, 3], 'the cursor stays');
      const lines = vscode.debug.breakpoints.filter((b): b is vscode.SourceBreakpoint => b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === uri.toString()).map((b) => b.location.range.start.line);
      assert.deepStrictEqual(lines, [breakLine], 'the breakpoint stays on its line');
    } finally {
      vscode.debug.removeBreakpoints(vscode.debug.breakpoints.filter((b) => b instanceof vscode.SourceBreakpoint && b.location.uri.toString() === uri.toString()));
    }
  });

  it('refuses to apply trained weights after the document changed', async () => {
    const uri = await suite.scratch.write('refuse.nnet', suite.xor);
    const editor = await openInEditor(uri);
    const result = await vscode.commands.executeCommand<{ stop: string }>('nnet.train', uri);
    assert.ok(result);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n')));
    const edited = editor.document.getText();
    assert.strictEqual(await vscode.commands.executeCommand('nnet.applyTrainedWeights', uri), false);
    assert.strictEqual(editor.document.getText(), edited, 'nothing was written');
  });

  it('Step runs one epoch, writes the weights and shows each Δw applied', async () => {
    const uri = await suite.scratch.write('step.nnet', suite.xor);
    const editor = await openInEditor(uri);
    const before = editor.document.getText();
    const step = await vscode.commands.executeCommand<{ applied: number }>('nnet.step', uri);
    assert.ok(step && step.applied === 9);
    assert.notDeepStrictEqual(weightsOf(editor.document.getText()), weightsOf(before));
    assert.ok(await lensMatching(uri, /Δw applied [+-]/));
    await vscode.commands.executeCommand('undo');
    await waitFor('undo of the step', () => editor.document.getText() === before);
  });

  it('Check Gradients agrees with finite differences', async () => {
    const uri = await suite.scratch.write('gradcheck.nnet', suite.xor);
    await openInEditor(uri);
    const result = await vscode.commands.executeCommand<{ ok: boolean; worst: number; checked: number }>('nnet.checkGradients', uri);
    assert.ok(result && result.ok, JSON.stringify(result));
    assert.ok(result.worst < 1e-5);
    assert.strictEqual(result.checked, 9);
  });

  it('keeps lenses while typing, marked stale, until recomputed', async () => {
    const uri = await suite.scratch.write('stale.nnet', suite.xor);
    const editor = await openInEditor(uri);
    await lensMatching(uri, /^δ\(O1\) 0\.04523$/);
    const line = lineOf(editor.document, 'H1 -> O1 = -0.22');
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '\n')));
    const stale = await lensMatching(uri, /^g 0\.016758 · next Δw 0\.011731 \(stale\)$/, line + 1);
    assert.ok(stale);
    await vscode.commands.executeCommand('nnet.computeGradients', uri);
    assert.ok(await lensMatching(uri, /^g 0\.016758 · next Δw 0\.011731$/, line + 1));
  });
});
