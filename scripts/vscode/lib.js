'use strict';
// Shared helpers for the real-VS-Code harness (provision.js, sandbox.js, test.js):
// cache paths and pinned versions, free ports, spawning and killing process trees by
// PID, waiting for conditions, installing our extension into an extensions folder and
// starting code-server. Plain CommonJS so it runs without a build step.

const fs = require('fs');
const net = require('net');
const http = require('http');
const path = require('path');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

const NODE_VERSION = '24.9.0';
const CODE_SERVER_VERSION = '4.139.1';
/** VS Code version inside code-server 4.139.1 (used in messages before the host reports). */
const VSCODE_VERSION = '1.139.1';

/** Everything the harness installs or creates lives below here (git-ignored). */
const CACHE = process.env.NNET_VSCODE_TEST_DIR
  ? path.resolve(process.env.NNET_VSCODE_TEST_DIR)
  : path.join(ROOT, '.vscode-test');

const paths = {
  root: ROOT,
  cache: CACHE,
  downloads: path.join(CACHE, 'downloads'),
  nodeDir: path.join(CACHE, `node-${NODE_VERSION}`),
  node: path.join(CACHE, `node-${NODE_VERSION}`, 'bin', 'node'),
  codeServerPrefix: path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`),
  codeServerDir: path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server'),
  codeServerEntry: path.join(
    CACHE, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  marker: path.join(CACHE, 'provisioned.json'),
  runs: path.join(CACHE, 'runs'),
  chromium: process.env.NNET_CHROMIUM || '/usr/bin/chromium',
  runnerExtension: path.join(ROOT, 'test', 'harness', 'runner-extension'),
  screenshots: path.join(ROOT, 'screenshots'),
  examples: path.join(ROOT, 'examples'),
};

/** Chromium flags: no sandbox (root), no GPU, nothing that phones home. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

// ---------------------------------------------------------------------------
// Logging and steps

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);

function log(msg) {
  console.log(`${paint('36', '[vscode]')} ${msg}`);
}

/** An error raised by a named step; `main` wrappers print `step failed: ...`. */
class StepError extends Error {
  constructor(step, message, details) {
    super(`${step}: ${message}`);
    this.step = step;
    this.details = details;
  }
}

/** Runs `fn` as a named step with start/finish messages and its duration. */
async function step(name, fn) {
  // After Ctrl-C/SIGTERM nothing new starts; the signal handler cleans up and exits.
  if (stopping) return new Promise(() => {});
  const t0 = Date.now();
  log(`${name} ...`);
  try {
    const result = await fn();
    log(`${name} ${paint('32', 'done')} (${formatMs(Date.now() - t0)})`);
    return result;
  } catch (e) {
    if (e instanceof StepError) throw e;
    throw new StepError(name, e && e.message ? e.message : String(e), e && e.details);
  }
}

function formatMs(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Standard `main` wrapper: prints a clear error naming the failing step and exits 1. */
function runMain(fn) {
  fn().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (e) => {
      if (stopping) return; // a signal is being handled; its handler exits
      if (e instanceof StepError) {
        console.error(paint('31', `\n[vscode] step failed: ${e.step}`));
        console.error(e.message.slice(e.step.length + 2));
        if (e.details) console.error(String(e.details).trimEnd());
      } else {
        console.error(paint('31', '\n[vscode] failed:'), e && e.stack ? e.stack : e);
      }
      process.exit(1);
    },
  );
}

/**
 * Runs a command to completion with inherited or captured output; throws (with the
 * tail of the output) when it exits non-zero.
 */
function run(cmd, args, opts = {}) {
  const { capture = false, env, cwd = ROOT, label } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: env || process.env,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('error', (e) => reject(new Error(`cannot run ${cmd}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else {
        const e = new Error(`${label || [cmd, ...args].join(' ')} exited with ${signal || code}`);
        e.details = capture ? tail(out, 40) : undefined;
        reject(e);
      }
    });
  });
}

function tail(text, lines) {
  return String(text).split('\n').slice(-lines).join('\n');
}

// ---------------------------------------------------------------------------
// Waiting

