#!/usr/bin/env node
'use strict';
// `npm run test:vscode`: runs the in-host suite and the UI suite in a real VS Code
// (code-server 4.139.1 = VS Code 1.139.1, offline, Node 24) — see docs/testing.md.
//
//   1. provision (scripts/vscode/provision.js; seconds when cached)
//   2. build the extension (node esbuild.js) and compile the tests (tsc -p .)
//   3. in-host: code-server with its own port, user-data and extensions folders (ours +
//      test/harness/runner-extension) and a scratch copy of examples/ as workspace;
//      headless Chromium opens the workbench, which starts the extension host; the runner
//      extension runs mocha over out/test/integration and writes results.json; we wait
//      for it (time limit), stream its progress and print
//      `in-host (VS Code 1.139.1): N passing, M failing`
//   4. ui: a second code-server (ours only) and mocha over out/test/ui in a child process
//      driving Chromium through playwright-core; prints `ui (VS Code 1.139.1): ...`
//   5. stops every process it started, by PID, also on failure, timeout or Ctrl-C.
// Exit code 0 only when both suites ran at least their floor of tests (test/floors.json),
// none failed and none was skipped.
//
// Usage: node scripts/vscode/test.js [--only in-host|ui] [--grep PATTERN] [--no-build]
// Environment: NNET_INHOST_TIMEOUT_MS (default 300000), NNET_UI_TIMEOUT_MS (default 600000),
//   NNET_KEEP_RUNS (run folders kept per kind, default 3).

const fs = require('fs');
const path = require('path');
const lib = require('./lib');
const { buildAndRunSuites } = require('./provision');

const { paths, log, step, formatMs } = lib;

/** Copies examples/ into a scratch workspace so tests never touch the repo's files. */
function makeWorkspace(runDir) {
  const ws = path.join(runDir, 'examples');
  fs.cpSync(paths.examples, ws, { recursive: true });
  return ws;
}

// ---------------------------------------------------------------------------

async function runInHost(opts) {
  const run = lib.makeRunDir('inhost');
  const workspace = makeWorkspace(run.dir);
  const resultsFile = path.join(run.dir, 'results.json');
  // NNET_INHOST_DIR runs another compiled folder in the host (npm run bench:editor uses it).
  const testDir = process.env.NNET_INHOST_DIR ? path.resolve(paths.root, process.env.NNET_INHOST_DIR) : path.join(paths.root, 'out', 'test', 'integration');
  if (!fs.existsSync(testDir)) throw new lib.StepError('in-host suite', `${testDir} does not exist (did tsc compile test/integration?)`);
  const timeoutMs = Number(process.env.NNET_INHOST_TIMEOUT_MS) || 300000;

  await step('in-host: install nnet and the test-runner extension', () => {
    lib.installExtension(run.extensions);
    lib.installRunnerExtension(run.extensions);
  });
  const server = await step('in-host: start code-server', () =>
    lib.startCodeServer({
      workspace,
      userDataDir: run.userData,
      extensionsDir: run.extensions,
      logsDir: run.logs,
      env: {
        NNET_TEST_RESULTS: resultsFile,
        // Registers the test-only commands nnet.graph.debugState/debugReceive (src/extension/graph-panel.ts).
        NNET_TEST_HOOKS: '1',
        NNET_TEST_MOCHA: path.join(paths.root, 'node_modules', 'mocha'),
        NNET_TEST_DIR: testDir,
        ...(opts.grep ? { NNET_TEST_GREP: opts.grep } : {}),
        ...(process.env.NNET_TEST_TIMEOUT ? { NNET_TEST_TIMEOUT: process.env.NNET_TEST_TIMEOUT } : {}),
        ...(process.env.NNET_BENCH_OUT ? { NNET_BENCH_OUT: process.env.NNET_BENCH_OUT } : {}),
      },
    }),
  );
  log(`in-host: code-server at ${server.url} (logs in ${run.dir})`);

  let stopFollowing = () => {};
  try {
    await step('in-host: open the workbench in Chromium (starts the extension host)', () => lib.openWorkbench(run.dir, server.url));
    log(`in-host: waiting for the suite (time limit ${formatMs(timeoutMs)})`);
    stopFollowing = lib.followLog(`${resultsFile}.log`);
    await lib
      .waitFor('the in-host results file', () => fs.existsSync(resultsFile), {
        timeoutMs,
        intervalMs: 250,
        abort: () => server.exited(),
      })
      .catch((e) => {
        throw new lib.StepError('in-host suite', e.message, `code-server log: ${server.logFile}\n${lib.tail(lib.readText(server.logFile), 20)}`);
      });
  } finally {
    stopFollowing();
    await lib.closeWorkbench();
    await lib.killDescendants().catch(() => {});
    await server.stop();
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  return { kind: 'in-host', version: results.vscodeVersion, ...results, runDir: run.dir };
}

function runUi(opts) {
  const run = lib.makeRunDir('ui');
  return lib.runUiSuite({ kind: 'ui', dir: 'ui', run, workspace: makeWorkspace(run.dir), grep: opts.grep, testTimeoutMs: 90000 });
}

lib.runMain(async () => buildAndRunSuites('vscode', [['in-host', runInHost], ['ui', runUi]], lib.parseRunArgs(process.argv.slice(2), ['in-host', 'ui'])));
