#!/usr/bin/env node
'use strict';
// `npm run test:release`: the extension as a user gets it, in a folder the user has not
// trusted. (The other suites start code-server with --disable-workspace-trust and copy the
// dev build in; this one does neither.)
//
//   1. provision (scripts/vscode/provision.js; seconds when cached)
//   2. package: `vsce package --no-dependencies` into the run folder (runs vscode:prepublish,
//      the production build) — the same package `npm run vsix` makes
//   3. install it the way a user does: code-server --install-extension FILE.vsix
//   4. start code-server with workspace trust ON (user settings
//      security.workspace.trust.enabled: true, startupPrompt: never) on a scratch copy of
//      examples/ that was never trusted, so the workbench is in Restricted Mode
//   5. mocha over out/test/release/*.test.js driving Chromium (playwright-core); prints
//      `release (VS Code 1.139.1, untrusted folder, installed .vsix): N passing, M failing`
//   6. stops every process it started, by PID, also on failure, timeout or Ctrl-C.
// Exit code 0 only when none failed and a full run ran its floor of tests (test/floors.json).
//
// Usage: node scripts/vscode/release.js [--grep PATTERN] [--no-build]
// Environment: NNET_RELEASE_TIMEOUT_MS (default 600000).

const fs = require('fs');
const path = require('path');
const lib = require('./lib');
const { startRun } = require('./provision');

const { paths, log, step, paint, formatMs } = lib;

/** The harness's quiet settings, with workspace trust switched on and its modal kept away. */
const TRUST_SETTINGS = {
  ...lib.USER_SETTINGS,
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
};

async function main() {
  const opts = lib.parseRunArgs(process.argv.slice(2));
  const t0 = await startRun();

  const run = lib.makeRunDir('release');
  const vsix = path.join(run.dir, `nnet-${lib.PKG.version}.vsix`);
  await step('package the .vsix (vsce package: production build)', () =>
    lib.run(process.execPath, [path.join(paths.root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], {
      capture: true,
      label: 'vsce package',
    }),
  );
  log(`package: ${path.basename(vsix)}, ${(fs.statSync(vsix).size / 1024).toFixed(0)} KB`);
  if (opts.build) await lib.compileTests();
  const files = lib.compiledTests('release', 'release suite');

  // A user-data folder with the trust settings, before code-server first starts.
  fs.mkdirSync(path.join(run.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(run.userData, 'User', 'settings.json'), JSON.stringify(TRUST_SETTINGS, null, 2));
  fs.mkdirSync(run.extensions, { recursive: true });
  const installed = await step('install the .vsix (code-server --install-extension)', () =>
    lib.run(
      paths.node,
      [paths.codeServerEntry, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--install-extension', vsix],
      { capture: true, label: 'code-server --install-extension', env: lib.codeServerEnv(path.join(run.dir, 'xdg')) },
    ),
  );
  const folder = fs.readdirSync(run.extensions).find((n) => n.startsWith(`${lib.EXTENSION_ID}-`));
  if (!folder) throw new lib.StepError('install the .vsix', `no ${lib.EXTENSION_ID} folder in ${run.extensions}`, installed);
  log(`installed: ${folder}`);

  const workspace = path.join(run.dir, 'examples');
  fs.cpSync(paths.examples, workspace, { recursive: true });
  const server = await step('start code-server (workspace trust on, folder not trusted)', () =>
    lib.startCodeServer({ workspace, userDataDir: run.userData, extensionsDir: run.extensions, logsDir: run.logs, workspaceTrust: true }),
  );
  log(`release: code-server at ${server.url}`);
  const results = await lib.runUiPhase({
    label: 'release suite',
    server,
    files,
    runDir: run.dir,
    workspace,
    grep: opts.grep,
    timeoutMs: Number(process.env.NNET_RELEASE_TIMEOUT_MS) || 600000,
    env: { NNET_RELEASE_EXTENSION_DIR: path.join(run.extensions, folder) },
  });
  const { passes, failures } = results.stats;
  const line = `release (VS Code ${lib.vscodeVersion()}, untrusted folder, installed .vsix): ${passes} passing, ${failures} failing`;
  // A full run must run at least the floor of test/floors.json (a stray .only, a file that no longer loads).
  const floor = lib.floorOf('release');
  const tooFew = !opts.grep && passes + failures < floor;
  if (tooFew) console.log(paint('31', `release: only ${passes + failures} tests ran; test/floors.json expects at least ${floor}`));
  const ok = failures === 0 && passes > 0 && !tooFew;
  console.log(ok ? paint('32', line) : paint('31', line));
  for (const t of (results.tests || []).filter((x) => x.state === 'failed')) {
    console.log(paint('31', `  ✗ ${t.fullTitle}`));
    if (t.error) console.log(`    ${String(t.error.message || '').split('\n').join('\n    ')}`);
  }
  log(`finished in ${formatMs(Date.now() - t0)} (logs in ${run.dir})`);
  return ok ? 0 : 1;
}

lib.runMain(main);
