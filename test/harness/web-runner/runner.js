'use strict';
// Test-only web extension (browser entry only), installed beside nnet by scripts/vscode/web.js
// and bundled there with mocha's browser build and the in-host suite (test/integration). On
// activation (onStartupFinished) it runs the suite inside the Web Worker extension host and
// writes the results into the workspace through vscode.workspace.fs (code-server maps the
// workspace folder to the real disk, where the harness waits for them):
//   .nnet-web-test/config.json   written by the harness: { grep?, timeoutMs? } (without it
//                                this extension does nothing)
//   .nnet-web-test/log.txt       progress lines, rewritten as the suite runs
//   .nnet-web-test/results.json  written once, at the end
// The results name the host the suite ran in (uiKind, whether `process` and `Worker` exist),
// so the harness can refuse a run that did not happen in the Web Worker host.
// `loadSuites` (the test files) and mocha's global come from the generated bundle entry.

const vscode = require('vscode');
const { mochaOptions, recordTests, statsOf, failedRun } = require('../runner-extension/mocha-results');

const FOLDER = '.nnet-web-test';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the host offers: `process` is looked up on globalThis (a bundle may shim the free name). */
function hostFacts() {
  return {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    hasProcess: typeof globalThis.process !== 'undefined',
    hasWorker: typeof globalThis.Worker === 'function',
    hasSharedArrayBuffer: typeof globalThis.SharedArrayBuffer === 'function',
    nnetExtensionKind: (() => {
      const ext = vscode.extensions.getExtension('nnet-tools.nnet');
      return ext ? (ext.extensionKind === vscode.ExtensionKind.UI ? 'ui' : 'workspace') : 'missing';
    })(),
  };
}

async function runSuite(folder, config, loadSuites) {
  const at = (name) => vscode.Uri.joinPath(folder, FOLDER, name);
  const write = (name, text) => vscode.workspace.fs.writeFile(at(name), encoder.encode(text));
  const lines = [];
  let flushing = Promise.resolve();
  const logLine = (line) => {
    lines.push(line);
    const text = `${lines.join('\n')}\n`;
    flushing = flushing.then(() => write('log.txt', text)).catch(() => undefined);
  };
  const startedAt = Date.now();
  const base = { ...hostFacts(), startedAt: new Date(startedAt).toISOString() };
  logLine(`in-host runner (web worker): VS Code ${base.vscodeVersion} (${base.appName}), uiKind ${base.uiKind}, process ${base.hasProcess ? 'present' : 'absent'}`);

  const finish = async (extra) => {
    await flushing;
    const data = JSON.stringify({ ...base, durationMs: Date.now() - startedAt, ...extra }, null, 2);
    // Written under a temporary name, then renamed: the harness never reads half a file.
    await write('results.json.tmp', data);
    await vscode.workspace.fs.rename(at('results.json.tmp'), at('results.json'), { overwrite: true });
  };

  try {
    const mocha = globalThis.mocha;
    if (!mocha) throw new Error("mocha's browser build did not define the global `mocha`");
    // A stray .only or a skipped test fails the run instead of shrinking it (as everywhere else).
    const { grep, ...options } = mochaOptions(config.timeoutMs, config.grep);
    mocha.setup(options);
    if (grep) mocha.grep(grep);
    const files = loadSuites();
    logLine(`${files.length} test file(s): ${files.join(', ')}`);
    let tests = [];
    await new Promise((resolve) => {
      tests = recordTests(mocha.run(resolve), logLine);
    });
    await finish({ files, stats: statsOf(tests), tests });
  } catch (err) {
    logLine(`runner error: ${err && err.stack ? err.stack : err}`);
    await finish(failedRun(err));
  }
}

let running;

/** Called by the bundle entry with the function that loads the test files (returns their names). */
function createActivate(loadSuites) {
  return function activate() {
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    if (!folder || running) return;
    running = vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, FOLDER, 'config.json')).then(
      async (bytes) => {
        // Another window of the same workspace must not run the suite a second time.
        const started = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, FOLDER, 'log.txt')).then(
          () => true,
          () => false,
        );
        if (started) return;
        await runSuite(folder.uri, JSON.parse(decoder.decode(bytes)), loadSuites);
      },
      () => undefined, // no config: not a test run
    );
  };
}

module.exports = { createActivate };
