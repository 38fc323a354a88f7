// The `.nnet` formatter: canonical spacing, aligned blocks, comments and the user's own number
// spellings kept. Built on the syntax tree; never touches a line that does not parse.
//
// Rules (docs/cli.md, under `nnet fmt`, describes them for users):
// - One space between tokens (`I1 -> H1 = -0.07`, `x[64]`, `inputs 1..64`); statements start
//   at column 0; trailing whitespace goes; the file ends with exactly one line break.
// - Alignment blocks are runs of consecutive lines (no blank line, comment line or other
//   statement between them) holding statements of one kind:
//     weight lines   `FROM -> TO` padded to the widest, numbers aligned on the decimal point
//                    (a number without a point aligns as if it had one after its last digit);
//     layer lines    name, node list, activation and `bias` clause each in a column;
//     sample lines   (same number of inputs and targets) every value decimal-aligned;
//     `weights` lines with an init or a one-line matrix: `L1 -> L2` padded to the widest.
//   Other statements are formatted on their own.
// - Trailing comments: two spaces after the code, aligned within an alignment block (and within
//   a matrix). Full-line comments start at column 0 (two spaces inside a matrix) and otherwise
//   keep their text as written, trailing spaces removed.
// - Matrices: a matrix written on one line stays on one line (`[1 2; 3 4]`); a matrix written
//   over several lines is printed with `[` at the end of the `weights` line, one row per line
//   indented two spaces, columns decimal-aligned, and `]` (plus ` fixed`) on its own line.
// - Blank lines: a run of blank lines becomes one; blank lines at the start and end go.
// - Lines holding an `invalid` statement or a syntax error are kept exactly as written
//   (a multi-line statement with an error is kept whole).
// - Numbers are never reprinted: the user's text (`0.10`, `1e-3`, `.5`) is kept.
// - Line breaks: `options.eol`, or the first line break of the input (`\n` when there is none).
// As a last line of defence the result is parsed again; if its statements or comments differ
// from the input's (a formatter bug), the input is returned unchanged.
import type { Comment, MatrixExpression, MatrixRow, NodeRef, NodeSpec, NumberLiteral, Statement } from './ast';
import { parse } from './parser';
import { maxOf, renderTable, withComments, type Cell } from './table';
import { sameContent } from './same-content';
import { pushAll } from '../arrays';

export interface FormatOptions {
  /** Line break to write. Default: the first line break found in the text, else `\n`. */
  readonly eol?: '\n' | '\r\n';
}

/** The formatted replacement for whole lines, as `formatLines` returns it. */
export interface LineRangeEdit {
  /** First line replaced (zero-based). */
  readonly startLine: number;
  /** Last line replaced (zero-based, inclusive). */
  readonly endLine: number;
  /**
   * Replaces the lines `startLine..endLine` together with their line breaks, i.e. from the
   * start of `startLine` to the start of `endLine + 1` (to the end of the text when `endLine`
   * is the last line). Every line of `text` ends with a line break, except that an empty
   * document formats to ''.
   */
  readonly text: string;
}

/** Formats a whole `.nnet` document. Never throws; text it cannot parse is kept as written. */
export function format(text: string, options: FormatOptions = {}): string {
  const layout = computeLayout(text, options);
  if (!layout) return text;
  return layout.bom + joinLines(layout.units, layout.eol);
}

/**
 * Formats the lines `startLine..endLine` (zero-based, inclusive) for range formatting. The range
 * grows to whole statements (a matrix over several lines), whole alignment blocks and whole runs
 * of blank lines, so that applying the edit gives the lines `format` would give.
 */
export function formatLines(text: string, startLine: number, endLine: number, options: FormatOptions = {}): LineRangeEdit {
  const hasBom = text.charCodeAt(0) === BOM;
  const body = hasBom ? text.slice(1) : text;
  const lastLine = splitLines(body).length - 1;
  let from = clamp(Math.min(startLine, endLine), 0, lastLine);
  let to = clamp(Math.max(startLine, endLine), 0, lastLine);
  const layout = computeLayout(text, options);
  if (!layout) {
    // The formatter refused the text: an edit that changes nothing.
    const breaks = /\r\n|\r|\n/g;
    const starts = [0];
    for (let m = breaks.exec(body); m; m = breaks.exec(body)) starts.push(m.index + m[0].length);
    const original = body.slice(starts[from], to + 1 < starts.length ? starts[to + 1] : body.length);
    return { startLine: from, endLine: to, text: from === 0 && hasBom ? '\ufeff' + original : original };
  }
  const { units } = layout;
  const unitAt = (line: number): number => {
    const i = units.findIndex((u) => u.last >= line);
    return i < 0 ? units.length - 1 : i;
  };
  let u0 = unitAt(from);
  let u1 = unitAt(to);
  while (u0 > 0 && units[u0].block !== undefined && units[u0 - 1].block === units[u0].block) u0--;
  while (u1 < units.length - 1 && units[u1].block !== undefined && units[u1 + 1].block === units[u1].block) u1++;
  from = units[u0].first;
  to = units[u1].last;
  const replacement = joinLines(units.slice(u0, u1 + 1), layout.eol);
  return { startLine: from, endLine: to, text: from === 0 ? layout.bom + replacement : replacement };
}

