'use strict';
// Processes: named steps and the `main` wrapper, running a command to completion, and
// long-running children spawned in their own process group and recorded; `killTree` stops
// the group and every descendant found through /proc, by PID, first with SIGTERM, then
// SIGKILL for whatever is left. Signals stop everything this process started.

const fs = require('fs');
const { spawn } = require('child_process');
const { ROOT, log, paint, formatMs, tail } = require('./base');
const { waitFor } = require('./wait');

/** An error raised by a named step; `main` wrappers print `step failed: ...`. */
class StepError extends Error {
  constructor(step, message, details) {
    super(`${step}: ${message}`);
    this.step = step;
    this.details = details;
  }
}

/** Runs `fn` as a named step with start/finish messages and its duration. */
async function step(name, fn) {
  // After Ctrl-C/SIGTERM nothing new starts; the signal handler cleans up and exits.
  if (stopping) return new Promise(() => {});
  const t0 = Date.now();
  log(`${name} ...`);
  try {
    const result = await fn();
    log(`${name} ${paint('32', 'done')} (${formatMs(Date.now() - t0)})`);
    return result;
  } catch (e) {
    if (e instanceof StepError) throw e;
    throw new StepError(name, e && e.message ? e.message : String(e), e && e.details);
  }
}

/** Standard `main` wrapper: prints a clear error naming the failing step and exits 1. */
function runMain(fn) {
  fn().then(
    (code) => process.exit(typeof code === 'number' ? code : 0),
    (e) => {
      if (stopping) return; // a signal is being handled; its handler exits
      if (e instanceof StepError) {
        console.error(paint('31', `\n[vscode] step failed: ${e.step}`));
        console.error(e.message.slice(e.step.length + 2));
        if (e.details) console.error(String(e.details).trimEnd());
      } else {
        console.error(paint('31', '\n[vscode] failed:'), e && e.stack ? e.stack : e);
      }
      process.exit(1);
    },
  );
}

/**
 * Runs a command to completion with inherited or captured output; throws (with the
 * tail of the output) when it exits non-zero.
 */
function run(cmd, args, opts = {}) {
  const { capture = false, env, cwd = ROOT, label } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: env || process.env,
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
    });
    let out = '';
    if (capture) {
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
    }
    child.on('error', (e) => reject(new Error(`cannot run ${cmd}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else {
        const e = new Error(`${label || [cmd, ...args].join(' ')} exited with ${signal || code}`);
        e.details = capture ? tail(out, 40) : undefined;
        reject(e);
      }
    });
  });
}

// Processes: every long-running child is spawned in its own process group and
// recorded; `killTree` stops the group and every descendant found through /proc,
// by PID, first with SIGTERM, then SIGKILL for whatever is left.

const started = new Set();

/** Spawns a long-running child in its own process group and records its PID. */
function spawnTracked(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { ...opts, detached: true });
  if (child.pid) {
    started.add(child.pid);
    child.on('exit', () => {
      // Keep the PID recorded while helpers it started live on in its process group (the
      // kernel does not reuse a PID that is still a group id); forget it otherwise, so a
      // later cleanup can never signal an unrelated process that got the PID.
      if (processTree(child.pid).length === 0) started.delete(child.pid);
    });
  }
  return child;
}

function readProcStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid pgrp ... ; comm may contain spaces/parens.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0], ppid: Number(rest[1]), pgrp: Number(rest[2]) };
  } catch {
    return undefined;
  }
}

function isAlive(pid) {
  const st = readProcStat(pid);
  return !!st && st.state !== 'Z' && st.state !== 'X';
}

/** PIDs of `root`, its descendants and members of its process group (still alive). */
function processTree(root) {
  const all = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const st = readProcStat(pid);
    if (st) all.push({ pid, ...st });
  }
  const found = new Set();
  if (isAlive(root)) found.add(root);
  for (const p of all) if (p.pgrp === root && p.state !== 'Z') found.add(p.pid);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && p.state !== 'Z' && (found.has(p.ppid) || p.ppid === root)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/** Stops a process tree by PID: SIGTERM, wait up to `graceMs`, then SIGKILL. */
async function killTree(pid, graceMs = 5000) {
  let pids = processTree(pid);
  if (pids.length === 0) {
    started.delete(pid);
    return;
  }
  for (const p of pids) signal(p, 'SIGTERM');
  try {
    await waitFor(`process tree ${pid} to exit`, () => pids.every((p) => !isAlive(p)), {
      timeoutMs: graceMs,
      intervalMs: 50,
    });
  } catch {
    pids = [...new Set([...pids, ...processTree(pid)])].filter(isAlive);
    for (const p of pids) signal(p, 'SIGKILL');
    await waitFor(`process tree ${pid} to die`, () => pids.every((p) => !isAlive(p)), {
      timeoutMs: 5000,
      intervalMs: 50,
    }).catch(() => {});
  }
  started.delete(pid);
}

/** Stops every tracked process tree (in reverse start order). */
async function killAll() {
  for (const pid of [...started].reverse()) await killTree(pid);
}

/**
 * Stops every untracked process below this one (e.g. the Chromium that playwright
 * launched), by PID. Used after a browser is closed, in case it left helpers behind.
 */
async function killDescendants() {
  const mine = processTree(process.pid).filter((p) => p !== process.pid);
  const direct = mine.filter((p) => (readProcStat(p) || {}).ppid === process.pid && !started.has(p));
  for (const pid of direct) await killTree(pid, 3000);
}

/** Last-resort synchronous cleanup for `process.on('exit')`. */
function killAllSync() {
  for (const pid of started) {
    for (const p of processTree(pid)) signal(p, 'SIGKILL');
  }
  started.clear();
}

let cleanupInstalled = false;
let stopping = false;
/** True once a signal asked this process to stop (exits of children are expected then). */
function isStopping() {
  return stopping;
}
/**
 * Makes SIGINT/SIGTERM/SIGHUP and normal exit stop every tracked process tree. `onSignal`
 * runs first (e.g. to close a browser). Exits with 130/143 after a signal.
 */
function installCleanup(onSignal) {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const handler = (sig) => {
    if (stopping) return;
    stopping = true;
    const pids = [...started];
    log(`${sig} received, stopping everything this run started (PIDs ${pids.join(', ') || 'none'}) ...`);
    Promise.resolve()
      .then(() => onSignal && onSignal())
      .catch(() => {})
      .then(() => killAll())
      .then(() => killDescendants())
      .then(
        () => log('stopped'),
        (e) => console.error(`[vscode] cleanup error: ${e && e.stack ? e.stack : e}`),
      )
      .finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, handler);
  process.on('exit', killAllSync);
}


module.exports = { StepError, step, runMain, run, spawnTracked, processTree, isAlive, killTree, killAll, killDescendants, installCleanup, isStopping };
