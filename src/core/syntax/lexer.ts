// Turns text into tokens. Never throws; characters it does not know become `unknown` tokens
// that the parser reports. Runs in one linear pass (no backtracking regular expressions), so
// a 10 MB line costs what its length costs. `lex` keeps the tokens as numbers in typed arrays
// (kind, line, start, end, offset: no object and no string per token; a token's text is sliced
// when asked for); `tokenize` gives them as objects, for the few callers that read one line.

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

const enum Ch {
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

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
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

const KIND_NAMES: readonly TokenKind[] = ['identifier', 'number', 'string', 'arrow', 'equals', 'open', 'close', 'semicolon', 'range', 'slash', 'comment', 'newline', 'unknown'];

/** The name of a kind number (`K.Arrow` → `'arrow'`). */
export function kindName(kind: K): TokenKind {
  return KIND_NAMES[kind];
}

/** Set on a string's kind byte when its closing quote is missing. */
const UNTERMINATED = 0x80;

/**
 * The tokens of a text, one entry per token in each array: kind, line, start and end character
 * on that line (UTF-16 code units, end exclusive) and the offset of its first character in the
 * text. The arrays grow by doubling; `count` entries are used.
 */
export class TokenStream {
  count = 0;
  /** Lines in the text (a trailing line break starts one more, empty line); set by `lex`. */
  lineCount = 1;
  kinds: Uint8Array;
  lines: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  offsets: Int32Array;

  constructor(readonly text: string) {
    // About one token per 3.6 characters in weight lines (`x12 -> h3 = 0.0123`, six with the
    // line break); grown when a text has more.
    const capacity = Math.max(64, Math.ceil(text.length / 3));
    this.kinds = new Uint8Array(capacity);
    this.lines = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.offsets = new Int32Array(capacity);
  }

  kind(i: number): K {
    return (this.kinds[i] & ~UNTERMINATED) as K;
  }

  /** The token's text (sliced from the source on each call). */
  tokenText(i: number): string {
    return this.text.slice(this.offsets[i], this.offsets[i] + this.ends[i] - this.starts[i]);
  }

  /** Strings only: false when the closing quote is missing. */
  terminated(i: number): boolean {
    return (this.kinds[i] & UNTERMINATED) === 0;
  }

  /** Whether token i is an identifier spelled `word` (compared in place, nothing sliced). */
  isIdentifier(i: number, word: string): boolean {
    if (i >= this.count || this.kinds[i] !== K.Identifier || this.ends[i] - this.starts[i] !== word.length) return false;
    return this.text.startsWith(word, this.offsets[i]);
  }

  push(kind: K, line: number, start: number, end: number, offset: number): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.lines[i] = line;
    this.starts[i] = start;
    this.ends[i] = end;
    this.offsets[i] = offset;
  }

  markUnterminated(i: number): void {
    this.kinds[i] |= UNTERMINATED;
  }

  private grow(): void {
    const size = this.kinds.length * 2;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const widen = (a: Int32Array): Int32Array => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.lines = widen(this.lines);
    this.starts = widen(this.starts);
    this.ends = widen(this.ends);
    this.offsets = widen(this.offsets);
  }

  /** Token i as an object. */
  token(i: number): Token {
    const token: Token = { kind: KIND_NAMES[this.kind(i)], text: this.tokenText(i), line: this.lines[i], start: this.starts[i], end: this.ends[i] };
    return this.kind(i) === K.String ? { ...token, terminated: this.terminated(i) } : token;
  }
}

/** The tokens of `text` as objects (small texts: a line for completion or navigation). */
export function tokenize(text: string): Token[] {
  const stream = lex(text);
  const tokens: Token[] = [];
  for (let i = 0; i < stream.count; i++) tokens.push(stream.token(i));
  return tokens;
}

