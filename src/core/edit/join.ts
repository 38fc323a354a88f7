// Fewer, larger edits that make the same text. Apply Trained Weights on 100k weight lines made
// 101,770 one-number edits, 10.8 MB of JSON from the server to the extension host and on to
// VS Code's renderer; joined, the same change is one edit of 2.3 MB. On the 784-128-10
// matrices Apply took 3.3-4.4 s with the rows joined instead of 7.0 (docs/editor.md).
import { comparePosition } from '../types';
import { lineStarts, offsetAt, type TextEdit } from '../service/text';

/** Neighbouring edits are joined only when the text between them is at most this long. */
export const JOIN_GAP_LIMIT = 1000;

/**
 * `edits` (non-overlapping, in any order) joined into fewer edits that make the same text: two
 * neighbours become one edit that also writes back, unchanged, the text between them, when that
 * text is short (`JOIN_GAP_LIMIT`). Overlapping edits are left as they are. The result is
 * sorted by position.
 *
 * What lies inside a replaced range (a cursor, a breakpoint) is the editor's to keep: VS Code
 * keeps both where they were (tested in test/integration/gradients.test.ts).
 */
export function joinEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  if (edits.length < 2) return [...edits];
  const sorted = [...edits].sort((a, b) => comparePosition(a.range.start, b.range.start) || comparePosition(a.range.end, b.range.end));
  const starts = lineStarts(text);
  const joined: TextEdit[] = [];
  let group = sorted[0];
  let parts: string[] = [group.newText];
  const close = (): void => {
    joined.push(parts.length === 1 ? group : { range: group.range, newText: parts.join('') });
  };
  for (let i = 1; i < sorted.length; i++) {
    const next = sorted[i];
    const from = offsetAt(text, group.range.end, starts);
    const to = offsetAt(text, next.range.start, starts);
    if (to >= from && to - from <= JOIN_GAP_LIMIT) {
      parts.push(text.slice(from, to), next.newText);
      group = { range: { start: group.range.start, end: next.range.end }, newText: '' };
    } else {
      close();
      group = next;
      parts = [next.newText];
    }
  }
  close();
  return joined;
}
