// Property tests: whatever the text, `parse` and `check` return (never throw), and every range
// they hand to the editor lies inside the document. Runs: NNET_PROPERTY_RUNS (total across the
// properties below, default 10000); NNET_PROPERTY_SEED replays a reported failure.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parse } from '../../../src/core/syntax/parser';
import { check } from '../../../src/core/check';
import type { Diagnostic, Position, Range } from '../../../src/core/types';
import type { Statement, SyntaxTree } from '../../../src/core/syntax/ast';
import * as vocabulary from '../../../src/core/vocabulary';
import { plainTree, ROOT } from '../helpers';


// ── run budget ────────────────────────────────────────────────────────────────────────────
const TOTAL_RUNS = readPositiveInt('NNET_PROPERTY_RUNS', 10_000);
const SEED = readSeed('NNET_PROPERTY_SEED');

/** Share of the total run budget per property (sums to 1). */
const SHARE = {
  unicode: 0.12,
  tokens: 0.2,
  binary: 0.08,
  mutations: 0.35,
  replacedLine: 0.12,
  invariance: 0.13,
} as const;

function readPositiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, not '${raw}'`);
  return value;
}

/** The seed fast-check prints with a failure (any 32-bit integer, negative ones included). */
function readSeed(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, not '${raw}'`);
  return value;
}

function runs(share: number): { numRuns: number; seed?: number } {
  const numRuns = Math.max(1, Math.round(TOTAL_RUNS * share));
  return SEED === undefined ? { numRuns } : { numRuns, seed: SEED };
}

// ── the document's shape, computed independently of the lexer ───────────────────────────
interface Shape {
  readonly lines: readonly string[];
  readonly lineLengths: readonly number[];
}

function shapeOf(text: string): Shape {
  // The editor strips a leading BOM; the lexer counts characters after it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  return { lines, lineLengths: lines.map((line) => line.length) };
}

/** The source text a single-line range covers. */
function sourceAt(shape: Shape, r: Range): string {
  return r.start.line === r.end.line ? shape.lines[r.start.line].slice(r.start.character, r.end.character) : '';
}

/**
 * Every token-like part (`{ text, range }`: names, numbers, strings) covers exactly its own
 * spelling in the source. The one exception: a network title written as a string is stored
 * unquoted, while its range covers the quotes.
 */
function assertSpellings(shape: Shape, value: unknown, statement: Statement): void {
  if (value === null || typeof value !== 'object') return;
  const v = value as Record<string, unknown>;
  if (typeof v.text === 'string' && v.range && isPosition((v.range as Range).start)) {
    const source = sourceAt(shape, v.range as Range);
    const quotedTitle = statement.kind === 'network' && (v as unknown) === statement.name && source.startsWith('"');
    if (!quotedTitle) assert.equal(source, v.text, `a part of a ${statement.kind} statement at ${showRange(v.range as Range)} does not cover its text`);
    if (typeof v.value === 'number') assert.ok(Object.is(v.value, Number(v.text)), `number ${v.text} has value ${v.value}`);
  }
  for (const key of Object.keys(v)) if (key !== 'range') assertSpellings(shape, v[key], statement);
}

function show(p: Position): string {
  return `${p.line}:${p.character}`;
}

