// The TextMate grammar, the language configuration and the snippets, checked with the same
// engine VS Code uses (vscode-textmate + the Oniguruma WebAssembly build).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import {
  ACTIVATIONS,
  ALL_TRAIN_OPTION_NAMES,
  CONVENTIONS,
  INIT_METHODS,
  LOSSES,
  STATEMENT_KEYWORDS,
  TRAIN_METHODS,
} from '../../../src/core/vocabulary';
import { parse } from '../../../src/core/syntax/parser';
import { ROOT } from '../helpers';

const repoFile = (relative: string): string => path.join(ROOT, relative);
const readText = (relative: string): string => fs.readFileSync(repoFile(relative), 'utf8');
const readJson = (relative: string): unknown => JSON.parse(readText(relative));

const GRAMMAR_PATH = 'syntaxes/nnet.tmLanguage.json';
const CONFIG_PATH = 'language-configuration.json';
const SNIPPETS_PATH = 'snippets/nnet.code-snippets';
const EXAMPLES = ['examples/heaton-xor.nnet', 'examples/digits.nnet', 'examples/matrix.nnet'];

interface Token {
  readonly text: string;
  readonly scopes: readonly string[];
}

interface TokenizedLine {
  readonly line: string;
  readonly tokens: readonly Token[];
}

let grammar: vsctm.IGrammar;

/** Tokenizes a whole text line by line, carrying the rule stack as VS Code does. */
function tokenize(text: string): TokenizedLine[] {
  let stack = vsctm.INITIAL;
  const result: TokenizedLine[] = [];
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, stack, 0);
    assert.equal(r.stoppedEarly, false, `tokenizing stopped early on ${JSON.stringify(line)}`);
    result.push({
      line,
      tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })),
    });
    stack = r.ruleStack;
  }
  return result;
}

/** The non-blank tokens of a text as [text, innermost scope] pairs, all lines together. */
function scan(text: string): [string, string][] {
  return tokenize(text).flatMap((l) =>
    l.tokens.filter((t) => t.text.trim() !== '').map((t): [string, string] => [t.text, t.scopes[t.scopes.length - 1]]),
  );
}

/** All scopes of the first token whose text is `tokenText` (the nth one when given). */
function scopesOf(text: string, tokenText: string, nth = 0): readonly string[] {
  const matches = tokenize(text)
    .flatMap((l) => l.tokens)
    .filter((t) => t.text === tokenText);
  assert.ok(
    matches.length > nth,
    `no token ${JSON.stringify(tokenText)} (#${nth}) in ${JSON.stringify(text)}; tokens: ${JSON.stringify(scan(text))}`,
  );
  return matches[nth].scopes;
}

function assertScope(text: string, tokenText: string, scope: string, nth = 0): void {
  const scopes = scopesOf(text, tokenText, nth);
  assert.ok(
    scopes.includes(scope),
    `${JSON.stringify(tokenText)} in ${JSON.stringify(text)} has scopes ${scopes.join(' ')}, expected ${scope}`,
  );
}

/** A scope that says what a token is: not the root, not a `meta.*` wrapper, not an error. */
const isMeaningful = (scope: string): boolean =>
  scope !== 'source.nnet' && !scope.startsWith('meta.') && !scope.startsWith('invalid.');

/** Lines that hold a token with no meaningful scope, as readable strings (empty when all is well). */
function unscopedTokens(text: string): string[] {
  const problems: string[] = [];
  tokenize(text).forEach((l, i) => {
    for (const t of l.tokens) {
      if (t.text.trim() !== '' && !t.scopes.some(isMeaningful)) {
        problems.push(`line ${i + 1}: ${JSON.stringify(t.text)} has only ${t.scopes.join(' ')} in ${JSON.stringify(l.line)}`);
      }
    }
  });
  return problems;
}

interface RawRule {
  match?: string;
  begin?: string;
  end?: string;
  while?: string;
  patterns?: RawRule[];
  repository?: Record<string, RawRule>;
  captures?: Record<string, RawRule>;
  beginCaptures?: Record<string, RawRule>;
  endCaptures?: Record<string, RawRule>;
  name?: string;
  include?: string;
}

/** Every rule object of a raw grammar, nested ones included. */
function allRules(rule: RawRule, out: RawRule[] = []): RawRule[] {
  out.push(rule);
  for (const child of rule.patterns ?? []) allRules(child, out);
  for (const group of [rule.repository, rule.captures, rule.beginCaptures, rule.endCaptures]) {
    for (const child of Object.values(group ?? {})) allRules(child, out);
  }
  return out;
}

/** What a snippet body inserts when every placeholder keeps its default (the first choice). */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  let text = body.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_m, n: string, choices: string) => {
    const first = choices.split(',')[0];
    defaults.set(n, first);
    return first;
  });
  // Nested placeholders (`${4: bias ${5:B2}}`) resolve from the inside out.
  const innermost = /\$\{(\d+):([^${}]*)\}/;
  while (innermost.test(text)) {
    text = text.replace(new RegExp(innermost.source, 'g'), (_m, n: string, value: string) => {
      defaults.set(n, value);
      return value;
    });
  }
  return text.replace(/\$(\d+)/g, (_m, n: string) => defaults.get(n) ?? '');
}

/** The word VS Code takes at a column: the wordPattern match that covers it. */
function wordAt(pattern: RegExp, line: string, column: number): string | undefined {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (const m of line.matchAll(global)) {
    const start = m.index ?? 0;
    if (start <= column && column < start + m[0].length) return m[0];
  }
  return undefined;
}