function joinLines(units: readonly Unit[], eol: string): string {
  let out = '';
  for (const u of units) for (const line of u.output) out += line + eol;
  return out;
}

// ── layout: the input cut into units, each with its formatted lines ──────────────────────────

const BOM = 0xfeff;

interface TableRow {
  /** Rows with the same key on consecutive lines align as one block; undefined: never aligned. */
  readonly key: string | undefined;
  readonly cells: readonly Cell[];
  /** Spaces before each column when the row is aligned in a block of two or more (default 1). */
  readonly gutters?: readonly number[];
}

interface Unit {
  /** Input lines covered, inclusive. */
  readonly first: number;
  last: number;
  readonly kind: 'blank' | 'comment' | 'statement' | 'verbatim';
  /** Formatted lines (filled in by `computeLayout`). */
  output: string[];
  /** Alignment block id shared by the units of one block. */
  block?: number;
  /** Single-line statements: the row and the trailing comment. */
  row?: TableRow;
  comment?: string;
}

interface Layout {
  readonly units: Unit[];
  readonly eol: string;
  readonly bom: string;
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** The line break the text uses first, `\n` when it has none. */
export function detectEol(text: string): '\n' | '\r\n' {
  const m = /\r\n|\r|\n/.exec(text);
  return m && m[0] === '\r\n' ? '\r\n' : '\n';
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Number.isFinite(n) ? Math.trunc(n) : lo));
}

function isBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/** Undefined when the safety check fails (the caller keeps the text as written). */
function computeLayout(text: string, options: FormatOptions): Layout | undefined {
  const hasBom = text.charCodeAt(0) === BOM;
  const body = hasBom ? text.slice(1) : text;
  const eol = options.eol ?? detectEol(body);
  const lines = splitLines(body);
  const tree = parse(body);

  const commentByLine = new Map<number, Comment>();
  for (const c of tree.comments) commentByLine.set(c.range.start.line, c);
  const errorLines = new Set<number>();
  for (const d of tree.diagnostics) {
    for (let l = d.range.start.line; l <= d.range.end.line; l++) errorLines.add(l);
  }

  // Statements grouped by the lines they cover (overlapping spans merge; should not happen).
  const spans: { first: number; last: number; statements: Statement[] }[] = [];
  for (const s of tree.statements) {
    const first = s.range.start.line;
    const last = Math.max(first, s.range.end.line);
    const top = spans[spans.length - 1];
    if (top && first <= top.last) {
      top.last = Math.max(top.last, last);
      top.statements.push(s);
    } else {
      spans.push({ first, last, statements: [s] });
    }
  }

  const units: Unit[] = [];
  let spanIndex = 0;
  for (let l = 0; l < lines.length; ) {
    while (spanIndex < spans.length && spans[spanIndex].last < l) spanIndex++;
    const span = spans[spanIndex];
    if (span && span.first <= l) {
      units.push(statementUnit(span, lines, commentByLine, errorLines));
      l = span.last + 1;
      continue;
    }
    const line = lines[l];
    if (isBlank(line)) {
      const top = units[units.length - 1];
      if (top && top.kind === 'blank') top.last = l;
      else units.push({ first: l, last: l, kind: 'blank', output: [] });
    } else {
      const c = commentByLine.get(l);
      if (c && !errorLines.has(l) && isBlank(line.slice(0, c.range.start.character))) {
        units.push({ first: l, last: l, kind: 'comment', output: [c.text.trimEnd()] });
      } else {
        units.push(verbatim(l, l, lines));
      }
    }
    l++;
  }

  const firstContent = units.findIndex((u) => u.kind !== 'blank');
  let lastContent = -1;
  for (let i = units.length - 1; i >= 0; i--) {
    if (units[i].kind !== 'blank') {
      lastContent = i;
      break;
    }
  }
  units.forEach((u, i) => {
    if (u.kind === 'blank') u.output = i > firstContent && i < lastContent ? [''] : [];
  });
  alignBlocks(units);

  const layout: Layout = { units, eol, bom: hasBom ? '\ufeff' : '' };
  const formatted = units.flatMap((u) => u.output).join('\n');
  return sameContent(tree, parse(formatted)) ? layout : undefined;
}

