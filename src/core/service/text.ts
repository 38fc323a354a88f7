// Plain-text helpers shared by the language service: positions, lines, edits.
// Positions follow the core's rules (zero-based lines and UTF-16 characters; a leading BOM is
// not counted on line 0).
import { comparePosition, type Position, type Range } from '../types';

/** Replace `range` of the text with `newText` (LSP style). An insertion has an empty range. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export function position(line: number, character: number): Position {
  return { line, character };
}

export { comparePosition };

/** Whether `p` lies in `r`, both ends included (a cursor just after a word is on the word). */
export function containsPosition(r: Range, p: Position): boolean {
  return comparePosition(r.start, p) <= 0 && comparePosition(p, r.end) <= 0;
}

export function rangesEqual(a: Range, b: Range): boolean {
  return comparePosition(a.start, b.start) === 0 && comparePosition(a.end, b.end) === 0;
}

/** The lines of `text` without their line breaks (LF, CRLF or CR); a leading BOM is dropped. */
export function splitLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n|\r|\n/);
}

export { detectEol } from '../syntax/format';

/** Offsets of line starts in `text` (BOM included in the text, excluded from line 0's characters). */
export function lineStarts(text: string): number[] {
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The offset of a position in `text`, clamped to the text. */
export function offsetAt(text: string, p: Position, starts: readonly number[] = lineStarts(text)): number {
  if (p.line < 0) return starts[0];
  if (p.line >= starts.length) return text.length;
  const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] : text.length;
  return Math.min(starts[p.line] + Math.max(0, p.character), lineEnd);
}

/**
 * Applies non-overlapping edits (in any order) and returns the new text. Edits at the same
 * position apply in the order given.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStarts(text);
  const located = edits
    .map((e, order) => ({ from: offsetAt(text, e.range.start, starts), to: offsetAt(text, e.range.end, starts), newText: e.newText, order }))
    .sort((a, b) => a.from - b.from || a.to - b.to || a.order - b.order);
  let out = '';
  let at = 0;
  for (const e of located) {
    if (e.to < e.from) throw new RangeError('an edit ends before it starts');
    if (e.from < at) throw new RangeError('edits overlap');
    out += text.slice(at, e.from) + e.newText;
    at = e.to;
  }
  return out + text.slice(at);
}
