// Weight lines read in bulk: a run of plain lines `x1 -> h1 = 0.0123` (plain ASCII names, a
// plain decimal, an optional comment), with blank and comment-only lines among them, scanned
// straight from the text in one pass per line, as `TokenStream.readNumbers` does for matrix
// rows. Every token is still pushed to the lexer's ring as the lexer would have made it, and
// each line goes to the parser as the token path would have read it; anything else (`x[3]`,
// `fixed`, `1e-3`, a keyword, a name with a hyphen or a non-ASCII letter, any error) ends the
// run at the start of its line, for the token path.
import { STATEMENT_KEYWORDS } from '../vocabulary';
import { plainDecimal, plainDecimalEnd } from './numbers';
import { Ch, K, type TokenStream } from './lexer';

/** Where `readWeightLines` hands what it reads. */
export interface WeightLineSink {
  /** A plain weight line on `line` (characters on it; the line starts at offset `lineOffset`). */
  weightLineScanned(line: number, lineOffset: number, fromStart: number, fromEnd: number, arrowStart: number, toStart: number, toEnd: number, equalsStart: number, valueStart: number, valueEnd: number, value: number): void;
  /** Comment token i (just pushed). */
  commentScanned(i: number): void;
}

/** The offsets of one scanned line (`at` fields), and its value. */
const enum S {
  FromStart,
  FromEnd,
  Arrow,
  ToStart,
  ToEnd,
  Equals,
  ValueStart,
  ValueEnd,
  /** -1 without a comment. */
  CommentStart,
  CommentEnd,
  /** The line break (-1 at the end of the text), and where the next line starts. */
  Break,
  Next,
  Size,
}

function isNameStart(c: number): boolean {
  return (c >= Ch.LowerA && c <= Ch.LowerZ) || (c >= Ch.UpperA && c <= Ch.UpperZ) || c === Ch.Underscore;
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= Ch.Zero && c <= Ch.Nine);
}

function skipBlanks(text: string, j: number): number {
  let c = text.charCodeAt(j);
  while (c === Ch.Space || c === Ch.Tab) c = text.charCodeAt(++j);
  return j;
}

/** End of the plain name at j (ASCII letters, digits, `_`), or -1 where the lexer's identifier would differ or none starts. */
function nameEnd(text: string, j: number): number {
  if (!isNameStart(text.charCodeAt(j))) return -1;
  let c = text.charCodeAt(++j);
  while (isNamePart(c)) c = text.charCodeAt(++j);
  // A non-ASCII letter would continue the identifier; a hyphen before a letter joins two words.
  if (c > 127 || (c === Ch.Minus && text.charCodeAt(j + 1) !== Ch.Greater)) return -1;
  return j;
}

/** Whether `text[from, to)` is a statement keyword (the token path would read a statement). */
function isKeyword(text: string, from: number, to: number): boolean {
  for (const word of STATEMENT_KEYWORDS) if (word.length === to - from && text.startsWith(word, from)) return true;
  return false;
}

/** The end of a comment or of the line's blanks at j, and its break: fills CommentStart…Next; false if anything else follows. */
function lineEnd(text: string, j: number, out: Float64Array): boolean {
  j = skipBlanks(text, j);
  let c = text.charCodeAt(j);
  out[S.CommentStart] = -1;
  if (c === Ch.Hash) {
    out[S.CommentStart] = j;
    while (c === c && c !== Ch.LineFeed && c !== Ch.CarriageReturn) c = text.charCodeAt(++j);
    out[S.CommentEnd] = j;
  }
  if (c !== c) {
    out[S.Break] = -1;
    out[S.Next] = j;
    return true;
  }
  if (c !== Ch.LineFeed && c !== Ch.CarriageReturn) return false;
  out[S.Break] = j;
  out[S.Next] = c === Ch.CarriageReturn && text.charCodeAt(j + 1) === Ch.LineFeed ? j + 2 : j + 1;
  return true;
}

/**
 * Scans a plain weight line from offset `at` (past the line's leading blanks) into `out`, with
 * its value; returns the value, or NaN (and nothing to use in `out`) when the line is not plain.
 */
