// One call from text to everything the tools need.
import { countLines, parse } from './syntax/parser';
import type { SyntaxTree } from './syntax/ast';
import { buildModel } from './model/build';
import type { BuildOptions, ModelResult } from './model/network';
import { makeDiagnostic } from './diagnostics';
import type { Diagnostic } from './types';
import { formatCount, MAX_TEXT_CHARS } from './limits';

export interface CheckResult extends ModelResult {
  readonly tree: SyntaxTree;
}

/** The `nnet/too-large` diagnostic for a text over MAX_TEXT_CHARS (at the start of the file), or undefined. */
export function textTooLarge(text: string): Diagnostic | undefined {
  if (text.length <= MAX_TEXT_CHARS) return undefined;
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const message = `the file has ${formatCount(text.length)} characters; the limit is ${formatCount(MAX_TEXT_CHARS)} (put samples in a CSV file named by a 'data' line)`;
  return makeDiagnostic('tooLarge', at, message);
}

/** Parses and validates `.nnet` text. Never throws; a text over MAX_TEXT_CHARS is refused unparsed. */
export function check(text: string, options: BuildOptions = {}): CheckResult {
  const tooLarge = textTooLarge(text);
  if (tooLarge) {
    // The tree of a huge file would take many times its size: refused before tokenising.
    const tree: SyntaxTree = { statements: [], comments: [], diagnostics: [], lineCount: countLines(text) };
    return { tree, diagnostics: [tooLarge], hasErrors: true };
  }
  const tree = parse(text);
  return { tree, ...buildModel(tree, options) };
}
