// Helpers for the language-service tests.
import * as assert from 'node:assert/strict';
import type { Position, Range } from '../../../src/core';
import { applyEdits, serviceDocument, type ServiceDocument, type TextEdit } from '../../../src/core/service';
import { readExample, rangeOn } from '../helpers';

export { rangeOn, readExample };

export function doc(text: string): ServiceDocument {
  return serviceDocument(text);
}

/** Text from lines (joined with LF, ending with one). */
export function text(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The position of the `occurrence`-th `needle` on `line`, moved `offset` characters. */
export function at(source: string, line: number, needle: string, offset = 0, occurrence = 1): Position {
  const r = rangeOn(source, line, needle, occurrence);
  return { line, character: r.start.character + offset };
}

/** The position at the end of `line`. */
export function endOf(source: string, line: number): Position {
  return { line, character: source.split(/\r\n|\r|\n/)[line].length };
}

export function apply(source: string, edits: readonly TextEdit[]): string {
  return applyEdits(source, edits);
}

/** The lines of a text. */
export function linesOf(source: string): string[] {
  return source.split(/\r\n|\r|\n/);
}

/** The example with line `line` (0-based) removed. */
export function withoutLines(source: string, ...drop: number[]): string {
  return linesOf(source)
    .filter((_, i) => !drop.includes(i))
    .join('\n');
}

export function r(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** Diagnostic codes of a text, sorted. */
export function codes(source: string): string[] {
  return serviceDocument(source)
    .result.diagnostics.map((d) => d.code)
    .sort();
}

export function assertNoErrors(source: string): void {
  const errors = serviceDocument(source).result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    errors.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.message}`),
    [],
  );
}
