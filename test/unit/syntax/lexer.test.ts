import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lex, NONE, tokenize, type Token, type TokenKind } from '../../../src/core/syntax/lexer';
import { numberValue, scanNumber } from '../../../src/core/syntax/numbers';

/** A token as `[kind, text, line, start, end]`, so that expectations read like a table. */
type Row = [TokenKind, string, number, number, number];

function rows(text: string): Row[] {
  return tokenize(text).map((t: Token) => [t.kind, t.text, t.line, t.start, t.end]);
}

/** Kind and text only, for tests about how characters group into tokens. */
function words(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.kind !== 'newline')
    .map((t) => `${t.kind}:${t.text}`);
}

describe('syntax/lexer', () => {
  describe('identifiers', () => {
    it('reads letters, digits and underscores, starting with a letter or underscore', () => {
      assert.deepEqual(rows('I1 x_12 _b2 Hidden'), [
        ['identifier', 'I1', 0, 0, 2],
        ['identifier', 'x_12', 0, 3, 7],
        ['identifier', '_b2', 0, 8, 11],
        ['identifier', 'Hidden', 0, 12, 18],
      ]);
    });

    it('accepts non-ASCII letters', () => {
      assert.deepEqual(words('δ1 Ñodo 隠れ'), ['identifier:δ1', 'identifier:Ñodo', 'identifier:隠れ']);
    });

    it('joins hyphenated words into one identifier (`nguyen-widrow`)', () => {
      assert.deepEqual(rows('init nguyen-widrow'), [
        ['identifier', 'init', 0, 0, 4],
        ['identifier', 'nguyen-widrow', 0, 5, 18],
      ]);
      assert.deepEqual(words('a-b-c'), ['identifier:a-b-c']);
    });

    it('does not join a hyphen that is not followed by a letter', () => {
      // `a-1` is the name `a` and the number `-1`; a trailing hyphen is an unknown character.
      assert.deepEqual(words('a-1'), ['identifier:a', 'number:-1']);
      assert.deepEqual(words('a- b'), ['identifier:a', 'unknown:-', 'identifier:b']);
    });

    it('splits `H1->O1` written without spaces into name, arrow, name', () => {
      assert.deepEqual(rows('H1->O1'), [
        ['identifier', 'H1', 0, 0, 2],
        ['arrow', '->', 0, 2, 4],
        ['identifier', 'O1', 0, 4, 6],
      ]);
      assert.deepEqual(words('x[3]->h[2]=1'), [
        'identifier:x',
        'open:[',
        'number:3',
        'close:]',
        'arrow:->',
        'identifier:h',
        'open:[',
        'number:2',
        'close:]',
        'equals:=',
        'number:1',
      ]);
    });
  });

  describe('numbers', () => {
    it('reads integers, decimals, signs and exponents as one token each', () => {
      const cases = ['0', '42', '-0.07', '+2', '0.5', '.5', '5.', '1e3', '1E3', '1e-3', '-1.5e+10', '+.25E-2'];
      for (const text of cases) {
        assert.deepEqual(rows(text), [['number', text, 0, 0, text.length]], text);
      }
    });

    it('reads a negative weight right after `=` without a space', () => {
      assert.deepEqual(words('H1->O1=-0.22'), ['identifier:H1', 'arrow:->', 'identifier:O1', 'equals:=', 'number:-0.22']);
    });

    it('ends a number before `..` so that `1..64` is a column span', () => {
      assert.deepEqual(rows('1..64'), [
        ['number', '1', 0, 0, 1],
        ['range', '..', 0, 1, 3],
        ['number', '64', 0, 3, 5],
      ]);
      assert.deepEqual(words('65 .. 74'), ['number:65', 'range:..', 'number:74']);
    });

    it('reads numbers separated only by a sign as separate numbers', () => {
      assert.deepEqual(words('-0.5-0.5'), ['number:-0.5', 'number:-0.5']);
    });

    it('makes a number glued to letters or dots one unknown token (`12abc`, `1.5.3`)', () => {
      assert.deepEqual(rows('12abc 1.5.3 x'), [
        ['unknown', '12abc', 0, 0, 5],
        ['unknown', '1.5.3', 0, 6, 11],
        ['identifier', 'x', 0, 12, 13],
      ]);
      assert.deepEqual(words('1e'), ['unknown:1e']);
      assert.deepEqual(words('0.07fixed'), ['unknown:0.07fixed']);
    });

    it('treats a sign or dot without digits as unknown, not as a number', () => {
      assert.deepEqual(words('- + .'), ['unknown:-', 'unknown:+', 'unknown:.']);
    });

    it('exposes scanNumber: the end of the number at a position, or the position itself', () => {
      assert.equal(scanNumber('x = -1.5e-3 fixed', 4), 11);
      assert.equal(scanNumber('1..64', 0), 1);
      assert.equal(scanNumber('1e+', 0), 1, 'an exponent without digits is not part of the number');
      assert.equal(scanNumber('abc', 0), 0);
      assert.equal(scanNumber('-x', 0), 0);
      assert.equal(scanNumber('', 0), 0);
    });

    it('numberValue reads a number token in place exactly as Number() reads its text', () => {
      const same = (literal: string): void => {
        const text = `x = ${literal} y`;
        assert.ok(Object.is(numberValue(text, 4, 4 + literal.length), Number(literal)), `${literal}: ${numberValue(text, 4, 4 + literal.length)} vs ${Number(literal)}`);
      };
      for (const literal of ['0', '-0', '+0', '-0.0', '.5', '5.', '-0.07', '0.1', '0.3', '123456789012345', '1234567890123456', '0.000000000000001', '9007199254740993', '1e-3', '-1.5E+2', '1e999', '-1e999', '4.35', '0.4999']) same(literal);
      // Decimal spellings with up to 18 digits (past the 15-digit fast path), signs and leading zeros.
      const digits = fc.stringMatching(/^[0-9]{1,18}$/);
      fc.assert(
        fc.property(fc.constantFrom('', '-', '+'), digits, fc.option(digits, { nil: undefined }), (sign, whole, fraction) => same(`${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`)),
        { numRuns: 3000, seed: 20261130 },
      );
      fc.assert(fc.property(fc.double({ noNaN: true }), (x) => same(String(x))), { numRuns: 2000, seed: 20261130 });
    });
  });

  describe('strings', () => {
    it('reads a quoted string including its quotes', () => {
      const [t] = tokenize('"digits.csv"');
      assert.deepEqual({ ...t }, { kind: 'string', text: '"digits.csv"', line: 0, start: 0, end: 12, terminated: true });
    });

    it('keeps escaped quotes and backslashes inside the string', () => {
      const [t] = tokenize(String.raw`"a\"b\\" x`);
      assert.equal(t.kind, 'string');
      assert.equal(t.text, String.raw`"a\"b\\"`);
      assert.equal(t.terminated, true);
      assert.deepEqual(words(String.raw`"a\"b\\" x`).slice(1), ['identifier:x']);
    });

    it('ends an unterminated string at the end of its line and goes on with the next line', () => {
      assert.deepEqual(rows('data "digits.csv inputs 1\nloss mse'), [
        ['identifier', 'data', 0, 0, 4],
        ['string', '"digits.csv inputs 1', 0, 5, 25],
        ['newline', '\n', 0, 25, 26],
        ['identifier', 'loss', 1, 0, 4],
        ['identifier', 'mse', 1, 5, 8],
      ]);
      assert.equal(tokenize('"abc')[0].terminated, false);
      assert.equal(tokenize('"abc\\')[0].terminated, false, 'a backslash at the end of the text escapes nothing');
    });

    it('does not start a comment at `#` inside a string', () => {
      assert.deepEqual(words('"a#b" # c'), ['string:"a#b"', 'comment:# c']);
    });
  });

  describe('comments and whitespace', () => {
    it('reads a comment from `#` to the end of the line', () => {
      assert.deepEqual(rows('# full line\nloss mse  # trailing'), [
        ['comment', '# full line', 0, 0, 11],
        ['newline', '\n', 0, 11, 12],
        ['identifier', 'loss', 1, 0, 4],
        ['identifier', 'mse', 1, 5, 8],
        ['comment', '# trailing', 1, 10, 20],
      ]);
    });

    it('skips spaces and tabs', () => {
      assert.deepEqual(rows('\tloss \t mse'), [
        ['identifier', 'loss', 0, 1, 5],
        ['identifier', 'mse', 0, 8, 11],
      ]);
    });

    it('returns no tokens for empty or blank text', () => {
      assert.deepEqual(tokenize(''), []);
      assert.deepEqual(tokenize('  \t '), []);
    });
  });

  describe('punctuation', () => {
    it('reads = [ ] ; -> and .. as their own tokens', () => {
      assert.deepEqual(rows('=[];->..'), [
        ['equals', '=', 0, 0, 1],
        ['open', '[', 0, 1, 2],
        ['close', ']', 0, 2, 3],
        ['semicolon', ';', 0, 3, 4],
        ['arrow', '->', 0, 4, 6],
        ['range', '..', 0, 6, 8],
      ]);
    });

    it('groups a run of unexpected characters into one unknown token', () => {
      assert.deepEqual(rows('@$% x ! ?'), [
        ['unknown', '@$%', 0, 0, 3],
        ['identifier', 'x', 0, 4, 5],
        ['unknown', '!', 0, 6, 7],
        ['unknown', '?', 0, 8, 9],
      ]);
    });

    it('ends an unknown run at a token that can start something valid', () => {
      assert.deepEqual(words('@@->x'), ['unknown:@@', 'arrow:->', 'identifier:x']);
      assert.deepEqual(words('@@1'), ['unknown:@@', 'number:1']);
      assert.deepEqual(words('@@[;]'), ['unknown:@@', 'open:[', 'semicolon:;', 'close:]']);
      assert.deepEqual(words('@@#c'), ['unknown:@@', 'comment:#c']);
    });
  });

  describe('lines and positions', () => {
    it('numbers lines from zero and characters from the start of each line', () => {
      assert.deepEqual(rows('a\n  b\n\nc'), [
        ['identifier', 'a', 0, 0, 1],
        ['newline', '\n', 0, 1, 2],
        ['identifier', 'b', 1, 2, 3],
        ['newline', '\n', 1, 3, 4],
        ['newline', '\n', 2, 0, 1],
        ['identifier', 'c', 3, 0, 1],
      ]);
    });

    it('treats CRLF as one line break', () => {
      const crlf = tokenize('loss mse\r\nconvention heaton\r\n');
      assert.deepEqual(
        crlf.filter((t) => t.kind !== 'newline').map((t) => [t.text, t.line, t.start, t.end]),
        [
          ['loss', 0, 0, 4],
          ['mse', 0, 5, 8],
          ['convention', 1, 0, 10],
          ['heaton', 1, 11, 17],
        ],
      );
      assert.deepEqual(
        crlf.filter((t) => t.kind === 'newline').map((t) => t.line),
        [0, 1],
        'one newline token per CRLF',
      );
    });

    it('treats a lone CR as a line break', () => {
      assert.deepEqual(
        tokenize('a\rb').map((t) => [t.kind, t.line, t.start]),
        [
          ['identifier', 0, 0],
          ['newline', 0, 1],
          ['identifier', 1, 0],
        ],
      );
    });

    it('skips a byte order mark at the start and counts characters after it', () => {
      assert.deepEqual(rows('\uFEFFnetwork xor'), [
        ['identifier', 'network', 0, 0, 7],
        ['identifier', 'xor', 0, 8, 11],
      ]);
    });

    it('treats a byte order mark anywhere else as an unknown character', () => {
      assert.deepEqual(words('a \uFEFF'), ['identifier:a', 'unknown:\uFEFF']);
    });

    it('counts characters in UTF-16 code units, as the editor does', () => {
      // The emoji is two UTF-16 units, so `x` starts at 1 + 2 + 1 + 1 = 5.
      assert.deepEqual(rows('"😀" x'), [
        ['string', '"😀"', 0, 0, 4],
        ['identifier', 'x', 0, 5, 6],
      ]);
    });

    it('tokenizes a whole example line as the parser expects', () => {
      assert.deepEqual(rows('layer hidden H1 H2   sigmoid     bias B2'), [
        ['identifier', 'layer', 0, 0, 5],
        ['identifier', 'hidden', 0, 6, 12],
        ['identifier', 'H1', 0, 13, 15],
        ['identifier', 'H2', 0, 16, 18],
        ['identifier', 'sigmoid', 0, 21, 28],
        ['identifier', 'bias', 0, 33, 37],
        ['identifier', 'B2', 0, 38, 40],
      ]);
    });
  });
  describe('the token ring', () => {
    it('answers NONE for NONE, not the token in the last ring slot', () => {
      // 70 words: token 63 sits in the ring slot that index -1 would read.
      const stream = lex(Array.from({ length: 70 }, () => 'fixed').join(' '));
      assert.equal(stream.kind(69), 0, 'token 69 is an identifier');
      assert.equal(stream.kind(NONE), NONE);
      assert.equal(stream.isIdentifier(NONE, 'fixed'), false);
      assert.equal(stream.kind(70), NONE, 'past the end');
    });
  });
});
