// What the user points at: the statement on a line, and the node or weight under a position.
import { nodeRefName } from '../core/model/build';
import type { LayerStatement, MatrixRow, Position, Range, Statement, SyntaxTree, WeightsStatement } from '../core';

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

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

export const refName = nodeRefName;

export type Target =
  | { readonly kind: 'weight'; readonly from: string; readonly to: string; readonly range: Range }
  | { readonly kind: 'node'; readonly name: string; readonly range: Range }
  | { readonly kind: 'matrix-entry'; readonly statement: WeightsStatement; readonly row: number; readonly column: number; readonly range: Range };

/** The node or weight at a position: a weight line, a matrix entry, or a node name on a layer line. */
export function targetAt(tree: SyntaxTree, p: Position): Target | undefined {
  const s = statementOnLine(tree, p.line);
  if (!s || !contains(s.range, p)) return undefined;
  switch (s.kind) {
    case 'weight':
      if (contains(s.from.range, p)) return { kind: 'node', name: refName(s.from), range: s.from.range };
      if (contains(s.to.range, p)) return { kind: 'node', name: refName(s.to), range: s.to.range };
      return { kind: 'weight', from: refName(s.from), to: refName(s.to), range: s.range };
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
    if (spec.kind === 'single' && contains(spec.range, p)) return { kind: 'node', name: spec.name.text, range: spec.range };
  }
  if (s.bias?.name && contains(s.bias.name.range, p)) return { kind: 'node', name: s.bias.name.text, range: s.bias.name.range };
  return undefined;
}

function matrixEntryAt(s: WeightsStatement, rows: readonly MatrixRow[], p: Position): Target | undefined {
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r].values;
    for (let c = 0; c < values.length; c++) {
      if (contains(values[c].range, p)) return { kind: 'matrix-entry', statement: s, row: r, column: c, range: values[c].range };
    }
  }
  return undefined;
}
