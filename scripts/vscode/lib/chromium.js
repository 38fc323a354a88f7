'use strict';
// The one list of Chromium flags and the one way to start it (headless, on a fresh profile)
// for the harness (scripts/vscode/test.js) and the UI suite (test/ui/workbench.ts).
// Self-contained, because the TypeScript tests import it and tsc copies it to out/.

/** Chromium flags: no sandbox (root), no GPU, nothing that phones home. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * @param {{ profile: string, executablePath?: string, env?: Record<string, string | undefined>, ownSignals?: boolean }} options
 * @returns {Promise<import('playwright-core').BrowserContext>}
 *
 * Headless Chromium on the persistent profile `profile` through playwright-core. With
 * `ownSignals`, playwright leaves SIGINT/SIGTERM/SIGHUP to the caller's handler (the
 * harness stops everything itself; playwright's handler would exit the process first).
 */
function launchChromium({ profile, executablePath, env, ownSignals = false }) {
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(profile, {
    executablePath: executablePath || process.env.NNET_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    ...(env ? { env } : {}),
    viewport: { width: 1400, height: 900 },
    ...(ownSignals ? { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false } : {}),
  });
}

module.exports = { CHROMIUM_ARGS, launchChromium };
