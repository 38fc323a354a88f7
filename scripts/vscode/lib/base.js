'use strict';
// Where things are and how the harness talks: the repo root and package.json, pinned
// versions, the cache paths, coloured log lines, small text and network helpers.

const fs = require('fs');
const net = require('net');
const http = require('http');
const path = require('path');
const { formatMs } = require('./wait');

const ROOT = path.resolve(__dirname, '..', '..', '..');
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


const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, s) => (useColor ? `\x1b[${code}m${s}\x1b[0m` : s);

function log(msg) {
  console.log(`${paint('36', '[vscode]')} ${msg}`);
}


function tail(text, lines) {
  return String(text).split('\n').slice(-lines).join('\n');
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
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


module.exports = { ROOT, PKG, NODE_VERSION, CODE_SERVER_VERSION, VSCODE_VERSION, paths, paint, log, formatMs, tail, readText, httpStatus, freePort };
