// Weight lines read in bulk (weight-scan.ts) against the token path (`parse(text, {
// scanWeightLines: false })`): on random runs of weight lines, plain and not, the two trees
// (statements, comments, diagnostics, line count: every range, name and value, through
// `plainTree`) and the two checks' diagnostics must be the same.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse } from '../../../src/core/syntax/parser';
import { buildModel } from '../../../src/core/model/build';
import { plainTree } from '../helpers';

const name = fc.oneof(
  fc.constantFrom('x1', 'h1', 'y_2', 'B1', '_a9', 'node12345', 'test', 'fixed', 'layer', 'weights', 'a-b', 'xé', 'é', 'x'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,6}$/),
);
const value = fc.oneof(
  fc.constantFrom('0', '-0', '0.0123', '-0.5', '1.2345678901234567', '12345678901234567890.5', '-99999999999999999', '00.10', '1e3', '1.5e-3', '+1', '.5', '1.', '1..2', '12abc', '1.5.3', '-', ''),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer({ min: -99999, max: 99999 }).map((n) => (n / 10000).toFixed(4)),
);
const blank = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
const tail = fc.constantFrom('', ' ', '\t', ' # comment', '#c', ' fixed', ' fixed # c', ' ;', ' ]', ' x', '\u00a0', ' # é ->');
const breakChars = fc.constantFrom('\n', '\r\n', '\r');

/** A line: mostly a weight line (plain or not), sometimes blank, a comment, or another statement. */
const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(blank, name, blank, fc.constantFrom('->', '- >', '=>'), blank, name, blank, fc.constantFrom('=', '==', ''), blank, value, tail).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.tuple(blank, fc.constantFrom('', '# a comment', '#')).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.constantFrom('x[3] -> h1 = 0.5', 'x1 -> h[2] = 1', 'layer input x[2]', 'weights x -> h = [', '  0.5 0.25', ']', 'sample 1 0 -> 1') },
);

const text = fc
  .tuple(fc.boolean(), fc.array(fc.tuple(line, breakChars), { maxLength: 12 }), fc.boolean())
  .map(([bom, lines, lastBreak]) => {
    const body = lines.map(([l, b]) => l + b).join('');
    const cut = lastBreak || lines.length === 0 ? body : body.slice(0, body.length - lines[lines.length - 1][1].length);
    return (bom ? '\ufeff' : '') + cut;
  });

function assertSamePaths(source: string): void {
  const scanned = parse(source);
  const tokens = parse(source, { scanWeightLines: false });
  assert.deepEqual(plainTree(scanned), plainTree(tokens), JSON.stringify(source));
  assert.deepEqual(buildModel(scanned).diagnostics, buildModel(tokens).diagnostics, JSON.stringify(source));
}

describe('weight lines read in bulk', () => {
  it('give the tree and the diagnostics the token path gives, on random weight lines', () => {
    fc.assert(
      fc.property(text, (source) => assertSamePaths(source)),
      { numRuns: 1500, seed: 20261201 },
    );
  });

  it('give the same when the text is cut anywhere', () => {
    fc.assert(
      fc.property(text, fc.nat(), (source, at) => assertSamePaths(source.slice(0, source.length ? at % (source.length + 1) : 0))),
      { numRuns: 600, seed: 20261201 },
    );
  });

  it('read plain weight lines among CRLF, blank and comment lines as written', () => {
    const source = 'layer input x[2]\nlayer output y[1]\nx1 -> y1 = 0.5\r\nx2->y1=-0 # c\r\n\n# only a comment\n  \tx2 -> y1 = 0.25\n';
    const tree = parse(source);
    const weights = tree.statements.filter((s) => s.kind === 'weight');
    assert.equal(weights.length, 3);
    assert.deepEqual(
      weights.map((w) => [w.range.start.line, w.from.name, w.to.name, w.value.text, w.value.value]),
      [
        [2, 'x1', 'y1', '0.5', 0.5],
        [3, 'x2', 'y1', '-0', -0],
        [6, 'x2', 'y1', '0.25', 0.25],
      ],
    );
    assert.deepEqual(
      tree.comments.map((c) => [c.text, c.range.start.line, c.range.start.character]),
      [
        ['# c', 3, 10],
        ['# only a comment', 5, 0],
      ],
    );
    assert.equal(tree.lineCount, 8);
    assertSamePaths(source);
  });
});
