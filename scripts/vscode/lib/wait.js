'use strict';
// The one `waitFor` of the repo's scripts and tests (the harness, the in-host suite and the
// UI suite all use it): polls a condition with a time limit, never sleeps for a fixed time.
// Self-contained (no other module of the harness), because the TypeScript tests import it
// and tsc copies it to out/.

function formatMs(ms) {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
/**
 * Polls `check` (sync or async) until it returns a truthy value, and returns it.
 * Throws `timed out after N s waiting for <what>` otherwise. Errors thrown by `check`
 * count as "not yet" (the last one is named in the timeout's message). `abort()` may
 * return a reason string to stop early.
 * @template T
 * @param {string} what
 * @param {() => T | PromiseLike<T>} check
 * @param {{ timeoutMs?: number, intervalMs?: number, abort?: () => string | undefined | false }} [options]
 * @returns {Promise<Exclude<Awaited<T>, undefined | null | false | 0 | ''>>}
 */
async function waitFor(what, check, { timeoutMs = 30000, intervalMs = 100, abort } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      lastError = e;
    }
    const reason = abort && abort();
    if (reason) throw new Error(`stopped waiting for ${what}: ${reason}`);
    if (Date.now() >= deadline) {
      const why = lastError ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${formatMs(timeoutMs)} waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

module.exports = { waitFor, formatMs };
