'use strict';
// Mocha reporter for the UI suite: the usual `spec` output on the console, plus the
// results as JSON (same shape as the in-host runner's) in the file named by
// NNET_UI_RESULTS, so scripts/vscode/test.js can count them without parsing text.

const fs = require('fs');
const Mocha = require('mocha');

const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING, EVENT_RUN_END } = Mocha.Runner.constants;

class UiReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const tests = [];
    const startedAt = Date.now();
    runner.on(EVENT_TEST_PASS, (t) => tests.push({ fullTitle: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on(EVENT_TEST_PENDING, (t) => tests.push({ fullTitle: t.fullTitle(), state: 'pending' }));
    runner.on(EVENT_TEST_FAIL, (t, err) =>
      tests.push({
        fullTitle: t.fullTitle(),
        state: 'failed',
        durationMs: t.duration,
        error: { message: String(err && err.message), stack: err && err.stack ? String(err.stack) : undefined },
      }),
    );
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.NNET_UI_RESULTS;
      if (!file) return;
      const count = (s) => tests.filter((t) => t.state === s).length;
      const data = {
        startedAt: new Date(startedAt).toISOString(),
        durationMs: Date.now() - startedAt,
        stats: { tests: tests.length - count('pending'), passes: count('passed'), failures: count('failed'), pending: count('pending') },
        tests,
      };
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(data, null, 2));
      fs.renameSync(`${file}.tmp`, file);
    });
  }
}

module.exports = UiReporter;
