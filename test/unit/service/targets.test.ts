// targetAt on matrix entries: the row found by binary search is the one a scan of every entry finds.
import * as assert from 'node:assert/strict';
import { check, targetAt } from '../../../src/core';
import type { WeightsStatement } from '../../../src/core/syntax/ast';

// Rows on their own lines, two rows on one line (`;`), a comment and a blank line between rows, a one-line matrix.
const SOURCE = `layer input  I1 I2 I3       bias B1
layer hidden H1 H2 H3 H4 sigmoid bias B2
layer output O1 O2   sigmoid
weights input -> hidden = [
  0.1  -0.2 0.3 0.4   # H1
  1 2 3 4 ; 5 6 7 8

  # a comment between rows
  -1.5e-3 2 3 4]
weights hidden -> output = [1 2 3 4 5; 6 7 8 9 10]
sample 1 0 1 -> 1 0
`;

describe('service/targets', () => {
  it('a matrix entry at every position of the file is the one a scan of all entries finds', () => {
    const tree = check(SOURCE).tree;
    const matrices = tree.statements.filter((s): s is WeightsStatement => s.kind === 'weights' && s.value.kind === 'matrix');
    assert.equal(matrices.length, 2);
    const lines = SOURCE.split('\n');
    let entries = 0;
    for (let line = 0; line < lines.length; line++) {
      for (let character = 0; character <= lines[line].length; character++) {
        const p = { line, character };
        // The reference: every entry of every row, in order.
        let expected: { row: number; column: number } | undefined;
        for (const s of matrices) {
          if (s.value.kind !== 'matrix') continue;
          s.value.rows.forEach((row, r) =>
            row.values.forEach((v, c) => {
              const inside = (v.range.start.line < line || (v.range.start.line === line && v.range.start.character <= character)) && (line < v.range.end.line || (line === v.range.end.line && character <= v.range.end.character));
              if (inside && !expected) expected = { row: r, column: c };
            }),
          );
        }
        const got = targetAt(tree, p);
        if (got?.kind === 'matrix-entry') {
          assert.deepEqual({ row: got.row, column: got.column }, expected, `at ${line}:${character}`);
          entries++;
        } else assert.equal(expected, undefined, `at ${line}:${character}: ${JSON.stringify(got)}`);
      }
    }
    assert.ok(entries > 40, `${entries} positions on entries`);
  });
});
