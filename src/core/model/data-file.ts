// `data "file.csv" …`: path checking (pure string logic, so it works without a file system)
// and CSV parsing into numbers with the CSV's own line numbers for errors.
import { formatCount, MAX_CSV_COLUMNS, MAX_CSV_ROWS, MAX_SAMPLE_VALUES } from '../limits';

/**
 * Normalises a data path relative to the .nnet file's folder. Returns undefined when the path
 * is absolute or climbs out of that folder tree (`../x.csv`, `a/../../x.csv`).
 */
export function normaliseDataPath(path: string): string | undefined {
  if (path.length === 0) return undefined;
  if (/^([a-zA-Z]:|[\\/]|~)/.test(path)) return undefined;
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

export interface CsvTable {
  /** Data rows read (header, blank and comment lines excluded). */
  readonly rowCount: number;
  /** Fields per row (every row has as many as the first). */
  readonly width: number;
  /** Row-major values, rowCount × width, in one typed array (no object per row). */
  readonly values: Float64Array;
  /** 1-based line in the CSV of each row. */
  readonly lines: Uint32Array;
  /** True when the first non-empty line was a header (had a non-numeric field). */
  readonly header: boolean;
}

export interface CsvError {
  /** 1-based line in the CSV. */
  readonly line: number;
  /** 1-based column, when one field is at fault. */
  readonly column?: number;
  readonly message: string;
  /** The file is beyond a size limit (rows, columns): reported as `nnet/too-large`. */
  readonly tooLarge?: boolean;
}

export interface CsvLimits {
  readonly maxRows?: number;
  readonly maxColumns?: number;
  /** Numbers in all rows together (the table's size in doubles). */
  readonly maxValues?: number;
}

export interface CsvResult {
  readonly table: CsvTable;
  /** The first errors (at most MAX_ERRORS_KEPT), in line order. */
  readonly errors: CsvError[];
  /** All malformed lines, including those not kept in `errors`. */
  readonly errorCount: number;
}

const MAX_ERRORS_KEPT = 100;

/**
 * Reads one field `text[start, end)` (already trimmed, quotes removed) as a number with the
 * language's own number syntax: `[sign] (digits [. [digits]] | . digits) [e [sign] digits]`.
 * No hex/binary/octal, no `Infinity`/`NaN`, no empty field. NaN when malformed, ±Infinity when
 * beyond a double.
 */
export function readCsvNumber(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === 45; // -
  if (c === 43 || c === 45) c = text.charCodeAt(++i);
  let intDigits = 0;
  let whole = 0;
  while (i < end && c >= 48 && c <= 57) {
    whole = whole * 10 + (c - 48);
    intDigits++;
    c = text.charCodeAt(++i);
  }
  if (i === end) {
    if (intDigits === 0) return NaN;
    // Plain integers (the common case in data files) without a substring: exact up to 2^53.
    if (intDigits <= 15) return negative ? -whole : whole;
    return Number(text.slice(start, end));
  }
  let fracDigits = 0;
  if (c === 46) {
    c = text.charCodeAt(++i);
    while (i < end && c >= 48 && c <= 57) {
      fracDigits++;
      c = text.charCodeAt(++i);
    }
  }
  if (intDigits === 0 && fracDigits === 0) return NaN;
  if (i < end && (c === 101 || c === 69)) {
    c = text.charCodeAt(++i);
    if (c === 43 || c === 45) c = text.charCodeAt(++i);
    let expDigits = 0;
    while (i < end && c >= 48 && c <= 57) {
      expDigits++;
      c = text.charCodeAt(++i);
    }
    if (expDigits === 0) return NaN;
  }
  if (i !== end) return NaN;
  return Number(text.slice(start, end));
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xfeff || c === 0xa0;
}

/**
 * Parses a numeric CSV (comma-separated, optional header, optional quotes around fields) in one
 * pass into one Float64Array. Stops with a `tooLarge` error past `maxRows` rows,
 * `maxColumns` fields or `maxValues` numbers. Never throws.
 */
export function parseCsv(text: string, limits: CsvLimits = {}): CsvResult {
  const maxRows = limits.maxRows ?? MAX_CSV_ROWS;
  const maxColumns = limits.maxColumns ?? MAX_CSV_COLUMNS;
  const maxValues = limits.maxValues ?? MAX_SAMPLE_VALUES;
  const errors: CsvError[] = [];
  let errorCount = 0;
  const fail = (e: CsvError): void => {
    errorCount++;
    if (errors.length < MAX_ERRORS_KEPT) errors.push(e);
  };
  // Upper bound for the row count: the number of lines.
  let lineBound = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineBound++;
  }
  let header = false;
  let width = -1;
  let rowCount = 0;
  let values = new Float64Array(0);
  let lines = new Uint32Array(0);
  let row = new Float64Array(16);
  let line = 0;
  let pos = 0;
  const n = text.length;
  while (pos <= n) {
    line++;
    // The line is text[pos, eol); the next starts after its line break.
    let eol = pos;
    while (eol < n) {
      const c = text.charCodeAt(eol);
      if (c === 10 || c === 13) break;
      eol++;
    }
    const next = eol < n && text.charCodeAt(eol) === 13 && text.charCodeAt(eol + 1) === 10 ? eol + 2 : eol + 1;
    let a = pos;
    let b = eol;
    pos = next;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (a === b || text.charCodeAt(a) === 35) continue; // blank or # comment
    // Split into fields.
    let fields = 0;
    let bad: { column: number; text: string; outOfRange: boolean } | undefined;
    let start = a;
    for (;;) {
      let end = start;
      while (end < b && text.charCodeAt(end) !== 44) end++;
      fields++;
      if (fields > maxColumns) break;
      let fa = start;
      let fb = end;
      while (fa < fb && isSpace(text.charCodeAt(fa))) fa++;
      while (fb > fa && isSpace(text.charCodeAt(fb - 1))) fb--;
      if (fb - fa >= 2 && text.charCodeAt(fa) === 34 && text.charCodeAt(fb - 1) === 34) {
        fa++;
        fb--;
        while (fa < fb && isSpace(text.charCodeAt(fa))) fa++;
        while (fb > fa && isSpace(text.charCodeAt(fb - 1))) fb--;
      }
      const value = fa === fb ? NaN : readCsvNumber(text, fa, fb);
      if (!Number.isFinite(value) && !bad) bad = { column: fields, text: text.slice(fa, Math.min(fb, fa + 31)), outOfRange: !Number.isNaN(value) };
      if (fields > row.length) {
        const grown = new Float64Array(Math.min(maxColumns, row.length * 2));
        grown.set(row);
        row = grown;
      }
      row[fields - 1] = value;
      if (end >= b) break;
      start = end + 1;
    }
    if (fields > maxColumns) {
      fail({ line, message: `has more than ${formatCount(maxColumns)} columns; the limit is ${formatCount(maxColumns)}`, tooLarge: true });
      break;
    }
    if (bad) {
      if (rowCount === 0 && !header && width < 0) {
        header = true;
        width = fields;
        continue;
      }
      const what = bad.text === '' ? 'is empty' : `is ${bad.outOfRange ? 'out of range' : 'not a number'} ('${truncate(bad.text)}')`;
      fail({ line, column: bad.column, message: `column ${bad.column} ${what}` });
      continue;
    }
    if (width < 0) width = fields;
    else if (fields !== width) {
      fail({ line, message: `has ${fields} columns, the first row has ${width}` });
      continue;
    }
    if (rowCount === maxRows) {
      fail({ line, message: `has more than ${formatCount(maxRows)} data rows; the limit is ${formatCount(maxRows)}`, tooLarge: true });
      break;
    }
    if ((rowCount + 1) * width > maxValues) {
      fail({ line, message: `brings the numbers read to more than ${formatCount(maxValues)}; the limit is ${formatCount(maxValues)}`, tooLarge: true });
      break;
    }
    if ((rowCount + 1) * width > values.length) {
      // Grown by doubling up to the line count: the rows are not all known to be valid, and
      // lines × the first row's width can be far beyond memory (a wide first row, then blank lines).
      const capacity = Math.min(lineBound, maxRows, Math.max(16, rowCount * 2));
      const grown = new Float64Array(capacity * width);
      grown.set(values);
      values = grown;
      const grownLines = new Uint32Array(capacity);
      grownLines.set(lines);
      lines = grownLines;
    }
    values.set(row.subarray(0, width), rowCount * width);
    lines[rowCount] = line;
    rowCount++;
  }
  const w = Math.max(width, 0);
  return {
    table: { rowCount, width: w, values: values.subarray(0, rowCount * w), lines: lines.subarray(0, rowCount), header },
    errors,
    errorCount,
  };
}

function truncate(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}
