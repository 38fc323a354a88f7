// Matrix numbers read in bulk (TokenStream.readNumbers into MatrixNumbers, rows as views of
// chunks) against independent readings: the tokens the lexer gives one by one (`tokenize`),
// and a split-and-Number reading of the text's lines.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lex, NONE, tokenize, type NumberSink } from '../../../src/core/syntax/lexer';
import { parse } from '../../../src/core/syntax/parser';
import { NumberRow } from '../../../src/core/syntax/rows';
import type { MatrixExpression, NumberLiteral } from '../../../src/core/syntax/ast';
import { check } from '../../../src/core/check';

/** What a reader saw of one number: its line, characters, value and spelling. */
type Seen = [line: number, start: number, end: number, value: number, text: string];

class Collect implements NumberSink {
  readonly seen: Seen[] = [];
  constructor(private readonly text: string) {}
  add(line: number, lineOffset: number, start: number, end: number, value: number): void {
    this.seen.push([line, start, end, value, this.text.slice(lineOffset + start, lineOffset + end)]);
  }
}

/** The first matrix of `text`. */
function matrixOf(text: string): MatrixExpression {
  for (const s of parse(text).statements) if (s.kind === 'weights' && s.value.kind === 'matrix') return s.value;
  throw new Error('no matrix');
}

/** Rows as [line, literals] with the literals as plain [text, value, start, end]. */
function rowsOf(m: MatrixExpression): [number, [string, number, number, number][]][] {
  return m.rows.map((r) => [r.range.start.line, r.values.map((v: NumberLiteral) => [v.text, v.value, v.range.start.character, v.range.end.character])]);
}

/**
 * The rows of a matrix whose lines hold only numbers separated by spaces, tabs or `;`, read
 * without the lexer: split each line, find each word in it, `Number` it.
 */
function splitReading(text: string, firstLine: number, lastLine: number): [number, [string, number, number, number][]][] {
  const lines = text.split(/\r\n|\n|\r/);
  const rows: [number, [string, number, number, number][]][] = [];
  for (let line = firstLine; line <= lastLine; line++) {
    let at = 0;
    for (const part of lines[line].split(';')) {
      const row: [string, number, number, number][] = [];
      for (const word of part.split(/[ \t]+/)) {
        if (word === '') continue;
        const start = lines[line].indexOf(word, at);
        at = start + word.length;
        row.push([word, Number(word), start, at]);
      }
      at += 1; // the `;`
      if (row.length) rows.push([line, row]);
    }
  }
  return rows;
}

/** Numbers as a trained file writes them, and the spellings only the one-by-one lexer reads. */
const plain = fc.oneof(
  fc.integer({ min: -99999, max: 99999 }).map(String),
  fc.double({ min: -10, max: 10, noNaN: true }).map((x) => x.toFixed(4)),
  fc.stringMatching(/^-?[0-9]{1,20}\.[0-9]{1,20}$/),
);
const other = fc.constantFrom('1e-3', '-2.5E+2', '+1', '.5', '-.25', '5.', '0.1e1', '-0');
const number = fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: other });
const space = fc.constantFrom(' ', '  ', '\t', ' \t ');

