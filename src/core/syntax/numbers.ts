// Number tokens: where one ends (`scanNumber`, the lexer's rule) and its value read in place
// (`numberValue`), so that a file of numbers costs no string per number.

const enum Ch {
  Plus = 43,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  UpperE = 69,
  LowerE = 101,
}

/** Whether character code `c` is 0–9. */
export function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
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
export const EXACT_POWERS = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

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

/** The value of the number the last `plainDecimalEnd` read. */
export const plainDecimal = { value: 0 };

/**
 * End of the plain decimal at `from` (`-?digits(.digits)?`: what trained files write), its
 * value left in `plainDecimal.value` (as numberValue: exact for ≤ 15 digits, else `Number`); -1
 * where none starts or the lexer must read it (`+1`, `.5`, `1.`, `1..2`). What follows is the
 * caller's to check (`1e3`, `12abc`).
 */
export function plainDecimalEnd(text: string, from: number): number {
  let j = from;
  let c = text.charCodeAt(j);
  const negative = c === Ch.Minus;
  if (negative) c = text.charCodeAt(++j);
  let mantissa = 0;
  let digits = 0;
  while (c >= Ch.Zero && c <= Ch.Nine) {
    mantissa = mantissa * 10 + (c - Ch.Zero);
    digits++;
    c = text.charCodeAt(++j);
  }
  if (digits === 0) return -1;
  let decimals = 0;
  if (c === Ch.Dot) {
    c = text.charCodeAt(++j);
    while (c >= Ch.Zero && c <= Ch.Nine) {
      mantissa = mantissa * 10 + (c - Ch.Zero);
      decimals++;
      c = text.charCodeAt(++j);
    }
    if (decimals === 0) return -1;
  }
  // Up to 15 digits, the digits and the power of ten are exact doubles and one division rounds correctly.
  const magnitude = digits + decimals > 15 ? Number(text.slice(negative ? from + 1 : from, j)) : decimals ? mantissa / EXACT_POWERS[decimals] : mantissa;
  plainDecimal.value = negative ? -magnitude : magnitude;
  return j;
}
