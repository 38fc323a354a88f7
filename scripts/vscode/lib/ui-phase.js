'use strict';
// The browser-driven phase shared by the UI suite (test.js), the web UI suite (web.js) and the
// Restricted Mode suite (release.js): mocha over compiled test files in a child process that
// drives Chromium against an already started code-server, with the reporter that writes the
// results file; the server is stopped whatever happens.

const fs = require('fs');
const path = require('path');
const { paths, log } = require('./base');
const { CHROMIUM_ARGS } = require('./chromium');
const { spawnTracked, killTree, StepError, step } = require('./processes');
const { installExtension, vscodeVersion } = require('./install');
const { startCodeServer } = require('./code-server');
const { waitFor } = require('./wait');

/** The compiled `*.test.js` files of `out/test/<dir>`, sorted; a StepError when there are none. */
function compiledTests(dir, label) {
  const testDir = path.join(paths.root, 'out', 'test', dir);
  const files = fs.existsSync(testDir) ? fs.readdirSync(testDir).filter((f) => f.endsWith('.test.js')).map((f) => path.join(testDir, f)) : [];
  if (files.length === 0) throw new StepError(label, `no compiled tests in ${testDir}`);
  return files.sort();
}

/** The environment of a browser run: ours, with XDG folders inside the run folder. */
function browserEnv(runDir) {
  return { ...process.env, XDG_CONFIG_HOME: path.join(runDir, 'xdg', 'config'), XDG_CACHE_HOME: path.join(runDir, 'xdg', 'cache') };
}

/**
 * Runs `files` with mocha (--forbid-only, --forbid-pending: a stray `.only` or skip fails the
 * run) against `server`, then stops the server. Returns the reporter's results
 * ({ stats, tests }). `label` names the suite in errors; `env` adds variables for the tests.
 */
async function runUiPhase({ label, server, files, runDir, workspace, grep, timeoutMs, testTimeoutMs = 120000, env = {} }) {
  const statsFile = path.join(runDir, 'ui-results.json');
  try {
    fs.mkdirSync(paths.screenshots, { recursive: true });
    const args = [
      path.join(paths.root, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--reporter', path.join(__dirname, '..', 'ui-reporter.js'),
      '--timeout', String(testTimeoutMs),
      '--no-config',
      '--no-package',
      '--forbid-only',
      '--forbid-pending',
      ...(grep ? ['--grep', grep] : []),
      ...files,
    ];
    const child = spawnTracked(process.execPath, args, {
      cwd: paths.root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...browserEnv(runDir),
        NNET_UI_URL: server.url,
        NNET_UI_WORKSPACE: workspace,
        NNET_UI_PROFILE: path.join(runDir, 'chromium-profile'),
        NNET_UI_CHROMIUM: paths.chromium,
        NNET_UI_CHROMIUM_ARGS: JSON.stringify(CHROMIUM_ARGS),
        NNET_SCREENSHOTS: paths.screenshots,
        NNET_UI_RESULTS: statsFile,
        ...env,
      },
    });
    let exit;
    child.on('exit', (code, sig) => (exit = { code, sig }));
    await waitFor(`the ${label} to finish`, () => exit, { timeoutMs, intervalMs: 200 }).catch(async (e) => {
      await killTree(child.pid);
      throw new StepError(label, e.message);
    });
    await killTree(child.pid); // anything the suite left behind (e.g. a Chromium)
    if (!fs.existsSync(statsFile)) throw new StepError(label, `mocha exited with ${exit.sig || exit.code} without writing ${statsFile}`);
  } finally {
    await server.stop();
  }
  return JSON.parse(fs.readFileSync(statsFile, 'utf8'));
}

/**
 * The UI suite of `kind` on the dev build (test.js's `ui`, web.js's `web ui`): installs nnet into
 * the run folder `run` (lib.makeRunDir), starts code-server on `workspace` and runs the compiled
 * tests of out/test/`dir` (time limit NNET_UI_TIMEOUT_MS, default 600 s). Returns the suite's
 * result for runSuites ({ kind, version, stats, tests, runDir }).
 */
async function runUiSuite({ kind, dir, run, workspace, grep, testTimeoutMs }) {
  const label = `${kind} suite`;
  const files = compiledTests(dir, label);
  await step(`${kind}: install nnet`, () => installExtension(run.extensions));
  const server = await step(`${kind}: start code-server`, () =>
    startCodeServer({ workspace, userDataDir: run.userData, extensionsDir: run.extensions, logsDir: run.logs }),
  );
  log(`${kind}: code-server at ${server.url}`);
  const results = await runUiPhase({
    label,
    server,
    files,
    runDir: run.dir,
    workspace,
    grep,
    timeoutMs: Number(process.env.NNET_UI_TIMEOUT_MS) || 600000,
    testTimeoutMs,
  });
  return { kind, version: vscodeVersion(), ...results, runDir: run.dir };
}

module.exports = { compiledTests, browserEnv, runUiPhase, runUiSuite };
