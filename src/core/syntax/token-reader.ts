// Reading a statement's tokens for the parser: looking ahead, expecting a kind, reporting what
// was found instead, and ranges of tokens (made only for what the syntax tree keeps). Tokens
// are indices into the lexer's TokenStream; comments are collected and skipped on the way.
import type { Diagnostic, Range } from '../types';
import { makeDiagnostic } from '../diagnostics';
import { K, type TokenStream } from './lexer';
import type { Comment, Identifier, NumberLiteral } from './ast';

/** Internal: aborts the current statement; caught per statement, never escapes `parse`. */
export class StatementError {
  constructor(readonly diagnostic: Diagnostic) {}
}

/** No token (past the end of the text). */
export const NONE = -1;

export class TokenReader {
  protected pos = 0;
  /** The first token of the statement being parsed. */
  protected statementStart = 0;
  readonly comments: Comment[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(protected readonly tokens: TokenStream) {}

  /** The range of token i. */
  protected rangeOf(i: number): Range {
    const t = this.tokens;
    const line = t.lines[i];
    return { start: { line, character: t.starts[i] }, end: { line, character: t.ends[i] } };
  }

  protected between(first: number, last: number): Range {
    const t = this.tokens;
    return { start: { line: t.lines[first], character: t.starts[first] }, end: { line: t.lines[last], character: t.ends[last] } };
  }

  /** Kind of token i; NONE past the end. */
  protected kindAt(i: number): K | typeof NONE {
    return i >= 0 && i < this.tokens.count ? this.tokens.kind(i) : NONE;
  }

  protected describe(i: number): string {
    const kind = this.kindAt(i);
    if (kind === NONE || kind === K.Newline) return 'end of line';
    const text = this.tokens.tokenText(i);
    return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
  }

  // ── token access (comments are collected and skipped) ─────────────────────────────────
  /** The next token that is not a comment, or NONE. */
  protected peek(): number {
    this.skipComments();
    return this.pos < this.tokens.count ? this.pos : NONE;
  }

  protected peekKind(): K | typeof NONE {
    return this.kindAt(this.peek());
  }

  protected skipComments(): void {
    const t = this.tokens;
    while (this.pos < t.count && t.kinds[this.pos] === K.Comment) {
      this.addComment(this.pos++);
    }
  }

  protected addComment(i: number): void {
    this.comments.push({ text: this.tokens.tokenText(i), range: this.rangeOf(i) });
  }

  protected atLineEnd(): boolean {
    const kind = this.peekKind();
    return kind === NONE || kind === K.Newline;
  }

  protected next(): number {
    const i = this.peek();
    const kind = this.kindAt(i);
    if (kind === NONE || kind === K.Newline) this.fail(i, 'unexpected end of line');
    this.pos++;
    return i;
  }

  /** The last token before `pos` that is neither a comment nor a line break. */
  protected last(): number {
    for (let i = this.pos - 1; i >= 0; i--) {
      const k = this.tokens.kind(i);
      if (k !== K.Comment && k !== K.Newline) return i;
    }
    return 0;
  }

  protected fail(at: number, message: string, kind: 'syntax' | 'unclosedBracket' | 'unknownStatement' = 'syntax', data?: unknown): never {
    let range: Range;
    const atKind = this.kindAt(at);
    if (atKind !== NONE && atKind !== K.Newline) {
      range = this.rangeOf(at);
    } else {
      // At end of line: point just after the last token of the statement.
      const prev = this.last();
      const t = this.tokens;
      const position = { line: t.count ? t.lines[prev] : 0, character: t.count ? t.ends[prev] : 0 };
      range = { start: position, end: { ...position } };
    }
    throw new StatementError(makeDiagnostic(kind, range, message, data === undefined ? {} : { data }));
  }

  protected unterminated(i: number): never {
    throw new StatementError(makeDiagnostic('unterminatedString', this.rangeOf(i), 'string is missing its closing quote'));
  }

  protected expect(kind: K, what: string): number {
    const i = this.peek();
    if (this.kindAt(i) !== kind) this.fail(i, `expected ${what}, found ${this.describe(i)}`);
    this.pos++;
    return i;
  }

  protected identifier(what: string): Identifier {
    const i = this.expect(K.Identifier, what);
    return { text: this.tokens.tokenText(i), range: this.rangeOf(i) };
  }

  protected number(what: string): NumberLiteral {
    return this.numberAt(this.expect(K.Number, what));
  }

  protected numberAt(i: number): NumberLiteral {
    const text = this.tokens.tokenText(i);
    return { text, value: Number(text), range: this.rangeOf(i) };
  }

  protected isWord(word: string): boolean {
    return this.tokens.isIdentifier(this.peek(), word);
  }

  protected endOfStatement(): void {
    if (!this.atLineEnd()) {
      const i = this.peek();
      this.fail(i, `unexpected ${this.describe(i)}; expected end of line`);
    }
  }

  /** The range of the statement so far: its first token to the last one read. */
  protected range(): Range {
    return this.between(this.statementStart, this.last());
  }
}
