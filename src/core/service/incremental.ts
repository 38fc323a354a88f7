// Checking an edited document without parsing it again: the common edit — typing inside one
// line (a weight's value, a name) — changes the statements of that line only, so the previous
// syntax tree is kept with that line's statements, comments and syntax errors parsed anew and
// put in their place, and the model is built from the spliced tree as a full check builds it.
// Anything that could change how other lines parse (a line break typed or deleted, a line
// inside or after an unclosed matrix, a statement spanning lines) falls back to the full check.
// Equivalence with `liveCheck` is a property test (test/unit/service/incremental.test.ts).
import type { CheckResult } from '../check';
import { MAX_LIVE_TEXT_CHARS, MAX_TEXT_CHARS } from '../limits';
import { buildModel } from '../model/build';
import type { BuildOptions } from '../model/network';
import type { Comment, Statement, SyntaxTree, WeightStatement } from '../syntax/ast';
import { WeightLine } from '../syntax/compact';
import { parse } from '../syntax/parser';
import type { Range } from '../types';
import { liveCheck } from './live';

/** A text and its syntax tree (what a check keeps for the next one). */
export interface Parsed {
  readonly text: string;
  readonly tree: SyntaxTree;
}

const LF = 10;
const CR = 13;

/** Whether `text` is checked by parsing (not refused as too large by `liveCheck`). */
function parsable(text: string): boolean {
  return text.length <= MAX_LIVE_TEXT_CHARS && text.length <= MAX_TEXT_CHARS;
}

/** `liveCheck(text, options)`, reusing the tree of `previous` where an edit inside one line allows it. */
export function recheck(previous: Parsed | undefined, text: string, options: BuildOptions = {}): CheckResult {
  const tree = previous && reparse(previous, text);
  return tree ? { tree, ...buildModel(tree, options) } : liveCheck(text, options);
}

/** What a check of `text` keeps for the next one: the text and its tree, when it was parsed. */
export function parsedOf(text: string, result: CheckResult): Parsed | undefined {
  return parsable(text) ? { text, tree: result.tree } : undefined;
}

/**
 * The tree of `text` made from the tree of `previous` when the two texts differ inside one line
 * (the same tree `parse(text)` gives, statement for statement); undefined when they do not, or
 * when the edit could change how another line parses.
 */
export function reparse(previous: Parsed, text: string): SyntaxTree | undefined {
  const old = previous.text;
  if (!parsable(old) || !parsable(text)) return undefined;
  if (old === text) return previous.tree;
  // The changed stretch: old = P + A + S, text = P + B + S.
  const min = Math.min(old.length, text.length);
  let p = 0;
  while (p < min && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < min - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  if (hasBreak(old, p, old.length - s) || hasBreak(text, p, text.length - s)) return undefined;
  // Right after a CR: the edit may join or split a CR LF pair.
  if (p > 0 && old.charCodeAt(p - 1) === CR) return undefined;
  let start = p;
  while (start > 0 && !isBreak(text.charCodeAt(start - 1))) start--;
  let end = text.length - s;
  while (end < text.length && !isBreak(text.charCodeAt(end))) end++;
  const line = linesBefore(text, start);
  return splice(previous.tree, line, text.slice(start, end));
}

function isBreak(c: number): boolean {
  return c === LF || c === CR;
}

function hasBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isBreak(text.charCodeAt(i))) return true;
  return false;
}

/** The number of line breaks before offset `end` (CR LF counts once). */
function linesBefore(text: string, end: number): number {
  let lines = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) lines++;
    else if (c === CR) {
      lines++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return lines;
}

/** Whether `range` lies on `line` alone. */
function onLine(range: Range, line: number): boolean {
  return range.start.line === line && range.end.line === line;
}

/** Whether `range` touches `line`. */
function touches(range: Range, line: number): boolean {
  return range.start.line <= line && range.end.line >= line;
}

/** An unclosed matrix takes the following lines in as rows until a statement starts. */
function unclosedMatrix(s: Statement | undefined): boolean {
  return s?.kind === 'weights' && s.value.kind === 'matrix' && !s.value.close;
}

