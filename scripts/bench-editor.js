#!/usr/bin/env node
// `npm run bench:editor`: times hover, code lens and diagnostics on a 784-128-10 network in
// the harness's real VS Code (code-server), and the extension host's event-loop lag while the
// language server checks and while training runs. A benchmark: it prints the table
// (test/bench-editor/editor.test.ts) and asserts nothing about time.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(os.tmpdir(), `nnet-bench-editor-${process.pid}.md`);
let status = 0;
try {
  execFileSync(process.execPath, [path.join(root, 'scripts/vscode/test.js'), '--only', 'in-host', '--grep', 'bench:editor'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NNET_INHOST_DIR: 'out/test/bench-editor', NNET_BENCH_OUT: out, NNET_TEST_TIMEOUT: '900000', NNET_INHOST_TIMEOUT_MS: process.env.NNET_INHOST_TIMEOUT_MS || '1200000' },
  });
} catch (e) {
  status = typeof e.status === 'number' ? e.status : 1;
}
if (fs.existsSync(out)) {
  process.stdout.write(`\nbench:editor\n\n${fs.readFileSync(out, 'utf8')}`);
  fs.rmSync(out);
} else {
  process.stderr.write('bench:editor: no results were written\n');
  status ||= 1;
}
process.exit(status);