/**
 * Polls `check` (sync or async) until it returns a truthy value, and returns it.
 * Throws `timed out after N s waiting for <what>` otherwise. Errors thrown by `check`
 * count as "not yet". `abort()` may return a reason string to stop early.
 */
async function waitFor(what, check, { timeoutMs = 30000, intervalMs = 100, abort } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    const reason = abort && abort();
    if (reason) throw new Error(`stopped waiting for ${what}: ${reason}`);
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${formatMs(timeoutMs)} waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Resolves with the HTTP status of a GET (no redirects followed), rejects on error. */
function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

/** A TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------
// Processes: every long-running child is spawned in its own process group and
// recorded; `killTree` stops the group and every descendant found through /proc,
// by PID, first with SIGTERM, then SIGKILL for whatever is left.

const started = new Set();

/** Spawns a long-running child in its own process group and records its PID. */
function spawnTracked(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid) {
    started.add(child.pid);
    child.on('exit', () => {
      // Keep the PID recorded while helpers it started live on in its process group (the
      // kernel does not reuse a PID that is still a group id); forget it otherwise, so a
      // later cleanup can never signal an unrelated process that got the PID.
      if (processTree(child.pid).length === 0) started.delete(child.pid);
    });
  }
  return child;
}

function readProcStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid pgrp ... ; comm may contain spaces/parens.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  const st = readProcStat(pid);
  return !!st && st.state !== 'Z' && st.state !== 'X';
}

