import * as assert from 'node:assert/strict';
import { check } from '../../../src/core';
import {
  definitionAt,
  highlightsAt,
  nameIndex,
  prepareRename,
  referencesAt,
  renameAt,
  type RenameResult,
} from '../../../src/core/service';
import { lineRange } from '../helpers';
import { apply, at, codes, doc, linesOf, r, rangeOn, readExample, text } from './helpers';

const XOR = readExample('heaton-xor.nnet');
const MATRIX = readExample('matrix.nnet');

// Node arrays, an implicit bias (B2) and `weights` naming layers by their arrays.
const ARRAYS = text(
  'layer input x[3]', //             0
  'layer hidden h[2] relu bias', //  1
  'layer output y[1] sigmoid', //    2
  'x1 -> h1 = 0.1', //               3
  'x[2] -> h[1] = 0.2', //           4
  'x3 -> h1 = 0.3', //               5
  'weights h -> y = init xavier seed 1', // 6
  'B2 -> y1 = 0.5', //               7
  'sample 1 2 3 -> 1', //            8
);

function edits(result: RenameResult) {
  assert.ok('edits' in result, `rename refused: ${'reason' in result ? result.reason : ''}`);
  return result.edits;
}

function reason(result: RenameResult | ReturnType<typeof prepareRename>): string {
  assert.ok('reason' in result, `expected a refusal, got ${JSON.stringify(result)}`);
  return result.reason;
}

describe('language service: name index', () => {
  it('agrees with the model on every node of the examples (names, declaring words, layers)', () => {
    for (const name of ['heaton-xor.nnet', 'matrix.nnet', 'digits.nnet']) {
      const result = check(readExample(name));
      const index = nameIndex(result);
      assert.ok(result.network, name);
      for (const layer of result.network.layers) {
        for (const node of [...layer.nodes, ...(layer.bias ? [layer.bias] : [])]) {
          const found = index.node(node.name);
          assert.ok(found, `${name}: ${node.name}`);
          assert.deepEqual([found.name, found.range, found.layer, found.isBias], [node.name, node.range, layer.index, node.isBias], `${name}: ${node.name}`);
        }
      }
    }
  });

  it('resolves x12 to element 12 of x[…], element 2 of x1[…] or element 1 of x12[…] as the first declaration wins', () => {
    const index = nameIndex(check(text('layer a x[20]', 'layer b x1[5] x12[1]', 'layer c q')));
    assert.equal(index.node('x12')?.array?.base, 'x');
    assert.equal(index.node('x13')?.array?.base, 'x');
    assert.equal(index.node('x15')?.array?.base, 'x');
    assert.equal(index.node('x121')?.array?.base, 'x12'); // element 1 of x12[1]
    assert.equal(index.node('x122'), undefined);
    assert.equal(index.node('x0'), undefined);
    assert.equal(index.node('x01'), undefined);
    const later = nameIndex(check(text('layer a x1[5]', 'layer b x[20]', 'layer c q')));
    assert.equal(later.node('x12')?.array?.base, 'x1');
    assert.equal(later.node('x16')?.array?.base, 'x');
  });

  it('names the implicit bias as the model does: B<position>, or LAYER_bias when that is taken', () => {
    const index = nameIndex(check(text('layer input B2 I2', 'layer hidden H1 bias', 'layer output O1')));
    assert.equal(index.node('hidden_bias')?.isBias, true);
    assert.deepEqual(index.node('hidden_bias')?.range, rangeOn(text('layer input B2 I2', 'layer hidden H1 bias'), 1, 'bias'));
    assert.equal(index.node('B2')?.isBias, false);
  });

  it('works on a document the model cannot build (one layer)', () => {
    const source = text('layer input I1 I2', 'I1 -> H1 = 1');
    const d = doc(source);
    assert.equal(d.result.network, undefined);
    assert.deepEqual(
      referencesAt(d, at(source, 1, 'I1')).map((x) => x.range),
      [rangeOn(source, 0, 'I1'), rangeOn(source, 1, 'I1')],
    );
  });
});

