import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { format, formatLines, type LineRangeEdit } from '../../../src/core/syntax/format';
import { parse } from '../../../src/core/syntax/parser';
import { WeightLine } from '../../../src/core/syntax/compact';
import { NumberRow } from '../../../src/core/syntax/rows';
import { ROOT } from '../helpers';

// ── helpers ──────────────────────────────────────────────────────────────────────────────────

function lines(text: string): string[] {
  return text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
}

/** Words, number texts and structure of a syntax-tree node, positions left out. */
function walk(value: unknown, out: string[]): void {
  // Compact nodes (syntax/compact.ts) keep positions as fields: walk the nodes they stand for.
  if (value instanceof WeightLine) {
    const { kind, from, arrow, to, equals, value: number, fixed } = value;
    return walk({ kind, from, arrow, to, equals, value: number, fixed }, out);
  }
  if (value instanceof NumberRow) return walk({ values: value.values }, out);
  if (Array.isArray(value)) {
    out.push('(');
    for (const v of value) walk(v, out);
    out.push(')');
    return;
  }
  if (!value || typeof value !== 'object') return;
  if ('text' in value) {
    out.push(String((value as { text: unknown }).text));
    if ('terminated' in value) out.push(`terminated=${String(value.terminated)}`);
    return;
  }
  if ('start' in value && 'end' in value) {
    out.push('•'); // a keyword or punctuation that is present (e.g. `fixed`)
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === 'range' || v === undefined) continue;
    if (typeof v === 'string') out.push(`${key}=${v}`);
    else {
      out.push(`${key}:`);
      walk(v, out);
    }
  }
}

/** What the text means to the parser: one entry per statement; invalid ones as their lines. */
function meaning(text: string): string[] {
  const tree = parse(text.replace(/^\ufeff/, ''));
  const source = lines(text);
  return tree.statements.map((s) => {
    if (s.kind === 'invalid') return `invalid: ${source.slice(s.range.start.line, s.range.end.line + 1).join('\n')}`;
    const out: string[] = [];
    walk(s, out);
    return out.join(' ');
  });
}

function commentTexts(text: string): string[] {
  return parse(text.replace(/^\ufeff/, '')).comments.map((c) => c.text.trimEnd());
}

function numberTexts(text: string): string[] {
  return meaning(text)
    .join(' ')
    .split(' ')
    .filter((w) => /^[+-]?(\d|\.\d)/.test(w));
}

/** Lines of `text` that must be kept as written: invalid statements and statements with a syntax error. */
function brokenLines(text: string): string[] {
  const tree = parse(text);
  const source = lines(text);
  const errorLines = new Set<number>();
  for (const d of tree.diagnostics) for (let l = d.range.start.line; l <= d.range.end.line; l++) errorLines.add(l);
  const kept = new Set(errorLines);
  for (const s of tree.statements) {
    const span: number[] = [];
    for (let l = s.range.start.line; l <= s.range.end.line; l++) span.push(l);
    if (s.kind === 'invalid' || span.some((l) => errorLines.has(l))) for (const l of span) kept.add(l);
  }
  return [...kept].sort((a, b) => a - b).map((l) => source[l]);
}

