// Turns text into tokens. Never throws; characters it does not know become `unknown` tokens
// that the parser reports. Runs in one linear pass (no backtracking regular expressions), so
// a 10 MB line costs what its length costs. `lex` streams: tokens are lexed as the parser reads
// them and kept as numbers in a small ring (kind, line, start, end, offset: no object and no
// string per token, no array the size of the text; a token's text is sliced when asked for);
// `tokenize` gives them as objects, for the few callers that read one line.

import { isDigit, numberValue, plainDecimal, plainDecimalEnd, scanNumber } from './numbers';

export type TokenKind =
  | 'identifier'
  | 'number'
  | 'string'
  | 'arrow' // ->
  | 'equals' // =
  | 'open' // [
  | 'close' // ]
  | 'semicolon' // ;
  | 'range' // ..
  | 'slash' // / (in `scale 1/255`)
  | 'comment' // # … end of line
  | 'newline'
  | 'unknown';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** Zero-based line. */
  readonly line: number;
  /** Start and end character on that line (UTF-16 code units, end exclusive). */
  readonly start: number;
  readonly end: number;
  /** Strings only: false when the closing quote is missing. */
  readonly terminated?: boolean;
}

/** Character codes (shared with weight-scan.ts). */
export const enum Ch {
  Tab = 9,
  LineFeed = 10,
  CarriageReturn = 13,
  Space = 32,
  Quote = 34,
  Hash = 35,
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Slash = 47,
  Zero = 48,
  Nine = 57,
  Semicolon = 59,
  Equals = 61,
  Greater = 62,
  UpperA = 65,
  UpperZ = 90,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Underscore = 95,
  LowerA = 97,
  LowerE = 101,
  UpperE = 69,
  LowerZ = 122,
  Bom = 0xfeff,
}

const LETTER = /\p{L}/u;

function isIdentifierStart(c: number): boolean {
  return (
    (c >= Ch.LowerA && c <= Ch.LowerZ) ||
    (c >= Ch.UpperA && c <= Ch.UpperZ) ||
    c === Ch.Underscore ||
    (c > 127 && LETTER.test(String.fromCharCode(c)))
  );
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || isDigit(c);
}

/** Token kinds as numbers, in the order of `KIND_NAMES`. */
export const enum K {
  Identifier,
  Number,
  String,
  Arrow,
  Equals,
  Open,
  Close,
  Semicolon,
  Range,
  Slash,
  Comment,
  Newline,
  Unknown,
}

/** Where `TokenStream.readNumbers` hands the numbers it reads. */
export interface NumberSink {
  /** A number token: characters [start, end) on `line`, which starts at offset `lineOffset` of the text. */
  add(line: number, lineOffset: number, start: number, end: number, value: number): void;
}

/** Past the last token (and before the first). */
export const NONE = -1;

const KIND_NAMES: readonly TokenKind[] = ['identifier', 'number', 'string', 'arrow', 'equals', 'open', 'close', 'semicolon', 'range', 'slash', 'comment', 'newline', 'unknown'];

/** Set on a string's kind byte when its closing quote is missing. */
const UNTERMINATED = 0x80;

/** Tokens kept: the parser reads a few behind and a few ahead of its position. A power of two. */
const RING = 64;
const MASK = RING - 1;
/** Tokens lexed ahead at a time (well inside RING, so that nothing the parser reads is overwritten). */
const AHEAD = 16;

/**
 * The tokens of a text, lexed on demand as the parser asks for them. Tokens are numbered from 0
 * in text order; only the last RING are kept (as numbers: kind, line, start and end character on
 * that line — UTF-16 code units, end exclusive — and the offset of the first character), so a
 * 100k-line file costs no token array. A token's text is sliced only when asked for. The end of
 * the last *significant* token (not a comment or line break) before any kept token is kept too,
 * however far back it is (the end of a statement, after blank lines).
 */
