// What the user points at: the statement on a line, and the node or weight under a position.
import { nodeRefName as refName } from '../model/build';
import { statementOnLine } from '../syntax/query';
import type { LayerStatement, MatrixRow, SyntaxTree, WeightsStatement } from '../syntax/ast';
import type { Position, Range } from '../types';
import { containsPosition } from './text';

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
      if (containsPosition(s.from.range, p)) return { kind: 'node', name: refName(s.from), range: s.from.range };
      if (containsPosition(s.to.range, p)) return { kind: 'node', name: refName(s.to), range: s.to.range };
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
    if (spec.kind === 'single' && containsPosition(spec.range, p)) return { kind: 'node', name: spec.name.text, range: spec.range };
  }
  if (s.bias?.name && containsPosition(s.bias.name.range, p)) return { kind: 'node', name: s.bias.name.text, range: s.bias.name.range };
  return undefined;
}

function matrixEntryAt(s: WeightsStatement, rows: readonly MatrixRow[], p: Position): Target | undefined {
  for (let r = 0; r < rows.length; r++) {
    const values = rows[r].values;
    for (let c = 0; c < values.length; c++) {
      if (containsPosition(values[c].range, p)) return { kind: 'matrix-entry', statement: s, row: r, column: c, range: values[c].range };
    }
  }
  return undefined;
}
