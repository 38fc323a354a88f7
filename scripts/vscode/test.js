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
const { provision } = require('./provision');

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
  return lib.launchChromium({ profile: path.join(runDir, 'chromium-profile'), executablePath: paths.chromium, env: browserEnv(runDir), ownSignals: true });
}

/** The browser of the running phase, closed by the signal handler. */
let openBrowser;

/** Keeps Chromium's crash-report folder and caches out of the user's home. */
function browserEnv(runDir) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(runDir, 'xdg', 'config'),
    XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache'),
  };
}

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

function summaryLine(kind, version, stats) {
  const failing = stats.failures;
  const line = `${kind} (VS Code ${version}): ${stats.passes} passing, ${failing} failing${stats.pending ? `, ${stats.pending} pending` : ''}`;
  return failing === 0 && stats.passes > 0 ? paint('32', line) : paint('31', line);
}

function printFailures(tests) {
  const failed = tests.filter((t) => t.state === 'failed');
  failed.forEach((t, i) => {
    console.log(paint('31', `  ${i + 1}) ${t.fullTitle}`));
    const err = t.error || {};
    console.log(`     ${String(err.message || 'failed').split('\n').join('\n     ')}`);
    if (err.expected !== undefined || err.actual !== undefined) {
      console.log(`     expected: ${err.expected}\n     actual:   ${err.actual}`);
    }
    const frames = String(err.stack || '')
      .split('\n')
      .filter((l) => /^\s+at /.test(l) && !/node_modules[\\/]mocha/.test(l))
      .slice(0, 4);
    if (frames.length) console.log(frames.map((l) => `     ${l.trim()}`).join('\n'));
  });
}

/** The fewest tests each suite may run (test/floors.json, the one place they are kept). */
function floorOf(kind) {
  const floor = JSON.parse(fs.readFileSync(path.join(paths.root, 'test', 'floors.json'), 'utf8'))[kind];
  if (!Number.isInteger(floor) || floor < 1) throw new lib.StepError('floors', `test/floors.json has no floor for '${kind}'`);
  return floor;
}

/** Verdict of one suite: problems that make the run fail. */
function problemsOf(result, opts) {
  const problems = [];
  const ran = result.stats.passes + result.stats.failures;
  // A filtered run (--grep) is a choice to run fewer; the floor is for full runs.
  if (!opts.grep && ran > 0 && ran < floorOf(result.kind)) {
    problems.push(`${result.kind}: only ${ran} tests ran; test/floors.json expects at least ${floorOf(result.kind)}`);
  }
  if (result.stats.pending > 0) problems.push(`${result.kind}: ${result.stats.pending} pending (skipped) tests`);
  if (result.error) problems.push(`${result.kind} runner error: ${result.error.message || result.error}`);
  if (result.stats.failures > 0) problems.push(`${result.kind}: ${result.stats.failures} failing`);
  if (result.stats.passes + result.stats.failures === 0) problems.push(`${result.kind}: no test ran`);
  return problems;
}

// ---------------------------------------------------------------------------