describe('language service: definition', () => {
  const d = doc(XOR);

  it('goes from a node use to its name in the layer line', () => {
    assert.deepEqual(definitionAt(d, at(XOR, 10, 'B1', 1)), {
      originRange: rangeOn(XOR, 10, 'B1'),
      targetRange: lineRange(XOR, 4),
      targetSelectionRange: rangeOn(XOR, 4, 'B1'),
    });
    // The cursor just after the name still counts.
    assert.deepEqual(definitionAt(d, at(XOR, 14, 'O1', 2))?.targetSelectionRange, rangeOn(XOR, 6, 'O1'));
  });

  it('on a declaration, is the declaration itself', () => {
    assert.deepEqual(definitionAt(d, at(XOR, 5, 'H2'))?.targetSelectionRange, rangeOn(XOR, 5, 'H2'));
    assert.deepEqual(definitionAt(d, at(XOR, 5, 'hidden'))?.targetSelectionRange, rangeOn(XOR, 5, 'hidden'));
  });

  it('goes from x3 and x[2] to the x[3] that declares them, and from a weights alias to its array', () => {
    const a = doc(ARRAYS);
    assert.deepEqual(definitionAt(a, at(ARRAYS, 5, 'x3'))?.targetSelectionRange, rangeOn(ARRAYS, 0, 'x[3]'));
    assert.deepEqual(definitionAt(a, at(ARRAYS, 4, 'x[2]', 3)), {
      originRange: rangeOn(ARRAYS, 4, 'x[2]'),
      targetRange: lineRange(ARRAYS, 0),
      targetSelectionRange: rangeOn(ARRAYS, 0, 'x[3]'),
    });
    assert.deepEqual(definitionAt(a, at(ARRAYS, 6, 'h ->'))?.targetSelectionRange, rangeOn(ARRAYS, 1, 'h[2]'));
  });

  it('goes from an implicit bias use to the `bias` keyword, and from a layer use to the layer name', () => {
    const a = doc(ARRAYS);
    assert.deepEqual(definitionAt(a, at(ARRAYS, 7, 'B2'))?.targetSelectionRange, rangeOn(ARRAYS, 1, 'bias'));
    const m = doc(MATRIX);
    assert.deepEqual(definitionAt(m, at(MATRIX, 9, 'hidden')), {
      originRange: rangeOn(MATRIX, 9, 'hidden'),
      targetRange: lineRange(MATRIX, 6),
      targetSelectionRange: rangeOn(MATRIX, 6, 'hidden'),
    });
  });

  it('has nothing for keywords, numbers, unknown names and blank space', () => {
    const source = `${XOR}I1 -> H9 = 1\n`;
    const u = doc(source);
    assert.equal(definitionAt(u, at(source, 4, 'layer')), undefined);
    assert.equal(definitionAt(u, at(source, 8, '-0.07', 1)), undefined);
    assert.equal(definitionAt(u, at(source, 25, 'H9')), undefined);
    assert.equal(definitionAt(u, { line: 3, character: 0 }), undefined);
  });
});