interface LanguageConfiguration {
  comments: { lineComment: string; blockComment?: unknown };
  brackets: [string, string][];
  autoClosingPairs: { open: string; close: string; notIn?: string[] }[];
  surroundingPairs: [string, string][];
  /** Object form, so that the `u` flag (for `\p{L}` in names) reaches VS Code. */
  wordPattern: { pattern: string; flags?: string };
  folding: { markers: { start: string; end: string } };
  indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string };
  onEnterRules: { beforeText: string; afterText?: string; action: { indent: string } }[];
}

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

describe('nnet TextMate grammar', function () {
  before(async function () {
    this.timeout(20000);
    const wasm = fs.readFileSync(repoFile('node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm);
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName: string) =>
        scopeName === 'source.nnet' ? vsctm.parseRawGrammar(readText(GRAMMAR_PATH), repoFile(GRAMMAR_PATH)) : null,
    });
    const loaded = await registry.loadGrammar('source.nnet');
    assert.ok(loaded, 'grammar source.nnet did not load');
    grammar = loaded;
  });

  describe('grammar file', () => {
    it('declares scope source.nnet', () => {
      const raw = readJson(GRAMMAR_PATH) as { scopeName: string; patterns: unknown[] };
      assert.equal(raw.scopeName, 'source.nnet');
      assert.ok(raw.patterns.length > 0);
    });

    it('has only regular expressions that Oniguruma compiles', () => {
      const raw = readJson(GRAMMAR_PATH) as RawRule;
      const sources = allRules(raw).flatMap((r) => [r.match, r.begin, r.end, r.while].filter((s): s is string => !!s));
      assert.ok(sources.length > 20, `only ${sources.length} regexes found`);
      for (const source of sources) {
        assert.doesNotThrow(() => new oniguruma.OnigScanner([source]).dispose(), `regex does not compile: ${source}`);
      }
    });

    it('includes only rules that exist in its repository', () => {
      const raw = readJson(GRAMMAR_PATH) as RawRule;
      const names = new Set(Object.keys(raw.repository ?? {}));
      const includes = allRules(raw).flatMap((r) => (r.include ? [r.include] : []));
      assert.ok(includes.length > 0);
      for (const include of includes) {
        assert.ok(include.startsWith('#') && names.has(include.slice(1)), `dangling include ${include}`);
      }
    });

    it('ends every scope name with .nnet', () => {
      const raw = readJson(GRAMMAR_PATH) as RawRule;
      // The root's `name` is the language's display name; every rule below it names a scope.
      const names = allRules(raw)
        .slice(1)
        .flatMap((r) => (r.name ? [r.name] : []));
      assert.ok(names.length > 20);
      for (const name of names) assert.match(name, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.nnet$/, name);
    });
  });

  describe('statements', () => {
    it('scopes every statement keyword at the start of a line', () => {
      for (const keyword of STATEMENT_KEYWORDS) {
        assertScope(`${keyword} x`, keyword, `keyword.other.${keyword}.nnet`);
        assertScope(`  ${keyword}`, keyword, `keyword.other.${keyword}.nnet`);
        assertScope(`${keyword}# comment`, keyword, `keyword.other.${keyword}.nnet`);
      }
    });

    it('does not take a longer word or a node for a statement keyword', () => {
      assert.deepEqual(scan('layered x'), [
        ['layered', 'variable.other.node.nnet'],
        ['x', 'variable.other.node.nnet'],
      ]);
      assert.deepEqual(scan('layer-x 1'), [
        ['layer-x', 'variable.other.node.nnet'],
        ['1', 'constant.numeric.integer.nnet'],
      ]);
      assert.deepEqual(scan('data2 -> y1 = 1'), [
        ['data2', 'variable.other.node.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['y1', 'variable.other.node.nnet'],
        ['=', 'keyword.operator.assignment.nnet'],
        ['1', 'constant.numeric.integer.nnet'],
      ]);
    });

    it('network: keyword and title', () => {
      assert.deepEqual(scan('network xor'), [
        ['network', 'keyword.other.network.nnet'],
        ['xor', 'entity.name.section.nnet'],
      ]);
      assert.deepEqual(scan('network xor-matrix'), [
        ['network', 'keyword.other.network.nnet'],
        ['xor-matrix', 'entity.name.section.nnet'],
      ]);
    });

    it('convention: keyword and convention name', () => {
      assert.deepEqual(scan('convention heaton'), [
        ['convention', 'keyword.other.convention.nnet'],
        ['heaton', 'support.constant.convention.nnet'],
      ]);
    });

    it('layer: name, nodes, activation, bias keyword and bias node', () => {
      assert.deepEqual(scan('layer hidden H1 H2   sigmoid     bias B2'), [
        ['layer', 'keyword.other.layer.nnet'],
        ['hidden', 'entity.name.type.layer.nnet'],
        ['H1', 'variable.other.node.nnet'],
        ['H2', 'variable.other.node.nnet'],
        ['sigmoid', 'support.constant.activation.nnet'],
        ['bias', 'keyword.other.bias.nnet'],
        ['B2', 'variable.other.node.nnet'],
      ]);
      assert.deepEqual(scan('layer input  I1 I2               bias B1'), [
        ['layer', 'keyword.other.layer.nnet'],
        ['input', 'entity.name.type.layer.nnet'],
        ['I1', 'variable.other.node.nnet'],
        ['I2', 'variable.other.node.nnet'],
        ['bias', 'keyword.other.bias.nnet'],
        ['B1', 'variable.other.node.nnet'],
      ]);
    });

    it('layer: node arrays name[N] with a bare bias', () => {
      assert.deepEqual(scan('layer hidden h[32]  relu     bias'), [
        ['layer', 'keyword.other.layer.nnet'],
        ['hidden', 'entity.name.type.layer.nnet'],
        ['h', 'variable.other.node.nnet'],
        ['[', 'punctuation.section.brackets.begin.nnet'],
        ['32', 'constant.numeric.integer.nnet'],
        [']', 'punctuation.section.brackets.end.nnet'],
        ['relu', 'support.constant.activation.nnet'],
        ['bias', 'keyword.other.bias.nnet'],
      ]);
    });

    it('layer: an activation word is the activation only in last place, as the parser reads it', () => {
      assert.deepEqual(scan('layer hidden tanh H2 relu # c'), [
        ['layer', 'keyword.other.layer.nnet'],
        ['hidden', 'entity.name.type.layer.nnet'],
        ['tanh', 'variable.other.node.nnet'],
        ['H2', 'variable.other.node.nnet'],
        ['relu', 'support.constant.activation.nnet'],
        ['#', 'punctuation.definition.comment.nnet'],
        [' c', 'comment.line.number-sign.nnet'],
      ]);
      // `relu` is not found inside `leakyrelu`.
      assert.deepEqual(scan('layer out O1 leakyrelu'), [
        ['layer', 'keyword.other.layer.nnet'],
        ['out', 'entity.name.type.layer.nnet'],
        ['O1', 'variable.other.node.nnet'],
        ['leakyrelu', 'support.constant.activation.nnet'],
      ]);
    });

    it('weight: nodes, arrow, =, signed number and fixed', () => {
      assert.deepEqual(scan('I1 -> H1 = -0.07 fixed'), [
        ['I1', 'variable.other.node.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['H1', 'variable.other.node.nnet'],
        ['=', 'keyword.operator.assignment.nnet'],
        ['-0.07', 'constant.numeric.float.nnet'],
        ['fixed', 'storage.modifier.fixed.nnet'],
      ]);
      assertScope('I1 -> H1 = -0.07 fixed', 'I1', 'meta.statement.weight.nnet');
    });

    it('weight: written without spaces', () => {
      assert.deepEqual(scan('H1->O1=-1.5e-3'), [
        ['H1', 'variable.other.node.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['O1', 'variable.other.node.nnet'],
        ['=', 'keyword.operator.assignment.nnet'],
        ['-1.5e-3', 'constant.numeric.float.nnet'],
      ]);
    });

    it('weight: indexed nodes of an array', () => {
      assert.deepEqual(scan('x[3] -> h[12] = 2E5'), [
        ['x', 'variable.other.node.nnet'],
        ['[', 'punctuation.section.brackets.begin.nnet'],
        ['3', 'constant.numeric.integer.nnet'],
        [']', 'punctuation.section.brackets.end.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['h', 'variable.other.node.nnet'],
        ['[', 'punctuation.section.brackets.begin.nnet'],
        ['12', 'constant.numeric.integer.nnet'],
        [']', 'punctuation.section.brackets.end.nnet'],
        ['=', 'keyword.operator.assignment.nnet'],
        ['2E5', 'constant.numeric.float.nnet'],
      ]);
    });

    it('weights: layer names and an initialiser with a seed', () => {
      assert.deepEqual(scan('weights x -> h = init he seed 7'), [
        ['weights', 'keyword.other.weights.nnet'],
        ['x', 'entity.name.type.layer.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['h', 'entity.name.type.layer.nnet'],
        ['=', 'keyword.operator.assignment.nnet'],
        ['init', 'keyword.other.init.nnet'],
        ['he', 'support.constant.init.nnet'],
        ['seed', 'keyword.other.seed.nnet'],
        ['7', 'constant.numeric.integer.nnet'],
      ]);
    });

    it('weights: initialiser arguments, nguyen-widrow as one token, layer names that look like methods', () => {
      assert.deepEqual(scan('weights a -> b = init uniform -0.5 +5e-1'), [
        ['weights', 'keyword.other.weights.nnet'],
        ['a', 'entity.name.type.layer.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['b', 'entity.name.type.layer.nnet'],
        ['=', 'keyword.operator.assignment.nnet'],
        ['init', 'keyword.other.init.nnet'],
        ['uniform', 'support.constant.init.nnet'],
        ['-0.5', 'constant.numeric.float.nnet'],
        ['+5e-1', 'constant.numeric.float.nnet'],
      ]);
      assert.deepEqual(scan('weights he -> zeros = init nguyen-widrow'), [
        ['weights', 'keyword.other.weights.nnet'],
        ['he', 'entity.name.type.layer.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['zeros', 'entity.name.type.layer.nnet'],
        ['=', 'keyword.operator.assignment.nnet'],
        ['init', 'keyword.other.init.nnet'],
        ['nguyen-widrow', 'support.constant.init.nnet'],
      ]);
    });

    it('loss: keyword and loss name', () => {
      assert.deepEqual(scan('loss crossentropy'), [
        ['loss', 'keyword.other.loss.nnet'],
        ['crossentropy', 'support.constant.loss.nnet'],
      ]);
    });

    it('train: method, options and their values', () => {
      assert.deepEqual(scan('train backprop rate 0.7 momentum 0.3 online epochs 10000 until 0.01'), [
        ['train', 'keyword.other.train.nnet'],
        ['backprop', 'support.function.train-method.nnet'],
        ['rate', 'variable.parameter.option.nnet'],
        ['0.7', 'constant.numeric.float.nnet'],
        ['momentum', 'variable.parameter.option.nnet'],
        ['0.3', 'constant.numeric.float.nnet'],
        ['online', 'variable.parameter.option.nnet'],
        ['epochs', 'variable.parameter.option.nnet'],
        ['10000', 'constant.numeric.integer.nnet'],
        ['until', 'variable.parameter.option.nnet'],
        ['0.01', 'constant.numeric.float.nnet'],
      ]);
      assert.deepEqual(scan('train adam beta1 0.9 beta2 0.999 epsilon 1e-8 seed 3'), [
        ['train', 'keyword.other.train.nnet'],
        ['adam', 'support.function.train-method.nnet'],
        ['beta1', 'variable.parameter.option.nnet'],
        ['0.9', 'constant.numeric.float.nnet'],
        ['beta2', 'variable.parameter.option.nnet'],
        ['0.999', 'constant.numeric.float.nnet'],
        ['epsilon', 'variable.parameter.option.nnet'],
        ['1e-8', 'constant.numeric.float.nnet'],
        ['seed', 'variable.parameter.option.nnet'],
        ['3', 'constant.numeric.integer.nnet'],
      ]);
    });

    it('sample: numbers and the arrow', () => {
      assert.deepEqual(scan('sample 1 0 -> 1'), [
        ['sample', 'keyword.other.sample.nnet'],
        ['1', 'constant.numeric.integer.nnet'],
        ['0', 'constant.numeric.integer.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['1', 'constant.numeric.integer.nnet'],
      ]);
      assert.deepEqual(scan('sample -1 .5->+1e0'), [
        ['sample', 'keyword.other.sample.nnet'],
        ['-1', 'constant.numeric.integer.nnet'],
        ['.5', 'constant.numeric.float.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['+1e0', 'constant.numeric.float.nnet'],
      ]);
    });

    it('data: file name, column keywords and column spans', () => {
      assert.deepEqual(scan('data "digits.csv" inputs 1..64 targets 65'), [
        ['data', 'keyword.other.data.nnet'],
        ['"', 'punctuation.definition.string.begin.nnet'],
        ['digits.csv', 'string.quoted.double.nnet'],
        ['"', 'punctuation.definition.string.end.nnet'],
        ['inputs', 'keyword.other.inputs.nnet'],
        ['1', 'constant.numeric.integer.nnet'],
        ['..', 'keyword.operator.range.nnet'],
        ['64', 'constant.numeric.integer.nnet'],
        ['targets', 'keyword.other.targets.nnet'],
        ['65', 'constant.numeric.integer.nnet'],
      ]);
    });
  });

  describe('lexical elements', () => {
    it('numbers keep their sign and exponent', () => {
      const floats = ['-0.07', '+1e-3', '2E5', '0.10', '.5', '-.25', '1.', '1.5e+10', '-1.5e-3', '+0.0'];
      const integers = ['0', '7', '10000', '-3', '+42'];
      for (const n of floats) assert.deepEqual(scan(`sample ${n}`)[1], [n, 'constant.numeric.float.nnet'], n);
      for (const n of integers) assert.deepEqual(scan(`sample ${n}`)[1], [n, 'constant.numeric.integer.nnet'], n);
    });

    it('comments: whole lines, after statements, inside matrices, not inside strings', () => {
      assert.deepEqual(scan('# XOR, as worked in Heaton ch. 6'), [
        ['#', 'punctuation.definition.comment.nnet'],
        [' XOR, as worked in Heaton ch. 6', 'comment.line.number-sign.nnet'],
      ]);
      assertScope('  # indented', '#', 'comment.line.number-sign.nnet');
      assertScope('I1 -> H1 = 0.5 # note -> 3', ' note -> 3', 'comment.line.number-sign.nnet');
      assertScope('loss mse # E = ½Σ(ideal − actual)²', '#', 'punctuation.definition.comment.nnet');
      // A # inside the quotes belongs to the file name.
      assert.deepEqual(scan('data "a#b.csv"').map((t) => t[1]), [
        'keyword.other.data.nnet',
        'punctuation.definition.string.begin.nnet',
        'string.quoted.double.nnet',
        'punctuation.definition.string.end.nnet',
      ]);
    });

    it('strings: escapes, and an unterminated string ends with its line', () => {
      assert.deepEqual(scan(String.raw`data "a\"b\\c.csv"`), [
        ['data', 'keyword.other.data.nnet'],
        ['"', 'punctuation.definition.string.begin.nnet'],
        ['a', 'string.quoted.double.nnet'],
        ['\\"', 'constant.character.escape.nnet'],
        ['b', 'string.quoted.double.nnet'],
        ['\\\\', 'constant.character.escape.nnet'],
        ['c.csv', 'string.quoted.double.nnet'],
        ['"', 'punctuation.definition.string.end.nnet'],
      ]);
      // The parser resolves a backslash before any character.
      assertScope(String.raw`data "a\d.csv"`, '\\d', 'constant.character.escape.nnet');
      assert.deepEqual(scan('network "XOR demo"').map((t) => t[1]), [
        'keyword.other.network.nnet',
        'punctuation.definition.string.begin.nnet',
        'string.quoted.double.nnet',
        'punctuation.definition.string.end.nnet',
      ]);
      const lines = tokenize('data "digits.csv\nloss mse');
      assert.ok(lines[0].tokens.some((t) => t.text === 'digits.csv' && t.scopes.includes('string.quoted.double.nnet')));
      assert.deepEqual(
        lines[1].tokens.map((t) => t.scopes[t.scopes.length - 1]),
        ['keyword.other.loss.nnet', 'meta.statement.loss.nnet', 'support.constant.loss.nnet'],
      );
    });

    it('names: digits, underscores and inner hyphens stay one token; -> splits them', () => {
      assert.deepEqual(scan('h_12->out-node'), [
        ['h_12', 'variable.other.node.nnet'],
        ['->', 'keyword.operator.arrow.nnet'],
        ['out-node', 'variable.other.node.nnet'],
      ]);
      // A hyphen before a digit is a sign, as in the lexer.
      assert.deepEqual(scan('H1-1'), [
        ['H1', 'variable.other.node.nnet'],
        ['-1', 'constant.numeric.integer.nnet'],
      ]);
    });

    it('names: letters beyond ASCII, as the lexer accepts them', () => {
      assert.deepEqual(scan('layer versteckt Ü1 δ2 tanh bias β'), [
        ['layer', 'keyword.other.layer.nnet'],
        ['versteckt', 'entity.name.type.layer.nnet'],
        ['Ü1', 'variable.other.node.nnet'],
        ['δ2', 'variable.other.node.nnet'],
        ['tanh', 'support.constant.activation.nnet'],
        ['bias', 'keyword.other.bias.nnet'],
        ['β', 'variable.other.node.nnet'],
      ]);
      assert.deepEqual(scan('Ü1 -> δ2 = 0.5').map((t) => t[1]), [
        'variable.other.node.nnet',
        'keyword.operator.arrow.nnet',
        'variable.other.node.nnet',
        'keyword.operator.assignment.nnet',
        'constant.numeric.float.nnet',
      ]);
    });

    it('malformed numbers are not highlighted as numbers or names', () => {
      for (const bad of ['12abc', '1.5.3', '1e', '3x']) {
        const tokens = scan(`sample ${bad} -> 1`).slice(1, -2);
        assert.ok(
          tokens.every(([, scope]) => !scope.startsWith('constant.numeric') && !scope.startsWith('variable')),
          `${bad}: ${JSON.stringify(tokens)}`,
        );
      }
      assert.ok(scan('I1 -> H1 = 12abc').every(([text]) => text !== 'abc'));
    });
  });

  describe('matrices', () => {
    const text = [
      'weights input -> hidden = [   # rows: H1, H2',
      '  -0.07  0.22  -0.46',
      '   0.94  0.46   0.10 ; 1e-3 +2 -3',
      '] fixed # frozen',
      'loss mse',
    ].join('\n');

    it('span lines between brackets', () => {
      const lines = tokenize(text);
      assertScope(text, '[', 'punctuation.section.brackets.begin.nnet');
      assertScope(text, ']', 'punctuation.section.brackets.end.nnet');
      for (const l of lines.slice(1, 3)) {
        for (const t of l.tokens.filter((t) => t.text.trim() !== '')) {
          assert.ok(t.scopes.includes('meta.matrix.nnet'), `${t.text} not in the matrix`);
          assert.ok(t.scopes.includes('meta.statement.weights.nnet'), `${t.text} not in the weights statement`);
        }
      }
      const row = lines[2].tokens
        .filter((t) => t.text.trim() !== '')
        .map((t) => [t.text, t.scopes[t.scopes.length - 1]]);
      assert.deepEqual(row, [
        ['0.94', 'constant.numeric.float.nnet'],
        ['0.46', 'constant.numeric.float.nnet'],
        ['0.10', 'constant.numeric.float.nnet'],
        [';', 'punctuation.separator.row.nnet'],
        ['1e-3', 'constant.numeric.float.nnet'],
        ['+2', 'constant.numeric.integer.nnet'],
        ['-3', 'constant.numeric.integer.nnet'],
      ]);
      assertScope(text, ' rows: H1, H2', 'comment.line.number-sign.nnet');
      assertScope(text, 'fixed', 'storage.modifier.fixed.nnet');
      assertScope(text, ' frozen', 'comment.line.number-sign.nnet');
      // After the closing bracket the next line is a statement of its own again.
      assert.deepEqual(
        lines[4].tokens.map((t) => t.scopes),
        [
          ['source.nnet', 'meta.statement.loss.nnet', 'keyword.other.loss.nnet'],
          ['source.nnet', 'meta.statement.loss.nnet'],
          ['source.nnet', 'meta.statement.loss.nnet', 'support.constant.loss.nnet'],
        ],
      );
    });

    it('on one line', () => {
      assert.deepEqual(scan('weights hidden -> output = [ -0.22 0.58 0.78 ]').slice(5), [
        ['[', 'punctuation.section.brackets.begin.nnet'],
        ['-0.22', 'constant.numeric.float.nnet'],
        ['0.58', 'constant.numeric.float.nnet'],
        ['0.78', 'constant.numeric.float.nnet'],
        [']', 'punctuation.section.brackets.end.nnet'],
      ]);
    });

    it('a line that does not start a statement stays inside the matrix, as in the parser', () => {
      const lines = tokenize('weights a -> b = [\n  1 2\n  nan 3\n\n  # comment\n]\nloss mse');
      for (const l of lines.slice(1, 6)) {
        for (const t of l.tokens) assert.ok(t.scopes.includes('meta.matrix.nnet'), `${JSON.stringify(l.line)} left the matrix`);
      }
      assert.ok(lines[5].tokens[0].scopes.includes('punctuation.section.brackets.end.nnet'));
      assert.ok(lines[6].tokens.every((t) => !t.scopes.includes('meta.matrix.nnet')));
    });

    it('an unclosed matrix ends at a weight line too', () => {
      const lines = tokenize('weights a -> b = [\n  1 2\nI1 -> H1 = 0.5\nx[2] -> y[1] = 1');
      for (const l of lines.slice(2)) {
        assert.ok(l.tokens.every((t) => !t.scopes.includes('meta.matrix.nnet')), l.line);
        assert.ok(l.tokens[0].scopes.includes('meta.statement.weight.nnet'), l.line);
      }
    });

    it('an unclosed matrix ends at the next statement, which is highlighted normally', () => {
      const lines = tokenize('weights a -> b = [\n  1 2\nlayer output O1 sigmoid\nsample 1 -> 0');
      assert.ok(lines[1].tokens.every((t) => t.scopes.includes('meta.matrix.nnet')));
      for (const l of lines.slice(2)) {
        for (const t of l.tokens) assert.ok(!t.scopes.includes('meta.matrix.nnet'), `${t.text} still in the matrix`);
      }
      assert.deepEqual(scan(lines[2].line), [
        ['layer', 'keyword.other.layer.nnet'],
        ['output', 'entity.name.type.layer.nnet'],
        ['O1', 'variable.other.node.nnet'],
        ['sigmoid', 'support.constant.activation.nnet'],
      ]);
      assert.deepEqual(scan(lines[3].line)[0], ['sample', 'keyword.other.sample.nnet']);
    });

    it('a closing bracket without an opening one is marked', () => {
      assert.deepEqual(scan(']'), [[']', 'invalid.illegal.stray-bracket.nnet']]);
    });
  });

  describe('robustness', () => {
    it('tokenizes long and pathological lines in linear time (no catastrophic backtracking)', function () {
      this.timeout(20000);
      const lines = [
        'a-'.repeat(5000),
        'x['.repeat(5000),
        '-'.repeat(10000),
        '1e'.repeat(5000),
        '1.'.repeat(5000),
        'layer h ' + 'a '.repeat(5000),
        'weights ' + 'a-b '.repeat(2500),
        'sample ' + '-0.5e-3 '.repeat(1500) + '-> 1',
        'weights a -> b = [' + ' 1'.repeat(5000),
        '"\\'.repeat(5000),
      ];
      for (const line of lines) {
        const r = grammar.tokenizeLine(line, vsctm.INITIAL, 0);
        assert.equal(r.stoppedEarly, false);
        assert.ok(r.tokens[r.tokens.length - 1].endIndex >= line.length, 'tokens cover the whole line');
      }
    });

    it('tokenizes thousands of weight lines (within the mocha time limit)', () => {
      const text = Array.from({ length: 5000 }, (_, i) => `x[${i + 1}] -> h[${(i % 32) + 1}] = -0.0${i} fixed # w${i}`).join('\n');
      const lines = tokenize(text);
      assert.equal(lines.length, 5000);
      assert.ok(lines.every((l) => l.tokens[0].scopes.includes('meta.statement.weight.nnet')));
    });
  });

  describe('agreement with src/core/vocabulary.ts', () => {
    it('every activation', () => {
      for (const a of ACTIVATIONS) {
        assertScope(`layer output O1 ${a}`, a, 'support.constant.activation.nnet');
        assertScope(`layer output O1 ${a} bias B`, a, 'support.constant.activation.nnet');
      }
    });

    it('every loss', () => {
      for (const l of LOSSES) assertScope(`loss ${l}`, l, 'support.constant.loss.nnet');
    });

    it('every convention', () => {
      for (const c of CONVENTIONS) assertScope(`convention ${c}`, c, 'support.constant.convention.nnet');
    });

    it('every initialiser', () => {
      for (const m of INIT_METHODS) assertScope(`weights a -> b = init ${m} seed 1`, m, 'support.constant.init.nnet');
    });

    it('every training method', () => {
      for (const m of TRAIN_METHODS) assertScope(`train ${m} epochs 5`, m, 'support.function.train-method.nnet');
    });

    it('every training option', () => {
      for (const o of ALL_TRAIN_OPTION_NAMES) assertScope(`train backprop ${o} 1`, o, 'variable.parameter.option.nnet');
    });
  });

  describe('agreement with the parser', () => {
    /** Lines where the parser starts a statement, with the kind it found, next to the grammar's view. */
    function statementStarts(text: string): { line: number; parser: string; grammar: readonly string[] }[] {
      const lines = tokenize(text);
      return parse(text)
        .statements.filter((st) => st.kind !== 'invalid')
        .map((st) => {
          const { line, character } = st.range.start;
          const token = lines[line].tokens.find((t, i, all) => {
            const start = all.slice(0, i).reduce((n, u) => n + u.text.length, 0);
            return start <= character && character < start + t.text.length;
          });
          return { line, parser: `meta.statement.${st.kind}.nnet`, grammar: token?.scopes ?? [] };
        });
    }

    const tricky = [
      'network xor-matrix',
      'H1->O1=-1.5e-3 fixed',
      'x[3] -> h[2] = 2E5',
      'layer hidden tanh H2 relu bias B2 # c',
      'weights a -> b = [',
      '  1 2 ; 3 4',
      'layer output O1 sigmoid',
      'weights b -> c = [ 0.5 ] fixed',
      'data "a\\"b.csv" inputs 1..2 targets 3',
      'train adam rate 0.001 batch 32 epochs 20',
    ].join('\n');

    for (const [name, read] of [
      ...EXAMPLES.map((e): [string, () => string] => [e, () => readText(e)]),
      ['tricky lines', () => tricky] as [string, () => string],
    ]) {
      it(`${name}: each statement the parser finds starts inside the grammar's scope for that statement`, () => {
        const starts = statementStarts(read());
        assert.ok(starts.length > 3);
        for (const s of starts) assert.ok(s.grammar.includes(s.parser), `line ${s.line + 1}: ${s.parser} vs ${s.grammar.join(' ')}`);
      });
    }

    it('snippets insert syntactically valid statements', () => {
      const snippets = readJson(SNIPPETS_PATH) as Record<string, Snippet>;
      for (const [name, snippet] of Object.entries(snippets)) {
        const text = expandSnippet(Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body);
        const tree = parse(text);
        assert.deepEqual(
          tree.diagnostics.map((d) => `${d.code}: ${d.message}`),
          [],
          `${name}: ${JSON.stringify(text)}`,
        );
        assert.ok(tree.statements.length > 0 && tree.statements.every((st) => st.kind !== 'invalid'), name);
      }
    });
  });

  describe('examples', () => {
    for (const example of EXAMPLES) {
      it(`${example}: every token has a meaningful scope`, () => {
        const text = readText(example);
        assert.ok(text.trim().length > 0, `${example} is empty`);
        assert.deepEqual(unscopedTokens(text), []);
      });
    }

    it('heaton-xor.nnet: statements are recognised line by line', () => {
      const lines = tokenize(readText('examples/heaton-xor.nnet'));
      const first = (prefix: string) => {
        const l = lines.find((x) => x.line.startsWith(prefix));
        assert.ok(l, `no line starting with ${prefix}`);
        return l;
      };
      assert.ok(first('#').tokens.every((t) => t.scopes.includes('comment.line.number-sign.nnet')));
      assert.deepEqual(scan(first('B2 -> O1').line).map((t) => t[1]), [
        'variable.other.node.nnet',
        'keyword.operator.arrow.nnet',
        'variable.other.node.nnet',
        'keyword.operator.assignment.nnet',
        'constant.numeric.float.nnet',
      ]);
      const weightLines = lines.filter((l) => /->.*=/.test(l.line));
      assert.equal(weightLines.length, 9);
      for (const l of weightLines) assert.ok(l.tokens.every((t) => t.scopes.includes('meta.statement.weight.nnet')), l.line);
      assert.equal(lines.filter((l) => l.tokens[0]?.scopes.includes('keyword.other.sample.nnet')).length, 4);
    });

    it('digits.nnet: node arrays, initialisers, data spans', () => {
      const text = readText('examples/digits.nnet');
      assertScope(text, 'x', 'variable.other.node.nnet');
      assertScope(text, '64', 'constant.numeric.integer.nnet');
      assertScope(text, 'softmax', 'support.constant.activation.nnet');
      assertScope(text, 'xavier', 'support.constant.init.nnet');
      assertScope(text, 'adam', 'support.function.train-method.nnet');
      assertScope(text, '..', 'keyword.operator.range.nnet');
      assertScope(text, 'digits.csv', 'string.quoted.double.nnet');
    });

    it('matrix.nnet: both matrices open and close', () => {
      const text = readText('examples/matrix.nnet');
      const lines = tokenize(text);
      const opens = lines.flatMap((l) => l.tokens).filter((t) => t.scopes.includes('punctuation.section.brackets.begin.nnet'));
      const closes = lines.flatMap((l) => l.tokens).filter((t) => t.scopes.includes('punctuation.section.brackets.end.nnet'));
      assert.equal(opens.length, 2);
      assert.equal(closes.length, 2);
      const last = lines.filter((l) => l.line.trim() !== '').pop();
      assert.ok(last);
      assert.ok(last.tokens.every((t) => !t.scopes.includes('meta.matrix.nnet')));
    });
  });

  describe('snippets', () => {
    const snippets = readJson(SNIPPETS_PATH) as Record<string, Snippet>;
    const bodyOf = (s: Snippet) => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
    const prefixesOf = (s: Snippet) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

    it('each has a prefix, a body and a description', () => {
      const entries = Object.entries(snippets);
      assert.ok(entries.length >= 7);
      for (const [name, s] of entries) {
        assert.ok(prefixesOf(s).length > 0 && prefixesOf(s).every((p) => p.length > 0), `${name}: prefix`);
        assert.ok(bodyOf(s).trim().length > 0, `${name}: body`);
        assert.ok(typeof s.description === 'string' && s.description.length > 10, `${name}: description`);
      }
    });

    it('cover layer, weight, sample, matrix, init, train and a starter network', () => {
      const bodies = (prefix: string) =>
        Object.values(snippets)
          .filter((s) => prefixesOf(s).includes(prefix))
          .map(bodyOf);
      assert.ok(bodies('layer').some((b) => b.startsWith('layer ')));
      assert.ok(bodies('weight').includes('${1:FROM} -> ${2:TO} = ${3:0.0}$0'));
      assert.ok(bodies('sample').some((b) => b.startsWith('sample ')));
      assert.ok(bodies('weights').some((b) => /= \[\n[\s\S]*\n\]/.test(b)));
      assert.ok(bodies('weights').some((b) => b.includes('= init ')));
      assert.ok(bodies('train').some((b) => b.startsWith('train ')));
      assert.ok(bodies('network').some((b) => b.includes('network ') && b.includes('sample ') && b.includes('->')));
    });

    it('insert text that the grammar fully understands (placeholders at their defaults)', () => {
      for (const [name, s] of Object.entries(snippets)) {
        const text = expandSnippet(bodyOf(s));
        assert.doesNotMatch(text, /\$/, `${name}: unexpanded placeholder in ${JSON.stringify(text)}`);
        assert.deepEqual(unscopedTokens(text), [], name);
      }
    });

    it('the XOR starter expands to the brief\'s Example 1 weights', () => {
      const starter = Object.values(snippets).find((s) => prefixesOf(s).includes('xor'));
      assert.ok(starter);
      const text = expandSnippet(bodyOf(starter));
      for (const line of ['I1 -> H1 = -0.07', 'H2 -> O1 = 0.58', 'B2 -> O1 = 0.78', 'sample 1 1 -> 0']) {
        assert.ok(text.split('\n').includes(line), `missing ${line}`);
      }
    });
  });

  describe('language configuration', () => {
    const config = readJson(CONFIG_PATH) as LanguageConfiguration;
    const matrixText = readText('examples/matrix.nnet');

    it('comments, brackets, auto-closing and surrounding pairs', () => {
      assert.equal(config.comments.lineComment, '#');
      assert.equal(config.comments.blockComment, undefined);
      assert.deepEqual(config.brackets, [['[', ']']]);
      assert.deepEqual(
        config.autoClosingPairs.map((p) => [p.open, p.close, p.notIn]),
        [
          ['[', ']', ['string', 'comment']],
          ['"', '"', ['string', 'comment']],
        ],
      );
      assert.deepEqual(config.surroundingPairs, [
        ['[', ']'],
        ['"', '"'],
      ]);
    });

    it('wordPattern keeps names, node arrays, hyphenated methods and signed numbers whole', () => {
      const pattern = new RegExp(config.wordPattern.pattern, config.wordPattern.flags);
      assert.ok(pattern.unicode, 'the u flag is set');
      const cases: [line: string, at: string, word: string][] = [
        ['layer input  x[64]', 'x[64]', 'x[64]'],
        ['layer input  x[64]', '64', 'x[64]'],
        ['layer hidden h12 h13 relu', 'h12', 'h12'],
        ['weights a -> b = init nguyen-widrow seed 7', 'widrow', 'nguyen-widrow'],
        ['I1 -> H1 = -0.07', '0.07', '-0.07'],
        ['I1 -> H1 = -0.07', '-0', '-0.07'],
        ['sample -1.5e-3 -> 1', '5e', '-1.5e-3'],
        ['train adam epsilon +1E-8', '1E', '+1E-8'],
        ['H1->O1=0.5', 'H1', 'H1'],
        ['H1->O1=0.5', 'O1', 'O1'],
        ['H1->O1=0.5', '0.5', '0.5'],
        ['data "d.csv" inputs 1..64', '1..', '1'],
        ['data "d.csv" inputs 1..64', '64', '64'],
        ['train rprop beta1 0.9', 'beta1', 'beta1'],
        ['layer hidden δ1 Ü2 tanh', 'δ', 'δ1'],
        ['layer hidden δ1 Ü2 tanh', 'Ü', 'Ü2'],
      ];
      for (const [line, at, word] of cases) {
        const column = line.indexOf(at);
        assert.ok(column >= 0, `${at} not in ${line}`);
        assert.equal(wordAt(pattern, line, column), word, `word at ${JSON.stringify(at)} in ${JSON.stringify(line)}`);
      }
      for (const whole of ['x[64]', 'h12', 'nguyen-widrow', '-0.07', '-1.5e-3', '2E5']) {
        assert.equal(pattern.exec(whole)?.[0], whole, whole);
      }
      assert.equal(wordAt(pattern, 'I1 -> H1', 3), undefined, 'the arrow is not a word');
    });

    it('folding markers enclose each multi-line matrix', () => {
      const start = new RegExp(config.folding.markers.start);
      const end = new RegExp(config.folding.markers.end);
      const lines = matrixText.split(/\r?\n/);
      const starts = lines.flatMap((l, i) => (start.test(l) ? [i] : []));
      const ends = lines.flatMap((l, i) => (end.test(l) ? [i] : []));
      const expectedStarts = lines.flatMap((l, i) => (/^weights .*= \[\s*(#.*)?$/.test(l) ? [i] : []));
      const expectedEnds = lines.flatMap((l, i) => (/^\]/.test(l) ? [i] : []));
      assert.ok(expectedStarts.length >= 1);
      assert.deepEqual(starts, expectedStarts);
      assert.deepEqual(ends, expectedEnds);
      assert.ok(starts.every((s, k) => ends[k] > s + 1), 'each region spans at least one row');

      assert.ok(start.test('weights input -> hidden = [   # H1, H2'));
      assert.ok(start.test('weights input -> hidden = ['));
      assert.ok(!start.test('weights hidden -> output = [ -0.22 0.58 0.78 ]'), 'one-line matrix does not fold');
      assert.ok(!start.test('# see the matrix ['), 'a comment ending in [ does not fold');
      assert.ok(end.test('  ]') && end.test('] fixed'));
      assert.ok(start.test('# region weights') && end.test('# endregion'));
    });

    it('Enter after "= [" indents, "]" outdents', () => {
      const increase = new RegExp(config.indentationRules.increaseIndentPattern);
      const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
      assert.ok(increase.test('weights input -> hidden = ['));
      assert.ok(increase.test('weights input -> hidden = [ # rows'));
      assert.ok(!increase.test('weights hidden -> output = [ -0.22 0.58 0.78 ]'));
      assert.ok(!increase.test('I1 -> H1 = -0.07'));
      assert.ok(decrease.test(']'));
      assert.ok(decrease.test('    ] fixed'));
      assert.ok(!decrease.test('  -0.07  0.22  -0.46'));

      const rule = (before: string, after: string) =>
        config.onEnterRules.find(
          (r) => new RegExp(r.beforeText).test(before) && (r.afterText === undefined || new RegExp(r.afterText).test(after)),
        )?.action.indent;
      assert.equal(rule('weights a -> b = [', ']'), 'indentOutdent');
      assert.equal(rule('weights a -> b = [', ''), 'indent');
      assert.equal(rule('I1 -> H1 = 0.5', ''), undefined);
    });
  });

  describe('package.json contributions', () => {
    const pkg = readJson('package.json') as {
      contributes: {
        languages: { id: string; extensions: string[]; configuration: string }[];
        grammars: { language: string; scopeName: string; path: string }[];
        snippets: { language: string; path: string }[];
      };
    };

    it('point at the files tested here', () => {
      const language = pkg.contributes.languages.find((l) => l.id === 'nnet');
      assert.ok(language);
      assert.deepEqual(language.extensions, ['.nnet']);
      assert.equal(path.normalize(language.configuration), path.normalize(CONFIG_PATH));
      const g = pkg.contributes.grammars.find((x) => x.language === 'nnet');
      assert.ok(g);
      assert.equal(g.scopeName, 'source.nnet');
      assert.equal(path.normalize(g.path), path.normalize(GRAMMAR_PATH));
      const s = pkg.contributes.snippets.find((x) => x.language === 'nnet');
      assert.ok(s);
      assert.equal(path.normalize(s.path), path.normalize(SNIPPETS_PATH));
      for (const file of [language.configuration, g.path, s.path]) assert.ok(fs.existsSync(repoFile(file)), file);
    });
  });
});
