// The debug adapter over `nnet dap` (the bundled CLI, dist/cli.js), driven by
// @vscode/debugadapter-testsupport's DebugClient as an editor would drive it.
import * as assert from 'node:assert/strict';
import * as cp from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { check, computeSample } from '../../../src/core';
import { ROOT } from '../helpers';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const XOR = path.join(ROOT, 'examples', 'heaton-xor.nnet');
// 1-based lines of heaton-xor.nnet, as an editor numbers them.
const LAYER_HIDDEN = 6;
const LAYER_OUTPUT = 7;
const H1_O1 = 15;
const SAMPLE_1 = 22;
const REFERENCE = (() => {
  const network = check(fs.readFileSync(XOR, 'utf8')).network!;
  return computeSample(network, 0);
})();

/** A DebugClient talking to `node dist/cli.js dap` (DebugClient itself spawns one executable without arguments). */
class DapClient extends DebugClient {
  process?: cp.ChildProcess;
  readonly exited: Promise<number | null>;
  private resolveExit: (code: number | null) => void = () => undefined;

  constructor() {
    super(process.execPath, CLI, 'nnet');
    this.exited = new Promise((resolve) => (this.resolveExit = resolve));
  }

  startDap(): void {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run 'npm run build' first`);
    const child = cp.spawn(process.execPath, [CLI, 'dap'], { stdio: ['pipe', 'pipe', 'inherit'] });
    child.on('exit', (code) => this.resolveExit(code));
    this.process = child;
    this.connect(child.stdout!, child.stdin!);
  }

  kill(): void {
    if (this.process && this.process.exitCode === null) this.process.kill();
  }
}

async function stoppedAfter(dc: DapClient, request: () => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const [, event] = await Promise.all([request(), dc.waitForEvent('stopped')]);
  return event as DebugProtocol.StoppedEvent;
}

async function top(dc: DapClient): Promise<DebugProtocol.StackFrame[]> {
  return (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
}

/** The top frame's scopes with their variables: { scopeName: { variableName: value } }. */
async function variables(dc: DapClient): Promise<Record<string, Record<string, string>>> {
  const scopes = (await dc.scopesRequest({ frameId: 0 })).body.scopes;
  const all: Record<string, Record<string, string>> = {};
  for (const s of scopes) {
    const vars = (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
    all[s.name] = Object.fromEntries(vars.map((v) => [v.name, v.value]));
  }
  return all;
}

/**
 * initialize → launch ‖ (initialized → setBreakpoints → configurationDone), as VS Code does.
 * Resolves with the placed breakpoints and the first stop (listened for before the launch, so it cannot be missed).
 */
async function launch(dc: DapClient, args: Record<string, unknown>, breakpoints: DebugProtocol.SourceBreakpoint[] = []): Promise<{ placed: DebugProtocol.Breakpoint[]; stopped: DebugProtocol.Event }> {
  await dc.initializeRequest({ adapterID: 'nnet', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  let placed: DebugProtocol.Breakpoint[] = [];
  const [stopped] = await Promise.all([
    dc.waitForEvent('stopped'),
    dc.waitForEvent('initialized').then(async () => {
      placed = (await dc.setBreakpointsRequest({ source: { path: XOR }, breakpoints })).body.breakpoints;
      await dc.configurationDoneRequest();
    }),
    dc.launchRequest({ program: XOR, ...args } as DebugProtocol.LaunchRequestArguments),
  ]);
  return { placed, stopped };
}

describe('debug adapter over `nnet dap` (DebugClient)', function () {
  this.timeout(30000);
  let dc: DapClient;

  beforeEach(() => {
    dc = new DapClient();
    // Generous: the machine may be busy; nothing here asserts a duration.
    dc.defaultTimeout = 20000;
    dc.startDap();
  });

  afterEach(async () => {
    if (dc.process?.exitCode === null) await Promise.race([dc.stop().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000))]);
    dc.kill();
  });

  it('stops at the H1 -> O1 line with the gradient in Variables (hitBreakpoint)', async () => {
    await dc.hitBreakpoint({ program: XOR }, { path: XOR, line: H1_O1 });
    const frames = await top(dc);
    assert.equal(frames[0].name, 'gradient · g(H1→O1) = δ(O1) · out(H1)');
    assert.equal(frames[0].column, 1);
    const vars = await variables(dc);
    const g = vars['Weight H1→O1'].g;
    assert.equal(Number(g), REFERENCE.gradients[1][0]);
    assert.ok(Math.abs(Number(g) - 0.0167583) < 5e-8, g);
    assert.equal(Number(vars['Weight H1→O1']['δ(O1)']), 0.04522951472920882);
    assert.equal(vars['Weight H1→O1'].w, '-0.22');
    assert.equal(Number(vars['Loss (mse)'].E), REFERENCE.error);
    // The chain rule as the call stack, each link on its line.
    assert.deepEqual(
      frames.map((f) => [f.name.split(' = ')[0], f.line]),
      [
        ['gradient · g(H1→O1)', H1_O1],
        ['g(H1→O1) ← δ(O1) · out(H1)', LAYER_OUTPUT],
        ['δ(O1)', LAYER_OUTPUT],
        ['E', SAMPLE_1],
      ],
    );
  });

  it('verifies, moves and refuses breakpoints; δ(O1) at the output layer\u2019s backward stop', async () => {
    const { placed, stopped: first } = await launch(dc, {}, [{ line: LAYER_OUTPUT }, { line: 8 }, { line: 23 }, { line: 40 }]);
    assert.deepEqual(
      placed.map((b) => [b.verified, b.line]),
      [
        [true, LAYER_OUTPUT],
        [true, 9],
        [false, undefined],
        [false, undefined],
      ],
    );
    assert.match(placed[1].message!, /moved to line 9/);
    assert.match(placed[2].message!, /not the one being debugged/);
    assert.equal(first.body.reason, 'breakpoint');
    let frames = await top(dc);
    assert.equal(frames[0].line, LAYER_OUTPUT);
    assert.match(frames[0].name, /^forward · out\(O1\) = sigmoid/);
    assert.deepEqual(Object.keys((await variables(dc))['Node O1']), ['net', 'out', 'f′', 'w(H1→O1) · out(H1)', 'w(H2→O1) · out(H2)', 'w(B2→O1) · out(B2)']);
    await stoppedAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    frames = await top(dc);
    assert.equal(frames[0].line, LAYER_OUTPUT);
    assert.match(frames[0].name, /^backward · δ\(O1\)/);
    const delta = (await variables(dc))['Node O1']['δ'];
    assert.equal(Number(delta), REFERENCE.layers[2].delta[0]);
    assert.ok(Math.abs(Number(delta) - 0.0452295) < 5e-8, delta);
    // Next stop: the moved breakpoint on line 9 (I1 -> H1's gradient).
    await stoppedAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.equal((await top(dc))[0].line, 9);
  });

  it('steps over, into and out, and Step Back restores the previous state exactly', async () => {
    await launch(dc, { stopOnEntry: true });
    const states: unknown[] = [];
    const snapshot = async (): Promise<unknown> => ({ frames: await top(dc), vars: await variables(dc) });
    states.push(await snapshot());
    for (let i = 0; i < 3; i++) {
      await stoppedAfter(dc, () => dc.nextRequest({ threadId: 1 }));
      states.push(await snapshot());
    }
    const frames = (states[3] as { frames: DebugProtocol.StackFrame[] }).frames;
    assert.equal(frames[0].line, LAYER_HIDDEN);
    assert.match(frames[0].name, /^forward · out\(H2\)/);
    // Into the operations of H2's forward step, then out again.
    await stoppedAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
    assert.equal((await top(dc))[0].name, 'forward · w(I1→H2) · out(I1) = 0.94 × 1 = 0.94');
    await stoppedAfter(dc, () => dc.stepInRequest({ threadId: 1 }));
    assert.equal((await top(dc))[0].name, 'forward · w(I2→H2) · out(I2) = 0.46 × 0 = 0');
    await stoppedAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
    await stoppedAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
    assert.deepEqual(await snapshot(), states[3]);
    for (let i = 2; i >= 0; i--) {
      await stoppedAfter(dc, () => dc.stepBackRequest({ threadId: 1 }));
      assert.deepEqual(await snapshot(), states[i]);
    }
    // Step Out of the input layer lands on the first hidden node; again: the error step.
    await stoppedAfter(dc, () => dc.stepOutRequest({ threadId: 1 }));
    assert.match((await top(dc))[0].name, /^forward · out\(H1\)/);
    await stoppedAfter(dc, () => dc.stepOutRequest({ threadId: 1 }));
    await stoppedAfter(dc, () => dc.stepOutRequest({ threadId: 1 }));
    const error = await top(dc);
    assert.equal(error[0].line, SAMPLE_1);
    assert.match(error[0].name, /^error · E = ½/);
  });

  it('Reverse Continue goes back to the previous breakpoint hit', async () => {
    await launch(dc, {}, [{ line: LAYER_HIDDEN }]);
    const h1 = await variables(dc);
    await stoppedAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    await stoppedAfter(dc, () => dc.continueRequest({ threadId: 1 }));
    assert.match((await top(dc))[0].name, /^backward · δ\(H1\)/);
    await stoppedAfter(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.match((await top(dc))[0].name, /^forward · out\(H2\)/);
    const event = await stoppedAfter(dc, () => dc.reverseContinueRequest({ threadId: 1 }));
    assert.equal(event.body.reason, 'breakpoint');
    assert.deepEqual(await variables(dc), h1);
  });

  it('conditional breakpoints wait for the quantity, logpoints write and do not stop', async () => {
    const outputs: string[] = [];
    dc.on('output', (e: DebugProtocol.OutputEvent) => outputs.push(e.body.output));
    const terminated = dc.waitForEvent('terminated');
    await launch(dc, {}, [
      { line: LAYER_HIDDEN, condition: 'delta < 0' },
      { line: H1_O1, logMessage: 'g(H1->O1) = {grad(H1->O1)}, δ(O1) = {delta(O1)}' },
    ]);
    assert.match((await top(dc))[0].name, /^backward · δ\(H1\)/);
    assert.equal(Number((await variables(dc))['Node H1']['δ']), REFERENCE.layers[1].delta[0]);
    await dc.continueRequest({ threadId: 1 });
    await terminated;
    const logged = outputs.filter((o) => o.startsWith('g(H1->O1)'));
    // Twice: the gradient step and the update step both sit on the H1 -> O1 line.
    assert.deepEqual(logged, [`g(H1->O1) = ${REFERENCE.gradients[1][0]}, δ(O1) = ${REFERENCE.layers[2].delta[0]}\n`, `g(H1->O1) = ${REFERENCE.gradients[1][0]}, δ(O1) = ${REFERENCE.layers[2].delta[0]}\n`]);
  });

  it('rejects a condition with a syntax error, with its column', async () => {
    const { placed } = await launch(dc, { stopOnEntry: true }, [{ line: H1_O1, condition: 'delta >' }]);
    assert.equal(placed[0].verified, false);
    assert.equal(placed[0].message, 'condition: expression ends too early (at column 8)');
  });

  it('evaluates the language\u2019s names, and says when a value is not computed yet', async () => {
    await dc.hitBreakpoint({ program: XOR }, { path: XOR, line: H1_O1 });
    const ev = async (expression: string): Promise<string> => (await dc.evaluateRequest({ expression, frameId: 0, context: 'watch' })).body.result;
    assert.equal(await ev('delta(O1)'), String(REFERENCE.layers[2].delta[0]));
    assert.equal(await ev('w(H1->O1)'), '-0.22');
    assert.equal(await ev('grad'), String(REFERENCE.gradients[1][0]));
    assert.equal(await ev('out(O1) - ideal(O1)'), String(REFERENCE.layers[2].out[0] - 1));
    assert.equal(await ev('delta > 0.01'), 'true');
    await assert.rejects(ev('dw(H1->O1)'), /Δw\(H1 -> O1\) is not computed yet \(update, step 25 of 27\) \(at column 1\)/);
    await assert.rejects(ev('delta(H1) +'), /expression ends too early \(at column 12\)/);
    const hover = await dc.evaluateRequest({ expression: 'H1', frameId: 0, context: 'hover' });
    assert.equal(hover.body.result, `net ${REFERENCE.layers[1].net[0]}, out ${REFERENCE.layers[1].out[0]}, δ ${REFERENCE.layers[1].delta[0]}`);
    const inline = await dc.customRequest('inlineValues', { precision: 4 });
    const texts = (inline.body.values as { range: { start: { line: number } }; text: string }[]).map((v) => [v.range.start.line + 1, v.text]);
    assert.deepEqual(texts.find(([line]) => line === H1_O1), [H1_O1, 'g 0.01676']);
  });

  it('reports a file with errors, a missing file and a bad sample as launch errors', async () => {
    await dc.initializeRequest({ adapterID: 'nnet', pathFormat: 'path' });
    await assert.rejects(dc.launchRequest({ program: path.join(ROOT, 'no-such.nnet') } as DebugProtocol.LaunchRequestArguments), /Cannot read .*no-such\.nnet/);
    await assert.rejects(dc.launchRequest({ program: XOR, sample: 9 } as DebugProtocol.LaunchRequestArguments), /"sample" is 9; heaton-xor\.nnet has samples 1 to 4/);
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-dap-')), 'broken.nnet');
    fs.writeFileSync(broken, fs.readFileSync(XOR, 'utf8').replace('H1 -> O1 = -0.22', 'H1 -> Q9 = -0.22'));
    try {
      await assert.rejects(dc.launchRequest({ program: broken } as DebugProtocol.LaunchRequestArguments), /broken\.nnet has 2 errors; fix them first\.\n(.*\n)?broken\.nnet:15:7: unknown node 'Q9'/);
    } finally {
      fs.rmSync(path.dirname(broken), { recursive: true, force: true });
    }
  });

  it('terminates and disconnects cleanly: the process exits with 0', async () => {
    await launch(dc, { stopOnEntry: true });
    await Promise.all([dc.terminateRequest(), dc.waitForEvent('terminated')]);
    await dc.disconnectRequest();
    assert.equal(await dc.exited, 0);
  });
});