export class TokenStream {
  /** Tokens lexed so far. */
  private count = 0;
  private readonly kinds = new Uint8Array(RING);
  private readonly lines = new Int32Array(RING);
  private readonly starts = new Int32Array(RING);
  private readonly ends = new Int32Array(RING);
  private readonly offsets = new Int32Array(RING);
  /** Per token: significant tokens before it. */
  private readonly significantBefore = new Int32Array(RING);
  /** Line and end character of the last RING significant tokens. */
  private significant = 0;
  private readonly significantLines = new Int32Array(RING);
  private readonly significantEnds = new Int32Array(RING);
  /** Line and end of token 0, the answer of `lastEnd` when no significant token comes before. */
  private firstLine = 0;
  private firstEnd = 0;
  /** Where the lexer is: offset in the text, line, and the offset where that line starts. */
  private at = 0;
  private line = 0;
  private lineStart = 0;
  private done = false;
  private totalLines = 1;

  constructor(readonly text: string) {
    if (text.length > 0 && text.charCodeAt(0) === Ch.Bom) {
      this.at = 1;
      this.lineStart = 1;
    }
  }

  /** Lines in the text (a trailing line break starts one more, empty line); lexes the rest if needed. */
  get lineCount(): number {
    while (!this.done) this.lexUntil(this.count + RING);
    return this.totalLines;
  }

  /** Kind of token i, NONE past the end and for NONE itself (a negative i would read another token's ring slot). */
  kind(i: number): K | typeof NONE {
    if (i < 0 || (i >= this.count && !this.reach(i))) return NONE;
    return (this.kinds[i & MASK] & ~UNTERMINATED) as K;
  }

  /** Line, start and end character and offset of token i (lexed, and among the last RING). */
  lineOf(i: number): number {
    return this.lines[i & MASK];
  }

  startOf(i: number): number {
    return this.starts[i & MASK];
  }

  endOf(i: number): number {
    return this.ends[i & MASK];
  }

  offsetOf(i: number): number {
    return this.offsets[i & MASK];
  }

  /** The token's text (sliced from the source on each call). */
  tokenText(i: number): string {
    const k = i & MASK;
    return this.text.slice(this.offsets[k], this.offsets[k] + this.ends[k] - this.starts[k]);
  }

  /** Strings only: false when the closing quote is missing. */
  terminated(i: number): boolean {
    return (this.kinds[i & MASK] & UNTERMINATED) === 0;
  }

  /** Whether token i is an identifier spelled `word` (compared in place, nothing sliced). */
  isIdentifier(i: number, word: string): boolean {
    if (this.kind(i) !== K.Identifier) return false;
    const k = i & MASK;
    return this.ends[k] - this.starts[k] === word.length && this.text.startsWith(word, this.offsets[k]);
  }

  /** Line of the last significant token before token i (lexed); token 0's line when there is none. */
  lastLineBefore(i: number): number {
    const s = i < this.count ? this.significantBefore[i & MASK] : this.significant;
    return s > 0 ? this.significantLines[(s - 1) & MASK] : this.firstLine;
  }

  /** End character of the same token. */
  lastEndBefore(i: number): number {
    const s = i < this.count ? this.significantBefore[i & MASK] : this.significant;
    return s > 0 ? this.significantEnds[(s - 1) & MASK] : this.firstEnd;
  }

  /** Token i as an object. */
  token(i: number): Token {
    const kind = this.kind(i) as K;
    const token: Token = { kind: KIND_NAMES[kind], text: this.tokenText(i), line: this.lineOf(i), start: this.startOf(i), end: this.endOf(i) };
    return kind === K.String ? { ...token, terminated: this.terminated(i) } : token;
  }

