#!/usr/bin/env node
// `npm run bench:editor`: times hover, code lens and diagnostics on a 784-128-10 network in
// the harness's real VS Code (code-server), and the extension host's event-loop lag while the
// language server checks and while training runs. A benchmark: it prints the table
// (test/bench-editor/editor.test.ts) and asserts nothing about time.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/**
 * `--profile-summary FILE.cpuprofile` (a profile NNET_BENCH_PROFILE=DIR wrote): the functions
 * with the most self time, and each stretch of the thread busy for over 50 ms with the functions
 * on the stack meanwhile (inclusive time).
 */
function summarise(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n) => `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url || '')}:${n.callFrame.lineNumber + 1}`;
  const top = (counts, k) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, k).map(([w, ms]) => `${ms.toFixed(0).padStart(6)} ms  ${w}`).join('\n');
  const self = new Map();
  const blocks = [];
  let block;
  // Sample times on the system's monotonic clock (µs), the same clock in every process's profile.
  let clock = profile.startTime;
  profile.samples.forEach((id, i) => {
    clock += profile.timeDeltas[i] ?? 0;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const n = nodes.get(id);
    const w = where(n);
    self.set(w, (self.get(w) ?? 0) + ms);
    if (n.callFrame.functionName === '(idle)') {
      if (block && block.ms > 50) blocks.push(block);
      block = undefined;
      return;
    }
    block ??= { at: i, clock, ms: 0, counts: new Map() };
    block.ms += ms;
    // Inclusive: every function on the stack, once per sample.
    const stack = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) stack.add(where(nodes.get(at)));
    for (const f of stack) block.counts.set(f, (block.counts.get(f) ?? 0) + ms);
  });
  if (block && block.ms > 50) blocks.push(block);
  process.stdout.write(`${file} (clock ${(profile.startTime / 1e6).toFixed(3)} – ${(profile.endTime / 1e6).toFixed(3)} s)\nself time:\n${top(self, 25)}\n`);
  for (const b of blocks) process.stdout.write(`\nbusy ${b.ms.toFixed(0)} ms (sample ${b.at}, clock ${(b.clock / 1e6).toFixed(3)} s), inclusive:\n${top(b.counts, 14)}\n`);
}

const summaryAt = process.argv.indexOf('--profile-summary');
if (summaryAt >= 0) {
  for (const file of process.argv.slice(summaryAt + 1)) summarise(file);
  process.exit(0);
}

const root = path.resolve(__dirname, '..');
const out = path.join(os.tmpdir(), `nnet-bench-editor-${process.pid}.md`);
let status = 0;
try {
  execFileSync(process.execPath, [path.join(root, 'scripts/vscode/test.js'), '--only', 'in-host', '--grep', 'bench:editor'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...(process.env.NNET_BENCH_PROFILE ? { NNET_SERVER_PROFILE: process.env.NNET_BENCH_PROFILE, NNET_RENDERER_PROFILE: process.env.NNET_BENCH_PROFILE } : {}), NNET_INHOST_DIR: 'out/test/bench-editor', NNET_BENCH_OUT: out, NNET_TEST_TIMEOUT: '900000', NNET_INHOST_TIMEOUT_MS: process.env.NNET_INHOST_TIMEOUT_MS || '1200000' },
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
