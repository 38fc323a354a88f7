// Hostile input to `nnet dap` (the bundled CLI) over raw Debug Adapter Protocol framing, as a
// broken or hostile client would send it: arguments that are not objects, a program that is a
// FIFO or a device, expressions of 100,000 characters and 10,000 nested parentheses, a
// breakpoint on line 10^9, malformed JSON. Each answer must come within a bound, carry a clear
// message and no stack trace, and the adapter must keep answering (or, for malformed JSON, say
// why it stops and exit 1).
import * as assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { CLI, ROOT, STACK_TRACE } from './run';

interface Message {
  readonly type: string;
  readonly request_seq?: number;
  readonly success?: boolean;
  readonly message?: string;
  readonly event?: string;
  readonly body?: Record<string, unknown>;
}

class RawDap {
  readonly child: ChildProcess;
  readonly messages: Message[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private buffer = Buffer.alloc(0);
  private seq = 1;

  constructor(cwd: string) {
    this.child = spawn(process.execPath, [CLI, 'dap'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.child.stdin!.on('error', () => undefined);
    this.child.stdout!.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, end).toString())?.[1]);
        if (this.buffer.length < end + 4 + length) return;
        this.messages.push(JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as Message);
        this.buffer = this.buffer.subarray(end + 4 + length);
      }
    });
  }

  raw(text: string): void {
    this.child.stdin!.write(text);
  }

  send(command: string, args: unknown): number {
    const seq = this.seq++;
    const body = JSON.stringify({ seq, type: 'request', command, arguments: args });
    this.raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return seq;
  }

  async wait(where: (m: Message) => boolean, ms = 10_000): Promise<Message> {
    const started = Date.now();
    for (;;) {
      const found = this.messages.find(where);
      if (found) return found;
      if (Date.now() - started > ms) throw new Error(`no answer within ${ms} ms; stderr: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async request(command: string, args: unknown, ms?: number): Promise<Message> {
    const seq = this.send(command, args);
    return this.wait((m) => m.type === 'response' && m.request_seq === seq, ms);
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** A failed answer with a message and no stack trace. */
function refused(m: Message, says: RegExp): void {
  assert.equal(m.success, false, JSON.stringify(m));
  assert.match(m.message ?? '', says);
  assert.doesNotMatch(m.message ?? '', STACK_TRACE);
}

describe('hostile input to nnet dap', function () {
  this.timeout(60_000);
  let dir: string;
  let dap: RawDap | undefined;

  before(() => {
    assert.ok(fs.existsSync(CLI), `${CLI} is missing: run 'npm run build' first`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-dap-hostile-'));
    fs.copyFileSync(path.join(ROOT, 'examples', 'heaton-xor.nnet'), path.join(dir, 'xor.nnet'));
  });
  afterEach(() => dap?.stop());
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function started(): Promise<RawDap> {
    dap = new RawDap(dir);
    const init = await dap.request('initialize', { adapterID: 'nnet', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    assert.equal(init.success, true);
    return dap;
  }

  it('arguments that are null or not objects get answers, and the adapter goes on', async () => {
    const d = await started();
    refused(await d.request('launch', null), /needs "program"/);
    refused(await d.request('launch', 5), /needs "program"/);
    refused(await d.request('launch', { program: 'xor.nnet', sample: 'x' }), /"sample" is x/);
    for (const command of ['setBreakpoints', 'variables', 'scopes', 'stackTrace', 'evaluate']) {
      const m = await d.request(command, null);
      assert.doesNotMatch(m.message ?? '', STACK_TRACE, `${command}: ${m.message}`);
    }
    assert.equal((await d.request('threads', {})).success, true);
  });

  it('a program that is a FIFO, a device or a folder is refused at once', async function () {
    if (process.platform === 'win32') this.skip();
    execFileSync('mkfifo', [path.join(dir, 'fifo.nnet')]);
    const d = await started();
    const startedAt = Date.now();
    refused(await d.request('launch', { program: 'fifo.nnet' }, 5000), /not a regular file/);
    refused(await d.request('launch', { program: '/dev/zero' }, 5000), /not a regular file/);
    refused(await d.request('launch', { program: '.' }, 5000), /folder/);
    // A hang catcher, not a speed test: opening the FIFO once blocked launch for ever; a refusal takes milliseconds.
    assert.ok(Date.now() - startedAt < 5000, `took ${Date.now() - startedAt} ms`);
  });

  it('long and deep expressions, a breakpoint on line 10^9 and odd precisions answer with messages', async () => {
    const d = await started();
    const launch = d.send('launch', { program: 'xor.nnet', stopOnEntry: true });
    await d.wait((m) => m.event === 'initialized');
    const breakpoints = await d.request('setBreakpoints', {
      source: { path: 'xor.nnet' },
      breakpoints: [{ line: 1e9 }, { line: 15, condition: `${'('.repeat(10_000)}1${')'.repeat(10_000)}` }, { line: 15, logMessage: `{${'x'.repeat(100_000)}}` }],
    });
    const [far, deep] = (breakpoints.body!.breakpoints as { verified: boolean; message?: string }[]).map((b) => b);
    assert.equal(far.verified, false);
    assert.match(far.message ?? '', /nothing is computed on or after line 1000000000/);
    assert.match(deep.message ?? '', /longer than 1000 characters/);
    await d.request('configurationDone', {});
    assert.equal((await d.wait((m) => m.type === 'response' && m.request_seq === launch)).success, true);
    await d.wait((m) => m.event === 'stopped');
    for (const [expression, says] of [
      ['1+'.repeat(50_000) + '1', /longer than 1000 characters/],
      [`${'('.repeat(400)}1${')'.repeat(400)}`, /nested too deeply/],
      [`${'-'.repeat(900)}1`, /nested too deeply/],
      ['\u0000', /unexpected character/],
    ] as const) {
      refused(await d.request('evaluate', { expression, context: 'watch', frameId: 0 }), says);
    }
    for (const precision of [1e9, -1, Number.NaN, 'x']) {
      const m = await d.request('inlineValues', { precision });
      assert.equal(m.success, true, `precision ${precision}: ${m.message}`);
    }
    assert.equal((await d.request('evaluate', { expression: 'w(H1->O1)', context: 'watch', frameId: 0 })).body!.result, '-0.22');
  });

  it('a network reading IDX files launches (the adapter reads them, gzip or not)', async () => {
    const idx = (dims: number[], data: number[]): Buffer => {
      const header = Buffer.alloc(4 + 4 * dims.length);
      header[2] = 0x08;
      header[3] = dims.length;
      dims.forEach((n, i) => header.writeUInt32BE(n, 4 + 4 * i));
      return Buffer.concat([header, Buffer.from(data)]);
    };
    fs.writeFileSync(path.join(dir, 'images.idx.gz'), zlib.gzipSync(idx([2, 2, 1], [0, 255, 255, 0])));
    fs.writeFileSync(path.join(dir, 'labels.idx'), idx([2], [1, 0]));
    fs.writeFileSync(path.join(dir, 'idx.nnet'), 'layer input x[2]\nlayer output y[2] softmax\nloss crossentropy\nweights x -> y = init xavier seed 1\ndata "images.idx.gz" labels "labels.idx" scale 1/255\n');
    const d = await started();
    const launch = d.send('launch', { program: 'idx.nnet', sample: 2, stopOnEntry: true });
    await d.wait((m) => m.event === 'initialized' || (m.type === 'response' && m.request_seq === launch));
    await d.request('configurationDone', {});
    const answer = await d.wait((m) => m.type === 'response' && m.request_seq === launch);
    assert.equal(answer.success, true, answer.message);
    await d.wait((m) => m.event === 'stopped');
    assert.equal((await d.request('evaluate', { expression: 'out(x1)', context: 'watch', frameId: 0 })).body!.result, '1');
  });

  it('malformed JSON: says why on standard error and exits 1', async () => {
    const d = await started();
    d.raw('Content-Length: 5\r\n\r\n{{{{{');
    assert.equal(await d.exited, 1);
    assert.match(d.stderr, /nnet dap: .*JSON.*; stopping/);
    assert.doesNotMatch(d.stderr, STACK_TRACE);
  });
});