function showRange(r: Range): string {
  return `${show(r.start)}-${show(r.end)}`;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

function assertPosition(shape: Shape, p: Position, what: string): void {
  assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: non-integer position ${show(p)}`);
  assert.ok(p.line >= 0 && p.line < shape.lineLengths.length, `${what}: line ${p.line} outside 0..${shape.lineLengths.length - 1}`);
  const length = shape.lineLengths[p.line];
  assert.ok(p.character >= 0 && p.character <= length, `${what}: character ${p.character} outside 0..${length} on line ${p.line}`);
}

function assertRange(shape: Shape, r: Range, what: string): void {
  assertPosition(shape, r.start, `${what} start`);
  assertPosition(shape, r.end, `${what} end`);
  assert.ok(before(r.start, r.end), `${what}: start ${show(r.start)} after end ${show(r.end)}`);
}

/** Every `{ start, end }` range anywhere inside a statement (its parts: names, numbers, rows…). */
function innerRanges(value: unknown, out: Range[] = []): Range[] {
  if (value === null || typeof value !== 'object') return out;
  const v = value as Record<string, unknown>;
  if (isPosition(v.start) && isPosition(v.end)) out.push(v as unknown as Range);
  for (const key of Object.keys(v)) if (key !== 'start' && key !== 'end') innerRanges(v[key], out);
  return out;
}

function isPosition(v: unknown): v is Position {
  return typeof v === 'object' && v !== null && typeof (v as Position).line === 'number' && typeof (v as Position).character === 'number';
}

function assertDiagnostics(shape: Shape, diagnostics: readonly Diagnostic[], source: string): void {
  for (const d of diagnostics) {
    assert.equal(typeof d.message, 'string');
    assert.doesNotMatch(d.message, /internal (parser|model) error/, `${source}: ${d.message}`);
    assertRange(shape, d.range, `${source} diagnostic '${d.message.slice(0, 80)}'`);
    for (const related of d.related ?? []) assertRange(shape, related.range, `${source} related '${related.message.slice(0, 80)}'`);
  }
}

/** Everything a tool may rely on in a syntax tree. */
function assertTree(text: string, tree: SyntaxTree): void {
  const shape = shapeOf(text);
  assert.equal(tree.lineCount, shape.lineLengths.length, 'lineCount');
  assertDiagnostics(shape, tree.diagnostics, 'parse');
  let previous: Statement | undefined;
  for (const s of tree.statements) {
    assertRange(shape, s.range, `${s.kind} statement`);
    assertSpellings(shape, s, s);
    for (const inner of innerRanges(s)) {
      assertRange(shape, inner, `part of ${s.kind} statement`);
      assert.ok(
        before(s.range.start, inner.start) && before(inner.end, s.range.end),
        `a part ${showRange(inner)} of a ${s.kind} statement lies outside it (${showRange(s.range)})`,
      );
    }
    if (previous) {
      assert.ok(
        before(previous.range.end, s.range.start),
        `${previous.kind} ${showRange(previous.range)} and ${s.kind} ${showRange(s.range)} overlap or are out of order`,
      );
    }
    previous = s;
  }
  let previousComment: Range | undefined;
  for (const c of tree.comments) {
    assertRange(shape, c.range, 'comment');
    assert.ok(c.text.startsWith('#'), 'a comment starts with #');
    assert.equal(sourceAt(shape, c.range), c.text, 'a comment range covers its text');
    if (previousComment) assert.ok(before(previousComment.end, c.range.start), 'comments in source order');
    previousComment = c.range;
  }
}

/** Parse and check `text`, asserting every invariant. */
function assertWellFormed(text: string): void {
  const tree = parse(text);
  assertTree(text, tree);
  const result = check(text);
  assert.equal(result.tree.statements.length, tree.statements.length, 'check parses as parse does');
  const shape = shapeOf(text);
  assertDiagnostics(shape, result.diagnostics, 'check');
  for (let i = 1; i < result.diagnostics.length; i++) {
    assert.ok(before(result.diagnostics[i - 1].range.start, result.diagnostics[i].range.start), 'check sorts diagnostics by position');
  }
  assert.equal(result.hasErrors, result.diagnostics.some((d) => d.severity === 'error'), 'hasErrors');
  for (const d of result.tree.diagnostics) {
    assert.ok(result.diagnostics.includes(d), `check keeps the syntax diagnostic '${d.message.slice(0, 80)}'`);
  }
}

// ── arbitraries ──────────────────────────────────────────────────────────────────────────
const LINE_BREAKS = ['\n', '\r\n', '\r'];

const word = fc.constantFrom(
  ...vocabulary.STATEMENT_KEYWORDS,
  ...vocabulary.ACTIVATIONS,
  ...vocabulary.LOSSES,
  ...vocabulary.CONVENTIONS,
  ...vocabulary.INIT_METHODS,
  ...vocabulary.TRAIN_METHODS,
  ...vocabulary.ALL_TRAIN_OPTION_NAMES,
  'bias',
  'fixed',
  'init',
  'seed',
  'inputs',
  'targets',
  'sigmod',
  'layr',
  'I1',
  'H1',
  'O1',
  'B1',
  'x',
  'h',
  'y',
  'input',
  'hidden',
  'output',
  'δ',
);

const numberText = fc.oneof(
  fc.constantFrom('0', '1', '2', '3', '10', '64', '-0.07', '0.5', '+2', '.5', '5.', '1e-3', '-1.5E+2', '1e999', '-1e999', '99999999999', '1..2', '1.5.3', '12abc', '1e', '-'),
  fc.integer({ min: -5, max: 40 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map(String),
);

const punctuation = fc.constantFrom('->', '-', '>', '=', '[', ']', ';', '..', '.', '"', '"x.csv"', '"unterminated', '#', '# note', '\\', '@', '\uFEFF', '😀', '\t');

const token = fc.oneof({ weight: 5, arbitrary: word }, { weight: 3, arbitrary: numberText }, { weight: 2, arbitrary: punctuation });

const separator = fc.constantFrom(' ', ' ', ' ', '', '  ', '\t');

/** A line built from the language's own words, numbers and punctuation. */
const tokenLine = fc.tuple(fc.array(fc.tuple(token, separator), { maxLength: 14 }), fc.constantFrom('', ' ', '  # trailing')).map(
  ([parts, tail]) => parts.map(([t, s]) => t + s).join('') + tail,
);

/** Lines that are close to valid statements, to reach deeper into the parser and the model. */
const statementLine = fc.oneof(
  fc.tuple(word, word).map(([a, b]) => `network ${a}${b}`),
  fc.tuple(word, fc.array(fc.oneof(word, word.map((w) => `${w}[${1 + (w.length % 4)}]`)), { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean()).map(
    ([name, nodes, activation, bias]) => `layer ${name} ${nodes.join(' ')}${activation ? ' sigmoid' : ''}${bias ? ' bias' : ''}`,
  ),
  fc.tuple(word, word, numberText, fc.boolean()).map(([a, b, n, fixed]) => `${a} -> ${b} = ${n}${fixed ? ' fixed' : ''}`),
  fc.tuple(word, word, fc.array(fc.array(numberText, { maxLength: 4 }), { maxLength: 3 }), fc.constantFrom(']', '', '] fixed')).map(
    ([a, b, rows, close]) => `weights ${a} -> ${b} = [${rows.map((r) => r.join(' ')).join('\n')}${close}`,
  ),
  fc.tuple(word, word, fc.constantFrom(...vocabulary.INIT_METHODS), fc.array(numberText, { maxLength: 2 })).map(
    ([a, b, m, args]) => `weights ${a} -> ${b} = init ${m} ${args.join(' ')} seed 7`,
  ),
  fc.array(fc.tuple(word, fc.option(numberText)), { maxLength: 5 }).map(
    (opts) => `train backprop ${opts.map(([o, n]) => (n === null ? o : `${o} ${n}`)).join(' ')}`,
  ),
  fc.tuple(fc.array(numberText, { maxLength: 3 }), fc.array(numberText, { maxLength: 2 })).map(([i, t]) => `sample ${i.join(' ')} -> ${t.join(' ')}`),
  fc.tuple(numberText, numberText).map(([a, b]) => `data "d.csv" inputs ${a}..${b} targets ${b}`),
);

const tokenText = fc
  .array(fc.tuple(fc.oneof(tokenLine, statementLine), fc.constantFrom(...LINE_BREAKS)), { maxLength: 25 })
  .map((lines) => lines.map(([l, br]) => l + br).join(''));

const unicodeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom(...'\n\r\t "#[];=->.0123456789eE+-abxyz\uFEFF\u2028é'.split('')), maxLength: 300 }),
);

const binaryText = fc.oneof(
  fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 300 }).map((codes) => String.fromCharCode(...codes)),
);

// ── mutations of the example files ───────────────────────────────────────────────────────
function exampleFiles(): { name: string; text: string }[] {
  const dir = path.join(ROOT, 'examples');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.nnet'))
    .sort()
    .map((name) => ({ name, text: fs.readFileSync(path.join(dir, name), 'utf8') }));
}

type Mutation =
  | { kind: 'deleteChars'; at: number; length: number }
  | { kind: 'duplicateChars'; at: number; length: number }
  | { kind: 'swapChars'; a: number; b: number }
  | { kind: 'deleteLine'; line: number }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'lineBreaks'; to: string }
  | { kind: 'bom' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('deleteChars' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('duplicateChars' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('swapChars' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('deleteLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(token, token.map((t) => ` ${t} `), fc.constantFrom(...LINE_BREAKS)) }),
  fc.record({ kind: fc.constant('lineBreaks' as const), to: fc.constantFrom(...LINE_BREAKS) }),
  fc.record({ kind: fc.constant('bom' as const) }),
);

function mutate(text: string, m: Mutation): string {
  const n = Math.max(1, text.length);
  switch (m.kind) {
    case 'deleteChars': {
      const at = m.at % n;
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'duplicateChars': {
      const at = m.at % n;
      return text.slice(0, at + m.length) + text.slice(at);
    }
    case 'swapChars': {
      const chars = text.split('');
      if (chars.length < 2) return text;
      const a = m.a % chars.length;
      const b = m.b % chars.length;
      [chars[a], chars[b]] = [chars[b], chars[a]];
      return chars.join('');
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'lineBreaks':
      return text.replace(/\r\n|\r|\n/g, m.to);
    case 'bom':
      return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
    default: {
      const lines = text.split('\n');
      if (m.kind === 'deleteLine') lines.splice(m.line % lines.length, 1);
      else if (m.kind === 'duplicateLine') lines.splice(m.line % lines.length, 0, lines[m.line % lines.length]);
      else {
        const a = m.a % lines.length;
        const b = m.b % lines.length;
        [lines[a], lines[b]] = [lines[b], lines[a]];
      }
      return lines.join('\n');
    }
  }
}

/** Lines of `text` holding exactly one single-line statement and nothing of any other statement. */
function singleStatementLines(tree: SyntaxTree): number[] {
  const covered = new Map<number, number>();
  for (const s of tree.statements) {
    for (let line = s.range.start.line; line <= s.range.end.line; line++) covered.set(line, (covered.get(line) ?? 0) + 1);
  }
  return tree.statements
    .filter((s) => s.range.start.line === s.range.end.line && covered.get(s.range.start.line) === 1)
    .map((s) => s.range.start.line);
}

function withoutLine(tree: SyntaxTree, line: number): Statement[] {
  return tree.statements.filter((s) => s.range.start.line !== line);
}

// ── the properties ───────────────────────────────────────────────────────────────────────
describe('syntax/property', function () {
  // The default budget runs in well under a minute; a large NNET_PROPERTY_RUNS may take longer.
  this.timeout(0);

  const examples = exampleFiles();

  it('found example files to mutate', () => {
    assert.ok(examples.length >= 1, 'examples/*.nnet');
  });

  describe('the invariant checker itself', () => {
    // The properties are only as good as assertTree: make sure it rejects each kind of fault.
    const text = 'loss mse\r\nnetwork xor';
    const good = parse(text);
    const at = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
    const withStatements = (statements: Statement[]): SyntaxTree => ({ ...good, statements });
    const withDiagnostic = (range: Range, message = 'x'): SyntaxTree => ({
      ...good,
      diagnostics: [{ code: 'nnet/syntax', severity: 'error', range, message }],
    });

    it('accepts a correct tree', () => {
      assert.doesNotThrow(() => assertTree(text, good));
      assert.doesNotThrow(() => assertTree(text, withDiagnostic(at(1, 11, 1, 11))));
    });

    const faults: [string, SyntaxTree, RegExp][] = [
      ['a line past the end', withStatements([{ kind: 'invalid', range: at(2, 0, 2, 1) }]), /line 2 outside/],
      ['a character past the end of its line', withStatements([{ kind: 'invalid', range: at(0, 0, 0, 9) }]), /character 9 outside 0\.\.8/],
      ['start after end', withStatements([{ kind: 'invalid', range: at(0, 5, 0, 2) }]), /after end/],
      ['overlapping statements', withStatements([{ kind: 'invalid', range: at(0, 0, 0, 6) }, { kind: 'invalid', range: at(0, 5, 0, 8) }]), /overlap/],
      ['statements out of order', withStatements([good.statements[1], good.statements[0]]), /out of order/],
      ['a part outside its statement', withStatements([{ ...good.statements[0], range: at(0, 0, 0, 4) } as Statement]), /lies outside it/],
      ['a diagnostic outside the document', withDiagnostic(at(1, 0, 1, 12)), /character 12 outside/],
      ['an internal error', withDiagnostic(at(0, 0, 0, 0), 'internal parser error: boom'), /internal/],
      ['a wrong line count', { ...good, lineCount: 3 }, /lineCount/],
      [
        'a name whose range does not cover its text',
        withStatements([{ ...good.statements[0], value: { text: 'mse', range: at(0, 4, 0, 7) } } as Statement, good.statements[1]]),
        /does not cover its text/,
      ],
    ];
    for (const [fault, tree, message] of faults) {
      it(`rejects ${fault}`, () => {
        assert.throws(() => assertTree(text, tree), message);
      });
    }
  });

  it(`arbitrary unicode text (${runs(SHARE.unicode).numRuns} runs)`, () => {
    fc.assert(fc.property(unicodeText, assertWellFormed), runs(SHARE.unicode));
  });

  it(`text built from the language's own words, numbers and punctuation (${runs(SHARE.tokens).numRuns} runs)`, () => {
    fc.assert(fc.property(tokenText, assertWellFormed), runs(SHARE.tokens));
  });

  it(`binary junk (${runs(SHARE.binary).numRuns} runs)`, () => {
    fc.assert(fc.property(binaryText, assertWellFormed), runs(SHARE.binary));
  });

  it(`random mutations of every example (${runs(SHARE.mutations).numRuns} runs)`, () => {
    const exampleIndex = fc.integer({ min: 0, max: examples.length - 1 });
    fc.assert(
      fc.property(exampleIndex, fc.array(mutation, { minLength: 1, maxLength: 6 }), (index, mutations) => {
        const text = mutations.reduce(mutate, examples[index].text);
        assertWellFormed(text);
      }),
      runs(SHARE.mutations),
    );
  });

  it(`replacing one statement line by anything leaves every other statement as it was (${runs(SHARE.replacedLine).numRuns} runs)`, () => {
    // Examples free of syntax errors, so that any diagnostic must come from the replaced line.
    const cases = examples
      .map((e) => {
        const tree = parse(e.text);
        return { ...e, tree, lines: singleStatementLines(tree) };
      })
      .filter((c) => c.tree.diagnostics.length === 0 && c.lines.length > 0);
    assert.ok(cases.length > 0, 'an example without syntax errors');
    const noLineBreak = (s: string): string => s.replace(/[\r\n]/g, ' ');
    const replacement = fc.oneof(tokenLine, statementLine.map(noLineBreak), fc.string({ unit: 'binary', maxLength: 80 }).map(noLineBreak));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cases.length - 1 }), fc.nat(), replacement, (caseIndex, pick, newLine) => {
        const c = cases[caseIndex];
        const line = c.lines[pick % c.lines.length];
        const lines = c.text.split('\n');
        lines[line] = newLine;
        const text = lines.join('\n');
        const tree = parse(text);
        assertTree(text, tree);
        assert.deepEqual(plainTree(withoutLine(tree, line)), plainTree(withoutLine(c.tree, line)));
        for (const d of tree.diagnostics) assert.equal(d.range.start.line, line, `a diagnostic escaped line ${line}: ${d.message}`);
      }),
      runs(SHARE.replacedLine),
    );
  });

  it(`line-ending style, a BOM and trailing comments never change the tree (${runs(SHARE.invariance).numRuns} runs)`, () => {
    const lines = fc.array(fc.oneof(tokenLine, statementLine), { maxLength: 20 }).map((ls) => ls.join('\n').split('\n'));
    // A trailing comment is only neutral on a line without an open string (which would swallow it).
    const closedStrings = (line: string): boolean => !line.includes('\\') && (line.match(/"/g)?.length ?? 0) % 2 === 0;
    fc.assert(
      fc.property(lines, (ls) => {
        const lf = ls.join('\n');
        const tree = parse(lf);
        assertTree(lf, tree);
        const reference = plainTree(tree);
        assert.deepEqual(plainTree(parse(ls.join('\r\n'))), reference, 'CRLF');
        assert.deepEqual(plainTree(parse(ls.join('\r'))), reference, 'CR');
        if (!lf.startsWith('\uFEFF')) assert.deepEqual(plainTree(parse(`\uFEFF${lf}`)), reference, 'BOM');
        if (ls.every(closedStrings)) {
          const commented = parse(ls.map((l) => `${l} #t`).join('\n'));
          assert.deepEqual(plainTree(commented.statements), plainTree(tree.statements), 'statements with trailing comments');
          assert.deepEqual(
            commented.diagnostics.map((d) => [d.code, d.range]),
            tree.diagnostics.map((d) => [d.code, d.range]),
            'diagnostics with trailing comments',
          );
        }
      }),
      runs(SHARE.invariance),
    );
  });

  describe('huge inputs complete (no time limit asserted)', () => {
    const TEN_MB = 10 * 1024 * 1024;

    function pseudoRandomLine(length: number): string {
      // Deterministic soup of tokens without `#` (a comment would swallow the rest of the line).
      const pieces = ['x1', '->', 'h1', '=', '0.0123', '[', ']', ';', '"s"', 'layer', '-7e-3', '..', '@@', 'sigmoid', '12abc'];
      const out: string[] = [];
      let size = 0;
      let state = 12345;
      while (size < length) {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        const piece = pieces[state % pieces.length];
        out.push(piece);
        size += piece.length + 1;
      }
      return out.join(' ').slice(0, length);
    }

    interface HugeCase {
      readonly name: string;
      readonly make: () => string;
      /** Whether the text holds a syntax error (otherwise it is one valid statement or two). */
      readonly broken: boolean;
      /** Also run check(). The 10 MB lines are parsed only: check would parse them again. */
      readonly check: boolean;
    }
    const cases: HugeCase[] = [
      { name: 'a 10 MB line of mixed tokens', make: () => `network big\n${pseudoRandomLine(TEN_MB)}\nloss mse`, broken: true, check: false },
      { name: 'a 10 MB word', make: () => 'w'.repeat(TEN_MB), broken: true, check: false },
      { name: 'a 10 MB string', make: () => `data "${'s'.repeat(TEN_MB)}" inputs 1 targets 2`, broken: false, check: false },
      { name: 'a 10 MB comment', make: () => `# ${'c'.repeat(TEN_MB)}\nloss mse`, broken: false, check: false },
      { name: '100k unbalanced [ at the start of a line', make: () => '['.repeat(100_000), broken: true, check: true },
      { name: '100k unbalanced [ inside a weights statement', make: () => `weights a -> b = ${'['.repeat(100_000)}\nloss mse`, broken: true, check: true },
      { name: '100k lines of [ after an open matrix', make: () => `weights a -> b = [\n${'[\n'.repeat(100_000)}`, broken: true, check: true },
    ];

    for (const c of cases) {
      it(c.name, () => {
        const text = c.make();
        const tree = parse(text);
        assertTree(text, tree);
        assert.ok(tree.statements.length >= 1, 'the text is kept as statements');
        assert.equal(tree.diagnostics.length > 0, c.broken, c.broken ? 'the junk is reported' : 'valid text has no syntax error');
        if (c.check) assertDiagnostics(shapeOf(text), check(text).diagnostics, 'check');
      });
    }
  });
});