  /**
   * Reads the run of number tokens that starts at token i, handing each to `sink` with its value
   * (`numberValue`), and returns the first token after the run (not a number; not lexed yet when
   * the run reached the end of the lexed tokens). The tokens are the ones `kind`, `startOf`, …
   * would give one by one — they are pushed to the ring the same way — but past the tokens already
   * lexed, plain decimals (`-0.0123`, `42`) are scanned and valued in one pass over the text, with
   * no call per token; anything else (`1e-3`, `+1`, `.5`, `12abc`, the end of the line) is left to
   * the lexer.
   */
  readNumbers(i: number, sink: NumberSink): number {
    const text = this.text;
    for (; i < this.count; i++) {
      const k = i & MASK;
      if (this.kinds[k] !== K.Number) return i;
      const offset = this.offsets[k];
      const start = this.starts[k];
      const end = this.ends[k];
      sink.add(this.lines[k], offset - start, start, end, numberValue(text, offset, offset + end - start));
    }
    if (i !== this.count) return i;
    const line = this.line;
    const lineStart = this.lineStart;
    let at = this.at;
    for (;;) {
      let j = at;
      let c = text.charCodeAt(j);
      while (c === Ch.Space || c === Ch.Tab) c = text.charCodeAt(++j);
      const from = j;
      // `1.`, `1..2`, `+1` and `.5` are the lexer's to read.
      j = plainDecimalEnd(text, from);
      if (j < 0) break;
      c = text.charCodeAt(j);
      // The number ends where a token must end (NaN past the end of the text); `1e3`, `12abc` and `1.5.3` are the lexer's.
      if (!(c === Ch.Space || c === Ch.Tab || c === Ch.LineFeed || c === Ch.CarriageReturn || c === Ch.CloseBracket || c === Ch.Semicolon || c === Ch.Hash || c !== c)) break;
      const value = plainDecimal.value;
      this.push(K.Number, from, j);
      sink.add(line, lineStart, from - lineStart, j - lineStart, value);
      at = j;
      i++;
    }
    this.at = at;
    return i;
  }

  /** Tokens lexed so far (this and the next four: for weight-scan.ts, which reads ahead of the lexer). */
  get lexed(): number {
    return this.count;
  }

  /** Forgets the tokens from i on (lexed, not read: they are lexed again the same), and lexes on from token i's start. */
  rewind(i: number): void {
    const k = i & MASK;
    this.at = this.offsets[k];
    this.line = this.lines[k];
    this.lineStart = this.offsets[k] - this.starts[k];
    this.significant = this.significantBefore[k];
    this.count = i;
    this.done = false;
  }

  /** Adds the token text[from, to) on the current line, as the lexer would; returns its number. */
  pushToken(kind: K, from: number, to: number): number {
    this.push(kind, from, to);
    return this.count - 1;
  }

  /** Adds the line break at `from`; the next line starts at offset `next`. */
  breakLine(from: number, next: number): void {
    this.push(K.Newline, from, from + 1);
    this.line++;
    this.lineStart = next;
  }

  /** Lexing resumes at offset `at` (on the current line). */
  resumeAt(at: number): void {
    this.at = at;
  }
  /** Lexes up to AHEAD tokens past i; whether token i exists. */
  private reach(i: number): boolean {
    if (this.done) return false;
    this.lexUntil(i + AHEAD);
    return i < this.count;
  }

  private push(kind: K, from: number, to: number): void {
    const k = this.count & MASK;
    const start = from - this.lineStart;
    const end = to - this.lineStart;
    if (this.count === 0) {
      this.firstLine = this.line;
      this.firstEnd = end;
    }
    this.count++;
    this.kinds[k] = kind;
    this.lines[k] = this.line;
    this.starts[k] = start;
    this.ends[k] = end;
    this.offsets[k] = from;
    this.significantBefore[k] = this.significant;
    if (kind !== K.Newline && kind !== K.Comment) {
      const s = this.significant++ & MASK;
      this.significantLines[s] = this.line;
      this.significantEnds[s] = end;
    }
  }

