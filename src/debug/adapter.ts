// The `nnet` debug adapter: one training step of a .nnet file, stepped like a program.
// Platform-neutral: the file text (and any data file) comes in through an injected host, so
// the same class runs inline in the VS Code extension and over stdio in `nnet dap`.
// docs/debugger.md describes what the user sees.
import { Breakpoint, DebugSession, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread, Variable } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  BackpropProgram,
  check,
  contextAt,
  describeEvaluationError,
  evaluateExpression,
  findNode,
  formatNumber,
  inlineValues,
  placeBreakpoint,
  resolveAt,
  stopLines,
  truthy,
  type Convention,
  type ByteReader,
  type DataReader,
} from '../core';
import { showValue, topScopes } from './scopes';

/** How the adapter reaches files: the extension passes open documents' text, the CLI reads the disk. */
export interface DebugHost {
  readText(path: string): Promise<string>;
  /** Reads `data "x.csv"` files beside `program`; none: such files are reported unreadable. */
  dataReader?(program: string): DataReader | undefined;
  /** Reads IDX (`data "…" labels "…"`) files beside `program`; none: such files are reported unreadable. */
  byteReader?(program: string): ByteReader | undefined;
}

export interface NnetLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The .nnet file. */
  program: string;
  /** 1-based sample to step through (default 1). */
  sample?: number;
  stopOnEntry?: boolean;
  convention?: Convention;
  /** `node`: Step Over moves node by node; `operation`: term by term. */
  granularity?: 'node' | 'operation';
}

interface Position {
  readonly step: number;
  /** -1: the step itself; 0…: an operation inside it. */
  readonly op: number;
}

interface SourceBreakpoint {
  readonly line: number;
  readonly condition?: string;
  readonly logMessage?: string;
}

const THREAD = 1;
/** Waiting for configurationDone beyond this starts anyway (a client without the request). */
const CONFIGURATION_WAIT_MS = 5000;

export class NnetDebugSession extends DebugSession {
  private program?: BackpropProgram;
  private path = '';
  private lines: number[] = [];
  private breakpoints = new Map<number, SourceBreakpoint[]>();
  private position: Position = { step: 0, op: -1 };
  /** Positions stopped at before this one: Step Back and Reverse Continue replay them. */
  private history: Position[] = [];
  private granularity: 'node' | 'operation' = 'node';
  private containers = new Map<number, readonly { name: string; value: number; evaluateName?: string }[]>();
  private nextReference = 1;
  private configured!: () => void;
  private readonly configurationDone = new Promise<void>((resolve) => (this.configured = resolve));
  private ended = false;
  private hasStopped = false;

  constructor(private readonly host: DebugHost) {
    super();
    this.setDebuggerLinesStartAt1(false);
    this.setDebuggerColumnsStartAt1(false);
  }

  /**
   * Requests whose `arguments` are missing or not an object get `{}` (the handlers then answer
   * "needs …" instead of failing on `null.program`).
   */
  protected dispatchRequest(request: DebugProtocol.Request): void {
    if (request.arguments === null || typeof request.arguments !== 'object') request.arguments = {};
    super.dispatchRequest(request);
  }

  /** A handler that failed answers with its message, never with the stack the library would send. */
  protected sendErrorResponse(response: DebugProtocol.Response, codeOrMessage: number | DebugProtocol.Message, format?: string, variables?: Record<string, unknown>, dest?: number): void {
    if (format === '{_stack}' && variables) {
      format = `nnet: internal error in the debug adapter: ${String(variables._exception)}`;
      variables = undefined;
    }
    super.sendErrorResponse(response, codeOrMessage as number, format, variables, dest);
  }

  protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsEvaluateForHovers: true,
      supportsTerminateRequest: true,
      supportsSteppingGranularity: true,
      supportsRestartRequest: false,
    };
    this.sendResponse(response);
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configured();
  }

  protected async launchRequest(response: DebugProtocol.LaunchResponse, args: NnetLaunchArguments): Promise<void> {
    let loaded: BackpropProgram | string;
    try {
      loaded = await this.load(args);
    } catch (e) {
      loaded = `Cannot start debugging: ${e instanceof Error ? e.message : String(e)}`;
    }
    if (typeof loaded === 'string') {
      this.sendErrorResponse(response, { id: 1001, format: loaded, showUser: true });
      return;
    }
    this.program = loaded;
    this.lines = stopLines(loaded);
    this.granularity = args.granularity === 'operation' ? 'operation' : 'node';
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configurationDone, new Promise((resolve) => setTimeout(resolve, CONFIGURATION_WAIT_MS))]);
    this.sendResponse(response);
    this.sendEvent(new OutputEvent(`nnet: one training step of ${baseName(this.path)} on sample ${loaded.sample + 1} (${loaded.convention} convention): ${loaded.length} steps\n`, 'console'));
    if (args.stopOnEntry) this.stopAt({ step: 0, op: -1 }, 'entry', false);
    else this.runTo(0, loaded.length);
  }

  private async load(args: NnetLaunchArguments): Promise<BackpropProgram | string> {
    if (!args.program || typeof args.program !== 'string') return 'The launch configuration needs "program": the .nnet file to debug.';
    this.path = args.program;
    let text: string;
    try {
      text = await this.host.readText(args.program);
    } catch (e) {
      return `Cannot read ${args.program}: ${e instanceof Error ? e.message : String(e)}`;
    }
    const result = check(text, { readData: this.host.dataReader?.(args.program), readBytes: this.host.byteReader?.(args.program) });
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    if (!result.network || errors.length > 0) {
      const first = errors.slice(0, 3).map((d) => `${baseName(args.program)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message}`);
      return `${baseName(args.program)} has ${errors.length} error${errors.length === 1 ? '' : 's'}; fix ${errors.length === 1 ? 'it' : 'them'} first.\n${first.join('\n')}`;
    }
    const count = result.network.samples.length;
    if (count === 0) return `${baseName(args.program)} has no samples: add a 'sample' line or a 'data' file to step through.`;
    const sample = args.sample ?? 1;
    if (!Number.isInteger(sample) || sample < 1 || sample > count) return `"sample" is ${String(sample)}; ${baseName(args.program)} has samples 1 to ${count}.`;
    if (args.convention !== undefined && args.convention !== 'calculus' && args.convention !== 'heaton') return `"convention" must be "calculus" or "heaton", not ${JSON.stringify(args.convention)}.`;
    const explicit = result.tree.statements.some((s) => s.kind === 'convention');
    return new BackpropProgram(result.network, { sample: sample - 1, convention: args.convention ?? (explicit ? result.network.convention : undefined) });
  }

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const asked = args.breakpoints ?? [];
    const program = this.program;
    if (!program || !samePath(args.source.path ?? '', this.path)) {
      const message = program ? `not the file being debugged (${baseName(this.path)})` : 'the program is not loaded yet';
      response.body = { breakpoints: asked.map(() => ({ verified: false, message })) };
      this.sendResponse(response);
      return;
    }
    this.breakpoints.clear();
    response.body = {
      breakpoints: asked.map((b) => {
        const placed = placeBreakpoint(program, this.lines, this.convertClientLineToDebugger(b.line));
        if (!placed.verified) return { verified: false, message: placed.message };
        for (const [what, text] of [
          ['condition', b.condition],
          ['log message', b.logMessage],
        ] as const) {
          const problem = text ? this.syntaxProblem(what === 'log message' ? interpolations(text) : [text]) : undefined;
          if (problem) return { verified: false, line: this.convertDebuggerLineToClient(placed.line), message: `${what}: ${problem}` };
        }
        const list = this.breakpoints.get(placed.line) ?? [];
        list.push({ line: placed.line, condition: b.condition || undefined, logMessage: b.logMessage || undefined });
        this.breakpoints.set(placed.line, list);
        const bp: DebugProtocol.Breakpoint = new Breakpoint(true, this.convertDebuggerLineToClient(placed.line), undefined, new Source(baseName(this.path), this.path));
        if (placed.moved) bp.message = `moved to line ${placed.line + 1}, the next line that computes something`;
        return bp;
      }),
    };
    this.sendResponse(response);
  }

  /** A syntax error in any of `expressions` (names are checked when they are evaluated). */
  private syntaxProblem(expressions: readonly string[]): string | undefined {
    for (const e of expressions) {
      const r = evaluateExpression(e, { resolve: () => 0 });
      if (!r.ok) return describeEvaluationError(r);
    }
    return undefined;
  }

  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: [new Thread(THREAD, this.program ? `training step · sample ${this.program.sample + 1}` : 'training step')] };
    this.sendResponse(response);
  }

  // ── running ──────────────────────────────────────────────────────────────────────────────

  /** Runs steps from…to, logging logpoints; stops at the first breakpoint that hits, else at `to` (past the last step: ends). */
  private runTo(from: number, to: number, reason = 'step'): void {
    const program = this.program!;
    for (let i = from; i <= to && i < program.length; i++) {
      const hit = this.hits(i, true);
      if (hit) return this.stopAt({ step: i, op: -1 }, hit.reason, true, hit.text);
    }
    if (to >= program.length) return this.end();
    this.stopAt({ step: to, op: -1 }, reason, true);
  }

  /** Whether step `i` stops at a breakpoint; with `log`, writes its logpoints. */
  private hits(i: number, log: boolean): { reason: string; text?: string } | undefined {
    const program = this.program!;
    const list = this.breakpoints.get(program.rangeOf(i).start.line);
    if (!list) return undefined;
    let stop: { reason: string; text?: string } | undefined;
    for (const b of list) {
      if (b.logMessage) {
        if (log) this.logpoint(b, i);
        continue;
      }
      if (!b.condition) {
        stop ??= { reason: 'breakpoint' };
        continue;
      }
      const r = evaluateExpression(b.condition, contextAt(program, i));
      // `delta > 0.01` on a layer line waits for the backward pass: a quantity not computed yet is no hit.
      if (!r.ok && r.pending) continue;
      if (!r.ok) {
        if (log) this.sendEvent(new OutputEvent(`breakpoint condition '${b.condition}' on line ${b.line + 1}: ${describeEvaluationError(r)}\n`, 'stderr'));
        stop ??= { reason: 'breakpoint', text: describeEvaluationError(r) };
      } else if (truthy(r.value)) stop ??= { reason: 'breakpoint' };
    }
    return stop;
  }

  private logpoint(b: SourceBreakpoint, i: number): void {
    const program = this.program!;
    const context = contextAt(program, i);
    const text = b.logMessage!.replace(/\{([^{}]*)\}/g, (_, expression: string) => {
      const r = evaluateExpression(expression, context);
      return r.ok ? (typeof r.value === 'number' ? showValue(r.value) : String(r.value)) : `<${describeEvaluationError(r)}>`;
    });
    const event = new OutputEvent(`${text}\n`, 'console') as DebugProtocol.OutputEvent;
    event.body.source = new Source(baseName(this.path), this.path);
    event.body.line = this.convertDebuggerLineToClient(b.line);
    this.sendEvent(event);
  }

  private stopAt(position: Position, reason: string, record: boolean, text?: string): void {
    if (record && this.hasStopped) this.history.push(this.position);
    this.hasStopped = true;
    this.position = position;
    this.containers.clear();
    const event = new StoppedEvent(reason, THREAD, text) as DebugProtocol.StoppedEvent;
    event.body.description = this.program!.step(position.step).title;
    if (reason === 'breakpoint' || reason === 'step') event.body.preserveFocusHint = false;
    this.sendEvent(event);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.sendEvent(new TerminatedEvent());
  }

  private respondAndRun(response: DebugProtocol.Response, run: () => void): void {
    this.sendResponse(response);
    if (!this.program || this.ended) return;
    run();
  }

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.respondAndRun(response, () => this.runTo(this.position.step + 1, this.program!.length));
  }

  /** The next position, operation by operation. */
  private fine(): Position | undefined {
    const { step, op } = this.position;
    if (op + 1 < this.program!.step(step).operations.length) return { step, op: op + 1 };
    return step + 1 < this.program!.length ? { step: step + 1, op: -1 } : undefined;
  }

  private stepFine(): void {
    const next = this.fine();
    if (!next) return this.end();
    if (next.op === -1) return this.runTo(next.step, next.step);
    this.stopAt(next, 'step', true);
  }

  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.respondAndRun(response, () => {
      if (this.granularity === 'operation' || args.granularity === 'instruction') return this.stepFine();
      this.runTo(this.position.step + 1, this.position.step + 1);
    });
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.respondAndRun(response, () => this.stepFine());
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.respondAndRun(response, () => {
      const { step, op } = this.position;
      if (op >= 0) return this.runTo(step + 1, step + 1);
      const seg = this.program!.segmentOf(step);
      this.runTo(step + 1, seg.start + seg.count);
    });
  }

  protected stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.respondAndRun(response, () => {
      const previous = this.history.pop();
      this.stopAt(previous ?? this.position, previous ? 'step' : 'entry', false);
    });
  }

  protected reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.respondAndRun(response, () => {
      for (;;) {
        const previous = this.history.pop();
        if (!previous) return this.stopAt(this.position, 'entry', false);
        this.position = previous;
        if (previous.op === -1 && this.hits(previous.step, false)) return this.stopAt(previous, 'breakpoint', false);
      }
    });
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    // Every run is synchronous: by the time a pause arrives the adapter is stopped or done.
    this.sendResponse(response);
  }

  // ── inspecting ──────────────────────────────────────────────────────────────────────────

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const program = this.program;
    if (!program) {
      response.body = { stackFrames: [], totalFrames: 0 };
      return this.sendResponse(response);
    }
    const step = program.step(this.position.step);
    const source = new Source(baseName(this.path), this.path);
    const frames = step.stack.map((link, i) => {
      const op = i === 0 && this.position.op >= 0 ? step.operations[this.position.op] : undefined;
      const name = i === 0 ? `${program.segmentOf(step.index).phase} · ${op ? op.detail : link.label}` : link.label;
      const frame = new StackFrame(i, name, source, this.convertDebuggerLineToClient(link.range.start.line), this.convertDebuggerColumnToClient(link.range.start.character)) as DebugProtocol.StackFrame;
      frame.endLine = this.convertDebuggerLineToClient(link.range.end.line);
      frame.endColumn = this.convertDebuggerColumnToClient(link.range.end.character);
      return frame;
    });
    const start = args.startFrame ?? 0;
    const end = args.levels ? start + args.levels : frames.length;
    response.body = { stackFrames: frames.slice(start, end), totalFrames: frames.length };
    this.sendResponse(response);
  }

  private container(quantities: readonly { name: string; value: number; evaluateName?: string }[]): number {
    const reference = this.nextReference++;
    this.containers.set(reference, quantities);
    return reference;
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const program = this.program;
    if (!program) {
      response.body = { scopes: [] };
      return this.sendResponse(response);
    }
    const step = program.step(this.position.step);
    const scopes =
      args.frameId === 0
        ? topScopes(program, step, this.position.step, this.position.op)
        : [{ name: step.stack[args.frameId]?.label ?? 'link', quantities: step.stack[args.frameId]?.quantities ?? [], hint: 'locals' as const }];
    response.body = {
      scopes: scopes.map((s, i) => {
        const scope = new Scope(s.name, this.container(s.quantities), i > 0) as DebugProtocol.Scope;
        if (s.hint) scope.presentationHint = s.hint;
        scope.namedVariables = s.quantities.length;
        return scope;
      }),
    };
    this.sendResponse(response);
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const list = this.containers.get(args.variablesReference) ?? [];
    const start = args.start ?? 0;
    const slice = list.slice(start, args.count ? start + args.count : undefined);
    response.body = {
      variables: slice.map((q) => {
        const v = new Variable(q.name, showValue(q.value)) as DebugProtocol.Variable;
        if (q.evaluateName) v.evaluateName = q.evaluateName;
        v.type = 'number';
        return v;
      }),
    };
    this.sendResponse(response);
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const program = this.program;
    if (!program) return this.sendErrorResponse(response, { id: 2001, format: 'no program is loaded', showUser: false });
    const text = args.expression.trim();
    // Hovering a node name in the editor shows what is known of it.
    const node = /^[A-Za-z_][A-Za-z0-9_]*$/.test(text) ? findNode(program, text) : undefined;
    if (node && args.context === 'hover') {
      const parts = ['net', 'out', 'delta'].flatMap((quantity) => {
        const v = resolveAt(program, this.position.step, { kind: 'node', quantity, node: text });
        return typeof v === 'number' ? [`${quantity === 'delta' ? 'δ' : quantity} ${showValue(v)}`] : [];
      });
      response.body = { result: parts.length ? parts.join(', ') : `${text}: nothing computed yet`, variablesReference: 0 };
      return this.sendResponse(response);
    }
    const r = evaluateExpression(text, contextAt(program, this.position.step));
    if (!r.ok) return this.sendErrorResponse(response, { id: 2002, format: describeEvaluationError(r).replace(/[{}]/g, ''), showUser: false });
    response.body = { result: typeof r.value === 'number' ? showValue(r.value) : String(r.value), type: typeof r.value, variablesReference: 0 };
    this.sendResponse(response);
  }

  /** `inlineValues`: the numbers known at the stop, per source line (the extension's InlineValuesProvider asks). */
  protected customRequest(command: string, response: DebugProtocol.Response, args: { precision?: number } | undefined): void {
    if (command !== 'inlineValues' || !this.program) return super.customRequest(command, response, args);
    const asked = args?.precision;
    const precision = typeof asked === 'number' && Number.isFinite(asked) ? Math.min(17, Math.max(1, Math.round(asked))) : 5;
    response.body = { values: inlineValues(this.program, this.position.step, (n) => formatNumber(n, precision)) };
    this.sendResponse(response);
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.end();
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.program = undefined;
    this.containers.clear();
    this.history = [];
    this.ended = true;
    this.sendResponse(response);
    // Over stdio (`nnet dap`) the process ends; inline in the extension this does nothing.
    this.shutdown();
  }
}

/** The `{expression}` parts of a log message. */
function interpolations(message: string): string[] {
  return [...message.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/^([a-zA-Z]):/, (_, d: string) => `${d.toLowerCase()}:`);
  return norm(a) === norm(b);
}
