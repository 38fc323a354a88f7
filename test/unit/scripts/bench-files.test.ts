// The benchmarks' hover positions (bench:server, bench:editor) must land on weights: a
// `weights A -> B = [` statement line is not one (it once stopped bench:editor's matrices case).
import * as assert from 'node:assert/strict';
import { hoverPositions, matrixFile, weightLineFile } from '../../../scripts/bench-files';
import { check, targetAt } from '../../../src/core';

const SHAPE = { inputs: 6, hidden: 4, outputs: 3, bias: true };

describe('bench files: hover positions', () => {
  for (const file of [weightLineFile('weight lines', SHAPE), matrixFile('matrices', SHAPE)]) {
    it(`every position of the ${file.name} file is on a weight`, () => {
      const tree = check(file.text).tree;
      const positions = hoverPositions(file.text, 20);
      assert.equal(positions.length, 20);
      for (const p of positions) {
        const target = targetAt(tree, p);
        assert.ok(target && (target.kind === 'weight' || target.kind === 'matrix-entry'), `a weight at ${p.line + 1}:${p.character + 1}, got ${target?.kind}`);
      }
    });
  }

  it('spreads over both layer pairs of the matrices file', () => {
    const file = matrixFile('matrices', SHAPE);
    const lines = new Set(hoverPositions(file.text, 20).map((p) => p.line));
    const secondPair = file.text.split('\n').findIndex((l) => l.startsWith('weights hidden'));
    assert.ok([...lines].some((l) => l < secondPair) && [...lines].some((l) => l > secondPair));
  });
});
