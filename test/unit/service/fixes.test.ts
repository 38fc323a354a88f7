import * as assert from 'node:assert/strict';
import { format, type Diagnostic } from '../../../src/core';
import { codeFixes, codeFixesInRange, MAX_EXPLICIT_WEIGHTS, type CodeFix } from '../../../src/core/service';
import { apply, assertNoErrors, doc, linesOf, r, rangeOn, readExample, text, withoutLines } from './helpers';

const XOR = readExample('heaton-xor.nnet');
/** XOR without I1 -> H2, I2 -> H2, B1 -> H2 (lines 11-13) and H2 -> O1 (line 15). */
const PARTIAL = withoutLines(XOR, 11, 12, 13, 15);
const MISSING = 'nnet/missing-weight';

function diagnostics(source: string, code: string): Diagnostic[] {
  return doc(source).result.diagnostics.filter((d) => d.code === code);
}

function only(source: string, code: string): Diagnostic {
  const found = diagnostics(source, code);
  assert.equal(found.length, 1, `${code}: ${found.map((d) => d.message).join('; ')}`);
  return found[0];
}

function fix(source: string, d: Diagnostic, title: string | RegExp): CodeFix {
  const list = codeFixes(doc(source), d);
  const found = list.find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
  assert.ok(found, `no fix ${String(title)} among ${list.map((f) => f.title).join(' | ')}`);
  return found;
}

/** Applies the fix and checks the diagnostic it was for is gone. */
function applyFix(source: string, d: Diagnostic, title: string | RegExp): string {
  const f = fix(source, d, title);
  assert.ok(f.diagnostics.includes(d) || f.diagnostics.some((x) => x.code === d.code), 'the fix names its diagnostic');
  const fixed = apply(source, f.edits);
  const still = doc(fixed).result.diagnostics.filter((x) => x.code === d.code && x.message === d.message);
  assert.deepEqual(still, [], `still reported after '${f.title}'`);
  return fixed;
}

describe('language service: quick fix for missing weights', () => {
  const [inputHidden, hiddenOutput] = diagnostics(PARTIAL, MISSING);

  it('offers an init line and explicit 0 lines, the lines preferred when some weights are written', () => {
    assert.deepEqual(
      codeFixes(doc(PARTIAL), inputHidden).map((f) => [f.title, f.isPreferred]),
      [
        ["Add 'weights input -> hidden = init xavier seed 1'", false],
        ['Add 3 weight lines input → hidden with 0: I1 -> H2, I2 -> H2, B1 -> H2', true],
      ],
    );
    assert.deepEqual(
      codeFixes(doc(PARTIAL), hiddenOutput).map((f) => [f.title, f.isPreferred]),
      [
        ["Add 'weights hidden -> output = init xavier seed 1'", false],
        ["Add 'H2 -> O1 = 0'", true],
      ],
    );
  });

  it('inserts the 0 lines after the pair’s last weight line, aligned as the formatter aligns them', () => {
    const fixed = applyFix(PARTIAL, inputHidden, /^Add 3 weight lines/);
    assert.deepEqual(linesOf(fixed).slice(8, 15), [
      'I1 -> H1 = -0.07',
      'I2 -> H1 =  0.22',
      'B1 -> H1 = -0.46',
      'I1 -> H2 =  0',
      'I2 -> H2 =  0',
      'B1 -> H2 =  0',
      'H1 -> O1 = -0.22',
    ]);
    const both = applyFix(fixed, only(fixed, MISSING), "Add 'H2 -> O1 = 0'");
    assertNoErrors(both);
    assert.equal(format(both), both, 'the fixed file is already formatted');
  });

  it('follows the neighbour’s columns, and aligns among themselves when there is no neighbour', () => {
    const wide = text('layer in a bb', 'layer out o', 'bb   ->   o   =    1.5', 'sample 1 2 -> 3');
    const fixed = applyFix(wide, only(wide, MISSING), "Add 'a -> o = 0'");
    assert.equal(linesOf(fixed)[3], 'a -> o        =    0');
    const none = text('layer in a bb', 'layer out o', '', 'sample 1 2 -> 3');
    const lines = applyFix(none, only(none, MISSING), /^Add 2 weight lines/);
    assert.deepEqual(linesOf(lines).slice(0, 6), ['layer in a bb', 'layer out o', '', 'a -> o  = 0', 'bb -> o = 0', '']);
  });

  it('adds an init line (he for relu layers), preferred when nothing of the pair is written, after the layers', () => {
    const source = text('layer in a b', 'layer mid h[3] relu', 'layer out o', '', 'sample 1 2 -> 3');
    const [first] = diagnostics(source, MISSING);
    const f = fix(source, first, "Add 'weights in -> mid = init he seed 1'");
    assert.equal(f.isPreferred, true);
    assert.deepEqual(f.edits, [{ range: r(2, 11, 2, 11), newText: '\n\nweights in -> mid = init he seed 1' }]);
    const once = applyFix(source, first, "Add 'weights in -> mid = init he seed 1'");
    const second = only(once, MISSING);
    const twice = applyFix(once, second, "Add 'weights mid -> out = init xavier seed 1'");
    assert.equal(twice, text('layer in a b', 'layer mid h[3] relu', 'layer out o', '', 'weights in -> mid = init he seed 1', 'weights mid -> out = init xavier seed 1', '', 'sample 1 2 -> 3'));
    assertNoErrors(twice);
  });

  it('an init next to written lines keeps them (they override it) and clears the error', () => {
    const fixed = applyFix(PARTIAL, inputHidden, "Add 'weights input -> hidden = init xavier seed 1'");
    assert.equal(linesOf(fixed)[11], 'weights input -> hidden = init xavier seed 1');
    assert.deepEqual(diagnostics(fixed, 'nnet/duplicate-weight'), []);
  });

  it('uses the document’s line breaks and inserts at the end of a last line without one', () => {
    const crlf = 'layer in a\r\nlayer out o\r\nsample 1 -> 1';
    const fixed = applyFix(crlf, only(crlf, MISSING), "Add 'a -> o = 0'");
    assert.equal(fixed, 'layer in a\r\nlayer out o\r\n\r\na -> o = 0\r\nsample 1 -> 1');
  });

  it(`offers only the init for more than ${MAX_EXPLICIT_WEIGHTS} missing weights`, () => {
    const big = text('layer in x[64]', 'layer out y[32]', 'sample 1 -> 1');
    const d = diagnostics(big, MISSING)[0];
    assert.deepEqual(
      codeFixes(doc(big), d).map((f) => f.title),
      ["Add 'weights in -> out = init xavier seed 1'"],
    );
  });
});