describe('language service: references and highlights', () => {
  const d = doc(XOR);

  it('finds a node declaration and every use, in order', () => {
    const expected = [rangeOn(XOR, 5, 'H1'), rangeOn(XOR, 8, 'H1'), rangeOn(XOR, 9, 'H1'), rangeOn(XOR, 10, 'H1'), rangeOn(XOR, 14, 'H1')];
    assert.deepEqual(
      referencesAt(d, at(XOR, 14, 'H1')).map((x) => x.range),
      expected,
    );
    assert.deepEqual(
      referencesAt(d, at(XOR, 14, 'H1'), false).map((x) => x.range),
      expected.slice(1),
    );
  });

  it('marks the declaration as a write and uses as reads in highlights', () => {
    assert.deepEqual(highlightsAt(d, at(XOR, 16, 'B2')), [
      { range: rangeOn(XOR, 5, 'B2'), kind: 'write' },
      { range: rangeOn(XOR, 16, 'B2'), kind: 'read' },
    ]);
    assert.deepEqual(highlightsAt(d, at(XOR, 18, 'mse')), []);
  });

  it('treats x3 and x[3] as the same node, declared by x[3]', () => {
    const a = doc(ARRAYS);
    assert.deepEqual(
      referencesAt(a, at(ARRAYS, 4, 'h[1]')).map((x) => x.range),
      [rangeOn(ARRAYS, 1, 'h[2]'), rangeOn(ARRAYS, 3, 'h1'), rangeOn(ARRAYS, 4, 'h[1]'), rangeOn(ARRAYS, 5, 'h1')],
    );
  });

  it('for an array name, finds every node of the array and the weights aliases', () => {
    const a = doc(ARRAYS);
    assert.deepEqual(
      referencesAt(a, at(ARRAYS, 1, 'h[2]')).map((x) => [x.range, x.declaration]),
      [
        [rangeOn(ARRAYS, 1, 'h', 2), true],
        [rangeOn(ARRAYS, 3, 'h1'), false],
        [rangeOn(ARRAYS, 4, 'h[1]'), false],
        [rangeOn(ARRAYS, 5, 'h1'), false],
        [rangeOn(ARRAYS, 6, 'h', 2), false],
      ],
    );
  });

  it('for a layer, finds its declaration and `weights` uses, through its array name too', () => {
    const a = doc(ARRAYS);
    assert.deepEqual(
      referencesAt(a, at(ARRAYS, 1, 'hidden')).map((x) => x.range),
      [rangeOn(ARRAYS, 1, 'hidden'), rangeOn(ARRAYS, 6, 'h', 2)],
    );
    const m = doc(MATRIX);
    assert.deepEqual(
      referencesAt(m, at(MATRIX, 13, 'output')).map((x) => x.range),
      [rangeOn(MATRIX, 7, 'output'), rangeOn(MATRIX, 13, 'output')],
    );
  });

  it('lists every use of an unknown name', () => {
    const source = `${XOR}I1 -> H9 = 1\nH9 -> O1 = 2\n`;
    assert.deepEqual(
      referencesAt(doc(source), at(source, 26, 'H9')).map((x) => x.range),
      [rangeOn(source, 25, 'H9'), rangeOn(source, 26, 'H9')],
    );
  });
});