export function lex(text: string): TokenStream {
  const tokens = new TokenStream(text);
  const n = text.length;
  let i = 0;
  let line = 0;
  let lineStart = 0;
  if (n > 0 && text.charCodeAt(0) === Ch.Bom) {
    i = 1;
    lineStart = 1;
  }
  const push = (kind: K, from: number, to: number): void => tokens.push(kind, line, from - lineStart, to - lineStart, from);

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Space || c === Ch.Tab) {
      i++;
      continue;
    }
    if (c === Ch.LineFeed || c === Ch.CarriageReturn) {
      const to = c === Ch.CarriageReturn && text.charCodeAt(i + 1) === Ch.LineFeed ? i + 2 : i + 1;
      push(K.Newline, i, i + 1);
      i = to;
      line++;
      lineStart = i;
      continue;
    }
    const from = i;
    if (c === Ch.Hash) {
      while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
      push(K.Comment, from, i);
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
      push(K.String, from, i);
      if (!terminated) tokens.markUnterminated(tokens.count - 1);
      continue;
    }
    if (c === Ch.Minus && text.charCodeAt(i + 1) === Ch.Greater) {
      push(K.Arrow, i, i + 2);
      i += 2;
      continue;
    }
    if (c === Ch.Dot && text.charCodeAt(i + 1) === Ch.Dot) {
      push(K.Range, i, i + 2);
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
        push(K.Unknown, from, i);
      } else {
        push(K.Number, from, numberEnd);
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
      push(K.Identifier, from, i);
      continue;
    }
    switch (c) {
      case Ch.Equals:
        push(K.Equals, i, i + 1);
        i++;
        continue;
      case Ch.OpenBracket:
        push(K.Open, i, i + 1);
        i++;
        continue;
      case Ch.CloseBracket:
        push(K.Close, i, i + 1);
        i++;
        continue;
      case Ch.Semicolon:
        push(K.Semicolon, i, i + 1);
        i++;
        continue;
      case Ch.Slash:
        push(K.Slash, i, i + 1);
        i++;
        continue;
    }
    // Anything else: gather a run of unexpected characters into one token so that binary junk
    // yields one error per run, not one per byte.
    i++;
    while (i < n && isUnknownStart(text, i)) i++;
    push(K.Unknown, from, i);
  }
  tokens.lineCount = line + 1;
  return tokens;
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
  if (c === Ch.Equals || c === Ch.OpenBracket || c === Ch.CloseBracket || c === Ch.Semicolon || c === Ch.Slash) return false;
  if (c === Ch.Minus && text.charCodeAt(i + 1) === Ch.Greater) return false;
  if (c === Ch.Dot && text.charCodeAt(i + 1) === Ch.Dot) return false;
  return !isIdentifierStart(c) && scanNumber(text, i) === i;
}

/** End of a number starting at `i` (`[+-]? (digits [. digits] | . digits) [e [+-] digits]`), or `i` if none. */
export function scanNumber(text: string, i: number): number {
  const n = text.length;
  let j = i;
  const c = text.charCodeAt(j);
  if (c === Ch.Plus || c === Ch.Minus) j++;
  const mantissaStart = j;
  while (j < n && isDigit(text.charCodeAt(j))) j++;
  let digits = j - mantissaStart;
  // A dot belongs to the number unless it starts `..` (as in `1..64`).
  if (text.charCodeAt(j) === Ch.Dot && text.charCodeAt(j + 1) !== Ch.Dot) {
    const fractionStart = j + 1;
    let k = fractionStart;
    while (k < n && isDigit(text.charCodeAt(k))) k++;
    if (digits > 0 || k > fractionStart) {
      digits += k - fractionStart;
      j = k;
    }
  }
  if (digits === 0) return i;
  const e = text.charCodeAt(j);
  if (e === Ch.LowerE || e === Ch.UpperE) {
    let k = j + 1;
    const s = text.charCodeAt(k);
    if (s === Ch.Plus || s === Ch.Minus) k++;
    const expStart = k;
    while (k < n && isDigit(text.charCodeAt(k))) k++;
    if (k > expStart) j = k;
  }
  return j;
}

/** Powers of ten that are exact doubles (10^0 … 10^15). */
const EXACT_POWERS = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The value of the number token `text[from, to)`, equal to `Number(text.slice(from, to))`. Up to
 * 15 digits without an exponent it reads the digits in place: the digits as an integer and the
 * power of ten are both exact doubles, so one division rounds correctly (Clinger's fast path).
 * Anything else goes to `Number`.
 */
export function numberValue(text: string, from: number, to: number): number {
  let i = from;
  const sign = text.charCodeAt(i);
  if (sign === Ch.Minus || sign === Ch.Plus) i++;
  let digits = 0;
  let mantissa = 0;
  let fraction = -1;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      mantissa = mantissa * 10 + (c - Ch.Zero);
      digits++;
    } else if (c === Ch.Dot && fraction < 0) fraction = digits;
    else return Number(text.slice(from, to));
  }
  if (digits > 15) return Number(text.slice(from, to));
  const value = fraction < 0 ? mantissa : mantissa / EXACT_POWERS[digits - fraction];
  return sign === Ch.Minus ? -value : value;
}