describe('language service: "did you mean" quick fixes', () => {
  it('renames an unknown node to the nearest one', () => {
    const source = `${PARTIAL.trimEnd()}\nI1 -> Hx2 = 0.94\n`;
    const d = only(source, 'nnet/unknown-node');
    const f = fix(source, d, "Change 'Hx2' to 'H2'");
    assert.equal(f.isPreferred, true);
    assert.deepEqual(f.edits, [{ range: rangeOn(source, 21, 'Hx2'), newText: 'H2' }]);
    const fixed = applyFix(source, d, "Change 'Hx2' to 'H2'");
    assert.equal(linesOf(fixed)[21], 'I1 -> H2 = 0.94');
  });

  it('keeps the bracket form of an array reference', () => {
    const source = text('layer in x[3]', 'layer out y', 'x[2] -> y = 1', 'x[3] -> y = 1', 'x[4] -> y = 1', 'sample 1 2 3 -> 1');
    const d = only(source, 'nnet/unknown-node');
    // The model suggests the first name within reach (x1), written here as x[1].
    const fixed = applyFix(source, d, "Change 'x[4]' to 'x[1]'");
    assert.equal(linesOf(fixed)[4], 'x[1] -> y = 1');
    assertNoErrors(fixed);
  });

  it('fixes misspelt layers, activations, losses, conventions, init and train methods, options and keywords', () => {
    const cases: [string, string, string, string][] = [
      [readExample('matrix.nnet').replace('weights input -> hidden', 'weights inpt -> hidden'), 'nnet/unknown-layer', 'inpt', 'input'],
      [XOR.replace('H2  sigmoid', 'H2  sigmod '), 'nnet/unknown-activation', 'sigmod', 'sigmoid'],
      [XOR.replace('loss mse', 'loss ms'), 'nnet/unknown-loss', 'ms', 'mse'],
      [XOR.replace('convention heaton', 'convention heatn'), 'nnet/unknown-convention', 'heatn', 'heaton'],
      [readExample('digits.nnet').replace('init he', 'init hee'), 'nnet/unknown-init-method', 'hee', 'he'],
      [XOR.replace('train backprop', 'train backprob'), 'nnet/unknown-train-method', 'backprob', 'backprop'],
      [XOR.replace('momentum 0.3', 'momentun 0.3'), 'nnet/unknown-option', 'momentun', 'momentum'],
      [XOR.replace('loss mse', 'los mse'), 'nnet/unknown-statement', 'los', 'loss'],
    ];
    for (const [source, code, written, suggestion] of cases) {
      const d = only(source, code);
      const fixed = applyFix(source, d, `Change '${written}' to '${suggestion}'`);
      assert.deepEqual(
        doc(fixed).result.diagnostics.filter((x) => x.severity === 'error').map((x) => x.code),
        code === 'nnet/unknown-layer' || code === 'nnet/unknown-init-method' ? diagnostics(fixed, 'nnet/data-file').map((x) => x.code) : [],
        code,
      );
    }
  });

  it('offers nothing when there is no suggestion', () => {
    const source = `${XOR.trimEnd()}\nI1 -> Zebra = 1\n`;
    assert.deepEqual(codeFixes(doc(source), only(source, 'nnet/unknown-node')), []);
    const statement = `${XOR.trimEnd()}\nwhatever\n`;
    assert.deepEqual(codeFixes(doc(statement), only(statement, 'nnet/unknown-statement')), []);
  });
});