describe('matrix numbers read in bulk', () => {
  it('readNumbers hands over the same numbers as the lexer one by one, and leaves the stream where it would be', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(space, number), { minLength: 1, maxLength: 40 }), fc.constantFrom('', '\n2', ' ]', ';3', '# c', '\r\n4', ' x', '12abc', ' 1..2', '=1'), fc.nat(3), (words, tail, lead) => {
        const text = `${'\n'.repeat(lead)}${words.map(([s, n]) => `${s}${n}`).join('')}${tail}`;
        const tokens = tokenize(text);
        const first = tokens.findIndex((t) => t.kind !== 'newline');
        const stream = lex(text);
        for (let i = 0; i < first; i++) stream.kind(i);
        if (stream.kind(first) !== 1 /* K.Number */) return;
        const sink = new Collect(text);
        const after = stream.readNumbers(first, sink);
        let expected = first;
        while (expected < tokens.length && tokens[expected].kind === 'number') expected++;
        assert.equal(after, expected, text);
        const one = tokens.slice(first, expected).map((t): Seen => [t.line, t.start, t.end, Number(t.text), t.text]);
        assert.equal(sink.seen.length, one.length, text);
        sink.seen.forEach((s, k) => {
          assert.deepEqual([...s.slice(0, 3), s[4]], [...one[k].slice(0, 3), one[k][4]], `${JSON.stringify(text)} number ${k}`);
          assert.ok(Object.is(s[3], one[k][3]), `${JSON.stringify(text)}: ${s[3]} vs ${one[k][3]}`);
        });
        // The tokens after the run, and the ones it read, are the lexer's.
        for (let i = after; i < tokens.length; i++) assert.deepEqual(stream.token(i), tokens[i], `${JSON.stringify(text)} token ${i}`);
        assert.equal(stream.kind(tokens.length), NONE);
        assert.equal(stream.lineCount, text.split(/\r\n|\n|\r/).length);
      }),
      { numRuns: 1500, seed: 20261201 },
    );
  });

  it('matrix rows equal a split-and-Number reading of their lines (values, spellings, positions)', () => {
    const row = fc.array(fc.tuple(space, number), { minLength: 1, maxLength: 12 }).map((ws) => ws.map(([s, n]) => `${s}${n}`).join(''));
    fc.assert(
      fc.property(fc.array(fc.array(row, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 30 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const body = lines.map((parts) => parts.join(' ;'));
        const text = ['weights a -> b = [', ...body, ']', 'loss mse'].join(eol);
        const m = matrixOf(text);
        assert.ok(m.close, text);
        const got = rowsOf(m);
        const want = splitReading(text, 1, body.length);
        assert.equal(got.length, want.length, text);
        got.forEach((r, k) => {
          assert.equal(r[0], want[k][0]);
          assert.deepEqual(
            r[1].map(([t, , s, e]) => [t, s, e]),
            want[k][1].map(([t, , s, e]) => [t, s, e]),
            `row ${k} of ${JSON.stringify(text)}`,
          );
          r[1].forEach(([t, v], c) => assert.ok(Object.is(v, want[k][1][c][1]), `${t}: ${v}`));
          const nr = m.rows[k];
          assert.ok(nr instanceof NumberRow);
          assert.deepEqual(Array.from(nr.numbers), r[1].map(([, v]) => v));
          assert.deepEqual([Array.from(nr.starts), Array.from(nr.ends)], [r[1].map(([, , s]) => s), r[1].map(([, , , e]) => e)]);
        });
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('keeps rows whole across chunks: long rows, many rows, a row longer than a chunk, damaged rows between', () => {
    const value = (r: number, c: number): string => (((r * 7919 + c * 104729) % 20001) / 10000 - 1).toFixed(4);
    const shapes: [rows: number, columns: number][] = [
      [300, 785],
      [2, 20_000],
      [1, 40_000],
      [5000, 3],
    ];
    for (const [rows, columns] of shapes) {
      const lines: string[] = [];
      for (let r = 0; r < rows; r++) lines.push(`  ${Array.from({ length: columns }, (_, c) => value(r, c)).join(' ')}`);
      // A damaged row in the middle: reported, kept as literals, and the rows after it still right.
      const damagedAt = rows >> 1;
      lines.splice(damagedAt, 0, ` 1 2 oops 3`);
      const text = `weights a -> b = [\n${lines.join('\n')}\n]\n`;
      const tree = parse(text);
      assert.equal(tree.diagnostics.length, 1, `${rows}×${columns}`);
      const m = matrixOf(text);
      assert.equal(m.rows.length, rows + 1);
      for (let r = 0; r <= rows; r++) {
        const row = m.rows[r];
        if (r === damagedAt) {
          assert.ok(row.damaged);
          assert.deepEqual(row.values.map((v) => v.text), ['1', '2']);
          continue;
        }
        const source = r < damagedAt ? r : r - 1;
        assert.ok(row instanceof NumberRow, `row ${r}`);
        assert.equal(row.count, columns);
        for (const c of [0, 1, columns >> 1, columns - 1]) {
          const spelled = value(source, c);
          assert.equal(row.textAt(c), spelled, `row ${r} column ${c}`);
          assert.equal(row.numberAt(c), Number(spelled));
          assert.equal(row.numbers[c], Number(spelled));
          const start = 2 + c * 7 + countNegativeBefore(source, c, value);
          assert.deepEqual(row.rangeAt(c), { start: { line: r + 1, character: start }, end: { line: r + 1, character: start + spelled.length } });
        }
      }
    }
  });

  it('check fills the weights from the rows (values by position, a non-finite value reported at its place)', () => {
    const text = ['layer in a b', 'layer out y', 'weights in -> out = [', '  0.5 -0.25', ']', ''].join('\n');
    const result = check(text);
    assert.deepEqual(Array.from(result.network!.weights[0].values), [0.5, -0.25]);
    const huge = check(text.replace('-0.25', '1e999'));
    const d = huge.diagnostics.find((x) => x.severity === 'error');
    assert.ok(d, 'a non-finite weight is an error');
    assert.deepEqual(d.range, { start: { line: 3, character: 6 }, end: { line: 3, character: 11 } });
  });
});

/** Minus signs in the numbers before column c of a row (each `-x.xxxx` is one character longer). */
function countNegativeBefore(r: number, c: number, value: (r: number, c: number) => string): number {
  let n = 0;
  for (let k = 0; k < c; k++) if (value(r, k).startsWith('-')) n++;
  return n;
}