function verbatim(first: number, last: number, lines: readonly string[]): Unit {
  return { first, last, kind: 'verbatim', output: lines.slice(first, last + 1) };
}

function statementUnit(
  span: { first: number; last: number; statements: Statement[] },
  lines: readonly string[],
  commentByLine: ReadonlyMap<number, Comment>,
  errorLines: ReadonlySet<number>,
): Unit {
  const { first, last, statements } = span;
  const s = statements[0];
  let broken = statements.length > 1 || s.kind === 'invalid';
  for (let l = first; l <= last && !broken; l++) broken = errorLines.has(l);
  if (broken) return verbatim(first, last, lines);

  if (first === last) {
    const row = rowFor(s, lines);
    if (!row) return verbatim(first, last, lines);
    const comment = commentByLine.get(first)?.text.trimEnd();
    return { first, last, kind: 'statement', output: [], row, comment };
  }
  if (s.kind === 'weights' && s.value.kind === 'matrix' && s.value.close) {
    const header = `weights ${s.from.text} -> ${s.to.text} = [`;
    return { first, last, kind: 'statement', output: matrixLines(header, s.value, !!s.fixed, commentByLine) };
  }
  return verbatim(first, last, lines);
}

// ── rows of single-line statements ───────────────────────────────────────────────────────────

const word = (text: string): Cell => ({ text, numeric: false });
const num = (n: NumberLiteral): Cell => ({ text: n.text, numeric: true });

function nodeRef(r: NodeRef): string {
  return r.index ? `${r.name}[${r.index.text}]` : r.name;
}

function nodeSpec(n: NodeSpec): string {
  return n.kind === 'array' ? `${n.name.text}[${n.count.text}]` : n.name.text;
}

function inlineMatrix(m: MatrixExpression): string {
  return `[${m.rows.map((r) => r.values.map((v) => v.text).join(' ')).join('; ')}]`;
}

/** In a block of layer lines, two spaces set the activation and `bias` columns apart. */
const LAYER_GUTTERS = [0, 1, 1, 2, 2];
/** Matrix columns are two spaces apart. */
const MATRIX_GUTTER = 2;

/** The statement as cells, or undefined when it cannot be printed (kept as written then). */
function rowFor(s: Statement, lines: readonly string[]): TableRow | undefined {
  switch (s.kind) {
    case 'network': {
      if (!s.name) return undefined;
      // The name may be a quoted string; print it as written.
      const r = s.name.range;
      return { key: undefined, cells: [word('network'), word(lines[r.start.line].slice(r.start.character, r.end.character))] };
    }
    case 'convention':
    case 'loss':
      return s.value ? { key: undefined, cells: [word(s.kind), word(s.value.text)] } : undefined;
    case 'layer':
      return {
        key: 'layer',
        cells: [
          word('layer'),
          word(s.name.text),
          word(s.nodes.map(nodeSpec).join(' ')),
          word(s.activation?.text ?? ''),
          word(s.bias ? (s.bias.name ? `bias ${s.bias.name.text}` : 'bias') : ''),
        ],
        gutters: LAYER_GUTTERS,
      };
    case 'weight':
      return {
        key: 'weight',
        cells: [word(`${nodeRef(s.from)} -> ${nodeRef(s.to)}`), word('='), num(s.value), word(s.fixed ? 'fixed' : '')],
      };
    case 'weights': {
      let value: string;
      if (s.value.kind === 'matrix') {
        if (!s.value.close) return undefined;
        value = inlineMatrix(s.value);
      } else {
        const init = s.value;
        const parts = ['init', init.method.text, ...init.args.map((a) => a.text)];
        if (init.seed) parts.push('seed', init.seed.value.text);
        value = parts.join(' ');
      }
      if (s.fixed) value += ' fixed';
      return { key: 'weights', cells: [word('weights'), word(`${s.from.text} -> ${s.to.text}`), word('='), word(value)] };
    }
    case 'train': {
      if (!s.method) return undefined;
      const parts = ['train', s.method.text];
      for (const o of s.options) {
        parts.push(o.name.text);
        if (o.value) parts.push(o.value.text);
      }
      return { key: undefined, cells: parts.map(word) };
    }
    case 'sample':
      return {
        key: `sample ${s.inputs.length} ${s.targets.length}`,
        cells: [word('sample'), ...s.inputs.map(num), word('->'), ...s.targets.map(num)],
      };
    case 'data': {
      const keyword = s.role === 'train' ? 'data' : s.role;
      if (s.split) {
        const parts = [keyword, 'split', s.split.fraction.text];
        if (s.split.seed) parts.push('seed', s.split.seed.value.text);
        return { key: undefined, cells: parts.map(word) };
      }
      if (!s.file) return undefined;
      // Clauses in the order written: [position, text].
      const clauses: [number, string][] = [];
      const span = (what: string, x: NonNullable<typeof s.inputs>): void => {
        const single = x.to === x.from || x.to.range.start.character === x.from.range.start.character;
        clauses.push([x.range.start.character, `${what} ${single ? x.from.text : `${x.from.text}..${x.to.text}`}`]);
      };
      if (s.inputs) span('inputs', s.inputs);
      if (s.targets) span('targets', s.targets);
      if (s.labels) clauses.push([s.labels.range.start.character, `labels ${(s.labels.file ?? s.labels.column)!.text}`]);
      if (s.scale) clauses.push([s.scale.range.start.character, `scale ${s.scale.value.text}${s.scale.divisor ? `/${s.scale.divisor.text}` : ''}`]);
      clauses.sort((a, b) => a[0] - b[0]);
      return { key: undefined, cells: [keyword, s.file.text, ...clauses.map((c) => c[1])].map(word) };
    }
    case 'invalid':
      return undefined;
  }
}

