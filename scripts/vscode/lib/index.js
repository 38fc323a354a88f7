'use strict';
// Shared helpers for the real-VS-Code harness (provision.js, sandbox.js, test.js,
// electron.js), one module per concern; `require('./lib')` gives all of them.
//   base.js         repo root, pinned versions, cache paths, logging, small helpers
//   wait.js         the one `waitFor` (also used by the TypeScript tests)
//   chromium.js     the one list of Chromium flags and the launcher (also used by test/ui)
//   processes.js    steps, running commands, process trees killed by PID, signal cleanup
//   install.js      provisioning marker, installing our extension and the runner extension
//   code-server.js  run folders, user settings, starting code-server
//   ui-phase.js     the browser-driven mocha phase of the UI, web UI and release suites
//   in-host.js      the in-host phase's browser (opens the workbench) and its streamed log
//   verdict.js      arguments, floors, summary lines, failures and the exit code of a run of suites

module.exports = {
  ...require('./base'),
  ...require('./wait'),
  ...require('./chromium'),
  ...require('./processes'),
  ...require('./install'),
  ...require('./code-server'),
  ...require('./ui-phase'),
  ...require('./in-host'),
  ...require('./verdict'),
};
