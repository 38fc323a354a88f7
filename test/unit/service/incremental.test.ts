// The incremental re-check (src/core/service/incremental.ts) against the full check: random
// edits, each checked from the previous one's tree and from scratch, must give the same
// diagnostics, tree, network, outline and folding.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { liveCheck, type CheckResult } from '../../../src/core';
import { documentSymbols, foldingRanges } from '../../../src/core/service';
import { parsedOf, recheck, reparse, type Parsed } from '../../../src/core/service/incremental';
import { NumberRow, WeightLine } from '../../../src/core/syntax/compact';
import { readExample, text } from './helpers';

/** A value as plain data: compact nodes as the plain nodes they stand for, typed arrays as arrays, getters of classes read. */
function plain(value: unknown, seen = new Set<unknown>()): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map((v) => plain(v, seen));
  if (value instanceof WeightLine) {
    const { kind, range, from, arrow, to, equals, value: number, fixed } = value;
    return plain({ kind, range, from, arrow, to, equals, value: number, fixed }, seen);
  }
  if (value instanceof NumberRow) return plain({ values: value.values, range: value.range }, seen);
  if (seen.has(value)) return '(seen)';
  seen.add(value);
  const out: Record<string, unknown> = {};
  const keys = new Set(Object.keys(value));
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(proto))) if (d.get) keys.add(key);
  }
  for (const key of [...keys].sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && typeof v !== 'function') out[key] = plain(v, seen);
  }
  seen.delete(value);
  return out;
}

function snapshot(source: string, result: CheckResult): unknown {
  const doc = { text: source, result };
  return plain({ diagnostics: result.diagnostics, hasErrors: result.hasErrors, tree: result.tree, network: result.network, symbols: documentSymbols(doc), folding: foldingRanges(doc) });
}

const heaton = readExample('heaton-xor.nnet');
const BASES = [
  heaton,
  readExample('matrix.nnet'),
  heaton.replace(/\n/g, '\r\n'),
  text(
    'network arrays # the x[3] form, fixed, comments, an error',
    'layer in x[3] bias',
    'layer out o1 o2 softmax',
    'x[1] -> o1 = 0.5 fixed',
    'x2 -> o1 = -1.5e-1  # a comment',
    'x3 -> o1 = 0.25',
    'B1 -> o1 = 0',
    'x1 -> o2 = 1; x2 -> o2 = 2',
    'x9 -> o2 = 3',
    'weights in -> out = [ 1 2 3 4',
    '  5 6 7 8',
    'x1 -> o2 = 4',
    'loss crossentropy',
    'sample 1 0 1 -> 1 0',
  ),
];

/** Characters an edit inserts: the language's punctuation, digits, words, and now and then a line break. */
const PIECES = ['0', '1', '5', '.', '-', 'e', 'x', ' ', '  ', '#', '[', ']', '"', '=', '->', '>', ';', 'H1', 'O1', 'B2', 'fixed', 'bias', 'weights', '\n', '\r\n'];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat(4),
  insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }).map((p) => p.join('')),
});

function applied(source: string, e: { at: number; remove: number; insert: string }): string {
  const at = Math.min(source.length, Math.floor(e.at * source.length));
  return source.slice(0, at) + e.insert + source.slice(at + e.remove);
}

describe('incremental re-check (core/service/incremental)', () => {
  it('random edits give what a full check gives, each edit checked from the previous tree', () => {
    let reused = 0;
    let edits = 0;
    fc.assert(
      fc.property(fc.nat(BASES.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (base, list) => {
        let source = BASES[base];
        let previous: Parsed | undefined = parsedOf(source, liveCheck(source));
        for (const e of list) {
          source = applied(source, e);
          edits++;
          if (previous && reparse(previous, source)) reused++;
          const incremental = recheck(previous, source);
          assert.deepEqual(snapshot(source, incremental), snapshot(source, liveCheck(source)));
          previous = parsedOf(source, incremental);
        }
      }),
      { numRuns: 300 },
    );
    // Most edits land inside one line: the property is about the reused trees, not only the fallback.
    assert.ok(reused > edits / 3, `${reused} of ${edits} edits re-checked incrementally`);
  });

  it('a keystroke in a weight value, and its deletion, re-parse only that line', () => {
    const lines = heaton.split('\n');
    const at = lines.findIndex((l) => l.startsWith('I2 -> H1'));
    const broken = lines.map((l, i) => (i === at ? `${l}x` : l)).join('\n');
    const first: Parsed = { text: heaton, tree: liveCheck(heaton).tree };
    const tree = reparse(first, broken);
    assert.ok(tree, 'the edit is re-checked from the previous tree');
    const result = recheck(first, broken);
    assert.ok(result.diagnostics.some((d) => d.severity === 'error' && d.range.start.line === at));
    assert.deepEqual(snapshot(broken, result), snapshot(broken, liveCheck(broken)));
    const back = recheck({ text: broken, tree }, heaton);
    assert.deepEqual(snapshot(heaton, back), snapshot(heaton, liveCheck(heaton)));
    assert.equal(back.network?.weights[0].values[1], 0.22);
  });

  it('a line break, or a line after an unclosed matrix, falls back to the full check', () => {
    const first: Parsed = { text: heaton, tree: liveCheck(heaton).tree };
    assert.equal(reparse(first, heaton.replace('I2 -> H1', 'I2\n -> H1')), undefined);
    const unclosed = text('layer a x1 x2', 'layer b y1', 'weights a -> b = [ 1 2', 'x1 -> y1 = 3');
    assert.equal(reparse({ text: unclosed, tree: liveCheck(unclosed).tree }, unclosed.replace('x1 -> y1 = 3', '4')), undefined);
    // Typed between the CR and the LF of a line end: one line break becomes two.
    const crlf = heaton.replace(/\n/g, '\r\n');
    const between = crlf.indexOf('\r\nI2 -> H1') + 1;
    const split = `${crlf.slice(0, between)}x${crlf.slice(between)}`;
    assert.equal(reparse({ text: crlf, tree: liveCheck(crlf).tree }, split), undefined);
    assert.deepEqual(snapshot(split, recheck({ text: crlf, tree: liveCheck(crlf).tree }, split)), snapshot(split, liveCheck(split)));
  });
});
