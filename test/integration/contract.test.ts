// The extension's contract with VS Code, read from package.json and checked through what a
// user (or another extension) can observe: every contributed command is registered, each
// of the settings changes what the providers return, and the commands without a UI of
// their own (Show Log, Show Explanation, the sample quick pick) do what they say. Written
// against provider outputs (vscode.execute*Provider) and command results, so it holds
// whichever process computes the lenses and hovers.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, activated, hoverText, lensTitles, lineOf, openInEditor, useScratchSuite, waitFor } from './helpers';

/** Sets `nnet.<key>` for the workspace (undefined removes it) and waits until reading it gives `value`. */
async function setting(key: string, value: unknown): Promise<void> {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('nnet');
  await config().update(key, value, vscode.ConfigurationTarget.Workspace);
  await waitFor(`nnet.${key} to read ${JSON.stringify(value)}`, () => config().inspect(key)?.workspaceValue === value);
}

const SETTINGS = ['lenses.deltas', 'lenses.gradients', 'lenses.samples', 'gradients.display', 'hover.detail', 'precision', 'autoCompute.maxFileSizeKB', 'defaultConvention'];

describe('contract: commands and settings of package.json', function () {
  this.timeout(60_000);
  const suite = useScratchSuite('contract');

  before(async () => {
    await activated();
  });

  afterEach(async () => {
    for (const key of SETTINGS) await setting(key, undefined);
  });

  /** heaton-xor open in an editor, with its lenses computed. */
  async function openXor(name: string, text = suite.xor): Promise<vscode.TextEditor> {
    const editor = await openInEditor(await suite.scratch.write(name, text));
    await vscode.commands.executeCommand('nnet.computeGradients', editor.document.uri);
    return editor;
  }

  it('registers every contributed command', async () => {
    const contributed = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as { command: string }[]).map((c) => c.command);
    assert.ok(contributed.length >= 9, `package.json lists ${contributed.length} commands`);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(contributed.filter((c) => !registered.has(c)), []);
  });

  it('lists exactly the 8 settings this test covers', () => {
    const properties = Object.keys(vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties as object);
    assert.deepStrictEqual(properties.sort(), SETTINGS.map((k) => `nnet.${k}`).sort());
  });

  it('nnet.precision sets the digits of the lenses', async () => {
    const { document } = await openXor('precision.nnet');
    await waitFor('δ(O1) with 5 digits', async () => (await lensTitles(document.uri)).includes('δ(O1) 0.04523'));
    await setting('precision', 3);
    await waitFor('δ(O1) with 3 digits', async () => (await lensTitles(document.uri)).includes('δ(O1) 0.0452'));
  });

  it('nnet.lenses.deltas, .gradients and .samples hide their lenses', async () => {
    const { document } = await openXor('lenses.nnet');
    const has = async (re: RegExp): Promise<boolean> => (await lensTitles(document.uri)).some((t) => re.test(t));
    await waitFor('all three kinds of lens', async () => (await has(/^δ\(O1\)/)) && (await has(/^g 0\.016758/)) && (await has(/^Use this sample$/)));
    await setting('lenses.deltas', false);
    await waitFor('no δ lens', async () => !(await has(/^δ\(/)) && (await has(/^g /)));
    await setting('lenses.gradients', false);
    await waitFor('no gradient lens', async () => !(await has(/^g /)) && (await has(/^Use this sample$/)));
    await setting('lenses.samples', false);
    await waitFor('no sample lens', async () => !(await has(/Use this sample|active sample/)));
  });

  it('nnet.gradients.display: inlayHints moves the gradients from lenses to inlay hints', async () => {
    const { document } = await openXor('inlay.nnet');
    const line = lineOf(document, 'H1 -> O1 = -0.22');
    const hints = async (): Promise<string[]> => {
      const list = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0))) ?? [];
      return list.filter((h) => h.position.line === line).map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
    };
    await waitFor('the gradient lens', async () => (await lensTitles(document.uri)).some((t) => /^g 0\.016758/.test(t)));
    assert.deepStrictEqual(await hints(), [], 'no inlay hints while gradients are lenses');
    await setting('gradients.display', 'inlayHints');
    await waitFor('the gradient as an inlay hint', async () => (await hints()).some((h) => /^g 0\.016758 · next Δw 0\.011731/.test(h)));
    assert.ok(!(await lensTitles(document.uri)).some((t) => /^g /.test(t)), 'and no gradient lens');
  });

  it('nnet.hover.detail: brief leaves out where δ comes from', async () => {
    const { document } = await openXor('hover.nnet');
    const at = new vscode.Position(lineOf(document, 'H1 -> O1 = -0.22'), 3);
    await waitFor('the full hover', async () => /Where δ\(O1\) comes from/.test(await hoverText(document.uri, at)));
    await setting('hover.detail', 'brief');
    await waitFor('the brief hover', async () => {
      const text = await hoverText(document.uri, at);
      return /0\.04523 × 0\.37052 = 0\.016758/.test(text) && !/Where δ\(O1\) comes from/.test(text);
    });
  });

  it('nnet.defaultConvention applies to files without a convention line', async () => {
    const text = suite.xor.replace(/^convention heaton\n/m, '');
    const { document } = await openInEditor(await suite.scratch.write('convention.nnet', text));
    type Computed = { convention: string } | undefined;
    const computed = await vscode.commands.executeCommand<Computed>('nnet.computeGradients', document.uri);
    assert.strictEqual(computed?.convention, 'calculus');
    await waitFor('δ(O1) in the calculus convention', async () => (await lensTitles(document.uri)).includes('δ(O1) -0.04523'));
    await setting('defaultConvention', 'heaton');
    const again = await vscode.commands.executeCommand<Computed>('nnet.computeGradients', document.uri);
    assert.strictEqual(again?.convention, 'heaton');
    await waitFor('δ(O1) in Heaton’s convention', async () => (await lensTitles(document.uri)).includes('δ(O1) 0.04523'));
  });

  it('nnet.autoCompute.maxFileSizeKB: 0 leaves computing to the command', async () => {
    await setting('autoCompute.maxFileSizeKB', 0);
    const { document } = await openInEditor(await suite.scratch.write('auto-off.nnet', suite.xor));
    await waitFor('the Compute gradients lens', async () => (await lensTitles(document.uri)).includes('$(play) Compute gradients'));
    assert.ok(!(await lensTitles(document.uri)).some((t) => t.startsWith('δ(')), 'nothing computed on open');
    await setting('autoCompute.maxFileSizeKB', 512);
    const { document: other } = await openInEditor(await suite.scratch.write('auto-on.nnet', suite.xor));
    await waitFor('δ lenses computed on open', async () => (await lensTitles(other.uri)).includes('δ(O1) 0.04523'));
  });

  it('NNet: Choose Active Sample offers the samples in a quick pick', async () => {
    const { document } = await openXor('pick.nnet');
    const activeOn = async (text: string): Promise<boolean> => {
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri)) ?? [];
      return lenses.some((l) => l.range.start.line === lineOf(document, text) && /^● active sample/.test(l.command?.title ?? ''));
    };
    await vscode.commands.executeCommand('nnet.useSample', document.uri, 2);
    await waitFor('sample 3 to be active', () => activeOn('sample 0 1 -> 1'));
    // Without an index the command asks: the quick pick lists the samples, the first focused.
    let answered = false;
    const picking = vscode.commands.executeCommand('nnet.useSample', document.uri).then(() => (answered = true));
    await waitFor('the quick pick to be answered', async () => {
      if (!answered) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return answered;
    });
    await picking;
    await waitFor('sample 1 (the picked one) to be active', () => activeOn('sample 1 0 -> 1'));
  });

  it('NNet: Show Explanation puts the cursor on the explained number; Show Training Log runs', async () => {
    const { document } = await openXor('explain.nnet');
    const line = lineOf(document, 'H1 -> O1 = -0.22');
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    await vscode.commands.executeCommand('nnet.showExplanation', document.uri, new vscode.Position(line, 11));
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), document.uri.toString());
    assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character], [line, 11]);
    // The log is an output channel; the command must run without error (it has no return value).
    assert.strictEqual(await vscode.commands.executeCommand('nnet.showLog'), undefined);
  });
});
