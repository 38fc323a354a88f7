import * as assert from 'node:assert/strict';
import type { Range } from '../../../src/core';
import { comparePosition, documentSymbols, foldingRanges, type DocumentSymbol } from '../../../src/core/service';
import { MAX_LISTED_SYMBOLS } from '../../../src/core/service/symbols';
import { lineRange } from '../helpers';
import { doc, r, rangeOn, readExample, text } from './helpers';

const XOR = readExample('heaton-xor.nnet');
const MATRIX = readExample('matrix.nnet');
const DIGITS = readExample('digits.nnet');

function inside(inner: Range, outer: Range): boolean {
  return comparePosition(outer.start, inner.start) <= 0 && comparePosition(inner.end, outer.end) <= 0;
}

/** VS Code rejects symbols whose selection is outside their range; children should sit inside their parent. */
function assertWellFormed(symbols: readonly DocumentSymbol[], parent?: DocumentSymbol): void {
  for (const s of symbols) {
    assert.ok(inside(s.selectionRange, s.range), `${s.name}: selection outside range`);
    if (parent) assert.ok(inside(s.range, parent.range), `${s.name} outside ${parent.name}`);
    assertWellFormed(s.children, s);
  }
}

function shape(s: DocumentSymbol): unknown {
  return s.children.length ? [s.name, s.kind, s.detail, s.children.map(shape)] : [s.name, s.kind, s.detail];
}

describe('language service: document symbols', () => {
  it('lists weight lines and samples one by one up to MAX_LISTED_SYMBOLS, above that only says how many', () => {
    const n = 40;
    const lines = [`layer input x[${n}]`, `layer output y[${n}] sigmoid`];
    for (let j = 1; j <= n; j++) for (let i = 1; i <= n; i++) lines.push(`x${i} -> y${j} = 0.1`);
    for (let k = 0; k < MAX_LISTED_SYMBOLS + 1; k++) lines.push(`sample ${Array.from({ length: n }, () => '0').join(' ')} -> ${Array.from({ length: n }, () => '1').join(' ')}`);
    assert.ok(n * n > MAX_LISTED_SYMBOLS);
    const network = documentSymbols(doc(lines.join('\n') + '\n'))[0];
    const weights = network.children.find((c) => c.kind === 'weights')!;
    assert.equal(weights.detail, '1600 weight lines (not listed one by one)');
    assert.deepEqual(weights.children, []);
    const samples = network.children.find((c) => c.kind === 'samples')!;
    assert.equal(samples.detail, '1001 samples (not listed one by one)');
    assert.deepEqual(samples.children, []);
    assertWellFormed([network]);
    // One below the limit: listed.
    const small = [`layer input x[10]`, `layer output y[10] sigmoid`];
    for (let j = 1; j <= 10; j++) for (let i = 1; i <= 10; i++) small.push(`x${i} -> y${j} = 0.1`);
    assert.equal(documentSymbols(doc(small.join('\n') + '\n'))[0].children.find((c) => c.kind === 'weights')!.children.length, 100);
  });

  it('outlines the XOR example: network → settings, layers → nodes, weights by layer pair, samples', () => {
    const symbols = documentSymbols(doc(XOR));
    assertWellFormed(symbols);
    assert.equal(symbols.length, 1);
    const root = symbols[0];
    assert.deepEqual([root.name, root.kind, root.detail], ['xor', 'network', '3 layers, heaton convention']);
    assert.deepEqual(root.selectionRange, rangeOn(XOR, 1, 'xor'));
    assert.deepEqual(root.range, r(0, 0, 25, 0));
    assert.deepEqual(root.children.map(shape), [
      ['convention', 'setting', 'heaton'],
      ['input', 'layer', '2 nodes · bias B1', [['I1', 'node', 'node'], ['I2', 'node', 'node'], ['B1', 'bias', 'bias node']]],
      ['hidden', 'layer', '2 nodes · sigmoid · bias B2', [['H1', 'node', 'node'], ['H2', 'node', 'node'], ['B2', 'bias', 'bias node']]],
      ['output', 'layer', '1 node · sigmoid', [['O1', 'node', 'node']]],
      [
        'input → hidden',
        'weights',
        '6 weight lines',
        [
          ['I1 → H1', 'weight', '-0.07'],
          ['I2 → H1', 'weight', '0.22'],
          ['B1 → H1', 'weight', '-0.46'],
          ['I1 → H2', 'weight', '0.94'],
          ['I2 → H2', 'weight', '0.46'],
          ['B1 → H2', 'weight', '0.10'],
        ],
      ],
      ['hidden → output', 'weights', '3 weight lines', [['H1 → O1', 'weight', '-0.22'], ['H2 → O1', 'weight', '0.58'], ['B2 → O1', 'weight', '0.78']]],
      ['loss', 'setting', 'mse'],
      ['train', 'setting', 'backprop rate 0.7 momentum 0.3 online epochs 10000 until 0.01'],
      ['samples', 'samples', '4 samples', [['1 0 → 1', 'sample', 'sample 1 (active by default)'], ['0 0 → 0', 'sample', 'sample 2'], ['0 1 → 1', 'sample', 'sample 3'], ['1 1 → 0', 'sample', 'sample 4']]],
    ]);
    const input = root.children[1];
    assert.deepEqual([input.range, input.selectionRange], [lineRange(XOR, 4), rangeOn(XOR, 4, 'input')]);
    const pair = root.children[4];
    assert.deepEqual(pair.range, r(8, 0, 13, 16));
    assert.deepEqual(pair.children[0].selectionRange, r(8, 0, 8, 8));
    assert.deepEqual(root.children[8].range, r(21, 0, 24, 15));
  });

  it('shows matrices, initialisers, node arrays, default bias names and data', () => {
    const matrix = documentSymbols(doc(MATRIX))[0];
    assertWellFormed([matrix]);
    assert.deepEqual(matrix.children.slice(4, 6).map(shape), [
      ['input → hidden', 'weights', 'matrix 2 × 3', [['weights input -> hidden', 'matrix', 'matrix 2 × 3']]],
      ['hidden → output', 'weights', 'matrix 1 × 3', [['weights hidden -> output', 'matrix', 'matrix 1 × 3']]],
    ]);
    assert.deepEqual(matrix.children[4].range, r(9, 0, 12, 1));

    const digits = documentSymbols(doc(DIGITS))[0];
    assertWellFormed([digits]);
    assert.deepEqual(digits.children.map(shape), [
      ['input', 'layer', '64 nodes', [['x[64]', 'array', 'nodes x1 … x64']]],
      ['hidden', 'layer', '32 nodes · relu · bias B2', [['h[32]', 'array', 'nodes h1 … h32'], ['B2', 'bias', 'bias node (named by default)']]],
      ['output', 'layer', '10 nodes · softmax', [['y[10]', 'array', 'nodes y1 … y10']]],
      ['input → hidden', 'weights', 'init he seed 7', [['weights x -> h', 'matrix', 'init he seed 7']]],
      ['hidden → output', 'weights', 'init xavier seed 7', [['weights h -> y', 'matrix', 'init xavier seed 7']]],
      ['loss', 'setting', 'crossentropy'],
      ['train', 'setting', 'adam rate 0.001 batch 32 epochs 20'],
      ['"digits.csv"', 'data', 'inputs 1..64 targets 65..74'],
    ]);
    assert.deepEqual(digits.children[1].children[1].selectionRange, rangeOn(DIGITS, 4, 'bias'));
  });

  it('groups weight lines by pair wherever they are, and unresolved ones apart', () => {
    const source = text('layer a p q', 'layer b s', 'p -> s = 1', 'Z -> s = 3', 'q -> s = 2', 'sample 1 2 -> 3');
    const root = documentSymbols(doc(source))[0];
    assertWellFormed([root]);
    assert.equal(root.name, 'network');
    assert.deepEqual(root.selectionRange, r(0, 6, 0, 7)); // the first layer's name
    assert.deepEqual(root.children.slice(2, 4).map(shape), [
      ['a → b', 'weights', '2 weight lines', [['p → s', 'weight', '1'], ['q → s', 'weight', '2']]],
      ['weights with unknown names', 'weights', '1 weight line', [['Z → s', 'weight', '3']]],
    ]);
    assert.deepEqual(root.children[2].range, r(2, 0, 4, 10));
  });

  it('returns nothing for an empty or comment-only file', () => {
    assert.deepEqual(documentSymbols(doc('')), []);
    assert.deepEqual(documentSymbols(doc('# just a note\n')), []);
  });
});

