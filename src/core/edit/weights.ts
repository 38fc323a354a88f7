// Writing weight values back into `.nnet` text: the edits `nnet train --write` (and the editor's
// "write trained weights") apply. Pure: text, the validated network and the new weights in,
// text edits out. Layout and comments stay as written; only numbers change, except that a
// layer pair given by `init …` becomes an explicit matrix (the values must be written somewhere).
//
// - `FROM -> TO = NUMBER` lines: just the number is replaced; the rest of the line is left alone.
// - Matrices: the numbers are replaced. A matrix written one row per line (nothing before a row
//   but indentation) is re-aligned as `nnet fmt` aligns it (columns two spaces apart, on the decimal
//   point); trailing comments that were aligned with each other stay aligned, and their text is
//   never touched. Other matrices get their numbers replaced in place.
// - `weights A -> B = init …`: the `init …` expression becomes a multi-line matrix (rows =
//   destination nodes, columns = source nodes then the bias), keeping `weights A -> B =`, a
//   trailing `fixed` and a trailing comment (which moves to the `[` line). When single weight
//   lines override some entries of the `init`, a matrix would clash with them, so the statement
//   becomes one weight line per remaining entry instead (and keeps each entry's `fixed`).
// - A number whose value does not change keeps its spelling (`0.10` stays `0.10`) and is never
//   rounded (so `fixed` weights keep their values); a pair whose values all stay keeps its `init`.
// Numbers are written as the shortest text that reads back as the same double (`String(x)`,
// `-0` as `0`), or rounded to `digits` significant digits (except where rounding would overflow
// to infinity: those keep every digit).
import type { Network } from '../model/network';
import type { Range } from '../types';
import type { Comment, MatrixExpression, Statement, SyntaxTree, WeightsStatement, WeightStatement } from '../syntax/ast';
import { parse } from '../syntax/parser';
import { weightNames } from '../model/lookup';
import { maxOf, pushAll } from '../arrays';
import { splitLines, type TextEdit } from '../service/text';

export interface WeightEditOptions {
  /** Significant digits for the written numbers. Default: as many as it takes to read back the exact double. */
  readonly digits?: number;
  /** `parse(text)`, when the caller has it already (the language server keeps each version's tree): not parsed again. */
  readonly tree?: SyntaxTree;
}

