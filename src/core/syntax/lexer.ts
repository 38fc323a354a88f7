// Turns text into tokens. Never throws; characters it does not know become `unknown` tokens
// that the parser reports. Runs in one linear pass (no backtracking regular expressions), so
// a 10 MB line costs what its length costs.

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

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  let line = 0;
  let lineStart = 0;
  if (n > 0 && text.charCodeAt(0) === Ch.Bom) {
    i = 1;
    lineStart = 1;
  }
  const push = (kind: TokenKind, from: number, to: number, terminated?: boolean): void => {
    const token: Token = { kind, text: text.slice(from, to), line, start: from - lineStart, end: to - lineStart };
    tokens.push(terminated === undefined ? token : { ...token, terminated });
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === Ch.Space || c === Ch.Tab) {
      i++;
      continue;
    }
    if (c === Ch.LineFeed || c === Ch.CarriageReturn) {
      const to = c === Ch.CarriageReturn && text.charCodeAt(i + 1) === Ch.LineFeed ? i + 2 : i + 1;
      push('newline', i, i + 1);
      i = to;
      line++;
      lineStart = i;
      continue;
    }
    const from = i;
    if (c === Ch.Hash) {
      while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
      push('comment', from, i);
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
      push('string', from, i, terminated);
      continue;
    }
    if (c === Ch.Minus && text.charCodeAt(i + 1) === Ch.Greater) {
      push('arrow', i, i + 2);
      i += 2;
      continue;
    }
    if (c === Ch.Dot && text.charCodeAt(i + 1) === Ch.Dot) {
      push('range', i, i + 2);
      i += 2;
      continue;
    }
    const numberEnd = scanNumber(text, i);
    if (numberEnd > i) {
      // A number glued to letters (`12abc`) is one unknown token, not a number and a name.
      if (numberEnd < n && isGlued(text, numberEnd)) {
        i = numberEnd;
        while (i < n && isGlued(text, i)) i++;
        push('unknown', from, i);
      } else {
        push('number', from, numberEnd);
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
      push('identifier', from, i);
      continue;
    }
    switch (c) {
      case Ch.Equals:
        push('equals', i, i + 1);
        i++;
        continue;
      case Ch.OpenBracket:
        push('open', i, i + 1);
        i++;
        continue;
      case Ch.CloseBracket:
        push('close', i, i + 1);
        i++;
        continue;
      case Ch.Semicolon:
        push('semicolon', i, i + 1);
        i++;
        continue;
      case Ch.Slash:
        push('slash', i, i + 1);
        i++;
        continue;
    }
    // Anything else: gather a run of unexpected characters into one token so that binary junk
    // yields one error per run, not one per byte.
    i++;
    while (i < n && isUnknownStart(text, i)) i++;
    push('unknown', from, i);
  }
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