  /** Lexes until token `last` exists or the text ends. */
  private lexUntil(last: number): void {
    const text = this.text;
    const n = text.length;
    let i = this.at;
    while (this.count <= last) {
      if (i >= n) {
        this.done = true;
        this.totalLines = this.line + 1;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === Ch.Space || c === Ch.Tab) {
        i++;
        continue;
      }
      if (c === Ch.LineFeed || c === Ch.CarriageReturn) {
        const to = c === Ch.CarriageReturn && text.charCodeAt(i + 1) === Ch.LineFeed ? i + 2 : i + 1;
        this.push(K.Newline, i, i + 1);
        i = to;
        this.line++;
        this.lineStart = i;
        continue;
      }
      const from = i;
      if (c === Ch.Hash) {
        while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
        this.push(K.Comment, from, i);
        continue;
      }
      if (c === Ch.Quote) {
        i++;
        let terminated = false;
        while (i < n) {
          const d = text.charCodeAt(i);
          if (isLineBreak(d)) break;
          if (d === Ch.Backslash && i + 1 < n && !isLineBreak(text.charCodeAt(i + 1))) {
            i += 2;
            continue;
          }
          i++;
          if (d === Ch.Quote) {
            terminated = true;
            break;
          }
        }
        this.push(K.String, from, i);
        if (!terminated) this.kinds[(this.count - 1) & MASK] |= UNTERMINATED;
        continue;
      }
      if (c === Ch.Minus && text.charCodeAt(i + 1) === Ch.Greater) {
        this.push(K.Arrow, i, i + 2);
        i += 2;
        continue;
      }
      if (c === Ch.Dot && text.charCodeAt(i + 1) === Ch.Dot) {
        this.push(K.Range, i, i + 2);
        i += 2;
        continue;
      }
      // Only a digit, a sign or a dot can start a number (scanNumber would return i for anything else).
      const numberEnd = isDigit(c) || c === Ch.Minus || c === Ch.Plus || c === Ch.Dot ? scanNumber(text, i) : i;
      if (numberEnd > i) {
        // A number glued to letters (`12abc`) is one unknown token, not a number and a name.
        if (numberEnd < n && isGlued(text, numberEnd)) {
          i = numberEnd;
          while (i < n && isGlued(text, i)) i++;
          this.push(K.Unknown, from, i);
        } else {
          this.push(K.Number, from, numberEnd);
          i = numberEnd;
        }
        continue;
      }
      if (isIdentifierStart(c)) {
        i++;
        for (;;) {
          while (i < n && isIdentifierPart(text.charCodeAt(i))) i++;
          // `nguyen-widrow`: a hyphen joins two words; `H1->O1` stays three tokens.
          if (text.charCodeAt(i) === Ch.Minus && i + 1 < n && isIdentifierStart(text.charCodeAt(i + 1))) {
            i++;
            continue;
          }
          break;
        }
        this.push(K.Identifier, from, i);
        continue;
      }
      const single = singleKind(c);
      if (single !== NONE) {
        this.push(single, i, i + 1);
        i++;
        continue;
      }
      // Anything else: gather a run of unexpected characters into one token so that binary junk
      // yields one error per run, not one per byte.
      i++;
      while (i < n && isUnknownStart(text, i)) i++;
      this.push(K.Unknown, from, i);
    }
    this.at = i;
  }
}

/** The one-character tokens: `=`, `[`, `]`, `;`, `/`. */
function singleKind(c: number): K | typeof NONE {
  switch (c) {
    case Ch.Equals:
      return K.Equals;
    case Ch.OpenBracket:
      return K.Open;
    case Ch.CloseBracket:
      return K.Close;
    case Ch.Semicolon:
      return K.Semicolon;
    case Ch.Slash:
      return K.Slash;
  }
  return NONE;
}

/** The tokens of `text` as objects (small texts: a line for completion or navigation). */
export function tokenize(text: string): Token[] {
  const stream = lex(text);
  const tokens: Token[] = [];
  for (let i = 0; stream.kind(i) !== NONE; i++) tokens.push(stream.token(i));
  return tokens;
}

/** The tokens of `text`, lexed as they are read. */
export function lex(text: string): TokenStream {
  return new TokenStream(text);
}

/** Characters that would make a number's neighbour part of one malformed word (`12abc`, `1.5.3`). */
function isGlued(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return isIdentifierPart(c) || (c === Ch.Dot && text.charCodeAt(i + 1) !== Ch.Dot);
}

function isLineBreak(c: number): boolean {
  return c === Ch.LineFeed || c === Ch.CarriageReturn;
}

function isUnknownStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === Ch.Space || c === Ch.Tab || isLineBreak(c) || c === Ch.Hash || c === Ch.Quote) return false;
  if (singleKind(c) !== NONE) return false;
  if (c === Ch.Minus && text.charCodeAt(i + 1) === Ch.Greater) return false;
  if (c === Ch.Dot && text.charCodeAt(i + 1) === Ch.Dot) return false;
  return !isIdentifierStart(c) && scanNumber(text, i) === i;
}
