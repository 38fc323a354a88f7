// The hostile-input suite: every generated case of cases.ts through the bundled CLI as a
// child process. Each must end with exit code 0, 1 or 2 as the case allows (never 3, never a
// signal or an out-of-memory abort), print no stack trace, give a diagnostic with a position
// where one is due, and stay within generous time and memory bounds measured here (safety
// bounds, about 10× a healthy run; the measured figures are printed, not compared).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL } from './cases';
import { EXPORT, IDX, IMPORT, WIDE_CSV } from './surfaces';
import { CLI, POSITIONED, runCli, STACK_TRACE } from './run';

describe('hostile inputs through the CLI', function () {
  this.timeout(0);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-hostile-'));

  before(function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first`);
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  let n = 0;
  const surfaces = { 'IDX data files': IDX, 'wide CSV tables': WIDE_CSV, 'ONNX import': IMPORT, export: EXPORT };
  for (const [kind, cases] of Object.entries({ ...ALL, ...surfaces })) {
    describe(kind, () => {
      for (const c of cases) {
        const run = c.posixOnly && process.platform === 'win32' ? it.skip : it;
        run(c.name, async () => {
          const dir = path.join(root, `case-${++n}`);
          fs.mkdirSync(dir);
          const args = c.setup(dir);
          const maxMs = c.maxMs ?? 30_000;
          const maxMb = c.maxMb ?? 600;
          const r = await runCli(args, { cwd: dir, timeoutMs: maxMs * 2 });
          const output = `${r.stdout}\n${r.stderr}`;
          const shown = output.length > 600 ? `${output.slice(0, 600)}…` : output;
          console.log(`        exit ${r.status}, ${Math.round(r.ms)} ms, ${r.maxRssMb === undefined ? '?' : Math.round(r.maxRssMb)} MB`);
          assert.ok(!r.timedOut, `no answer within ${maxMs * 2} ms`);
          assert.equal(r.signal, null, `killed by ${r.signal}`);
          assert.ok(c.exit.includes(r.status ?? -1), `exit ${r.status}, expected ${c.exit.join(' or ')}:\n${shown}`);
          assert.doesNotMatch(output, STACK_TRACE, 'a stack trace or an internal error');
          if (c.positioned) assert.match(output, POSITIONED, `no diagnostic with a position:\n${shown}`);
          if (c.says) assert.match(output, c.says, shown);
          // A hang and blow-up catcher, not a speed test: maxMs is ~10× a healthy run (HostileCase.maxMs).
          assert.ok(r.ms < maxMs, `took ${Math.round(r.ms)} ms; the safety bound is ${maxMs} ms`);
          assert.ok(r.maxRssMb !== undefined && r.maxRssMb < maxMb, `peak memory ${r.maxRssMb} MB; the safety bound is ${maxMb} MB`);
          c.check?.(dir, r);
        });
      }
    });
  }
});
