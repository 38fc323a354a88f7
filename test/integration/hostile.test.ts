// In-host: a hostile file opened in the editor must not take the extension host down or freeze
// it. After opening the 402-byte file of 21 huge layers (which used to crash the extension
// host) and a file over the live-checking size limit, another .nnet file still gets its
// diagnostics and lenses, and the extension is still active.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { MAX_LIVE_TEXT_CHARS } from '../../src/core/limits';
import { closeAllEditors, EXTENSION_ID, openInEditor, readExample, ScratchFolder, waitFor, waitForDiagnostics } from './helpers';

const BIG_402 = Array.from({ length: 21 }, (_, i) => `layer l${i} ${i % 2 === 0 ? 'x' : 'y'}${i}[${i % 2 === 0 ? 100000 : 50}]`).join('\n') + '\n';

describe('hostile files in a real VS Code', function () {
  this.timeout(120_000);
  let scratch: ScratchFolder;

  before(() => {
    scratch = new ScratchFolder('hostile');
  });

  after(async () => {
    await closeAllEditors();
    await scratch.dispose();
  });

  it('the 402-byte file of 21 huge layers gets nnet/too-large, and the editor keeps working', async () => {
    assert.strictEqual(BIG_402.length, 402);
    const big = await scratch.write('big.nnet', BIG_402);
    await openInEditor(big);
    const diagnostics = await waitForDiagnostics(big, (d) => d.some((x) => String(typeof x.code === 'object' ? x.code.value : x.code) === 'nnet/too-large'), 'nnet/too-large on the 402-byte file');
    assert.ok(diagnostics.every((d) => d.range.start.line <= 20));

    // Another file still gets its diagnostics-free check and its lenses.
    const xor = await scratch.write('xor.nnet', await readExample('heaton-xor.nnet'));
    await openInEditor(xor);
    const lenses = await waitFor('lenses on heaton-xor.nnet', async () => {
      const list = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', xor)) ?? [];
      return list.length > 0 ? list : undefined;
    });
    assert.ok(lenses.length > 0);
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'the extension is still active');
  });

  it('a file over the live-checking limit gets one clear error and no lenses', async () => {
    const line = 'sample 0.1 0.2 -> 0.3\n';
    const huge = await scratch.write('huge.nnet', 'layer input a b\nlayer output o\n' + line.repeat(Math.ceil(MAX_LIVE_TEXT_CHARS / line.length) + 10));
    await openInEditor(huge);
    const diagnostics = await waitForDiagnostics(huge, (d) => d.some((x) => /live checking, lenses and hovers stop at/.test(x.message)), 'the live-checking limit error');
    assert.strictEqual(diagnostics.length, 1);
    const xor = await scratch.write('xor2.nnet', await readExample('heaton-xor.nnet'));
    await openInEditor(xor);
    await waitFor('lenses on another file', async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', xor)) ?? []).length > 0);
  });

  it('the test-only graph commands exist in this test run (NNET_TEST_HOOKS / ExtensionMode.Test)', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('nnet.graph.debugState'));
  });
});
