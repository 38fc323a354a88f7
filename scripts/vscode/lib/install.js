'use strict';
// Installing: the provisioning marker, copying our extension (and the test-runner
// extension) into an extensions folder, building the extension bundle.

const fs = require('fs');
const path = require('path');
const { ROOT, PKG, NODE_VERSION, CODE_SERVER_VERSION, VSCODE_VERSION, paths } = require('./base');
const { StepError, run, step } = require('./processes');

// Provisioning state

function readMarker() {
  try {
    return JSON.parse(fs.readFileSync(paths.marker, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The VS Code version provisioned (the marker's), else the pinned one. */
function vscodeVersion() {
  return (readMarker() || {}).vscode || VSCODE_VERSION;
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
  'examples',
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

/** Builds the extension bundle with the repo's esbuild.js (Node 20). */
function buildExtension() {
  return run(process.execPath, [path.join(ROOT, 'esbuild.js')], { capture: true, label: 'node esbuild.js' });
}

/** Compiles the tests (tsc -p .) as one step of a harness run. */
function compileTests() {
  return step('compile the tests (tsc -p .)', () =>
    run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { capture: true, label: 'tsc -p .' }),
  );
}

module.exports = { readMarker, vscodeVersion, isProvisioned, requireProvisioned, EXTENSION_ID, EXTENSION_FOLDER, extensionFiles, installExtension, installRunnerExtension, buildExtension, compileTests };
