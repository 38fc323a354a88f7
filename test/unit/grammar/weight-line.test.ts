// The grammar's fast path for weight lines (`weight-line`: one match for a whole well-formed
// `FROM -> TO = VALUE [fixed] [# comment]`) must colour every line exactly as the general rule
// (`weight-statement`) does, and must be what colours the common lines (it is there for speed:
// 100k weight lines tokenize in under half the time).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { ROOT } from '../helpers';

const GRAMMAR = path.join(ROOT, 'syntaxes/nnet.tmLanguage.json');

interface RawGrammar {
  patterns: { include?: string }[];
  repository: Record<string, { name?: string }>;
}

/** The grammar as shipped, with `change` applied to a copy of its JSON. */
async function load(change: (raw: RawGrammar) => void = () => {}): Promise<vsctm.IGrammar> {
  const raw = JSON.parse(fs.readFileSync(GRAMMAR, 'utf8')) as RawGrammar;
  change(raw);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === 'source.nnet' ? vsctm.parseRawGrammar(JSON.stringify(raw), 'nnet.tmLanguage.json') : null),
  });
  const grammar = await registry.loadGrammar('source.nnet');
  assert.ok(grammar);
  return grammar;
}

/** Every token of one line (from the start state) as "text|scope scope …". */
function tokens(grammar: vsctm.IGrammar, line: string): string[] {
  return grammar.tokenizeLine(line, vsctm.INITIAL, 0).tokens.map((t) => `${line.slice(t.startIndex, t.endIndex)}|${t.scopes.join(' ')}`);
}

const COMMON = ['I1 -> H1 = -0.07', '  x[3] -> h12 = 1e-3 fixed', 'B1->H2=0.10 # bias', 'h_a-b -> o1 = +5', '\tI2 -> H1 =  .5 fixed#note', 'x1 -> y[0] = -2.5E+7'];

const EDGES = [
  ...COMMON,
  'I1 -> H1 = 0.5x', // a number glued to a word
  'I1 -> H1 = 1..2',
  'I1 -> H1 = 0.5 fixedly',
  'I1 -> H1 = 0.5 fixed-point',
  'I1 -> H1 = ',
  'I1 -> H1 = 0.5 0.6',
  'I1 -> = 0.5',
  'I1 -> H1',
  'I1[ -> H1 = 1',
  'I1 [2] -> H1 [ 3 ] = 1',
  '1a -> H1 = 2',
  'layer -> H1 = 1',
  'sample -> H1 = 1',
  'weights a -> b = [1 2]',
  'I1 -> H1 = "0.5"',
  'I1 -> H1 = 0.5 # fixed',
  'I1 -> H1 = 0.5fixed',
  'I1 -> H1 = -',
  'I1 -> H1 = 5.',
  'é1 -> ü2 = 3',
  'I1 -> H1 = 0.5   ',
  '   ',
];

describe('grammar: the weight-line fast path', () => {
  let shipped: vsctm.IGrammar;
  let general: vsctm.IGrammar;
  let marked: vsctm.IGrammar;

  before(async function () {
    this.timeout(20000);
    await oniguruma.loadWASM(fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm')));
    shipped = await load();
    // The general rule alone: the fast path taken out of the patterns.
    general = await load((raw) => {
      const before = raw.patterns.length;
      raw.patterns = raw.patterns.filter((p) => p.include !== '#weight-line');
      assert.equal(raw.patterns.length, before - 1, 'the grammar includes #weight-line');
    });
    // The fast path under another name, to see which lines it takes.
    marked = await load((raw) => {
      raw.repository['weight-line'].name = 'meta.fast-path.nnet';
    });
  });

  it('colours the edge cases exactly as the general rule', () => {
    for (const line of EDGES) assert.deepEqual(tokens(shipped, line), tokens(general, line), JSON.stringify(line));
  });

  it('takes the common lines (and not the malformed ones)', () => {
    for (const line of COMMON) assert.ok(tokens(marked, line).every((t) => t.includes('meta.fast-path.nnet') || t.startsWith('|')), `fast path for ${JSON.stringify(line)}`);
    for (const line of ['I1 -> H1 = 0.5x', 'I1 -> H1 = 1..2', 'layer -> H1 = 1', 'I1 -> H1 = 0.5 0.6']) {
      assert.ok(!tokens(marked, line).some((t) => t.includes('meta.fast-path.nnet')), `no fast path for ${JSON.stringify(line)}`);
    }
  });

  it('property: lines shaped like weight lines, well-formed or not, are coloured as the general rule colours them', () => {
    const space = fc.constantFrom('', ' ', '  ', '\t');
    const ref = fc.constantFrom('I1', 'h_2', 'x[3]', 'y [ 12 ]', 'a-b', 'é', '1a', 'layer', 'x[', '');
    const arrow = fc.constantFrom('->', '->', '->', '-', '>', '=');
    const equals = fc.constantFrom('=', '=', '=', '->', '');
    const value = fc.constantFrom('0.5', '-1e-3', '.5', '5.', '+2', '7', '2E5', '1..2', '0.5x', '-', '"s"', '[1 2]', '0.5 0.6', '');
    const tail = fc.constantFrom('', '', ' fixed', ' fixedly', 'fixed', ' fixed # c', '# c', ' # fixed', ' x', '   ');
    const line = fc.tuple(space, ref, space, arrow, space, ref, space, equals, space, value, tail).map((parts) => parts.join(''));
    fc.assert(
      fc.property(line, (text) => {
        assert.deepEqual(tokens(shipped, text), tokens(general, text), JSON.stringify(text));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });
});
