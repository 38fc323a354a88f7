// Lookups on the syntax tree shared by the language service and the editor adapters.
import type { Statement, SyntaxTree } from './ast';
import { WeightLine } from './compact';

/** The line a statement starts on (a weight line's without making its range object: outline and folding read 100k of them per edit). */
export function firstLineOf(s: Statement): number {
  return s instanceof WeightLine ? s.line : s.range.start.line;
}

/** The line a statement ends on (see firstLineOf). */
export function lastLineOf(s: Statement): number {
  return s instanceof WeightLine ? s.line : s.range.end.line;
}

/** The statement spanning `line` (binary search: statements are in source order and do not overlap). */
export function statementOnLine(tree: SyntaxTree, line: number): Statement | undefined {
  const list = tree.statements;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lastLineOf(list[mid]) < line) lo = mid + 1;
    else if (firstLineOf(list[mid]) > line) hi = mid - 1;
    else return list[mid];
  }
  return undefined;
}