function alignBlocks(units: Unit[]): void {
  let blockId = 0;
  for (let i = 0; i < units.length; ) {
    const u = units[i];
    if (!u.row) {
      i++;
      continue;
    }
    let j = i + 1;
    if (u.row.key !== undefined) {
      while (j < units.length && units[j].row?.key === u.row.key && units[j].first === units[j - 1].last + 1) j++;
    }
    const block = units.slice(i, j);
    const code = renderTable(
      block.map((b) => b.row!.cells),
      block.length > 1 ? u.row.gutters : undefined,
    );
    const lines = withComments(
      code,
      block.map((b) => b.comment),
    );
    block.forEach((b, k) => {
      b.output = [lines[k]];
      if (block.length > 1) b.block = blockId;
    });
    if (block.length > 1) blockId++;
    i = j;
  }
}

// ── matrices over several lines ──────────────────────────────────────────────────────────────

function matrixLines(header: string, m: MatrixExpression, fixed: boolean, commentByLine: ReadonlyMap<number, Comment>): string[] {
  const openLine = m.open.start.line;
  const closeLine = m.close!.start.line;
  type Item = { kind: 'row'; row: MatrixRow; comment?: string } | { kind: 'close'; comment?: string } | { kind: 'comment'; text: string };
  const items: Item[] = [];
  let headerComment: string | undefined;
  let r = 0;
  for (let l = openLine; l <= closeLine; l++) {
    const onLine: Item[] = [];
    while (r < m.rows.length && m.rows[r].range.start.line === l) onLine.push({ kind: 'row', row: m.rows[r++] });
    const comment = commentByLine.get(l)?.text.trimEnd();
    let closeComment: string | undefined;
    if (comment !== undefined) {
      // A comment belongs to the last row that starts on its line, else to `[` or `]` on
      // that line, else it is a comment line of its own inside the matrix.
      const lastRow = onLine[onLine.length - 1];
      if (lastRow && lastRow.kind === 'row') lastRow.comment = comment;
      else if (l === openLine) headerComment = comment;
      else if (l === closeLine) closeComment = comment;
      else onLine.push({ kind: 'comment', text: comment });
    }
    pushAll(items, onLine);
    if (l === closeLine) items.push({ kind: 'close', comment: closeComment });
  }

  const rowItems = items.filter((i): i is Extract<Item, { kind: 'row' }> => i.kind === 'row');
  const columns = maxOf(rowItems, (i) => i.row.values.length);
  const rowText = renderTable(
    rowItems.map((i) => i.row.values.map(num)),
    new Array<number>(columns).fill(MATRIX_GUTTER),
  );
  const body: { code: string; comment?: string; item: Item }[] = [];
  let k = 0;
  for (const item of items) {
    if (item.kind === 'row') body.push({ code: `  ${rowText[k++]}`, comment: item.comment, item });
    else if (item.kind === 'close') body.push({ code: fixed ? '] fixed' : ']', comment: item.comment, item });
  }
  const aligned = withComments(
    body.map((b) => b.code),
    body.map((b) => b.comment),
  );
  const out = [headerComment === undefined ? header : `${header}  ${headerComment}`];
  let b = 0;
  for (const item of items) {
    if (item.kind === 'comment') out.push(`  ${item.text}`);
    else out.push(aligned[b++]);
  }
  return out;
}
