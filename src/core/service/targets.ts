// What the user points at: the statement on a line, and the node or weight under a position.
import { nodeRefName } from '../model/build';
import { statementOnLine } from '../syntax/query';
import type { LayerStatement, MatrixRow, SyntaxTree, WeightsStatement } from '../syntax/ast';
import type { Position, Range } from '../types';
import { comparePosition, containsPosition } from './text';

export type Target =
  | { readonly kind: 'weight'; readonly from: string; readonly to: string; readonly range: Range }
  | { readonly kind: 'node'; readonly name: string; readonly range: Range }
  | { readonly kind: 'matrix-entry'; readonly statement: WeightsStatement; readonly row: number; readonly column: number; readonly range: Range };

/** The node or weight at a position: a weight line, a matrix entry, or a node name on a layer line. */
export function targetAt(tree: SyntaxTree, p: Position): Target | undefined {
  const s = statementOnLine(tree, p.line);
  if (!s || !containsPosition(s.range, p)) return undefined;
  switch (s.kind) {
    case 'weight':
      if (containsPosition(s.from.range, p)) return { kind: 'node', name: nodeRefName(s.from), range: s.from.range };
      if (containsPosition(s.to.range, p)) return { kind: 'node', name: nodeRefName(s.to), range: s.to.range };
      return { kind: 'weight', from: nodeRefName(s.from), to: nodeRefName(s.to), range: s.range };
    case 'layer':
      return layerNodeAt(s, p);
    case 'weights':
      if (s.value.kind !== 'matrix') return undefined;
      return matrixEntryAt(s, s.value.rows, p);
    default:
      return undefined;
  }
}

function layerNodeAt(s: LayerStatement, p: Position): Target | undefined {
  for (const spec of s.nodes) {
    if (spec.kind === 'single' && containsPosition(spec.range, p)) return { kind: 'node', name: spec.name.text, range: spec.range };
  }
  if (s.bias?.name && containsPosition(s.bias.name.range, p)) return { kind: 'node', name: s.bias.name.text, range: s.bias.name.range };
  return undefined;
}

/** The entry at `p`: the rows are in text order, so the row is found by binary search and only its numbers are read (not 100k of them). */
function matrixEntryAt(s: WeightsStatement, rows: readonly MatrixRow[], p: Position): Target | undefined {
  // The first row that does not end before p.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (comparePosition(rows[mid].range.end, p) < 0) lo = mid + 1;
    else hi = mid;
  }
  for (let r = lo; r < rows.length && comparePosition(rows[r].range.start, p) <= 0; r++) {
    const values = rows[r].values;
    for (let c = 0; c < values.length; c++) {
      if (containsPosition(values[c].range, p)) return { kind: 'matrix-entry', statement: s, row: r, column: c, range: values[c].range };
    }
  }
  return undefined;
}