async function runInHost(opts) {
  const run = lib.makeRunDir('inhost');
  const workspace = makeWorkspace(run.dir);
  const resultsFile = path.join(run.dir, 'results.json');
  const testDir = path.join(paths.root, 'out', 'test', 'integration');
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
  const testDir = path.join(paths.root, 'out', 'test', 'ui');
  const files = fs.existsSync(testDir) ? fs.readdirSync(testDir).filter((f) => f.endsWith('.test.js')).map((f) => path.join(testDir, f)) : [];
  if (files.length === 0) throw new lib.StepError('ui suite', `no compiled UI tests in ${testDir}`);
  const timeoutMs = Number(process.env.NNET_UI_TIMEOUT_MS) || 600000;
  const statsFile = path.join(run.dir, 'ui-results.json');

  await step('ui: install nnet', () => lib.installExtension(run.extensions));
  const server = await step('ui: start code-server', () =>
    lib.startCodeServer({ workspace, userDataDir: run.userData, extensionsDir: run.extensions, logsDir: run.logs }),
  );
  log(`ui: code-server at ${server.url}`);
  try {
    fs.mkdirSync(paths.screenshots, { recursive: true });
    const args = [
      path.join(paths.root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--reporter', path.join(__dirname, 'ui-reporter.js'),
      '--timeout', '90000',
      '--no-config',
      '--no-package',
      '--forbid-only',
      '--forbid-pending',
      ...(opts.grep ? ['--grep', opts.grep] : []),
      ...files.sort(),
    ];
    const child = lib.spawnTracked(process.execPath, args, {
      cwd: paths.root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...browserEnv(run.dir),
        NNET_UI_URL: server.url,
        NNET_UI_WORKSPACE: workspace,
        NNET_UI_PROFILE: path.join(run.dir, 'chromium-profile'),
        NNET_UI_CHROMIUM: paths.chromium,
        NNET_SCREENSHOTS: paths.screenshots,
        NNET_UI_RESULTS: statsFile,
      },
    });
    let exit;
    child.on('exit', (code, sig) => (exit = { code, sig }));
    await lib.waitFor('the UI suite to finish', () => exit, { timeoutMs, intervalMs: 200 }).catch(async (e) => {
      await lib.killTree(child.pid);
      throw new lib.StepError('ui suite', e.message);
    });
    await lib.killTree(child.pid); // anything the suite left behind (e.g. a Chromium)
    if (!fs.existsSync(statsFile)) {
      throw new lib.StepError('ui suite', `mocha exited with ${exit.sig || exit.code} without writing ${statsFile}`);
    }
  } finally {
    await server.stop();
  }
  const results = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const marker = lib.readMarker() || {};
  return { kind: 'ui', version: marker.vscode || lib.VSCODE_VERSION, ...results, runDir: run.dir };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  lib.installCleanup(() => openBrowser && openBrowser.close());
  const t0 = Date.now();
  lib.pruneRuns(Number(process.env.NNET_KEEP_RUNS) || 3);

  await provision();
  if (opts.build) {
    await step('build the extension (node esbuild.js)', () => lib.buildExtension());
    await step('compile the tests (tsc -p .)', () =>
      lib.run(process.execPath, [path.join(paths.root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], {
        capture: true,
        label: 'tsc -p .',
      }),
    );
  }

  const results = [];
  const errors = [];
  for (const [kind, fn] of [['in-host', runInHost], ['ui', runUi]]) {
    if (opts.only && opts.only !== kind) continue;
    try {
      const r = await fn(opts);
      results.push(r);
      console.log(summaryLine(r.kind, r.version, r.stats));
      printFailures(r.tests || []);
      if (r.error) console.log(paint('31', `  runner error: ${r.error.message}\n${r.error.stack || ''}`));
    } catch (e) {
      if (lib.isStopping()) await new Promise(() => {}); // the signal handler exits
      // A suite that could not run still lets the other one run; the exit code fails.
      errors.push(e);
      console.error(paint('31', `[vscode] ${kind} suite did not complete: ${e.message}`));
      if (e.details) console.error(String(e.details));
    }
  }

  const problems = [...errors.map((e) => e.message), ...results.flatMap((r) => problemsOf(r, opts))];
  console.log('');
  for (const r of results) console.log(summaryLine(r.kind, r.version, r.stats));
  const passed = results.reduce((n, r) => n + r.stats.passes, 0);
  const failed = results.reduce((n, r) => n + r.stats.failures, 0) + errors.length;
  log(`finished in ${formatMs(Date.now() - t0)}`);
  if (problems.length) {
    console.log(paint('31', `[vscode] FAILED: ${problems.join('; ')}`));
  }
  // Plain closing line (combined count; a suite that could not run counts as one failure).
  console.log(`vscode: ${passed} passed, ${failed} failed`);
  return problems.length ? 1 : 0;
}

lib.runMain(main);
