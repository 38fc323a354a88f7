// In-host tests of the `nnet` debugger: a session started through the VS Code API stops on
// the `H1 -> O1` line (seen through vscode.debug.activeStackItem and a DebugAdapterTracker),
// Variables hold the reference gradient, Step Back returns, and the session ends cleanly.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { closeAllEditors, exampleUri, lineOf, openInEditor, waitFor } from './helpers';

interface Frame {
  name: string;
  line: number;
}

/** Records every message the adapter sends (DebugAdapterTracker): stopped events in order. */
class Tracker {
  readonly stops: { reason: string }[] = [];
  terminated = false;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.debug.registerDebugAdapterTrackerFactory('nnet', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string } }) => {
          if (m.type === 'event' && m.event === 'stopped') this.stops.push({ reason: m.body?.reason ?? '' });
          if (m.type === 'event' && m.event === 'terminated') this.terminated = true;
        },
      }),
    });
  }

  dispose(): void {
    this.registration.dispose();
  }
}

async function frames(session: vscode.DebugSession): Promise<Frame[]> {
  const reply = (await session.customRequest('stackTrace', { threadId: 1 })) as { stackFrames: Frame[] };
  return reply.stackFrames;
}

async function variables(session: vscode.DebugSession): Promise<Record<string, Record<string, string>>> {
  const { scopes } = (await session.customRequest('scopes', { frameId: 0 })) as { scopes: { name: string; variablesReference: number }[] };
  const all: Record<string, Record<string, string>> = {};
  for (const s of scopes) {
    const { variables: list } = (await session.customRequest('variables', { variablesReference: s.variablesReference })) as { variables: { name: string; value: string }[] };
    all[s.name] = Object.fromEntries(list.map((v) => [v.name, v.value]));
  }
  return all;
}

describe('debugger in a real VS Code', function () {
  this.timeout(60_000);
  let tracker: Tracker;

  beforeEach(() => {
    tracker = new Tracker();
  });

  afterEach(async () => {
    if (vscode.debug.activeDebugSession) {
      const ended = new Promise<void>((resolve) => vscode.debug.onDidTerminateDebugSession(() => resolve()));
      await vscode.debug.stopDebugging();
      await ended;
    }
    tracker.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await closeAllEditors();
  });

  it('contributes the nnet debugger, its breakpoints and the command', async () => {
    const ext = vscode.extensions.all.find((e) => e.packageJSON?.name === 'nnet');
    assert.ok(ext, 'extension not found');
    await ext.activate();
    const debuggers = ext.packageJSON.contributes.debuggers as { type: string; languages: string[] }[];
    assert.deepStrictEqual(
      debuggers.map((d) => [d.type, d.languages]),
      [['nnet', ['nnet']]],
    );
    assert.ok((await vscode.commands.getCommands(true)).includes('nnet.debugBackpropagation'));
  });

  it('stops on the H1 -> O1 breakpoint, shows g(H1→O1), steps back and forward', async () => {
    const uri = await exampleUri('heaton-xor.nnet');
    const editor = await openInEditor(uri);
    const line = lineOf(editor.document, 'H1 -> O1 = -0.22');
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(line, 0)))]);
    // What F5 does without a launch.json: the command fills the same configuration.
    assert.strictEqual(await vscode.commands.executeCommand('nnet.debugBackpropagation'), true);
    const session = await waitFor('an nnet debug session', () => (vscode.debug.activeDebugSession?.type === 'nnet' ? vscode.debug.activeDebugSession : undefined));
    assert.strictEqual(session.configuration.stopOnEntry, false, 'with a breakpoint in the file, F5 runs to it');
    await waitFor('a stop', () => tracker.stops.length > 0);
    assert.strictEqual(tracker.stops[0].reason, 'breakpoint');
    const item = await waitFor('the active stack frame', () => {
      const active = vscode.debug.activeStackItem;
      return active && 'frameId' in active && active.session.id === session.id ? active : undefined;
    });
    assert.strictEqual(item.threadId, 1);
    let stack = await frames(session);
    assert.strictEqual(stack[0].line, line + 1);
    assert.strictEqual(stack[0].name, 'gradient · g(H1→O1) = δ(O1) · out(H1)');
    const g = Number((await variables(session))['Weight H1→O1'].g);
    assert.ok(Math.abs(g - 0.0167583) < 5e-8, String(g));
    assert.ok(Math.abs(g - 0.016758299044691328) < 1e-15, String(g));

    await session.customRequest('next', { threadId: 1 });
    await waitFor('the step', () => tracker.stops.length === 2);
    stack = await frames(session);
    assert.match(stack[0].name, /^gradient · g\(H2→O1\)/);
    await session.customRequest('stepBack', { threadId: 1 });
    await waitFor('the step back', () => tracker.stops.length === 3);
    stack = await frames(session);
    assert.strictEqual(stack[0].line, line + 1);
    assert.strictEqual(Number((await variables(session))['Weight H1→O1'].g), g);
    // Into the operations: δ(O1), out(H1), their product.
    await session.customRequest('stepIn', { threadId: 1 });
    await waitFor('the step in', () => tracker.stops.length === 4);
    assert.match((await frames(session))[0].name, /^gradient · δ\(O1\) = 0\.0452295147292088/);
    const inline = (await session.customRequest('inlineValues', { precision: 5 })) as { values: { range: { start: { line: number } }; text: string }[] };
    assert.strictEqual(inline.values.find((v) => v.range.start.line === line)?.text, 'g 0.016758');
  });

  it('F5 on a .nnet file with no breakpoints stops on entry, and the session ends on request', async () => {
    const uri = await exampleUri('heaton-xor.nnet');
    await openInEditor(uri);
    // F5's command: with no launch.json VS Code picks the debugger for the editor's language.
    await vscode.commands.executeCommand('workbench.action.debug.start');
    const session = await waitFor('an nnet debug session', () => (vscode.debug.activeDebugSession?.type === 'nnet' ? vscode.debug.activeDebugSession : undefined));
    await waitFor('a stop', () => tracker.stops.length > 0);
    assert.strictEqual(tracker.stops[0].reason, 'entry');
    assert.match((await frames(session))[0].name, /^forward · out\(I1\) = input 1/);
    const ended = new Promise<void>((resolve) => vscode.debug.onDidTerminateDebugSession((s) => s.id === session.id && resolve()));
    await vscode.debug.stopDebugging(session);
    await ended;
    assert.strictEqual(vscode.debug.activeDebugSession, undefined);
  });
});
