'use strict';
// The in-host phase of test.js (desktop) and web.js (web): headless Chromium opens the
// workbench (code-server starts an extension host only when a window connects), the runner's
// progress lines are streamed to the terminal, and the browser is closed afterwards or by the
// signal handler.

const fs = require('fs');
const path = require('path');
const { paths, paint } = require('./base');
const { launchChromium } = require('./chromium');
const { browserEnv } = require('./ui-phase');

/** The browser of the running phase, closed by `closeWorkbench` (also the signal handler's). */
let openBrowser;
/** With NNET_RENDERER_PROFILE=DIR: the CDP session profiling the workbench's thread (the renderer's JavaScript). */
let rendererProfile;

/**
 * Headless Chromium on a fresh profile below `runDir` opens the workbench at `url` and waits
 * for it. `onPage` sees the page before it loads (e.g. to collect its console).
 * Returns the persistent context.
 */
async function openWorkbench(runDir, url, onPage = () => {}) {
  const context = await launchChromium({ profile: path.join(runDir, 'chromium-profile'), executablePath: paths.chromium, env: browserEnv(runDir), ownSignals: true });
  openBrowser = context;
  const page = context.pages()[0] || (await context.newPage());
  onPage(page);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  const dir = process.env.NNET_RENDERER_PROFILE;
  if (dir) {
    // (bench:editor: where the workbench's thread spends a slow hover; sampled every 2 ms.)
    const session = await context.newCDPSession(page);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 2000 });
    await session.send('Profiler.start');
    rendererProfile = { session, dir };
  }
  return context;
}

/** Stops the renderer's profile (NNET_RENDERER_PROFILE) and writes DIR/renderer-<time>.cpuprofile. */
async function stopRendererProfile() {
  const running = rendererProfile;
  rendererProfile = undefined;
  if (!running) return;
  try {
    const { profile } = await running.session.send('Profiler.stop');
    fs.mkdirSync(running.dir, { recursive: true });
    const file = path.join(running.dir, `renderer-${Date.now()}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`  renderer profile: ${file}`);
  } catch (e) {
    console.log(`  renderer profile not written: ${e.message}`);
  }
}

/** Closes the browser `openWorkbench` started, if it is still open. */
async function closeWorkbench() {
  await stopRendererProfile();
  const browser = openBrowser;
  openBrowser = undefined;
  if (browser) await browser.close().catch(() => {});
}

/**
 * Follows the runner's growing log file, printing each complete new line (dimmed `│` before
 * it) every 200 ms. Returns `stop()`, which prints what is left and stops following.
 */
function followLog(file) {
  const print = (line) => console.log(`  ${paint('2', '│')} ${line}`);
  let offset = 0;
  let partial = '';
  const poll = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return;
      const buf = Buffer.alloc(size - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      offset = size;
      const lines = (partial + buf.toString('utf8')).split('\n');
      partial = lines.pop();
      for (const l of lines) print(l);
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(poll, 200);
  return () => {
    clearInterval(timer);
    poll();
    if (partial) print(partial);
    partial = '';
  };
}

module.exports = { openWorkbench, closeWorkbench, followLog };
