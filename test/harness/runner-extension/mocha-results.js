'use strict';
// What both in-host runners (runner-extension/extension.js in the desktop extension host,
// web-runner/runner.js in the Web Worker host) record of a mocha run: one entry per test with
// its state and error, progress lines as the suite runs, and the counts. Plain JavaScript with
// no Node or VS Code import, so the web runner's bundle takes it as it is.

/** Mocha's options for an in-host run: a stray `.only` or a skipped test fails the run instead of shrinking it. */
function mochaOptions(timeoutMs, grep) {
  return { ui: 'bdd', color: false, timeout: timeoutMs || 30000, ...(grep ? { grep } : {}), forbidOnly: true, forbidPending: true, reporter: function NullReporter() {} };
}

function safeString(v) {
  try {
    return typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    return String(v);
  }
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

function depth(runnable) {
  let d = 0;
  for (let p = runnable.parent; p && !p.root; p = p.parent) d++;
  return d;
}

/** Follows `runner`: returns the array it fills with one entry per test and writes progress through `logLine`. */
function recordTests(runner, logLine) {
  const tests = [];
  const indent = (r) => '  '.repeat(depth(r));
  runner.on('suite', (s) => {
    if (s.title) logLine(`${indent(s)}${s.title}`);
  });
  runner.on('pass', (t) => {
    tests.push({ fullTitle: t.fullTitle(), file: t.file, state: 'passed', durationMs: t.duration });
    logLine(`${indent(t)}✓ ${t.title} (${t.duration} ms)`);
  });
  runner.on('fail', (t, err) => {
    // Hooks fail too ("before all" hook ...): they count as failed tests.
    tests.push({ fullTitle: t.fullTitle(), file: t.file, state: 'failed', durationMs: t.duration, error: errorInfo(err) });
    logLine(`${indent(t)}✗ ${t.title}: ${errorInfo(err).message.split('\n')[0]}`);
  });
  runner.on('pending', (t) => {
    tests.push({ fullTitle: t.fullTitle(), file: t.file, state: 'pending' });
    logLine(`${indent(t)}- ${t.title} (pending)`);
  });
  return tests;
}

/** The counts the harness reads. */
function statsOf(tests) {
  const count = (state) => tests.filter((t) => t.state === state).length;
  return { tests: tests.length - count('pending'), passes: count('passed'), failures: count('failed'), pending: count('pending') };
}

/** The results of a run that could not start. */
function failedRun(err) {
  return { error: errorInfo(err), stats: { tests: 0, passes: 0, failures: 0, pending: 0 }, tests: [] };
}

module.exports = { mochaOptions, errorInfo, recordTests, statsOf, failedRun };
