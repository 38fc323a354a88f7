// In-host tests that only mean something in the Web Worker extension host of VS Code for the
// Web; scripts/vscode/web.js bundles them with test/integration (the desktop runs never load
// them). The rest of the in-host suite runs there unchanged.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../integration/helpers';

describe('nnet in the Web Worker extension host', () => {
  it('runs as a web extension: uiKind Web, no Node `process`, Web Workers available', async () => {
    assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web);
    assert.strictEqual(typeof (globalThis as { process?: unknown }).process, 'undefined');
    assert.strictEqual(typeof (globalThis as { Worker?: unknown }).Worker, 'function');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'nnet is installed');
    await ext.activate();
    assert.strictEqual(ext.extensionKind, vscode.ExtensionKind.UI, 'nnet runs beside the UI (the browser), not in a Node host');
  });

  it('answers a command that needs Node (the debugger) instead of failing with “command not found”', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('nnet.debugBackpropagation'), 'the command is registered on the web');
    // It shows the "not available in VS Code for the Web" warning and resolves.
    await vscode.commands.executeCommand('nnet.debugBackpropagation');
    assert.strictEqual(vscode.debug.activeDebugSession, undefined, 'no debug session started');
  });
});
