#!/usr/bin/env node
'use strict';
// `npm start`: try the extension in a real VS Code in your browser, no VS Code needed.
// Provisions code-server if needed (first time: a few minutes), builds the extension,
// installs it into a fresh extensions folder, starts code-server on 127.0.0.1 at a free
// port with examples/ (or the folder given) open and prints `VS Code ready: <URL>`.
// Runs until Ctrl-C / SIGTERM, then stops every process it started (by PID).
//
// Usage: npm start [-- FOLDER] [-- --port N]
//        node scripts/vscode/sandbox.js [FOLDER] [--port N]

const fs = require('fs');
const path = require('path');
const lib = require('./lib');
const { provision } = require('./provision');

const { paths, log, step } = lib;

function parseArgs(argv) {
  const opts = { folder: paths.examples, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = Number(argv[++i]);
    else if (a.startsWith('--port=')) opts.port = Number(a.slice(7));
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm start [-- FOLDER] [-- --port N]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new lib.StepError('arguments', `unknown option ${a}`);
    else opts.folder = path.resolve(a);
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port > 0 && opts.port < 65536)) {
    throw new lib.StepError('arguments', '--port takes a port number');
  }
  if (!fs.existsSync(opts.folder) || !fs.statSync(opts.folder).isDirectory()) {
    throw new lib.StepError('arguments', `${opts.folder} is not a folder`);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  lib.installCleanup();
  lib.pruneRuns(Number(process.env.NNET_KEEP_RUNS) || 3);

  await provision();
  await step('build the extension (node esbuild.js)', () => lib.buildExtension());
  const run = lib.makeRunDir('sandbox');
  await step('install the extension into a fresh extensions folder', () => lib.installExtension(run.extensions));
  const server = await step('start code-server', () =>
    lib.startCodeServer({
      workspace: opts.folder,
      userDataDir: run.userData,
      extensionsDir: run.extensions,
      logsDir: run.logs,
      port: opts.port,
    }),
  );

  console.log('');
  console.log(`VS Code ready: ${server.url}`);
  console.log('');
  log(`VS Code ${lib.vscodeVersion()} (code-server ${lib.CODE_SERVER_VERSION}) with ${path.relative(process.cwd(), opts.folder) || '.'} open; the extension is ${lib.EXTENSION_FOLDER}`);
  log(`logs: ${server.logFile}`);
  log('press Ctrl-C to stop');

  // Runs until a signal (installCleanup stops everything and exits) or code-server dies.
  const why = await server.exitPromise;
  if (lib.isStopping()) return new Promise(() => {}); // the signal handler exits
  throw new lib.StepError('code-server', `${why}; last lines of ${server.logFile}:\n${lib.tail(lib.readText(server.logFile), 20)}`);
}

lib.runMain(main);
