// Joining edits (what Apply and Step send VS Code): the same text with fewer edits, neighbours
// far apart and overlapping edits left alone.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { check, joinEdits, JOIN_GAP_LIMIT, weightEdits } from '../../../src/core';
import { applyEdits, type TextEdit } from '../../../src/core/service/text';

const edit = (line: number, from: number, to: number, newText: string): TextEdit => ({ range: { start: { line, character: from }, end: { line, character: to } }, newText });

/** Five weight lines and the edits that rewrite their values. */
const LINES = ['I1 -> H1 = 0.1', 'I1 -> H2 = 0.2', '# a comment', 'I2 -> H1 = 0.3', 'I2 -> H2 = 0.4', 'H1 -> O1 = 0.5'];
const TEXT = LINES.join('\n');
const EDITS = [edit(0, 11, 14, '1.5'), edit(1, 11, 14, '-2'), edit(3, 11, 14, '0.25'), edit(4, 11, 14, '7'), edit(5, 11, 14, '0')];

describe('joinEdits', () => {
  it('joins neighbouring edits into one that writes back the text between them', () => {
    const joined = joinEdits(TEXT, EDITS);
    assert.deepEqual(joined, [{ range: { start: { line: 0, character: 11 }, end: { line: 5, character: 14 } }, newText: '1.5\nI1 -> H2 = -2\n# a comment\nI2 -> H1 = 0.25\nI2 -> H2 = 7\nH1 -> O1 = 0' }]);
    assert.equal(applyEdits(TEXT, joined), applyEdits(TEXT, EDITS));
  });

  it('leaves edits far apart, and overlapping ones, as they are', () => {
    const far = `a = 1\n${'#'.repeat(JOIN_GAP_LIMIT)}\nb = 2`;
    const edits = [edit(0, 4, 5, '3'), edit(2, 4, 5, '4')];
    assert.deepEqual(joinEdits(far, edits), edits);
    const near = `a = 1\n${'#'.repeat(JOIN_GAP_LIMIT - 10)}\nb = 2`;
    assert.equal(joinEdits(near, edits).length, 1);
    const overlapping = [edit(0, 0, 3, 'x'), edit(0, 2, 5, 'y')];
    assert.deepEqual(joinEdits('abcdef', overlapping), overlapping);
  });

  it('sorts edits given in any order, and passes zero or one edit through', () => {
    assert.equal(applyEdits(TEXT, joinEdits(TEXT, [...EDITS].reverse())), applyEdits(TEXT, EDITS));
    assert.deepEqual(joinEdits(TEXT, []), []);
    assert.deepEqual(joinEdits(TEXT, [EDITS[1]]), [EDITS[1]]);
  });

  it('keeps CRLF text between the edits as it was', () => {
    const crlf = LINES.join('\r\n');
    const joined = joinEdits(crlf, EDITS);
    assert.equal(joined.length, 1);
    assert.equal(applyEdits(crlf, joined), applyEdits(crlf, EDITS));
    assert.match(joined[0].newText, /\r\n/);
  });

  it('writes a trained network the same way as the edits it joins (XOR, weight lines and a matrix)', () => {
    const text = ['network xor', 'layer input I1 I2 bias', 'layer hidden H1 H2 sigmoid bias', 'layer output O1 sigmoid', 'I1 -> H1 = 0.1', 'I1 -> H2 = 0.2', 'I2 -> H1 = 0.3', 'I2 -> H2 = 0.4', 'B1 -> H1 = 0.5', 'B1 -> H2 = 0.6', 'weights hidden -> output = [', '  0.7 0.8 0.9', ']', 'sample 0 1 -> 1'].join('\n');
    const result = check(text);
    assert.equal(result.hasErrors, false, JSON.stringify(result.diagnostics));
    const weights = result.network!.weights.map((m) => m.values.map((w) => w * 2 + 0.125));
    const edits = weightEdits(text, result.network!, weights);
    const joined = joinEdits(text, edits);
    assert.ok(joined.length < edits.length, `${joined.length} of ${edits.length}`);
    const written = check(applyEdits(text, joined));
    assert.deepEqual(written.network!.weights.map((m) => Array.from(m.values)), weights.map((w) => Array.from(w)));
  });

  it('property: the same text, in one edit when the text between the edits is short', () => {
    const line = fc.stringMatching(/^[a-z0-9 =.#-]{0,12}$/);
    const caseArb = fc
      .record({ lines: fc.array(line, { minLength: 1, maxLength: 12 }), eol: fc.constantFrom('\n', '\r\n'), picks: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.stringMatching(/^[0-9.\n-]{0,4}$/)), { maxLength: 10 }) })
      .map(({ lines, eol, picks }) => {
        // Non-overlapping edits: at most one per line, a range within the line.
        const used = new Set<number>();
        const edits: TextEdit[] = [];
        for (const [l, a, b, newText] of picks) {
          const at = l % lines.length;
          if (used.has(at)) continue;
          used.add(at);
          const n = lines[at].length;
          const from = n === 0 ? 0 : a % (n + 1);
          const to = from + (n - from === 0 ? 0 : b % (n - from + 1));
          edits.push(edit(at, from, to, newText));
        }
        return { text: lines.join(eol), edits };
      });
    fc.assert(
      fc.property(caseArb, ({ text, edits }) => {
        const joined = joinEdits(text, edits);
        assert.equal(applyEdits(text, joined), applyEdits(text, edits));
        // Here every gap is short (at most 12 lines of 12 characters), so every neighbour joins.
        if (edits.length > 0) assert.equal(joined.length, 1);
      }),
      { numRuns: 1000, seed: 20261201 },
    );
  });
});
