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
const { mochaOptions, recordTests, statsOf, failedRun } = require('./mocha-results');

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
      const mocha = new Mocha(mochaOptions(Number(process.env.NNET_TEST_TIMEOUT), process.env.NNET_TEST_GREP));
      const files = findTests(testDir);
      for (const f of files) mocha.addFile(f);
      logLine(`${files.length} test file(s) in ${testDir}`);

      let tests = [];
      const runner = mocha.run((failures) => finish({ files, stats: { ...statsOf(tests), mochaFailures: failures }, tests }));
      tests = recordTests(runner, logLine);
    } catch (err) {
      logLine(`runner error: ${err && err.stack ? err.stack : err}`);
      finish(failedRun(err));
    }
  });
}

let running;

function activate() {
  const resultsFile = process.env.NNET_TEST_RESULTS;
  if (!resultsFile || running) return;
  // Another window of the same host must not run the suite a second time.
  if (fs.existsSync(resultsFile) || fs.existsSync(`${resultsFile}.log`)) return;
  running = runSuite(resultsFile).catch((err) => {
    try {
      writeAtomic(resultsFile, { vscodeVersion: vscode.version, ...failedRun(err) });
    } catch {
      /* nothing left to report to */
    }
  });
}

function deactivate() {
  return running;
}

module.exports = { activate, deactivate };
