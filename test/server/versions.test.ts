// The server against outdated requests, cancellation, and clients that are not VS Code
// (no codicons, no insert/replace edits, no location links, settings without
// workspace/configuration) — what Neovim, Helix and others send.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DidChangeConfigurationNotification,
  DocumentSymbolRequest,
  HoverRequest,
  type CodeLens,
  type CompletionList,
  type Location,
} from 'vscode-languageserver-protocol/node';
import { CLI, ROOT, startClient } from './client';

const XOR = fs.readFileSync(path.join(ROOT, 'examples/heaton-xor.nnet'), 'utf8');
const pos = (line: number, character: number) => ({ line, character });

describe('language server: versions, cancellation, other clients', function () {
  this.timeout(60000);

  it('answers nothing for a request whose document changed before the answer', async () => {
    const client = await startClient();
    try {
      const uri = 'untitled:race.nnet';
      await client.open(uri, XOR);
      await client.diagnostics(uri, 1);
      // Settings are asked for once per document: hold that answer, edit meanwhile, then release.
      let release!: () => void;
      client.configurationGate = new Promise<void>((resolve) => (release = resolve));
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      const hover = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos(14, 12) });
      const lenses = client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
      await new Promise((r) => setTimeout(r, 200));
      await client.change(uri, 2, `# inserted\n${XOR}`);
      await new Promise((r) => setTimeout(r, 200));
      release();
      assert.equal(await hover, null, 'no hover for text the user no longer sees');
      assert.equal(await lenses, null, 'no lenses for an outdated version');
      client.configurationGate = undefined;
      const fresh = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? [];
      assert.ok(fresh.some((l) => l.range.start.line === 7 && l.command?.title.startsWith('δ(O1)')), 'the next request sees the new version');
    } finally {
      await client.stop();
    }
  });

  it('publishes the diagnostics of an edit as soon as any request has checked it (no waiting for the debounce)', async () => {
    const client = await startClient();
    try {
      const uri = 'untitled:burst.nnet';
      await client.open(uri, XOR);
      await client.diagnostics(uri, 1);
      // A burst of edits, then a request that needs the check of the last one.
      await client.change(uri, 2, XOR.replace('H1 -> O1 = -0.22', 'H1 -> O1 = -0.2'));
      await client.change(uri, 3, XOR.replace('H1 -> O1 = -0.22', 'H1 -> O1 = -0.2x'));
      const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      assert.ok(symbols && symbols.length > 0);
      const published = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { version?: number }).version === 3);
      assert.equal(published.length, 1, 'version 3\u2019s diagnostics went out before the symbols answer');
      const diagnostics = (published[0].params as { diagnostics: { message: string }[] }).diagnostics;
      assert.ok(diagnostics.length > 0, 'the broken value is reported');
      // The debounce's check of the same version sends nothing twice.
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { version?: number }).version === 3).length, 1);
    } finally {
      await client.stop();
    }
  });

  it('honours cancellation', async () => {
    const client = await startClient();
    try {
      const uri = 'untitled:cancel.nnet';
      await client.open(uri, XOR);
      await client.diagnostics(uri, 1);
      let release!: () => void;
      client.configurationGate = new Promise<void>((resolve) => (release = resolve));
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      const source = new CancellationTokenSource();
      const hover = client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: pos(14, 12) }, source.token);
      await new Promise((r) => setTimeout(r, 200));
      source.cancel();
      release();
      const outcome = await hover.then(
        (value) => ({ value }),
        (error: Error) => ({ error }),
      );
      assert.ok('error' in outcome || outcome.value === null, `a cancelled hover yields nothing: ${JSON.stringify(outcome)}`);
    } finally {
      await client.stop();
    }
  });

  it('serves a minimal client: plain titles, plain edits, locations, settings from initializationOptions', async () => {
    const client = await startClient({ capabilities: {}, clientName: 'Neovim', initializationOptions: { settings: { precision: 6 } } });
    try {
      const uri = 'untitled:minimal.nnet';
      await client.open(uri, 'layer input I1 I2\nlayer output O1 sigmoid\nI1 -> O1 = 0.5\nI2 -> O1 = -0.5\nsample 1 0 -> 1\n');
      await client.diagnostics(uri);
      assert.ok(!client.serverRequests.includes('workspace/configuration'), 'not asked of a client that cannot answer');
      const lenses = ((await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) ?? []) as CodeLens[];
      const delta = lenses.find((l) => l.range.start.line === 1);
      assert.match(delta?.command?.title ?? '', /^δ\(O1\) -?\d\.\d{5}/, 'six significant digits from initializationOptions');
      const client2 = await startClient({ capabilities: {}, clientName: 'Neovim' });
      try {
        const uri2 = 'untitled:nothing.nnet';
        await client2.open(uri2, 'layer input I1\nlayer output O1\nI1 -> O1 = 0.5\nsample 1 -> 1\n');
        await client2.diagnostics(uri2);
        const first = ((await client2.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: uri2 } })) ?? []) as CodeLens[];
        assert.ok(first.every((l) => !l.command?.title.includes('$(')), 'no codicons outside VS Code');
      } finally {
        await client2.stop();
      }
      const completion = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: pos(4, 0) })) as CompletionList;
      const item = completion.items.find((i) => i.label === 'layer')!;
      assert.ok(item.textEdit && 'range' in item.textEdit, 'a plain TextEdit');
      assert.equal(item.command, undefined, 'no VS Code-only retrigger command');
      const definition = (await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: pos(2, 0) })) as Location[];
      assert.deepEqual(definition, [{ uri, range: { start: pos(0, 12), end: pos(0, 14) } }]);
    } finally {
      await client.stop();
    }
  });

  it('nnet lsp refuses a missing or unknown transport with exit code 2', () => {
    const none = spawnSync(process.execPath, [CLI, 'lsp'], { encoding: 'utf8' });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /lsp needs a transport/);
    const bad = spawnSync(process.execPath, [CLI, 'lsp', '--stdio', '--fast'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option '--fast'/);
    const help = spawnSync(process.execPath, [CLI, 'help', 'lsp'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--stdio/);
  });
});