describe('language service: rename', () => {
  it('renames a node everywhere', () => {
    const d = doc(XOR);
    assert.deepEqual(prepareRename(d, at(XOR, 9, 'I2', 1)), { range: rangeOn(XOR, 9, 'I2'), placeholder: 'I2' });
    const e = edits(renameAt(d, at(XOR, 9, 'I2', 1), 'In2'));
    assert.deepEqual(
      e.map((x) => x.range),
      [rangeOn(XOR, 4, 'I2'), rangeOn(XOR, 9, 'I2'), rangeOn(XOR, 12, 'I2')],
    );
    const renamed = apply(XOR, e);
    assert.equal(linesOf(renamed)[4], 'layer input  I1 In2           bias B1');
    assert.equal(linesOf(renamed)[12], 'In2 -> H2 =  0.46');
    assert.deepEqual(codes(renamed), codes(XOR));
    assert.equal(check(renamed).network?.layers[0].nodes[1].name, 'In2');
  });

  it('renames a layer in its declaration and its weights statements', () => {
    const e = edits(renameAt(doc(MATRIX), at(MATRIX, 6, 'hidden'), 'middle'));
    const renamed = apply(MATRIX, e);
    assert.deepEqual(
      e.map((x) => x.range),
      [rangeOn(MATRIX, 6, 'hidden'), rangeOn(MATRIX, 9, 'hidden'), rangeOn(MATRIX, 13, 'hidden')],
    );
    assert.equal(linesOf(renamed)[9], 'weights input -> middle = [');
    assert.equal(linesOf(renamed)[13], 'weights middle -> output = [-0.22 0.58 0.78]');
    assert.deepEqual(codes(renamed), codes(MATRIX));
  });

  it('renames a node array from any of its nodes: x[3], x1, x[2] and x3 together', () => {
    const d = doc(ARRAYS);
    assert.deepEqual(prepareRename(d, at(ARRAYS, 5, 'x3', 1)), { range: r(5, 0, 5, 1), placeholder: 'x' });
    assert.deepEqual(prepareRename(d, at(ARRAYS, 4, 'x[2]', 2)), { range: r(4, 0, 4, 1), placeholder: 'x' });
    const renamed = apply(ARRAYS, edits(renameAt(d, at(ARRAYS, 5, 'x3', 1), 'inp')));
    assert.deepEqual(linesOf(renamed).slice(0, 6), ['layer input inp[3]', 'layer hidden h[2] relu bias', 'layer output y[1] sigmoid', 'inp1 -> h1 = 0.1', 'inp[2] -> h[1] = 0.2', 'inp3 -> h1 = 0.3']);
    assert.deepEqual(codes(renamed), codes(ARRAYS));
  });

  it('renames an array used as a layer name in `weights` along with its nodes', () => {
    const renamed = apply(ARRAYS, edits(renameAt(doc(ARRAYS), at(ARRAYS, 6, 'h ->'), 'hid')));
    assert.deepEqual(linesOf(renamed).slice(1, 7), [
      'layer hidden hid[2] relu bias',
      'layer output y[1] sigmoid',
      'x1 -> hid1 = 0.1',
      'x[2] -> hid[1] = 0.2',
      'x3 -> hid1 = 0.3',
      'weights hid -> y = init xavier seed 1',
    ]);
    assert.deepEqual(codes(renamed), codes(ARRAYS));
  });

  it('renames an implicit bias by giving the `bias` clause the new name', () => {
    const d = doc(ARRAYS);
    assert.deepEqual(prepareRename(d, at(ARRAYS, 7, 'B2')), { range: rangeOn(ARRAYS, 7, 'B2'), placeholder: 'B2' });
    assert.deepEqual(prepareRename(d, at(ARRAYS, 1, 'bias', 2)), { range: rangeOn(ARRAYS, 1, 'bias'), placeholder: 'B2' });
    const renamed = apply(ARRAYS, edits(renameAt(d, at(ARRAYS, 7, 'B2'), 'hb')));
    assert.equal(linesOf(renamed)[1], 'layer hidden h[2] relu bias hb');
    assert.equal(linesOf(renamed)[7], 'hb -> y1 = 0.5');
    assert.deepEqual(codes(renamed), codes(ARRAYS));
  });

  it('returns no edits when the name does not change', () => {
    assert.deepEqual(renameAt(doc(XOR), at(XOR, 8, 'H1'), 'H1'), { edits: [] });
  });

  it('refuses names that are not identifiers', () => {
    for (const bad of ['', '1x', 'a b', 'H1->', 'x[2]', '-a', 'a-', '#c']) {
      assert.match(reason(renameAt(doc(XOR), at(XOR, 8, 'H1'), bad)), /is not a valid name/, bad);
    }
    // A hyphen joining words and letters beyond ASCII are fine.
    assert.ok('edits' in renameAt(doc(XOR), at(XOR, 8, 'H1'), 'hidden-a'));
    assert.ok('edits' in renameAt(doc(XOR), at(XOR, 8, 'H1'), 'δ1'));
  });

  it('refuses a node name that is taken, a keyword, or an activation at the end of a node list', () => {
    assert.equal(reason(renameAt(doc(XOR), at(XOR, 8, 'H1'), 'H2')), "A node 'H2' already exists (line 6).");
    assert.equal(reason(renameAt(doc(XOR), at(XOR, 8, 'H1'), 'B1')), "A node 'B1' already exists (line 5).");
    assert.match(reason(renameAt(doc(XOR), at(XOR, 8, 'H1'), 'layer')), /'layer' is a keyword/);
    assert.match(reason(renameAt(doc(XOR), at(XOR, 8, 'H1'), 'bias')), /'bias' is a keyword/);
    const source = text('layer input I1', 'layer output O1', 'I1 -> O1 = 1', 'sample 1 -> 1');
    assert.equal(reason(renameAt(doc(source), at(source, 2, 'O1'), 'relu')), "'relu' at the end of the node list would be read as the layer's activation.");
    // With an activation after it, the same name is just a node.
    assert.ok('edits' in renameAt(doc(XOR), at(XOR, 14, 'O1'), 'relu'));
  });

  it('refuses an array name whose nodes would clash with other nodes', () => {
    assert.match(reason(renameAt(doc(ARRAYS), at(ARRAYS, 0, 'x'), 'h')), /would clash with the nodes of h\[2\] \(line 2\): both would have a node 'h1'/);
    const prefix = text('layer a a[12]', 'layer b b[3]', 'layer c q');
    assert.match(reason(renameAt(doc(prefix), at(prefix, 1, 'b', 2), 'a1')), /clash with the nodes of a\[12\].*'a11'/);
    const longer = text('layer a ab1[5]', 'layer b c[20]', 'layer d q');
    assert.match(reason(renameAt(doc(longer), at(longer, 1, 'c'), 'ab')), /clash with the nodes of ab1\[5\].*'ab11'/);
    const single = text('layer a x[3] y2', 'layer b q');
    assert.equal(reason(renameAt(doc(single), at(single, 0, 'x'), 'y')), "The nodes y1…y3 would include 'y2', which already exists.");
    assert.ok('edits' in renameAt(doc(text('layer a x[3] y7', 'layer b q')), { line: 0, character: 8 }, 'y'));
    // No clash: x11, x12 are not nodes of x[3].
    assert.ok('edits' in renameAt(doc(ARRAYS), at(ARRAYS, 1, 'h[2]'), 'x1'));
  });

  it('refuses a layer name that is taken by a layer or by another layer’s array', () => {
    assert.equal(reason(renameAt(doc(XOR), at(XOR, 5, 'hidden'), 'output')), "A layer 'output' already exists (line 7).");
    assert.equal(reason(renameAt(doc(ARRAYS), at(ARRAYS, 2, 'output'), 'x')), "'x' already names layer 'input' (through its node array x[3]).");
    // A layer may take the name of its own array.
    const renamed = apply(ARRAYS, edits(renameAt(doc(ARRAYS), at(ARRAYS, 1, 'hidden'), 'h')));
    assert.equal(linesOf(renamed)[1], 'layer h h[2] relu bias');
    assert.deepEqual(codes(renamed), codes(ARRAYS));
  });

  it('refuses an array rename that would turn a `weights` alias into another layer', () => {
    assert.match(reason(renameAt(doc(ARRAYS), at(ARRAYS, 6, 'h ->'), 'output')), /'weights output -> …' would mean that layer, not 'hidden'/);
  });

  it('refuses unknown names and words that are not names', () => {
    const source = `${XOR}I1 -> H9 = 1\n`;
    assert.equal(reason(prepareRename(doc(source), at(source, 25, 'H9'))), "Unknown node 'H9': nothing declares it, so there is nothing to rename.");
    assert.equal(reason(prepareRename(doc(XOR), at(XOR, 4, 'layer'))), 'Only node and layer names can be renamed.');
    assert.equal(reason(renameAt(doc(XOR), at(XOR, 19, 'rate'), 'x')), 'Only node and layer names can be renamed.');
  });

  it('refuses a rename that would change what the file means (a default bias name taking over)', () => {
    // hidden's bare `bias` is named hidden_bias because B2 is taken; freeing B2 would rename it.
    const source = text('layer input B2 I2', 'layer hidden H1 bias', 'layer output O1', 'B2 -> H1 = 1', 'I2 -> H1 = 1', 'hidden_bias -> O1 = 1', 'H1 -> O1 = 1', 'sample 1 1 -> 1');
    assert.deepEqual(codes(source), []);
    assert.equal(
      reason(renameAt(doc(source), at(source, 3, 'B2'), 'Z')),
      "Renaming to 'Z' would change the network: 1 weight from 'hidden' to 'output' is missing: B2 -> O1; write it or add 'weights hidden -> output = init …' (line 3).",
    );
  });
});
