// Aligned columns for the formatter: cells left-aligned or aligned on the decimal point, and
// trailing comments starting in one column.

export interface Cell {
  readonly text: string;
  /** Decimal-aligned when true, left-aligned otherwise. */
  readonly numeric: boolean;
}


/** The largest `measure` of the items, 0 for none (no spread: blocks may have 100k lines). */
export function maxOf<T>(items: readonly T[], measure: (item: T) => number): number {
  let max = 0;
  for (const item of items) max = Math.max(max, measure(item));
  return max;
}

/** Splits a number at its decimal point (or exponent): `-0.07` → `-0` + `.07`, `10` → `10` + ``. */
export function splitNumber(text: string): [string, string] {
  const i = text.search(/[.eE]/);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i)];
}

/**
 * Renders rows as aligned columns, `gutters[c]` spaces (default 1) before column c, no trailing
 * spaces. A column empty on every row takes no space.
 */
export function renderTable(rows: readonly (readonly Cell[])[], gutters: readonly number[] = []): string[] {
  const columns = maxOf(rows, (r) => r.length);
  const numeric: boolean[] = [];
  const width: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  for (let c = 0; c < columns; c++) {
    numeric[c] = rows.some((r) => r[c]?.numeric);
    width[c] = before[c] = after[c] = 0;
    for (const r of rows) {
      const cell = r[c];
      if (!cell) continue;
      if (numeric[c] && cell.numeric) {
        const [b, a] = splitNumber(cell.text);
        before[c] = Math.max(before[c], b.length);
        after[c] = Math.max(after[c], a.length);
      } else {
        width[c] = Math.max(width[c], cell.text.length);
      }
    }
    if (numeric[c]) width[c] = Math.max(width[c], before[c] + after[c]);
  }
  return rows.map((r) => {
    let line = '';
    for (let c = 0; c < columns; c++) {
      if (width[c] === 0) continue;
      const cell = r[c];
      let text: string;
      if (!cell) text = '';
      else if (numeric[c] && cell.numeric) {
        const [b, a] = splitNumber(cell.text);
        text = b.padStart(before[c]) + a;
      } else text = cell.text;
      if (line !== '') line += ' '.repeat(gutters[c] ?? 1);
      line += text.padEnd(width[c]);
    }
    return line.replace(/ +$/, '');
  });
}

/** `code  # comment`, the comments of a block starting in one column. */
export function withComments(code: readonly string[], comments: readonly (string | undefined)[]): string[] {
  if (!comments.some((c) => c !== undefined)) return [...code];
  const width = maxOf(code, (c) => c.length);
  return code.map((c, i) => (comments[i] === undefined ? c : `${c.padEnd(width)}  ${comments[i]}`));
}