/** The text a weight value is written as. */
export function weightText(value: number, digits?: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write the weight ${value}: it is not a finite number`);
  const rounded = digits === undefined ? value : Number(value.toPrecision(digits));
  // Rounding the largest doubles up can overflow; those keep every digit.
  const v = Number.isFinite(rounded) ? rounded : value;
  return v === 0 ? '0' : String(v);
}

/** The value a number takes after writing it with `options` (what the file will read back). */
export function writtenValue(value: number, options: WeightEditOptions = {}): number {
  return Number(weightText(value, options.digits));
}

/**
 * The weights the text holds after `weightEdits(text, network, weights, options)`: `weights`,
 * rounded to `options.digits` where they differ from the network's current values (a weight
 * that does not change, such as a `fixed` one, is never rounded).
 */
export function writtenWeights(network: Network, weights: readonly Float64Array[], options: WeightEditOptions = {}): Float64Array[] {
  return weights.map((w, k) => w.map((v, i) => (v === network.weights[k].values[i] ? v : writtenValue(v, options))));
}

/**
 * Edits that rewrite every weight of `network` (built from `text` without errors) to `weights`
 * (one row-major Float64Array per layer pair, as `Network.weights[k].values`). Applying them
 * with `applyEdits` gives text that checks to a network whose weights equal `weights` exactly
 * (or, with `options.digits`, `writtenWeights(…)`: changed values rounded to that many
 * significant digits). The edits do not overlap.
 */
export function weightEdits(text: string, network: Network, weights: readonly Float64Array[], options: WeightEditOptions = {}): TextEdit[] {
  const digits = options.digits;
  if (digits !== undefined && !(Number.isInteger(digits) && digits >= 1 && digits <= 21)) throw new RangeError(`digits must be a whole number from 1 to 21, not ${digits}`);
  if (weights.length !== network.weights.length) throw new RangeError(`expected weights for ${network.weights.length} layer pairs, got ${weights.length}`);
  network.weights.forEach((m, k) => {
    if (weights[k].length !== m.values.length) throw new RangeError(`layer pair ${k + 1}: expected ${m.values.length} weights, got ${weights[k].length}`);
    weights[k].forEach((w, i) => {
      if (!Number.isFinite(w)) {
        const { from, to } = weightNames(network, k, i);
        throw new RangeError(`cannot write weight ${from} -> ${to}: ${w} is not a finite number`);
      }
    });
  });

  const tree = options.tree ?? parse(text);
  const lines = splitLines(text);
  const eol = /\r\n|\r|\n/.exec(text)?.[0] ?? '\n';
  const statements = new Map<string, Statement>();
  for (const s of tree.statements) if (s.kind === 'weight' || s.kind === 'weights') statements.set(key(s.range), s);
  const commentOnLine = new Map<number, Comment>();
  for (const c of tree.comments) commentOnLine.set(c.range.start.line, c);

  const edits: TextEdit[] = [];

  network.weights.forEach((m, k) => {
    const values = weights[k];
    /** The text of weight i: exact when its value stays (a fixed weight is never rounded). */
    const write = (i: number): string => weightText(values[i], values[i] === m.values[i] ? undefined : digits);
    /** The new spelling of weight i, or the literal's own when its value does not change. */
    const spell = (literal: Range, i: number): string => {
      const old = slice(lines, literal);
      return Number(old) === writtenValue(values[i], { digits: values[i] === m.values[i] ? undefined : digits }) ? old : write(i);
    };
    const matrices = new Map<string, WeightsStatement>();
    let init: WeightsStatement | undefined;
    const overridden: number[] = [];
    for (let i = 0; i < m.values.length; i++) {
      const origin = m.origins[i];
      if (!origin) throw new Error(`weight ${i} of layer pair ${k + 1} has no origin: the network has errors`);
      if (origin.kind === 'line') {
        overridden.push(i);
        const text = spell(origin.valueRange, i);
        if (text !== slice(lines, origin.valueRange)) edits.push({ range: origin.valueRange, newText: text });
      } else {
        const s = statements.get(key(origin.range));
        if (!s || s.kind !== 'weights') throw new Error(`no 'weights' statement at line ${origin.range.start.line + 1}: the network does not belong to this text`);
        if (origin.kind === 'matrix') matrices.set(key(origin.range), s);
        else init = s;
      }
    }
    for (const s of matrices.values()) pushAll(edits, matrixEdits(s.value as MatrixExpression, m.columns, lines, commentOnLine, spell));

    if (!init) return;
    const changed = m.origins.some((o, i) => o?.kind === 'init' && values[i] !== m.values[i]);
    if (!changed) return;
    const indent = /^[ \t]*/.exec(lines[init.range.start.line])![0];
    if (overridden.length === 0) {
      edits.push(initToMatrix(init, m.rows, m.columns, write, lines, commentOnLine, indent, eol));
      return;
    }
    // Single lines override part of the init: write the rest as weight lines of their own.
    const statementFixed = !!init.fixed;
    const entries: { left: string; number: string; fixed: boolean }[] = [];
    for (let i = 0; i < m.values.length; i++) {
      if (m.origins[i]?.kind !== 'init') continue;
      const { from, to } = weightNames(network, k, i);
      entries.push({ left: `${from} -> ${to}`, number: write(i), fixed: statementFixed });
    }
    edits.push({ range: init.range, newText: weightLines(entries, indent, eol) });
    if (statementFixed) {
      // The overriding lines were fixed through the statement; say so on each of them now.
      for (const i of overridden) {
        const s = statements.get(key(m.origins[i]!.range)) as WeightStatement | undefined;
        if (s && !s.fixed) edits.push({ range: { start: s.range.end, end: s.range.end }, newText: ' fixed' });
      }
    }
  });
  return edits;
}


// ── matrices ─────────────────────────────────────────────────────────────────────────────────

function matrixEdits(
  matrix: MatrixExpression,
  columns: number,
  lines: readonly string[],
  commentOnLine: ReadonlyMap<number, Comment>,
  spell: (literal: Range, index: number) => string,
): TextEdit[] {
  const rows = matrix.rows.map((row, r) => row.values.map((v, c) => ({ range: v.range, old: v.text, text: spell(v.range, r * columns + c) })));
  if (rows.every((row) => row.every((cell) => cell.text === cell.old))) return [];
  const column = alignColumn(matrix, lines);
  if (column === undefined) {
    return rows.flatMap((row) => row.filter((cell) => cell.text !== cell.old).map((cell) => ({ range: cell.range, newText: cell.text })));
  }
  const aligned = alignColumns(rows.map((row) => row.map((cell) => cell.text)));
  const rowLines = rows.map((row) => row[0].range.start.line);
  const oldEnds = rows.map((row) => row[row.length - 1].range.end.character);
  const newEnds = aligned.map((t) => column + t.length);
  const edits: TextEdit[] = rows.map((row, r) => ({
    range: { start: { line: rowLines[r], character: column }, end: row[row.length - 1].range.end },
    newText: aligned[r],
  }));

  // Trailing comments directly after a row (and after a `]` on its own line) that started in one
  // column keep starting in one column: the gap before them moves with the widest row.
  const trailing: { line: number; codeEnd: number; newEnd: number; comment: Comment }[] = [];
  rowLines.forEach((line, r) => {
    const c = commentOnLine.get(line);
    if (c && /^[ \t]+$/.test(lines[line].slice(oldEnds[r], c.range.start.character))) trailing.push({ line, codeEnd: oldEnds[r], newEnd: newEnds[r], comment: c });
  });
  const close = matrix.close;
  if (close && !rowLines.includes(close.start.line)) {
    const c = commentOnLine.get(close.start.line);
    const code = lines[close.start.line].slice(0, c?.range.start.character).trimEnd();
    if (c && /^[ \t]*\](?:[ \t]+fixed)?$/.test(code)) trailing.push({ line: close.start.line, codeEnd: code.length, newEnd: code.length, comment: c });
  }
  const columnsOfComments = new Set(trailing.map((t) => t.comment.range.start.character));
  if (trailing.length >= 2 && columnsOfComments.size === 1) {
    const oldColumn = trailing[0].comment.range.start.character;
    const shift = maxOf(newEnds) - maxOf(oldEnds);
    let newColumn = oldColumn + shift;
    if (trailing.some((t) => newColumn < t.newEnd + 2)) newColumn = maxOf(trailing.map((t) => t.newEnd)) + 2;
    for (const t of trailing) {
      const r = rowLines.indexOf(t.line);
      const gap = ' '.repeat(newColumn - t.newEnd);
      if (r >= 0) {
        // Extend the row's edit over the old gap.
        edits[r] = { range: { start: edits[r].range.start, end: t.comment.range.start }, newText: aligned[r] + gap };
      } else {
        edits.push({ range: { start: { line: t.line, character: t.codeEnd }, end: t.comment.range.start }, newText: gap });
      }
    }
  }
  return edits.filter((e) => slice(lines, e.range) !== e.newText);
}

/**
 * Where the rows start when the matrix can be re-aligned: more than one row, each row alone on
 * its lines (nothing but spaces before it), on one line. The column is the leftmost row start.
 */
function alignColumn(matrix: MatrixExpression, lines: readonly string[]): number | undefined {
  const rows = matrix.rows;
  if (rows.length < 2 || rows.some((r) => r.values.length === 0)) return undefined;
  const seen = new Set<number>();
  let column = Infinity;
  for (const row of rows) {
    const first = row.values[0].range.start;
    const last = row.values[row.values.length - 1].range.end;
    if (first.line !== last.line || seen.has(first.line)) return undefined;
    if (!/^[ \t]*$/.test(lines[first.line].slice(0, first.character))) return undefined;
    seen.add(first.line);
    column = Math.min(column, first.character);
  }
  return column;
}

/** Splits a number at its decimal point or exponent: `-0.07` → `-0` + `.07`, `10` → `10` + ``. */
function splitNumber(text: string): [string, string] {
  const i = text.search(/[.eE]/);
  return i < 0 ? [text, ''] : [text.slice(0, i), text.slice(i)];
}

/** Rows of numbers as decimal-aligned columns two spaces apart (as `nnet fmt` prints a matrix), no trailing spaces. */
function alignColumns(rows: readonly (readonly string[])[], gutter = 2): string[] {
  const columns = maxOf(rows.map((r) => r.length), 0);
  const before = new Array<number>(columns).fill(0);
  const after = new Array<number>(columns).fill(0);
  for (const row of rows) {
    row.forEach((cell, c) => {
      const [b, a] = splitNumber(cell);
      before[c] = Math.max(before[c], b.length);
      after[c] = Math.max(after[c], a.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, c) => {
        const [b, a] = splitNumber(cell);
        return (b.padStart(before[c]) + a).padEnd(before[c] + after[c]);
      })
      .join(' '.repeat(gutter))
      .replace(/ +$/, ''),
  );
}

function initToMatrix(
  s: WeightsStatement,
  rows: number,
  columns: number,
  write: (index: number) => string,
  lines: readonly string[],
  commentOnLine: ReadonlyMap<number, Comment>,
  indent: string,
  eol: string,
): TextEdit {
  const cells: string[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(write(r * columns + c));
    cells.push(row);
  }
  const body = alignColumns(cells).map((line) => `${indent}  ${line}`);
  const start = s.value.range.start;
  const line = s.range.end.line;
  const comment = commentOnLine.get(line);
  if (comment && comment.range.start.character >= s.range.end.character) {
    // `weights A -> B = [  # comment` … `] fixed`: the comment stays with the statement's first line.
    const newText = [`[  ${comment.text.trimEnd()}`, ...body, `${indent}]${s.fixed ? ' fixed' : ''}`].join(eol);
    return { range: { start, end: { line, character: lines[line].length } }, newText };
  }
  return { range: s.value.range, newText: ['[', ...body, `${indent}]`].join(eol) };
}

/** `FROM -> TO = NUMBER [fixed]` lines, aligned as `nnet fmt` aligns a weight block. */
function weightLines(entries: readonly { left: string; number: string; fixed: boolean }[], indent: string, eol: string): string {
  const width = maxOf(entries.map((e) => e.left.length));
  const numbers = alignColumns(entries.map((e) => [e.number]));
  return entries.map((e, i) => `${i === 0 ? '' : indent}${e.left.padEnd(width)} = ${numbers[i].trimEnd()}${e.fixed ? ' fixed' : ''}`).join(eol);
}

// ── text positions ───────────────────────────────────────────────────────────────────────────

function key(r: Range): string {
  return `${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}`;
}

/** The text of a range that lies on one line (or across lines, joined by `\n`). */
function slice(lines: readonly string[], r: Range): string {
  if (r.start.line === r.end.line) return lines[r.start.line].slice(r.start.character, r.end.character);
  const parts = [lines[r.start.line].slice(r.start.character)];
  for (let l = r.start.line + 1; l < r.end.line; l++) parts.push(lines[l]);
  parts.push(lines[r.end.line].slice(0, r.end.character));
  return parts.join('\n');
}