function scanLine(text: string, at: number, out: Float64Array): number {
  const fromEnd = nameEnd(text, at);
  if (fromEnd < 0 || isKeyword(text, at, fromEnd)) return NaN;
  let j = skipBlanks(text, fromEnd);
  if (text.charCodeAt(j) !== Ch.Minus || text.charCodeAt(j + 1) !== Ch.Greater) return NaN;
  const arrow = j;
  const toStart = skipBlanks(text, j + 2);
  const toEnd = nameEnd(text, toStart);
  if (toEnd < 0) return NaN;
  j = skipBlanks(text, toEnd);
  if (text.charCodeAt(j) !== Ch.Equals) return NaN;
  const equals = j;
  const valueStart = skipBlanks(text, j + 1);
  j = plainDecimalEnd(text, valueStart);
  if (j < 0) return NaN;
  const c = text.charCodeAt(j);
  // The value ends where the line or a comment begins, or at a blank; `1e3`, `12abc`, `1.5.3` are the lexer's.
  if (!(c === Ch.Space || c === Ch.Tab || c === Ch.LineFeed || c === Ch.CarriageReturn || c === Ch.Hash || c !== c)) return NaN;
  const value = plainDecimal.value;
  if (!lineEnd(text, j, out)) return NaN;
  out[S.FromStart] = at;
  out[S.FromEnd] = fromEnd;
  out[S.Arrow] = arrow;
  out[S.ToStart] = toStart;
  out[S.ToEnd] = toEnd;
  out[S.Equals] = equals;
  out[S.ValueStart] = valueStart;
  out[S.ValueEnd] = j;
  return value;
}

/** Scratch for one line's offsets (no allocation per line). */
const scanned = new Float64Array(S.Size);

/**
 * Reads the run of plain weight lines (and blank or comment-only lines among them) that starts
 * with token i, the first token of its line, and returns the first token after the run: i when
 * that line is not a plain weight line (nothing read), else the token that starts the line that
 * ended the run (not lexed yet) or the end of the text.
 */
export function readWeightLines(t: TokenStream, i: number, sink: WeightLineSink): number {
  if (i > 0 && t.kind(i - 1) !== K.Newline) return i;
  const text = t.text;
  let at = t.offsetOf(i);
  let value = scanLine(text, at, scanned);
  if (value !== value) return i;
  let line = t.lineOf(i);
  let lineOffset = at - t.startOf(i);
  t.rewind(i);
  const out = scanned;
  for (;;) {
    if (value === value) {
      t.pushToken(K.Identifier, out[S.FromStart], out[S.FromEnd]);
      t.pushToken(K.Arrow, out[S.Arrow], out[S.Arrow] + 2);
      t.pushToken(K.Identifier, out[S.ToStart], out[S.ToEnd]);
      t.pushToken(K.Equals, out[S.Equals], out[S.Equals] + 1);
      t.pushToken(K.Number, out[S.ValueStart], out[S.ValueEnd]);
      sink.weightLineScanned(line, lineOffset, out[S.FromStart] - lineOffset, out[S.FromEnd] - lineOffset, out[S.Arrow] - lineOffset, out[S.ToStart] - lineOffset, out[S.ToEnd] - lineOffset, out[S.Equals] - lineOffset, out[S.ValueStart] - lineOffset, out[S.ValueEnd] - lineOffset, value);
    }
    if (out[S.CommentStart] >= 0) sink.commentScanned(t.pushToken(K.Comment, out[S.CommentStart], out[S.CommentEnd]));
    at = out[S.Next];
    if (out[S.Break] < 0) break;
    t.breakLine(out[S.Break], at);
    line++;
    lineOffset = at;
    // The next line: a plain weight line, or blanks and a comment; else it is the token path's.
    at = skipBlanks(text, at);
    value = scanLine(text, at, out);
    if (value !== value && !lineEnd(text, at, out)) break;
  }
  t.resumeAt(at);
  return t.lexed;
}
