'use strict';
// code-server: quiet user settings, a fresh folder per run (and pruning old ones),
// starting code-server on a free port and the environment it runs in.

const fs = require('fs');
const path = require('path');
const { paths, tail, readText, httpStatus, freePort } = require('./base');
const { spawnTracked, killTree } = require('./processes');
const { requireProvisioned } = require('./install');
const { waitFor } = require('./wait');

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
async function startCodeServer({ workspace, userDataDir, extensionsDir, logsDir, env = {}, port: wantedPort, timeoutMs = 60000, workspaceTrust = false }) {
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
    // Workspace trust stays on only for the suite that tests Restricted Mode (release.js).
    ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
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


module.exports = { USER_SETTINGS, makeRunDir, pruneRuns, startCodeServer, codeServerEnv };