/** PIDs of `root`, its descendants and members of its process group (still alive). */
function processTree(root) {
  const all = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const st = readProcStat(pid);
    if (st) all.push({ pid, ...st });
  }
  const found = new Set();
  if (isAlive(root)) found.add(root);
  for (const p of all) if (p.pgrp === root && p.state !== 'Z') found.add(p.pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && p.state !== 'Z' && (found.has(p.ppid) || p.ppid === root)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Stops a process tree by PID: SIGTERM, wait up to `graceMs`, then SIGKILL. */
async function killTree(pid, graceMs = 5000) {
  let pids = processTree(pid);
  if (pids.length === 0) {
    started.delete(pid);
    return;
  }
  for (const p of pids) signal(p, 'SIGTERM');
  try {
    await waitFor(`process tree ${pid} to exit`, () => pids.every((p) => !isAlive(p)), {
      timeoutMs: graceMs,
      intervalMs: 50,
    });
  } catch {
    pids = [...new Set([...pids, ...processTree(pid)])].filter(isAlive);
    for (const p of pids) signal(p, 'SIGKILL');
    await waitFor(`process tree ${pid} to die`, () => pids.every((p) => !isAlive(p)), {
      timeoutMs: 5000,
      intervalMs: 50,
    }).catch(() => {});
  }
  started.delete(pid);
}

/** Stops every tracked process tree (in reverse start order). */
async function killAll() {
  for (const pid of [...started].reverse()) await killTree(pid);
}

/**
 * Stops every untracked process below this one (e.g. the Chromium that playwright
 * launched), by PID. Used after a browser is closed, in case it left helpers behind.
 */
async function killDescendants() {
  const mine = processTree(process.pid).filter((p) => p !== process.pid);
  const direct = mine.filter((p) => (readProcStat(p) || {}).ppid === process.pid && !started.has(p));
  for (const pid of direct) await killTree(pid, 3000);
}

/** Last-resort synchronous cleanup for `process.on('exit')`. */
function killAllSync() {
  for (const pid of started) {
    for (const p of processTree(pid)) signal(p, 'SIGKILL');
  }
  started.clear();
}

let cleanupInstalled = false;
let stopping = false;
/** True once a signal asked this process to stop (exits of children are expected then). */
function isStopping() {
  return stopping;
}
/**
 * Makes SIGINT/SIGTERM/SIGHUP and normal exit stop every tracked process tree. `onSignal`
 * runs first (e.g. to close a browser). Exits with 130/143 after a signal.
 */
function installCleanup(onSignal) {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const handler = (sig) => {
    if (stopping) return;
    stopping = true;
    const pids = [...started];
    log(`${sig} received, stopping everything this run started (PIDs ${pids.join(', ') || 'none'}) ...`);
    Promise.resolve()
      .then(() => onSignal && onSignal())
      .catch(() => {})
      .then(() => killAll())
      .then(() => killDescendants())
      .then(
        () => log('stopped'),
        (e) => console.error(`[vscode] cleanup error: ${e && e.stack ? e.stack : e}`),
      )
      .finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, handler);
  process.on('exit', killAllSync);
}

// ---------------------------------------------------------------------------
// Provisioning state

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when provision.js completed for the pinned versions and its files are there. */
function isProvisioned() {
  const m = readMarker();
  return (
    !!m &&
    m.node === NODE_VERSION &&
    m.codeServer === CODE_SERVER_VERSION &&
    fs.existsSync(paths.node) &&
    fs.existsSync(paths.codeServerEntry) &&
    fs.existsSync(paths.chromium)
  );
}

function requireProvisioned() {
  if (!isProvisioned()) {
    throw new StepError(
      'check provisioning',
      'code-server is not provisioned; run `node scripts/vscode/provision.js` first',
    );
  }
}

// ---------------------------------------------------------------------------
// Our extension

/** The folder name VS Code expects for an unpacked extension: publisher.name-version. */
const EXTENSION_ID = `${PKG.publisher}.${PKG.name}`;
const EXTENSION_FOLDER = `${EXTENSION_ID}-${PKG.version}`;

/**
 * What goes into the installed extension: package.json `files` when present (like
 * `vsce package`), else this fixed list. Missing optional entries are skipped.
 */
const EXTENSION_FILES_DEFAULT = [
  'package.json',
  'dist',
  'syntaxes',
  'snippets',
  'language-configuration.json',
  'media',
  'images',
  'webview-dist',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'LICENSE.md',
  'LICENSE.txt',
];

function extensionFiles() {
  const list = Array.isArray(PKG.files) && PKG.files.length ? PKG.files : EXTENSION_FILES_DEFAULT;
  const set = new Set(['package.json', ...list]);
  return [...set].map((f) => f.replace(/\/\*\*.*$/, '').replace(/\/$/, ''));
}

/**
 * Copies the built extension into `extensionsDir/<publisher.name-version>` (replacing
 * an older copy) and returns the folder. Source maps are copied too (stack traces).
 */
function installExtension(extensionsDir) {
  const dest = path.join(extensionsDir, EXTENSION_FOLDER);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const main = PKG.main ? path.join(ROOT, PKG.main) : undefined;
  if (main && !fs.existsSync(main) && !fs.existsSync(`${main}.js`)) {
    throw new Error(`${PKG.main} does not exist; build the extension first (node esbuild.js)`);
  }
  for (const rel of extensionFiles()) {
    const src = path.join(ROOT, rel);
    if (!fs.existsSync(src)) continue;
    fs.cpSync(src, path.join(dest, rel), { recursive: true, dereference: true });
  }
  return dest;
}

/** Copies the test-runner extension beside ours. */
function installRunnerExtension(extensionsDir) {
  const meta = JSON.parse(fs.readFileSync(path.join(paths.runnerExtension, 'package.json'), 'utf8'));
  const dest = path.join(extensionsDir, `${meta.publisher}.${meta.name}-${meta.version}`);
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(paths.runnerExtension, dest, { recursive: true });
  return dest;
}

// ---------------------------------------------------------------------------
// code-server

/** User settings for a quiet, deterministic workbench. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
  'editor.accessibilitySupport': 'off',
};

/** A fresh folder for one run: user data, extensions, logs. */
function makeRunDir(kind) {
  fs.mkdirSync(paths.runs, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = fs.mkdtempSync(path.join(paths.runs, `${kind}-${stamp}-`));
  return {
    dir,
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    logs: path.join(dir, 'logs'),
  };
}

/** Keeps only the newest `keep` run folders of each kind (they hold logs worth reading). */
function pruneRuns(keep = 3) {
  let names;
  try {
    names = fs.readdirSync(paths.runs);
  } catch {
    return;
  }
  const byKind = new Map();
  for (const n of names.sort()) {
    const kind = n.split('-')[0];
    if (!byKind.has(kind)) byKind.set(kind, []);
    byKind.get(kind).push(n);
  }
  for (const list of byKind.values()) {
    for (const n of list.slice(0, Math.max(0, list.length - keep))) {
      fs.rmSync(path.join(paths.runs, n), { recursive: true, force: true });
    }
  }
}

/**
 * Starts code-server (Node 24) on 127.0.0.1 at a free port (or `port`) with `workspace` open.
 * Output goes to `<logs>/code-server.log`. Resolves once `/healthz` answers.
 * Returns { url, base, port, pid, child, logFile, exited(), exitPromise, stop() }.
 */
async function startCodeServer({ workspace, userDataDir, extensionsDir, logsDir, env = {}, port: wantedPort, timeoutMs = 60000 }) {
  requireProvisioned();
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(logsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(USER_SETTINGS, null, 2));

  const port = wantedPort || (await freePort());
  const logFile = path.join(logsDir, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = [
    paths.codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    workspace,
  ];
  // code-server would otherwise create ~/.config/code-server/config.yaml and state in
  // ~/.local/share/code-server: keep both in the run folder.
  const configFile = path.join(logsDir, '..', 'code-server-config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  args.splice(1, 0, '--config', configFile);
  const child = spawnTracked(paths.node, args, {
    cwd: workspace,
    env: {
      ...codeServerEnv(path.join(logsDir, '..', 'xdg')),
      ...env,
    },
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  let exited;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, sig) => resolve((exited = `code-server exited with ${sig || code}`)));
    child.on('error', (e) => resolve((exited = `code-server could not start: ${e.message}`)));
  });

  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`code-server to answer on ${base}/healthz`, async () => (await httpStatus(`${base}/healthz`)) === 200, {
      timeoutMs,
      intervalMs: 200,
      abort: () => exited,
    });
  } catch (e) {
    await killTree(child.pid);
    e.details = `last lines of ${logFile}:\n${tail(readText(logFile), 30)}`;
    throw e;
  }
  const url = `${base}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`;
  return {
    url,
    base,
    port,
    pid: child.pid,
    child,
    logFile,
    exited: () => exited,
    /** Resolves with a description once code-server has exited. */
    exitPromise,
    stop: () => killTree(child.pid),
  };
}

