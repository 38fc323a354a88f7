'use strict';
// extensionTestsPath for @vscode/test-electron (scripts/vscode/electron.js): runs the
// in-host mocha suite (out/test/integration/**/*.test.js) inside VS Code desktop's
// extension host, with the spec reporter, and rejects when a test fails or none ran.

const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');

function findTests(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(p));
    else if (entry.name.endsWith('.test.js')) found.push(p);
  }
  return found.sort();
}

function run() {
  const vscode = require('vscode');
  const mocha = new Mocha({
    ui: 'bdd',
    color: true,
    timeout: Number(process.env.NNET_TEST_TIMEOUT) || 30000,
    grep: process.env.NNET_TEST_GREP || undefined,
    forbidOnly: true,
    forbidPending: true,
  });
  const root = path.resolve(__dirname, '..', '..');
  const dir = path.join(root, 'out', 'test', 'integration');
  const floor = JSON.parse(fs.readFileSync(path.join(root, 'test', 'floors.json'), 'utf8'))['in-host'];
  for (const f of findTests(dir)) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0 } = runner.stats || {};
      console.log(`in-host (VS Code ${vscode.version}, desktop): ${passes} passing, ${failures} failing`);
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed`));
      else if (passes === 0) reject(new Error('no in-host test ran'));
      else if (!process.env.NNET_TEST_GREP && passes < floor) reject(new Error(`only ${passes} in-host tests ran; test/floors.json expects at least ${floor}`));
      else resolve();
    });
  });
}

module.exports = { run };
