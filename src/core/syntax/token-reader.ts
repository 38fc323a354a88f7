// Reading a statement's tokens for the parser: looking ahead, expecting a kind, reporting what
// was found instead, and ranges of tokens (made only for what the syntax tree keeps). Tokens
// are numbers (indices into the lexer's TokenStream, which keeps the few around the position);
// comments are collected and skipped on the way.
import type { Diagnostic, Position, Range } from '../types';
import { makeDiagnostic } from '../diagnostics';
import { K, NONE, type TokenStream } from './lexer';
import type { Comment, Identifier, NumberLiteral } from './ast';

/** Internal: aborts the current statement; caught per statement, never escapes `parse`. */
export class StatementError {
  constructor(readonly diagnostic: Diagnostic) {}
}

export { NONE };

export class TokenReader {
  protected pos = 0;
  /** Line, start and end character of the first token of the statement being parsed. */
  protected statementLine = 0;
  protected statementStart = 0;
  protected statementEnd = 0;
  readonly comments: Comment[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(protected readonly tokens: TokenStream) {}

  /** Marks the token at `pos` as the first of a statement. */
  protected beginStatement(): void {
    const t = this.tokens;
    this.statementLine = t.lineOf(this.pos);
    this.statementStart = t.startOf(this.pos);
    this.statementEnd = t.endOf(this.pos);
  }

  /** The range of token i. */
  protected rangeOf(i: number): Range {
    const t = this.tokens;
    const line = t.lineOf(i);
    return { start: { line, character: t.startOf(i) }, end: { line, character: t.endOf(i) } };
  }

  /** Kind of token i; NONE past the end. */
  protected kindAt(i: number): K | typeof NONE {
    return i >= 0 ? this.tokens.kind(i) : NONE;
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
    return this.tokens.kind(this.pos) === NONE ? NONE : this.pos;
  }

  protected peekKind(): K | typeof NONE {
    return this.kindAt(this.peek());
  }

  protected skipComments(): void {
    while (this.tokens.kind(this.pos) === K.Comment) {
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

  /** The end of the last token before `pos` that is neither a comment nor a line break. */
  protected lastEnd(): Position {
    return { line: this.tokens.lastLineBefore(this.pos), character: this.tokens.lastEndBefore(this.pos) };
  }

  protected fail(at: number, message: string, kind: 'syntax' | 'unclosedBracket' | 'unknownStatement' = 'syntax', data?: unknown): never {
    let range: Range;
    const atKind = this.kindAt(at);
    if (atKind !== NONE && atKind !== K.Newline) {
      range = this.rangeOf(at);
    } else {
      // At end of line: point just after the last token of the statement.
      const position = this.lastEnd();
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
    return { start: { line: this.statementLine, character: this.statementStart }, end: this.lastEnd() };
  }
}

/** The contents of a string token (quotes removed, escapes resolved). */
export function unquote(raw: string): string {
  const inner = raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw.slice(1);
  return inner.replace(/\\(.)/g, '$1');
}

export function countLines(text: string): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 13) {
      lines++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return lines;
}
