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
const { startRun } = require('./provision');

const { paths, log, step, paint, formatMs } = lib;

function parseArgs(argv) {
  const opts = { only: undefined, grep: undefined, build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') opts.only = argv[++i];
    else if (a.startsWith('--only=')) opts.only = a.slice(7);
    else if (a === '--grep') opts.grep = argv[++i];
    else if (a.startsWith('--grep=')) opts.grep = a.slice(7);
    else if (a === '--no-build') opts.build = false;
    else throw new lib.StepError('arguments', `unknown argument ${a}`);
  }
  if (opts.only && !['in-host', 'ui'].includes(opts.only)) {
    throw new lib.StepError('arguments', `--only takes in-host or ui, not ${opts.only}`);
  }
  return opts;
}

/** Copies examples/ into a scratch workspace so tests never touch the repo's files. */
function makeWorkspace(runDir) {
  const ws = path.join(runDir, 'examples');
  fs.cpSync(paths.examples, ws, { recursive: true });
  return ws;
}

/** Headless Chromium on a fresh profile below `runDir`; returns the persistent context. */
function launchChromium(runDir) {
  return lib.launchChromium({ profile: path.join(runDir, 'chromium-profile'), executablePath: paths.chromium, env: lib.browserEnv(runDir), ownSignals: true });
}

/** The browser of the running phase, closed by the signal handler. */
let openBrowser;

/** Keeps Chromium's crash-report folder and caches out of the user's home. */

/** Follows a growing text file, calling `onLine` for each complete new line. */
function follow(file, onLine) {
  let offset = 0;
  let partial = '';
  const poll = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return;
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      const text = partial + buf.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop();
      for (const l of lines) onLine(l);
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(poll, 200);
  return () => {
    clearInterval(timer);
    poll();
    if (partial) onLine(partial);
  };
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

  let context;
  let stopFollowing = () => {};
  try {
    context = await step('in-host: open the workbench in Chromium (starts the extension host)', async () => {
      const ctx = await launchChromium(run.dir);
      openBrowser = ctx;
      const page = ctx.pages()[0] || (await ctx.newPage());
      await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 60000 });
      await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
      return ctx;
    });
    log(`in-host: waiting for the suite (time limit ${formatMs(timeoutMs)})`);
    stopFollowing = follow(`${resultsFile}.log`, (l) => console.log(`  ${paint('2', '│')} ${l}`));
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
    if (context) await context.close().catch(() => {});
    openBrowser = undefined;
    await lib.killDescendants().catch(() => {});
    await server.stop();
  }
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  return { kind: 'in-host', version: results.vscodeVersion, ...results, runDir: run.dir };
}

async function runUi(opts) {
  const run = lib.makeRunDir('ui');
  const workspace = makeWorkspace(run.dir);
  const files = lib.compiledTests('ui', 'ui suite');
  await step('ui: install nnet', () => lib.installExtension(run.extensions));
  const server = await step('ui: start code-server', () =>
    lib.startCodeServer({ workspace, userDataDir: run.userData, extensionsDir: run.extensions, logsDir: run.logs }),
  );
  log(`ui: code-server at ${server.url}`);
  const results = await lib.runUiPhase({
    label: 'ui suite',
    server,
    files,
    runDir: run.dir,
    workspace,
    grep: opts.grep,
    timeoutMs: Number(process.env.NNET_UI_TIMEOUT_MS) || 600000,
    testTimeoutMs: 90000,
  });
  const marker = lib.readMarker() || {};
  return { kind: 'ui', version: marker.vscode || lib.VSCODE_VERSION, ...results, runDir: run.dir };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = await startRun(() => openBrowser && openBrowser.close());
  if (opts.build) {
    await step('build the extension (node esbuild.js)', () => lib.buildExtension());
    await lib.compileTests();
  }

  return lib.runSuites('vscode', [['in-host', runInHost], ['ui', runUi]], opts, t0);
}

lib.runMain(main);