/**
 * Environment for code-server (and anything run with Node 24): Node 24 first on PATH,
 * no NODE_OPTIONS from the caller, XDG folders below `xdgDir` so nothing is written to
 * the user's home.
 */
function codeServerEnv(xdgDir) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^npm_/i.test(k)) delete env[k];
  env.PATH = `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH || ''}`;
  env.NODE_OPTIONS = '';
  env.XDG_CONFIG_HOME = path.join(xdgDir, 'config');
  env.XDG_DATA_HOME = path.join(xdgDir, 'data');
  env.XDG_CACHE_HOME = path.join(xdgDir, 'cache');
  return env;
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Builds the extension bundle with the repo's esbuild.js (Node 20). */
function buildExtension() {
  return run(process.execPath, [path.join(ROOT, 'esbuild.js')], { capture: true, label: 'node esbuild.js' });
}

module.exports = {
  ROOT,
  PKG,
  NODE_VERSION,
  CODE_SERVER_VERSION,
  VSCODE_VERSION,
  CHROMIUM_ARGS,
  USER_SETTINGS,
  EXTENSION_ID,
  EXTENSION_FOLDER,
  paths,
  log,
  paint,
  step,
  StepError,
  runMain,
  run,
  tail,
  formatMs,
  waitFor,
  httpStatus,
  freePort,
  spawnTracked,
  processTree,
  isAlive,
  killTree,
  killAll,
  killDescendants,
  installCleanup,
  isStopping,
  readMarker,
  isProvisioned,
  requireProvisioned,
  extensionFiles,
  installExtension,
  installRunnerExtension,
  makeRunDir,
  pruneRuns,
  startCodeServer,
  codeServerEnv,
  readText,
  buildExtension,
};