/** Everything format promises, checked on one input. */
function assertWellFormatted(input: string, label = JSON.stringify(input)): string {
  const out = format(input);
  assert.equal(format(out), out, `not idempotent for ${label}`);
  assert.deepEqual(meaning(out), meaning(input), `statements changed for ${label}`);
  assert.deepEqual(commentTexts(out), commentTexts(input), `comments changed for ${label}`);
  assert.deepEqual(parse(out).diagnostics.length, parse(input).diagnostics.length, `diagnostics changed for ${label}`);
  if (out !== '') {
    assert.ok(/[^\r\n]\r?\n$/.test(out), `must end with exactly one line break: ${label}`);
  }
  const kept = new Set(brokenLines(input));
  for (const line of lines(out)) {
    if (kept.has(line)) continue;
    assert.ok(!/[ \t]$/.test(line), `trailing whitespace on ${JSON.stringify(line)} for ${label}`);
    // Statements start at column 0; only matrix rows and comments inside a matrix are indented.
    assert.ok(/^(\S|  [#\d.+\- ]|$)/.test(line), `unexpected indentation of ${JSON.stringify(line)} for ${label}`);
  }
  assert.ok(!/(\r?\n){3}/.test(out), `more than one blank line in a row for ${label}`);
  for (const line of brokenLines(input)) {
    assert.ok(lines(out).includes(line), `broken line ${JSON.stringify(line)} was not kept as written (${label})`);
  }
  return out;
}

/** Applies a `formatLines` edit to the text. */
function apply(text: string, edit: LineRangeEdit): string {
  const starts = [0];
  const re = /\r\n|\r|\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index + m[0].length);
  const from = starts[edit.startLine];
  const to = edit.endLine + 1 < starts.length ? starts[edit.endLine + 1] : text.length;
  return text.slice(0, from) + edit.text + text.slice(to);
}

const EXAMPLES = fs
  .readdirSync(path.join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.nnet'))
  .sort();

const MESSY = `


   # A messy file.\t\t
network    "My net"   \t
convention   heaton
layer in a[3]  bias
layer   hid  h1 h2 h3 relu   bias  B
layer out y  softmax



weights in -> hid = [ -0.07 0.22  # first row
   0.94 0.46 ; 1 2
 # between rows
  -10.5   1e-3
] fixed  # end
weights hid->out = init uniform -0.5 .5 seed 3
weights  in  ->  hid  =  [1 2;3 4]
h1->y=0.5 fixed   # c1
h2 -> y = -12.25
B -> y = 3     # c3
x[1] -> h1 = .5
layr bad   stuff   \t
sample 1 0 -> 1
sample 0.25 10 -> 0  # s
data "f.csv"  targets 65  inputs 1 .. 64
train   adam rate 0.001 batch 32 epochs 20
loss mse # trailing


`;

// ── tests ────────────────────────────────────────────────────────────────────────────────────

describe('format', () => {
  describe('examples', () => {
    it('finds the example files', () => {
      assert.ok(EXAMPLES.includes('heaton-xor.nnet'), `examples: ${EXAMPLES.join(', ')}`);
    });
    for (const name of EXAMPLES) {
      it(`formats examples/${name} idempotently, keeping statements, numbers and comments`, () => {
        const text = fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
        const out = assertWellFormatted(text, name);
        assert.deepEqual(numberTexts(out), numberTexts(text));
      });
    }
  });

  describe('canonical spacing', () => {
    const cases: [string, string][] = [
      ['network   xor', 'network xor'],
      ['network  "My  net"', 'network "My  net"'],
      ['convention    heaton', 'convention heaton'],
      ['loss   mse', 'loss mse'],
      ['  I1->H1=-0.07', 'I1 -> H1 = -0.07'],
      ['I1 -> H1 = 0.5   fixed', 'I1 -> H1 = 0.5 fixed'],
      ['x[ 3 ]->h[ 12 ] = 1e-3', 'x[3] -> h[12] = 1e-3'],
      ['layer   hidden   H1   H2   sigmoid   bias   B2', 'layer hidden H1 H2 sigmoid bias B2'],
      ['layer input x[ 64 ]', 'layer input x[64]'],
      ['layer hidden h[32] relu bias', 'layer hidden h[32] relu bias'],
      ['train   backprop rate 0.7   momentum 0.3 online epochs 10000 until 0.01', 'train backprop rate 0.7 momentum 0.3 online epochs 10000 until 0.01'],
      ['sample 1   0->1', 'sample 1 0 -> 1'],
      ['sample -> 1', 'sample -> 1'],
      ['data   "f.csv"   inputs 1 .. 64   targets 65..74', 'data "f.csv" inputs 1..64 targets 65..74'],
      ['data "a b.csv" targets 5 inputs 1..4', 'data "a b.csv" targets 5 inputs 1..4'],
      ['weights x->h = init   he   seed 7', 'weights x -> h = init he seed 7'],
      ['weights x -> h = init uniform  -0.5   0.5 fixed', 'weights x -> h = init uniform -0.5 0.5 fixed'],
      ['weights a -> b = [ 1  2 ;3 4 ]', 'weights a -> b = [1 2; 3 4]'],
      ['weights a -> b = [ ]', 'weights a -> b = []'],
      ['weights a -> b = [1;;2] fixed', 'weights a -> b = [1; 2] fixed'],
    ];
    for (const [input, expected] of cases) {
      it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
        assert.equal(format(input), `${expected}\n`);
        assertWellFormatted(input);
      });
    }
  });

  describe('numbers', () => {
    it('never reprints a number', () => {
      const text = 'I1 -> H1 = 0.10\nI2 -> H1 = +1.50E+02\nB1 -> H1 = .5\nH1 -> O1 = 1.\nsample 1.0 00 -> 0e0\n';
      const out = format(text);
      for (const n of ['0.10', '+1.50E+02', '.5', '1.', '1.0', '00', '0e0']) assert.ok(out.includes(n), `${n} lost in ${out}`);
      assert.deepEqual(numberTexts(out), numberTexts(text));
    });
  });

  describe('weight blocks', () => {
    it('pads FROM -> TO to the widest and aligns the decimal points', () => {
      const text = ['I1 -> H1 = -0.07', 'I2 -> H1 = 0.22', 'x[10] -> H1 = 10', 'B1 -> H1 = .5', 'H1 -> O1 = -123.456'].join('\n');
      assert.equal(
        format(text),
        [
          'I1 -> H1    =   -0.07',
          'I2 -> H1    =    0.22',
          'x[10] -> H1 =   10',
          'B1 -> H1    =     .5',
          'H1 -> O1    = -123.456',
          '',
        ].join('\n'),
      );
    });

    it('leaves an already aligned block (the Heaton example) as it is', () => {
      const block = ['I1 -> H1 = -0.07', 'I2 -> H1 =  0.22', 'B1 -> H1 = -0.46', 'H2 -> O1 =  0.58', ''].join('\n');
      assert.equal(format(block), block);
    });

    it('aligns `fixed` and trailing comments within the block', () => {
      const text = ['a -> b = 1 fixed # one', 'a -> cc = -0.25', 'a2 -> b = 3.5 fixed   #   three'].join('\n');
      assert.equal(
        format(text),
        ['a -> b  =  1    fixed  # one', 'a -> cc = -0.25', 'a2 -> b =  3.5  fixed  #   three', ''].join('\n'),
      );
    });

    it('a blank line, a comment line or another statement ends a block', () => {
      const text = ['a -> b = 1', 'aaaa -> b = 2', '', 'c -> d = 3', '# note', 'cccc -> d = 4', 'loss mse', 'e -> f = 5'].join('\n');
      assert.equal(
        format(text),
        ['a -> b    = 1', 'aaaa -> b = 2', '', 'c -> d = 3', '# note', 'cccc -> d = 4', 'loss mse', 'e -> f = 5', ''].join('\n'),
      );
    });

    it('an invalid line breaks the block and is kept as written', () => {
      const text = ['a -> b = 1', 'a -> = 2   ', 'aaaa -> b = 3'].join('\n');
      assert.equal(format(text), ['a -> b = 1', 'a -> = 2   ', 'aaaa -> b = 3', ''].join('\n'));
    });
  });

  describe('layer blocks', () => {
    it('aligns names, node lists, activations and bias clauses in columns', () => {
      const text = ['layer input I1 I2 bias B1', 'layer hidden H1 H2 sigmoid bias B2', 'layer output O1 sigmoid'].join('\n');
      assert.equal(
        format(text),
        ['layer input  I1 I2           bias B1', 'layer hidden H1 H2  sigmoid  bias B2', 'layer output O1     sigmoid', ''].join('\n'),
      );
    });

    it('keeps examples/digits.nnet layer lines unchanged', () => {
      const block = ['layer input  x[64]', 'layer hidden h[32]  relu     bias', 'layer output y[10]  softmax', ''].join('\n');
      assert.equal(format(block), block);
    });

    it('leaves out columns that no line uses', () => {
      const text = 'layer a x y   bias\nlayer bb z  bias B';
      assert.equal(format(text), 'layer a  x y  bias\nlayer bb z    bias B\n');
    });
  });

  describe('sample blocks', () => {
    it('aligns each value column of samples with the same shape', () => {
      const text = ['sample 1 0 -> 1', 'sample 0.25 10 -> 0', 'sample 1 -> 1'].join('\n');
      assert.equal(format(text), ['sample 1     0 -> 1', 'sample 0.25 10 -> 0', 'sample 1 -> 1', ''].join('\n'));
    });
  });

  describe('matrices', () => {
    it('prints a matrix written over several lines one row per line, columns aligned', () => {
      const text = 'weights input -> hidden = [ -0.07 0.22 -0.46\n0.94 0.46 0.10 ]';
      assert.equal(format(text), ['weights input -> hidden = [', '  -0.07  0.22  -0.46', '   0.94  0.46   0.10', ']', ''].join('\n'));
    });

    it('turns `;` into line breaks in the expanded form and keeps `fixed` after `]`', () => {
      const text = 'weights a -> b = [1 2; 3 4\n 5 6 ]   fixed';
      assert.equal(format(text), ['weights a -> b = [', '  1  2', '  3  4', '  5  6', '] fixed', ''].join('\n'));
    });

    it('keeps a one-line matrix on one line', () => {
      assert.equal(format('weights hidden -> output = [ -0.22 0.58 0.78 ]'), 'weights hidden -> output = [-0.22 0.58 0.78]\n');
    });

    it('keeps comments in a matrix on their rows, aligned, and comment lines indented', () => {
      const text = [
        'weights a -> b = [   # header',
        '  1 2   # row one',
        '# between',
        '  -30.5 4 # row two',
        '',
        ']  # close',
      ].join('\n');
      assert.equal(
        format(text),
        ['weights a -> b = [  # header', '    1    2  # row one', '  # between', '  -30.5  4  # row two', ']           # close', ''].join('\n'),
      );
    });

    it('leaves a matrix with a syntax error exactly as written, all its lines', () => {
      const text = 'weights a -> b = [\n  1  x  2   \n  3 4\n]\nloss   mse\n';
      assert.equal(format(text), 'weights a -> b = [\n  1  x  2   \n  3 4\n]\nloss mse\n');
    });

    it('leaves an unclosed matrix as written and formats the statement after it', () => {
      const text = 'weights a -> b = [ 1 2\n  3   4\nloss    mse\n';
      assert.equal(format(text), 'weights a -> b = [ 1 2\n  3   4\nloss mse\n');
    });
  });

  describe('comments', () => {
    it('keeps every comment, full-line ones at column 0 without trailing spaces', () => {
      const text = '   # first   \nnetwork x    #   trailing   \n\t# tabbed # twice\t\n';
      assert.equal(format(text), '# first\nnetwork x  #   trailing\n# tabbed # twice\n');
    });

    it('keeps comments of the messy sample, in order', () => {
      const out = format(MESSY);
      assert.deepEqual(commentTexts(out), commentTexts(MESSY));
      for (const c of commentTexts(MESSY)) assert.ok(out.includes(c), `lost comment ${c}`);
    });

    it('puts trailing comments of unaligned statements two spaces after the code', () => {
      assert.equal(format('loss mse# c\ntrain adam   #d'), 'loss mse  # c\ntrain adam  #d\n');
    });
  });

  describe('blank lines and line ends', () => {
    it('collapses runs of blank lines to one and drops them at both ends', () => {
      assert.equal(format('\n\n  \nloss mse\n\n\n \t\nnetwork x\n\n\n'), 'loss mse\n\nnetwork x\n');
    });

    it('ends the file with exactly one line break', () => {
      assert.equal(format('loss mse'), 'loss mse\n');
      assert.equal(format('loss mse\n\n\n'), 'loss mse\n');
    });

    it('formats an empty or blank document to the empty string', () => {
      assert.equal(format(''), '');
      assert.equal(format('\n \n\t\n'), '');
    });

    it('keeps CRLF line ends', () => {
      const text = 'network x  \r\n\r\n\r\na -> b = 1\r\naa -> b = 2\r\n';
      assert.equal(format(text), 'network x\r\n\r\na -> b  = 1\r\naa -> b = 2\r\n');
      assertWellFormatted(text);
    });

    it('uses the eol option and normalises mixed line ends', () => {
      assert.equal(format('network x\r\nloss mse\nconvention heaton\r', { eol: '\n' }), 'network x\nloss mse\nconvention heaton\n');
      assert.equal(format('network x\nloss mse\r\n', { eol: '\r\n' }), 'network x\r\nloss mse\r\n');
    });

    it('keeps a byte-order mark', () => {
      assert.equal(format('\ufeffnetwork   x'), '\ufeffnetwork x\n');
    });
  });

  describe('invalid lines', () => {
    const broken = [
      'layr hidden H1 H2   ',
      'I1 -> = 0.5',
      'I1 -> H1 = 0.5 junk  # comment',
      'data "unterminated.csv inputs 1..2',
      'sample 1 0 1',
      ']   ',
      '12abc -> H1 = 2',
      '\tlayer',
      'weights a -> b =',
    ];
    for (const line of broken) {
      it(`keeps ${JSON.stringify(line)} exactly as written`, () => {
        const text = `network   x\n${line}\nloss   mse\n`;
        assert.equal(format(text), `network x\n${line}\nloss mse\n`);
        assertWellFormatted(text);
      });
    }
  });

  describe('messy input', () => {
    it('formats the messy sample', () => {
      const out = assertWellFormatted(MESSY, 'MESSY');
      assert.equal(
        out,
        [
          '# A messy file.',
          'network "My net"',
          'convention heaton',
          'layer in  a[3]               bias',
          'layer hid h1 h2 h3  relu     bias B',
          'layer out y         softmax',
          '',
          'weights in -> hid = [',
          '   -0.07  0.22  # first row',
          '    0.94  0.46',
          '    1     2',
          '  # between rows',
          '  -10.5   1e-3',
          '] fixed         # end',
          'weights hid -> out = init uniform -0.5 .5 seed 3',
          'weights in -> hid  = [1 2; 3 4]',
          'h1 -> y    =   0.5  fixed  # c1',
          'h2 -> y    = -12.25',
          'B -> y     =   3           # c3',
          'x[1] -> h1 =    .5',
          'layr bad   stuff   \t',
          'sample 1     0 -> 1',
          'sample 0.25 10 -> 0  # s',
          'data "f.csv" targets 65 inputs 1..64',
          'train adam rate 0.001 batch 32 epochs 20',
          'loss mse  # trailing',
          '',
        ].join('\n'),
      );
    });

    it('never throws and keeps its promises on generated documents', () => {
      const ws = fc.constantFrom('', ' ', '  ', '\t', ' \t ');
      const num = fc.constantFrom('0', '-0.07', '0.10', '1e-3', '.5', '+2', '10', '-123.456', '1.');
      const name = fc.constantFrom('I1', 'H2', 'x[3]', 'B1', 'longer_name', 'h[12]');
      const comment = fc.option(fc.constantFrom('# c', '#', '# two  spaces  ', '#x # y'), { nil: undefined });
      const weight = fc.tuple(ws, name, ws, name, ws, num, fc.boolean()).map(([s, a, s2, b, s3, n, fixed]) => `${s}${a}${s2}->${s3}${b} = ${n}${fixed ? ' fixed' : ''}`);
      const layer = fc
        .tuple(fc.constantFrom('in', 'hidden', 'o'), fc.array(name, { minLength: 1, maxLength: 3 }), fc.constantFrom('', 'sigmoid', 'relu'), fc.constantFrom('', 'bias', 'bias B'), ws)
        .map(([n, nodes, act, bias, s]) => `layer${s} ${n} ${nodes.join(`${s} `)} ${act} ${bias}`);
      const sample = fc.tuple(fc.array(num, { maxLength: 3 }), fc.array(num, { maxLength: 2 }), ws).map(([i, t, s]) => `sample ${i.join(s + ' ')}${s}->${t.join(' ')}`);
      const matrix = fc
        .tuple(fc.array(fc.array(num, { minLength: 1, maxLength: 3 }), { maxLength: 3 }), fc.boolean(), comment)
        .map(([rows, multi, c]) =>
          multi
            ? `weights a -> b = [${c ? ` ${c}` : ''}\n${rows.map((r) => `  ${r.join('   ')}`).join('\n')}\n]`
            : `weights a -> b = [${rows.map((r) => r.join(' ')).join(';')}]`,
        );
      const other = fc.constantFrom(
        'network   xor',
        'loss mse',
        'train backprop   rate 0.7 online',
        'data "d.csv" inputs 1..2 targets 3',
        'weights x -> h = init he seed 7',
        '',
        '   ',
        '# full line   ',
        'layr oops',
        'I1 -> -> H1',
        'weights a -> b = [ 1 2',
        ']',
        '"open string',
      );
      const line = fc.tuple(fc.oneof(weight, layer, sample, matrix, other), comment).map(([l, c]) => (c && !l.includes('\n') ? `${l} ${c}` : l));
      const doc = fc.tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([ls, eol, end]) => ls.join(eol).replace(/\n/g, eol).replace(/\r\r/g, '\r') + (end ? eol : ''));
      fc.assert(
        fc.property(doc, fc.nat(), fc.nat(), (text, a, b) => {
          const formatted = assertWellFormatted(text);
          // Range formatting of any range agrees with whole-document formatting.
          const count = lines(text).length;
          const edit = formatLines(text, a % count, b % count);
          assert.equal(format(apply(text, edit)), formatted);
          assert.ok(formatted.includes(edit.text));
        }),
        { numRuns: 400, seed: 20260101 },
      );
    });
  });

  describe('formatLines', () => {
    const text = ['network   x', '', '', 'a -> b = 1', 'aaaa -> b = 2', 'loss    mse', 'weights a -> b = [1 2', '3 4]', 'train adam   # t', ''].join('\n');

    it('formats only the lines asked for', () => {
      const edit = formatLines(text, 5, 5);
      assert.deepEqual(edit, { startLine: 5, endLine: 5, text: 'loss mse\n' });
    });

    it('grows the range to the whole alignment block', () => {
      const edit = formatLines(text, 4, 4);
      assert.deepEqual(edit, { startLine: 3, endLine: 4, text: 'a -> b    = 1\naaaa -> b = 2\n' });
    });

    it('grows the range to a whole matrix', () => {
      const edit = formatLines(text, 7, 7);
      assert.deepEqual(edit, { startLine: 6, endLine: 7, text: 'weights a -> b = [\n  1  2\n  3  4\n]\n' });
    });

    it('collapses a run of blank lines', () => {
      const edit = formatLines(text, 1, 1);
      assert.deepEqual(edit, { startLine: 1, endLine: 2, text: '\n' });
    });

    it('formats the whole document to what format gives', () => {
      const edit = formatLines(text, 0, lines(text).length - 1);
      assert.equal(apply(text, edit), format(text));
    });

    it('clamps a range outside the document', () => {
      const edit = formatLines(text, -5, 1000);
      assert.equal(apply(text, edit), format(text));
    });

    it('on ranges from every line, yields the lines format gives and converges to format', () => {
      for (const input of [text, MESSY, MESSY.replace(/\n/g, '\r\n'), 'loss mse', '\n\nloss   mse\n\n']) {
        const count = lines(input).length;
        const expected = format(input);
        for (let a = 0; a < count; a++) {
          for (const b of new Set([a, a + 1, a + 3, count - 1].filter((x) => x < count))) {
            const edit = formatLines(input, a, b);
            assert.ok(edit.startLine <= a && edit.endLine >= b, `range ${a}..${b} shrank to ${edit.startLine}..${edit.endLine}`);
            const once = apply(input, edit);
            assert.deepEqual(meaning(once), meaning(input), `range ${a}..${b} changed statements`);
            assert.equal(format(once), expected, `range ${a}..${b} of ${JSON.stringify(input)}`);
            // The replacement is exactly the formatted version of those lines.
            assert.ok(expected.includes(edit.text), `range ${a}..${b}: ${JSON.stringify(edit.text)} is not part of the formatted text`);
          }
        }
      }
    });

    it('keeps CRLF in the replacement', () => {
      const crlf = 'loss   mse\r\nnetwork x\r\n';
      assert.deepEqual(formatLines(crlf, 0, 0), { startLine: 0, endLine: 0, text: 'loss mse\r\n' });
    });
  });
});
