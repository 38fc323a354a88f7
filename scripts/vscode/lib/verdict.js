'use strict';
// What a run of suites is asked (its arguments) and what it says: the floors of
// test/floors.json, each suite's summary line and failures, and the verdict (exit code) of
// test.js (desktop) and web.js (web), which run an in-host and a UI suite each the same way.

const fs = require('fs');
const path = require('path');
const { paths, log, paint, formatMs } = require('./base');
const { StepError, isStopping } = require('./processes');

/**
 * The arguments of test.js, web.js and release.js: `--grep PATTERN`, `--no-build` and, where
 * `suites` names the suites a run may be limited to, `--only SUITE` (also `--grep=…`, `--only=…`).
 * Returns { only, grep, build }.
 */
function parseRunArgs(argv, suites = []) {
  const opts = { only: undefined, grep: undefined, build: true };
  const valued = suites.length ? ['--grep', '--only'] : ['--grep'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = valued.find((v) => a === v || a.startsWith(`${v}=`));
    if (name) opts[name.slice(2)] = a === name ? argv[++i] : a.slice(name.length + 1);
    else if (a === '--no-build') opts.build = false;
    else throw new StepError('arguments', `unknown argument ${a}`);
  }
  if (opts.only && !suites.includes(opts.only)) throw new StepError('arguments', `--only takes ${suites.join(' or ')}, not ${opts.only}`);
  return opts;
}

/** The fewest tests suite `kind` may run (test/floors.json, the one place they are kept). */
function floorOf(kind) {
  const floor = JSON.parse(fs.readFileSync(path.join(paths.root, 'test', 'floors.json'), 'utf8'))[kind];
  if (!Number.isInteger(floor) || floor < 1) throw new StepError('floors', `test/floors.json has no floor for '${kind}'`);
  return floor;
}

/** Why a suite's run fails: errors, failures, skipped tests, no tests, fewer than its floor. */
function problemsOf(r, opts) {
  const problems = [];
  const ran = r.stats.passes + r.stats.failures;
  // A filtered run (--grep) is a choice to run fewer; the floor is for full runs.
  if (!opts.grep && ran > 0 && ran < floorOf(r.kind)) problems.push(`${r.kind}: only ${ran} tests ran; test/floors.json expects at least ${floorOf(r.kind)}`);
  if (r.stats.pending > 0) problems.push(`${r.kind}: ${r.stats.pending} pending (skipped) tests`);
  if (r.error) problems.push(`${r.kind} runner error: ${r.error.message || r.error}`);
  if (r.stats.failures > 0) problems.push(`${r.kind}: ${r.stats.failures} failing`);
  if (ran === 0) problems.push(`${r.kind}: no test ran`);
  return problems;
}

function summaryLine(r) {
  const s = r.stats;
  const line = `${r.kind} (VS Code ${r.version}): ${s.passes} passing, ${s.failures} failing${s.pending ? `, ${s.pending} pending` : ''}`;
  return s.failures === 0 && s.passes > 0 && !r.error ? paint('32', line) : paint('31', line);
}

function printFailures(r) {
  (r.tests || [])
    .filter((t) => t.state === 'failed')
    .forEach((t, i) => {
      console.log(paint('31', `  ${i + 1}) ${t.fullTitle}`));
      const err = t.error || {};
      console.log(`     ${String(err.message || 'failed').split('\n').join('\n     ')}`);
      if (err.expected !== undefined || err.actual !== undefined) console.log(`     expected: ${err.expected}\n     actual:   ${err.actual}`);
      const frames = String(err.stack || '')
        .split('\n')
        .filter((l) => /^\s+at /.test(l) && !/node_modules[\\/]mocha/.test(l))
        .slice(0, 4);
      if (frames.length) console.log(frames.map((l) => `     ${l.trim()}`).join('\n'));
    });
  if (r.error) console.log(paint('31', `  runner error: ${r.error.message}\n${r.error.stack || ''}`));
}

/**
 * Runs `suites` ([kind, fn] pairs; `opts.only` picks one) one after the other — a suite that
 * could not run still lets the next one run — prints each summary and returns the exit code:
 * 0 only when every suite ran at least its floor with no failure, skip or runner error.
 */
async function runSuites(name, suites, opts, t0) {
  const results = [];
  const errors = [];
  for (const [kind, fn] of suites) {
    if (opts.only && opts.only !== kind) continue;
    try {
      const r = await fn(opts);
      results.push(r);
      console.log(summaryLine(r));
      printFailures(r);
    } catch (e) {
      if (isStopping()) await new Promise(() => {}); // the signal handler exits
      errors.push(e);
      console.error(paint('31', `[${name}] ${kind} suite did not complete: ${e.message}`));
      if (e.details) console.error(String(e.details));
    }
  }
  const problems = [...errors.map((e) => e.message), ...results.flatMap((r) => problemsOf(r, opts))];
  console.log('');
  for (const r of results) console.log(summaryLine(r));
  log(`finished in ${formatMs(Date.now() - t0)}`);
  if (problems.length) console.log(paint('31', `[${name}] FAILED: ${problems.join('; ')}`));
  // Plain closing line (combined count; a suite that could not run counts as one failure).
  const passed = results.reduce((n, r) => n + r.stats.passes, 0);
  const failed = results.reduce((n, r) => n + r.stats.failures, 0) + errors.length;
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  return problems.length ? 1 : 0;
}

module.exports = { parseRunArgs, floorOf, problemsOf, summaryLine, printFailures, runSuites };
