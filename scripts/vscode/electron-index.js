'use strict';
// extensionTestsPath for @vscode/test-electron (scripts/vscode/electron.js): runs the
// in-host mocha suite (out/test/integration/**/*.test.js) inside VS Code desktop's
// extension host, with the spec reporter, and rejects when a test fails or none ran.

const Mocha = require('mocha');
const { compiledTests } = require('./lib/ui-phase');
const { floorOf } = require('./lib/verdict');
const { mochaOptions } = require('../../test/harness/runner-extension/mocha-results');

function run() {
  const vscode = require('vscode');
  // The in-host runners' options (forbidOnly, forbidPending), with the spec reporter in colour.
  const mocha = new Mocha({ ...mochaOptions(Number(process.env.NNET_TEST_TIMEOUT), process.env.NNET_TEST_GREP), color: true, reporter: 'spec' });
  const floor = floorOf('in-host');
  for (const f of compiledTests('integration', 'in-host suite')) mocha.addFile(f);
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
