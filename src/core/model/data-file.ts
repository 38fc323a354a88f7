// `data "file.csv" …`: path checking (pure string logic, so it works without a file system)
// and CSV parsing into numbers with the CSV's own line numbers for errors.

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
  /** One array per data row. */
  readonly rows: readonly Float64Array[];
  /** 1-based line in the CSV of each row. */
  readonly lines: readonly number[];
  /** True when the first non-empty line was a header (had a non-numeric field). */
  readonly header: boolean;
}

export interface CsvError {
  /** 1-based line in the CSV. */
  readonly line: number;
  /** 1-based column, when one field is at fault. */
  readonly column?: number;
  readonly message: string;
}

/** Parses a numeric CSV (comma-separated, optional header, optional quotes around fields). */
export function parseCsv(text: string): { table: CsvTable; errors: CsvError[] } {
  const rows: Float64Array[] = [];
  const lines: number[] = [];
  const errors: CsvError[] = [];
  let header = false;
  let width = -1;
  const rawLines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const fields = raw.split(',');
    const values = new Float64Array(fields.length);
    let bad: { column: number; text: string } | undefined;
    for (let c = 0; c < fields.length; c++) {
      const field = fields[c].trim().replace(/^"(.*)"$/, '$1').trim();
      const value = field === '' ? NaN : Number(field);
      if (!Number.isFinite(value)) {
        bad ??= { column: c + 1, text: field };
      }
      values[c] = value;
    }
    if (bad) {
      if (rows.length === 0 && !header && width < 0) {
        header = true;
        width = fields.length;
        continue;
      }
      errors.push({ line: i + 1, column: bad.column, message: `column ${bad.column} is not a number ('${truncate(bad.text)}')` });
      continue;
    }
    if (width < 0) width = fields.length;
    else if (fields.length !== width) {
      errors.push({ line: i + 1, message: `has ${fields.length} columns, the first row has ${width}` });
      continue;
    }
    rows.push(values);
    lines.push(i + 1);
  }
  return { table: { rows, lines, header }, errors };
}

function truncate(s: string): string {
  return s.length > 30 ? `${s.slice(0, 30)}…` : s;
}