/** [first, end) of the items of `list` (in source order) that touch `line`, and whether they all lie on it alone. */
function onLineSpan<T>(list: readonly T[], rangeOf: (item: T) => Range, line: number): { first: number; end: number; alone: boolean } {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rangeOf(list[mid]).end.line < line) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  let alone = true;
  while (end < list.length && rangeOf(list[end]).start.line <= line) {
    if (!onLine(rangeOf(list[end]), line)) alone = false;
    end++;
  }
  return { first: lo, end, alone };
}

/** The tree with line `line` replaced by `lineText` (no line breaks in it), or undefined when other lines could parse differently. */
function splice(tree: SyntaxTree, line: number, lineText: string): SyntaxTree | undefined {
  const statements = onLineSpan(tree.statements, (s) => s.range, line);
  if (!statements.alone || unclosedMatrix(tree.statements[statements.first - 1])) return undefined;
  for (let i = statements.first; i < statements.end; i++) if (unclosedMatrix(tree.statements[i])) return undefined;
  const comments = onLineSpan(tree.comments, (c) => c.range, line);
  if (!comments.alone) return undefined;
  // Syntax errors are in the order the parser met them; those of the line are replaced in place.
  let firstError = -1;
  let errorsEnd = -1;
  for (let i = 0; i < tree.diagnostics.length; i++) {
    const range = tree.diagnostics[i].range;
    if (!touches(range, line)) continue;
    if (!onLine(range, line) || (errorsEnd >= 0 && errorsEnd !== i)) return undefined;
    if (firstError < 0) firstError = i;
    errorsEnd = i + 1;
  }
  // The line parsed alone, on its own line number (the lines before it empty).
  const alone = parse('\n'.repeat(line) + lineText);
  if (alone.statements.some((s) => !onLine(s.range, line) || unclosedMatrix(s))) return undefined;
  if (alone.diagnostics.some((d) => !onLine(d.range, line)) || alone.comments.some((c) => !onLine(c.range, line))) return undefined;
  if (firstError < 0) {
    // No errors on the line before: the new ones go before the first error of a later line.
    if (alone.diagnostics.length > 0 && !errorsInLineOrder(tree)) return undefined;
    firstError = errorsEnd = tree.diagnostics.findIndex((d) => d.range.start.line > line);
    if (firstError < 0) firstError = errorsEnd = tree.diagnostics.length;
  }
  return {
    statements: replaced(tree.statements, statements.first, statements.end, alone.statements.map(ownStatement)),
    comments: replaced<Comment>(tree.comments, comments.first, comments.end, alone.comments),
    diagnostics: replaced(tree.diagnostics, firstError, errorsEnd, alone.diagnostics),
    lineCount: tree.lineCount,
  };
}

/** Whether the tree's syntax errors are in line order (so a line's new errors have one place among them). */
function errorsInLineOrder(tree: SyntaxTree): boolean {
  for (let i = 1; i < tree.diagnostics.length; i++) if (tree.diagnostics[i].range.start.line < tree.diagnostics[i - 1].range.start.line) return false;
  return true;
}

/** `list` with [from, to) replaced by `items` (a copy; no spread of data-sized arrays). */
function replaced<T>(list: readonly T[], from: number, to: number, items: readonly T[]): T[] {
  return list.slice(0, from).concat(items, list.slice(to));
}

/**
 * A statement of the line parsed alone, fit to sit in another text's tree: a compact weight line
 * numbers its names in its own text's interner, which the model reads by number, so it becomes
 * the plain statement it stands for (as the parser makes for the `x[3]` form).
 */
function ownStatement(s: Statement): Statement {
  if (!(s instanceof WeightLine)) return s;
  const plain: WeightStatement = { kind: 'weight', range: s.range, from: s.from, arrow: s.arrow, to: s.to, equals: s.equals, value: s.value, fixed: s.fixed };
  return plain;
}
