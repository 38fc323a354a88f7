// Lookups on the syntax tree shared by the language service and the editor adapters.
import type { Statement, SyntaxTree } from './ast';

/** The statement spanning `line` (binary search: statements are in source order and do not overlap). */
export function statementOnLine(tree: SyntaxTree, line: number): Statement | undefined {
  const list = tree.statements;
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = list[mid].range;
    if (r.end.line < line) lo = mid + 1;
    else if (r.start.line > line) hi = mid - 1;
    else return list[mid];
  }
  return undefined;
}
