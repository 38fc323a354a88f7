#!/usr/bin/env node
'use strict';
// `npm run test:electron`: the same in-host suite as `npm run test:vscode`, but in VS Code
// desktop (Electron) through @vscode/test-electron, for machines that can download VS Code
// (a laptop, a hosted CI with internet). NOT run in this project's CI: its machines reach
// only the npm registry and Debian, so the download fails there; use `npm run test:vscode`
// (code-server) instead. See docs/testing.md.
//
// Environment:
//   NNET_VSCODE_VERSION     VS Code version to download (default: stable; 1.139.1 matches
//                           the code-server suite); cached in .vscode-test/
//   NNET_VSCODE_EXECUTABLE  use an installed VS Code binary instead of downloading one
//   NNET_TEST_GREP          only run tests whose title matches
// On a Linux machine without a display, run it under a virtual one:
//   xvfb-run -a npm run test:electron

const fs = require('fs');
const path = require('path');
const lib = require('./lib');

const { paths, step } = lib;

async function main() {
  lib.installCleanup();
  const { runTests } = require('@vscode/test-electron');
  await step('build the extension (node esbuild.js)', () => lib.buildExtension());
  await step('compile the tests (tsc -p .)', () =>
    lib.run(process.execPath, [path.join(paths.root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { capture: true, label: 'tsc -p .' }),
  );
  const run = lib.makeRunDir('electron');
  const workspace = path.join(run.dir, 'examples');
  fs.cpSync(paths.examples, workspace, { recursive: true });

  const launchArgs = [
    workspace,
    '--disable-extensions', // other installed extensions; the one under development still loads
    '--disable-workspace-trust',
    '--skip-welcome',
    '--skip-release-notes',
    `--user-data-dir=${run.userData}`,
    `--extensions-dir=${run.extensions}`,
  ];
  if (typeof process.getuid === 'function' && process.getuid() === 0) launchArgs.push('--no-sandbox');

  await step('run the in-host suite in VS Code desktop (@vscode/test-electron)', () =>
    runTests({
      ...(process.env.NNET_VSCODE_EXECUTABLE
        ? { vscodeExecutablePath: process.env.NNET_VSCODE_EXECUTABLE }
        : { version: process.env.NNET_VSCODE_VERSION || 'stable', cachePath: paths.cache }),
      extensionDevelopmentPath: paths.root,
      extensionTestsPath: path.join(__dirname, 'electron-index.js'),
      launchArgs,
      extensionTestsEnv: { NNET_TEST_GREP: process.env.NNET_TEST_GREP || '', NNET_TEST_HOOKS: '1' },
    }).then(
      (code) => {
        if (code !== 0) throw new Error(`VS Code exited with ${code}`);
      },
      (e) => {
        if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.test(String(e && e.message))) {
          throw new Error(`${e.message}\nthis machine cannot download VS Code desktop; run \`npm run test:vscode\` (code-server) instead, or set NNET_VSCODE_EXECUTABLE`);
        }
        throw e;
      },
    ),
  );
  return 0;
}

lib.runMain(main);
