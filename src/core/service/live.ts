// Checking as the editor does it, live on every version: the checker up to MAX_LIVE_TEXT_CHARS,
// above that one clear error and nothing else. The language server and the extension host's
// on-demand checks (training, graph panel) share this, so both say the same about a huge file.
import { check, type CheckResult } from '../check';
import { formatCount, MAX_LIVE_TEXT_CHARS } from '../limits';
import type { BuildOptions } from '../model/network';
import { countLines } from '../syntax/parser';

export function liveCheck(text: string, options: BuildOptions = {}): CheckResult {
  return text.length > MAX_LIVE_TEXT_CHARS ? tooLargeForLive(text) : check(text, options);
}

/**
 * The result for a document too large to check live: no tree, no network (so no lenses, hovers
 * or training) and one error that says why. `nnet check` in a terminal still checks the file.
 */
function tooLargeForLive(text: string): CheckResult {
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const message = `this file has ${formatCount(text.length)} characters; live checking, lenses and hovers stop at ${formatCount(MAX_LIVE_TEXT_CHARS)} to keep the editor responsive (run 'nnet check' in a terminal to check it)`;
  return {
    tree: { statements: [], comments: [], diagnostics: [], lineCount: countLines(text) },
    diagnostics: [{ code: 'nnet/too-large', severity: 'error', range: at, message }],
    hasErrors: true,
  };
}