describe('language service: quick fix for sample arity', () => {
  it('pads and truncates both sides of the sample in one fix', () => {
    const source = `${XOR.trimEnd()}\nsample 1 -> 1 0\n`;
    const ds = diagnostics(source, 'nnet/sample-arity');
    assert.equal(ds.length, 2);
    for (const d of ds) {
      const f = fix(source, d, 'Fix the sample (2 inputs -> 1 target): add 1 input (0), drop 1 extra target');
      assert.equal(f.isPreferred, true);
      assert.deepEqual(f.diagnostics, ds);
      const fixed = apply(source, f.edits);
      assert.equal(linesOf(fixed)[25], 'sample 1 0 -> 1');
      assertNoErrors(fixed);
    }
  });

  it('fills an empty side after the keyword or the arrow', () => {
    const source = `${XOR.trimEnd()}\nsample -> 1\nsample 1 1 ->\n`;
    const [noInputs, noTargets] = diagnostics(source, 'nnet/sample-arity');
    assert.equal(linesOf(apply(source, fix(source, noInputs, /^Fix the sample/).edits))[25], 'sample 0 0 -> 1');
    assert.equal(linesOf(apply(source, fix(source, noTargets, /^Fix the sample/).edits))[26], 'sample 1 1 -> 0');
  });

  it('fixes every sample at once when several are wrong', () => {
    const source = `${XOR.trimEnd()}\nsample 1 -> 1\nsample 1 0 1 -> 0\n`;
    const d = diagnostics(source, 'nnet/sample-arity')[0];
    const f = fix(source, d, 'Fix all 2 samples with the wrong number of values');
    assert.equal(f.isPreferred, false);
    const fixed = apply(source, f.edits);
    assert.deepEqual(linesOf(fixed).slice(25, 27), ['sample 1 0 -> 1', 'sample 1 0 -> 0']);
    assertNoErrors(fixed);
  });
});

describe('language service: code fixes for an editor', () => {
  it('matches an editor’s diagnostic (code and range, no data) to the document’s own', () => {
    const source = `${XOR.trimEnd()}\nsample 1 -> 1\n`;
    const own = only(source, 'nnet/sample-arity');
    const fromEditor: Diagnostic = { code: own.code, range: own.range, message: own.message, severity: 'error' };
    assert.equal(codeFixes(doc(source), fromEditor).length, 1);
  });

  it('collects the fixes of every diagnostic in a range, once each', () => {
    const source = `${XOR.trimEnd()}\nsample 1 -> 1 0\n`;
    const line = { start: { line: 25, character: 0 }, end: { line: 25, character: 15 } };
    assert.deepEqual(
      codeFixesInRange(doc(source), line).map((f) => f.title),
      ['Fix the sample (2 inputs -> 1 target): add 1 input (0), drop 1 extra target'],
    );
    assert.deepEqual(codeFixesInRange(doc(XOR), line), []);
  });

  it('has no fix for diagnostics it does not know', () => {
    const source = `${XOR.trimEnd()}\nI1 -> H1 = 5\n`;
    assert.deepEqual(codeFixes(doc(source), only(source, 'nnet/duplicate-weight')), []);
  });
});
