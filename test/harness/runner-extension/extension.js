'use strict';
// Test-only extension, installed beside nnet by scripts/vscode/test.js. On activation
// (onStartupFinished) it runs the compiled in-host mocha suite inside the extension host
// and writes the results as JSON. Configured only through the environment, which
// code-server hands to its extension host:
//   NNET_TEST_RESULTS  absolute path of the results file to write (required; without
//                      it this extension does nothing, so it is harmless anywhere else)
//   NNET_TEST_MOCHA    absolute path of the repo's mocha package (node_modules/mocha)
//   NNET_TEST_DIR      absolute folder holding the compiled tests (*.test.js, recursive)
//   NNET_TEST_GREP     optional mocha --grep pattern
//   NNET_TEST_TIMEOUT  optional per-test timeout in ms (default 30000)
// Progress lines go to `<results>.log` while the suite runs, so the harness can stream
// them; the results file appears only when the run is over (written atomically).

const fs = require('fs');
const path = require('path');
const vscode = require('vscode');

function findTests(dir) {
  const found = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.test.js')) found.push(p);
    }
  };
  walk(dir);
  return found.sort();
}

function errorInfo(err) {
  if (!err) return undefined;
  return {
    message: String(err.message !== undefined ? err.message : err),
    stack: err.stack ? String(err.stack) : undefined,
    actual: err.actual !== undefined ? safeString(err.actual) : undefined,
    expected: err.expected !== undefined ? safeString(err.expected) : undefined,
  };
}

function safeString(v) {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function writeAtomic(file, data) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2));
  fs.renameSync(tmp, file);
}

function runSuite(resultsFile) {
  const logFile = `${resultsFile}.log`;
  const logLine = (line) => fs.appendFileSync(logFile, `${line}\n`);
  const startedAt = Date.now();
  const base = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    nodeVersion: process.version,
    startedAt: new Date(startedAt).toISOString(),
  };
  fs.writeFileSync(logFile, `in-host runner: VS Code ${vscode.version} (${base.appName}), Node ${process.version}\n`);

  return new Promise((resolve) => {
    const finish = (extra) => {
      writeAtomic(resultsFile, { ...base, durationMs: Date.now() - startedAt, ...extra });
      resolve();
    };
    try {
      const mochaPath = process.env.NNET_TEST_MOCHA;
      const testDir = process.env.NNET_TEST_DIR;
      if (!mochaPath || !testDir) throw new Error('NNET_TEST_MOCHA and NNET_TEST_DIR must be set');
      const Mocha = require(mochaPath);
      const mocha = new Mocha({
        ui: 'bdd',
        color: false,
        timeout: Number(process.env.NNET_TEST_TIMEOUT) || 30000,
        grep: process.env.NNET_TEST_GREP || undefined,
        // A stray `.only` or a skipped test fails the run instead of shrinking it.
        forbidOnly: true,
        forbidPending: true,
        reporter: function NullReporter() {},
      });
      const files = findTests(testDir);
      for (const f of files) mocha.addFile(f);
      logLine(`${files.length} test file(s) in ${testDir}`);

      const tests = [];
      const runner = mocha.run((failures) => {
        finish({
          files,
          stats: {
            tests: tests.filter((t) => t.state !== 'pending').length,
            passes: tests.filter((t) => t.state === 'passed').length,
            failures: tests.filter((t) => t.state === 'failed').length,
            pending: tests.filter((t) => t.state === 'pending').length,
            mochaFailures: failures,
          },
          tests,
        });
      });
      runner.on('suite', (s) => {
        if (s.title) logLine(`${'  '.repeat(depth(s))}${s.title}`);
      });
      runner.on('pass', (t) => {
        tests.push({ fullTitle: t.fullTitle(), file: t.file, state: 'passed', durationMs: t.duration });
        logLine(`${'  '.repeat(depth(t))}✓ ${t.title} (${t.duration} ms)`);
      });
      runner.on('fail', (t, err) => {
        // Hooks fail too ("before all" hook ...): they count as failed tests.
        tests.push({ fullTitle: t.fullTitle(), file: t.file, state: 'failed', durationMs: t.duration, error: errorInfo(err) });
        logLine(`${'  '.repeat(depth(t))}✗ ${t.title}: ${errorInfo(err).message.split('\n')[0]}`);
      });
      runner.on('pending', (t) => {
        tests.push({ fullTitle: t.fullTitle(), file: t.file, state: 'pending' });
        logLine(`${'  '.repeat(depth(t))}- ${t.title} (pending)`);
      });
    } catch (err) {
      logLine(`runner error: ${err && err.stack ? err.stack : err}`);
      finish({ error: errorInfo(err), stats: { tests: 0, passes: 0, failures: 0, pending: 0 }, tests: [] });
    }
  });
}

function depth(runnable) {
  let d = 0;
  for (let p = runnable.parent; p && !p.root; p = p.parent) d++;
  return d;
}

let running;

function activate() {
  const resultsFile = process.env.NNET_TEST_RESULTS;
  if (!resultsFile || running) return;
  // Another window of the same host must not run the suite a second time.
  if (fs.existsSync(resultsFile) || fs.existsSync(`${resultsFile}.log`)) return;
  running = runSuite(resultsFile).catch((err) => {
    try {
      writeAtomic(resultsFile, { vscodeVersion: vscode.version, error: errorInfo(err), stats: { tests: 0, passes: 0, failures: 0, pending: 0 }, tests: [] });
    } catch {
      /* nothing left to report to */
    }
  });
}

function deactivate() {
  return running;
}

module.exports = { activate, deactivate };