describe('language service: folding ranges', () => {
  it('folds runs of weight lines per layer pair and runs of samples', () => {
    assert.deepEqual(foldingRanges(doc(XOR)), [
      { startLine: 8, endLine: 13 },
      { startLine: 14, endLine: 16 },
      { startLine: 21, endLine: 24 },
    ]);
  });

  it('folds a matrix up to the line before a `]` of its own, and comment blocks', () => {
    assert.deepEqual(foldingRanges(doc(MATRIX)), [
      { startLine: 0, endLine: 1, kind: 'comment' },
      { startLine: 9, endLine: 11 },
      { startLine: 18, endLine: 21 },
    ]);
    const closedOnRow = text('layer a p q', 'layer b s t', 'weights a -> b = [', '  1 2', '  3 4 ]');
    assert.deepEqual(foldingRanges(doc(closedOnRow)), [{ startLine: 2, endLine: 4 }]);
  });

  it('keeps a run across blank and comment lines, and breaks it at another pair or statement', () => {
    const source = text(
      'layer a p q', //   0
      'layer b s', //     1
      'layer c u', //     2
      'p -> s = 1', //    3
      '', //              4
      '# q next', //      5
      'q -> s = 2', //    6
      's -> u = 3', //    7
      'B -> u = 4', //    8 (unknown: not part of a run)
      'Z -> u = 5', //    9
      'sample 1 2 -> 3', // 10
      'loss mse', //      11
      'sample 1 2 -> 3', // 12
    );
    assert.deepEqual(foldingRanges(doc(source)), [{ startLine: 3, endLine: 6 }]);
  });

  it('folds # region … # endregion, nested, and not the markers as comments', () => {
    const source = text('# region layers', '# region input', 'layer a p', '# endregion', 'layer b s', '#endregion', '# one', '# two');
    assert.deepEqual(foldingRanges(doc(source)), [
      { startLine: 0, endLine: 5, kind: 'region' },
      { startLine: 1, endLine: 3, kind: 'region' },
      { startLine: 6, endLine: 7, kind: 'comment' },
    ]);
  });
});
