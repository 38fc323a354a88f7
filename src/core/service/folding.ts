// Folding ranges: multi-line matrices, runs of weight lines of one layer pair, runs of samples,
// blocks of comment lines, and `# region` … `# endregion` markers.
import type { ServiceDocument } from './document';
import { linesOf } from './document';
import { nameIndex } from './names';
import { LayerPairs } from './layer-pairs';
import { firstLineOf, lastLineOf } from '../syntax/query';

export interface FoldingRange {
  /** The line that stays visible. */
  readonly startLine: number;
  /** The last line hidden. */
  readonly endLine: number;
  readonly kind?: 'comment' | 'region';
}

const REGION_START = /^\s*#\s*region\b/;
const REGION_END = /^\s*#\s*endregion\b/;

export function foldingRanges(doc: ServiceDocument): FoldingRange[] {
  const lines = linesOf(doc);
  const { tree } = doc.result;
  const index = nameIndex(doc.result);
  const ranges: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: FoldingRange['kind']): void => {
    if (endLine > startLine) ranges.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };

  // Lines holding only blanks or a comment (between the statements of a run).
  const isFiller = (line: number): boolean => {
    const t = lines[line]?.trim() ?? '';
    return t === '' || (t.startsWith('#') && !REGION_START.test(t) && !REGION_END.test(t));
  };
  const onlyFillerBetween = (a: number, b: number): boolean => {
    for (let l = a + 1; l < b; l++) if (!isFiller(l)) return false;
    return true;
  };

  // Runs of statements of one kind (weight lines: of one layer pair).
  let run: { key: number; first: number; last: number } | undefined;
  const closeRun = (): void => {
    if (run) add(run.first, run.last);
    run = undefined;
  };
  // Each name's layer, looked up once (100k weight lines name ~1,000 nodes; without it folding took 0.2–0.6 s).
  const pairs = new LayerPairs(index);
  /** The run key of samples (weight lines: their layer pair's, ≥ 0). */
  const SAMPLES = -2;
  for (const s of tree.statements) {
    if (s.kind === 'weights' && s.value.kind === 'matrix') {
      const m = s.value;
      const start = s.range.start.line;
      const closeLine = m.close?.start.line ?? m.range.end.line;
      // Keep a `]` alone on its line visible, as editors do for brackets.
      const closeAlone = m.close !== undefined && lines[closeLine].slice(0, m.close.start.character).trim() === '';
      add(start, closeAlone ? closeLine - 1 : closeLine);
    }
    let key: number | undefined;
    if (s.kind === 'weight') {
      const pair = pairs.keyOf(s);
      key = pair < 0 ? undefined : pair;
    } else if (s.kind === 'sample') key = SAMPLES;
    const line = firstLineOf(s);
    const oneLine = lastLineOf(s) === line;
    if (key !== undefined && run && run.key === key && onlyFillerBetween(run.last, line) && oneLine) {
      run.last = line;
      continue;
    }
    closeRun();
    if (key !== undefined && oneLine) run = { key, first: line, last: line };
  }
  closeRun();

  // Comment blocks: two or more consecutive lines holding only a comment (region markers excluded).
  const commentLines = new Set<number>();
  for (const c of tree.comments) {
    const line = c.range.start.line;
    if (lines[line].slice(0, c.range.start.character).trim() === '' && !REGION_START.test(c.text) && !REGION_END.test(c.text)) commentLines.add(line);
  }
  for (let l = 0; l < lines.length; l++) {
    if (!commentLines.has(l)) continue;
    let end = l;
    while (commentLines.has(end + 1)) end++;
    add(l, end, 'comment');
    l = end;
  }

  // Regions.
  const open: number[] = [];
  lines.forEach((text, l) => {
    if (REGION_START.test(text)) open.push(l);
    else if (REGION_END.test(text) && open.length) add(open.pop()!, l, 'region');
  });

  return ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
