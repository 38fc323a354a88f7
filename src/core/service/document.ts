// What every language-service function takes: the text and the check result for that text.
import { check, type CheckResult } from '../check';
import type { BuildOptions } from '../model/network';
import type { Statement } from '../syntax/ast';
import { splitLines } from './text';
import { statementOnLine } from '../syntax/query';

export interface ServiceDocument {
  readonly text: string;
  /** `check(text)` (with or without a data reader); must belong to `text`. */
  readonly result: CheckResult;
}

/** Checks `text` and wraps it for the service (tests and the CLI; the editor reuses its cached result). */
export function serviceDocument(text: string, options: BuildOptions = {}): ServiceDocument {
  return { text, result: check(text, options) };
}

const linesCache = new WeakMap<CheckResult, string[]>();

/** The document's lines (cached per check result). */
export function linesOf(doc: ServiceDocument): string[] {
  let lines = linesCache.get(doc.result);
  if (!lines) {
    lines = splitLines(doc.text);
    linesCache.set(doc.result, lines);
  }
  return lines;
}

/** The statement covering `line` (statements are in source order and do not overlap). */
export function statementAt(doc: ServiceDocument, line: number): Statement | undefined {
  return statementOnLine(doc.result.tree, line);
}
