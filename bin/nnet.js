#!/usr/bin/env node
// Launcher for the bundled CLI (built by `npm install` through the `prepare` script).
require('../dist/cli.js');
