// Line-oriented parser with line-level recovery: a syntax error spoils the statement it is in
// (kept as an `invalid` statement) and parsing resumes at the next line. A matrix may span
// lines; an unclosed one ends where the next statement starts. `parse` never throws.
import type { Range } from '../types';
import { makeDiagnostic, quote } from '../diagnostics';
import { isActivationWord, isOneOf, nearest, STATEMENT_KEYWORDS } from '../vocabulary';
import { K, lex, NONE } from './lexer';
import { StatementError, unquote } from './token-reader';
import { DataStatementReader } from './data-statement';

export { countLines } from './token-reader';
import { WeightLine, WeightTable } from './compact';
import { MatrixNumbers } from './rows';
import { Interner } from './interner';
import { numberValue } from './numbers';
import { readWeightLines, type WeightLineSink } from './weight-scan';
import type {
  BiasClause,
  Identifier,
  InitExpression,
  LayerStatement,
  MatrixExpression,
  MatrixRow,
  NodeRef,
  NodeSpec,
  NumberLiteral,
  SampleStatement,
  Statement,
  SyntaxTree,
  TrainOption,
  WeightsStatement,
} from './ast';

class Parser extends DataStatementReader implements WeightLineSink {
  readonly statements: Statement[] = [];
  /** Plain weight lines read in bulk (weight-scan.ts); off only to compare with the token path. */
  scanWeightLines = true;
  /** Node names of weight lines, shared (a 784-128-10 file repeats 922 names 100k times). */
  private readonly names = new Interner(this.tokens.text);
  readonly weightLines = new WeightTable(this.tokens.text, this.names);
  /** The numbers of the matrices, read by the lexer straight into one buffer. */
  readonly matrixNumbers = new MatrixNumbers(this.tokens.text);

  run(): void {
    const t = this.tokens;
    for (;;) {
      this.skipComments();
      const kind = t.kind(this.pos);
      if (kind === NONE) break;
      if (kind === K.Newline) {
        this.pos++;
        continue;
      }
      if (kind === K.Identifier && this.scanWeightLines) {
        // A run of plain weight lines, read in one pass over the text (weight-scan.ts).
        const after = readWeightLines(t, this.pos, this);
        if (after !== this.pos) {
          this.pos = after;
          continue;
        }
      }
      this.beginStatement();
      try {
        const statement = this.statement();
        this.statements.push(statement);
      } catch (e) {
        if (!(e instanceof StatementError)) throw e;
        this.diagnostics.push(e.diagnostic);
        this.recover();
      }
    }
  }

  /** Skips to the end of the current line, keeping its comments. Marks the skipped text invalid. */
  private recover(): void {
    const t = this.tokens;
    // The statement's first token is never a comment or a line break (run skips them).
    let lastLine = this.statementLine;
    let lastEnd = this.statementEnd;
    for (let kind = t.kind(this.pos); kind !== NONE && kind !== K.Newline; kind = t.kind(this.pos)) {
      const i = this.pos++;
      if (kind === K.Comment) this.addComment(i);
      else {
        lastLine = t.lineOf(i);
        lastEnd = t.endOf(i);
      }
    }
    const before = this.lastEnd();
    const end = before.line > lastLine || (before.line === lastLine && before.character > lastEnd) ? before : { line: lastLine, character: lastEnd };
    this.statements.push({ kind: 'invalid', range: { start: { line: this.statementLine, character: this.statementStart }, end } });
  }

  // ── statements ───────────────────────────────────────────────────────────────────────
  private statement(): Statement {
    const first = this.peek();
    const t = this.tokens;
    const kind = this.kindAt(first);
    if (kind === K.Identifier) {
      // A weight line (`x1 -> h1 = …`) is told apart without slicing its first word.
      const after = this.kindAt(this.pos + 1);
      const refFollows = after === K.Arrow || after === K.Open;
      const text = refFollows && !this.isStatementWord(first) ? '' : t.tokenText(first);
      if (text === '') return this.weight();
      const keyword = this.rangeOf(first);
      const made = this.keywordStatement(text, keyword);
      if (made) return made;
      // `test` and `validation` start a statement unless the line is a weight from a node so named.
      if ((text === 'test' || text === 'validation') && !refFollows) {
        this.pos++;
        return this.data(keyword, text);
      }
      if (refFollows) return this.weight();
      const suggestion = text.length <= 40 ? nearest(text, STATEMENT_KEYWORDS) : undefined;
      this.fail(
        first,
        suggestion
          ? `unknown statement ${this.describe(first)}; did you mean '${suggestion}'?`
          : `unknown statement ${this.describe(first)}; a line starts with a keyword (${STATEMENT_KEYWORDS.join(', ')}) or a weight 'FROM -> TO = VALUE'`,
        'unknownStatement',
        { name: text, suggestion },
      );
    }
    if (kind === K.Close) this.fail(first, "']' without a matching '['", 'unclosedBracket');
    if (kind === K.String && !t.terminated(first)) this.unterminated(first);
    this.fail(first, `unexpected ${this.describe(first)} at the start of a statement`);
  }

  /** The statement a keyword starts (`test` and `validation` aside), read past the keyword; undefined for other words. */
  private keywordStatement(word: string, keyword: Range): Statement | undefined {
    const read = KEYWORD_STATEMENTS.get(word);
    if (!read) return undefined;
    this.pos++;
    return read(this, keyword);
  }

  /** Whether identifier token i is a statement keyword (compared in place, the length first). */
  private isStatementWord(i: number): boolean {
    const t = this.tokens;
    const length = t.endOf(i) - t.startOf(i);
    for (const word of STATEMENT_KEYWORDS) if (word.length === length && t.text.startsWith(word, t.offsetOf(i))) return true;
    return false;
  }

  simple<S extends 'network' | 'convention' | 'loss'>(kind: S, keyword: Range, what: string): Statement {
    let value: Identifier;
    const i = this.peek();
    if (kind === 'network' && this.kindAt(i) === K.String) {
      if (!this.tokens.terminated(i)) this.unterminated(i);
      this.pos++;
      value = { text: unquote(this.tokens.tokenText(i)), range: this.rangeOf(i) };
    } else {
      value = this.identifier(what);
    }
    this.endOfStatement();
    const range = this.range();
    return kind === 'network' ? { kind: 'network', keyword, name: value, range } : ({ kind, keyword, value, range } as Statement);
  }

  private nodeSpec(): NodeSpec {
    const name = this.identifier('a node name');
    if (this.peekKind() === K.Open) {
      this.pos++;
      const count = this.number('a node count');
      const close = this.expect(K.Close, "']'");
      return { kind: 'array', name, count, range: { start: name.range.start, end: this.rangeOf(close).end } };
    }
    return { kind: 'single', name, range: name.range };
  }

  layer(keyword: Range): LayerStatement {
    const name = this.identifier('a layer name');
    const items: NodeSpec[] = [];
    let bias: BiasClause | undefined;
    while (!this.atLineEnd()) {
      if (this.isWord('bias')) {
        const b = this.rangeOf(this.next());
        let biasName: Identifier | undefined;
        if (!this.atLineEnd()) biasName = this.identifier('a bias node name');
        this.endOfStatement();
        bias = { keyword: b, name: biasName, range: biasName ? { start: b.start, end: biasName.range.end } : b };
        break;
      }
      const i = this.peek();
      if (this.kindAt(i) !== K.Identifier) this.fail(i, `expected a node name, an activation or 'bias', found ${this.describe(i)}`);
      items.push(this.nodeSpec());
    }
    let activation: Identifier | undefined;
    const lastItem = items[items.length - 1];
    if (lastItem && lastItem.kind === 'single' && isActivationWord(lastItem.name.text)) {
      activation = lastItem.name;
      items.pop();
    }
    if (items.length === 0) {
      const at = activation?.range ?? bias?.keyword ?? name.range;
      throw new StatementError(makeDiagnostic('syntax', at, `layer ${quote(name.text)} needs at least one node (a name, or name[N] for N nodes)`));
    }
    return { kind: 'layer', keyword, name, nodes: items, activation, bias, range: this.range() };
  }

  /** After a node name: `[N]` when present (the `x[3]` form), else undefined. */
  private refIndex(): NumberLiteral | undefined {
    if (this.peekKind() !== K.Open) return undefined;
    this.pos++;
    const index = this.number('a node number');
    this.expect(K.Close, "']'");
    return index;
  }

  /** The reference from name token `name` to the last token read (its `]` in the `x[3]` form). */
  private nodeRef(name: number, index: NumberLiteral | undefined): NodeRef {
    const range = this.rangeOf(name);
    return index ? { name: this.tokens.tokenText(name), index, range: { start: range.start, end: this.rangeOf(this.pos - 1).end } } : { name: this.tokens.tokenText(name), range };
  }

  /**
   * The weight line whose first token is `from` (plain names; `from`, `->`, `to`, `=`, the value
   * follow one another), kept as numbers (see compact.ts). All on one line, so one offset places it.
   */
  private weightLine(from: number, fixedStart: number): WeightLine {
    const t = this.tokens;
    const fromStart = t.startOf(from);
    const value = numberValue(t.text, t.offsetOf(from + 4), t.offsetOf(from + 4) + t.endOf(from + 4) - t.startOf(from + 4));
    return this.weightLines.add(t.lineOf(from), t.offsetOf(from) - fromStart, fromStart, t.endOf(from), t.startOf(from + 1), t.startOf(from + 2), t.endOf(from + 2), t.startOf(from + 3), t.startOf(from + 4), t.endOf(from + 4), fixedStart, value);
  }

  weightLineScanned(line: number, lineOffset: number, fromStart: number, fromEnd: number, arrowStart: number, toStart: number, toEnd: number, equalsStart: number, valueStart: number, valueEnd: number, value: number): void {
    this.statements.push(this.weightLines.add(line, lineOffset, fromStart, fromEnd, arrowStart, toStart, toEnd, equalsStart, valueStart, valueEnd, -1, value));
  }

  commentScanned(i: number): void {
    this.addComment(i);
  }

  private weight(): Statement {
    const t = this.tokens;
    // The common line, `FROM -> TO = VALUE` and its end (or a comment and its end), read at once.
    const first = this.pos;
    if (t.kind(first + 1) === K.Arrow && t.kind(first + 2) === K.Identifier && t.kind(first + 3) === K.Equals && t.kind(first + 4) === K.Number) {
      const comment = t.kind(first + 5) === K.Comment;
      const end = t.kind(comment ? first + 6 : first + 5);
      if (end === NONE || end === K.Newline) {
        if (comment) this.addComment(first + 5);
        this.pos = comment ? first + 6 : first + 5;
        return this.weightLine(first, -1);
      }
    }
    const from = this.expect(K.Identifier, 'a node name');
    const fromIndex = this.refIndex();
    const fromRef = fromIndex ? this.nodeRef(from, fromIndex) : undefined;
    const arrow = this.expect(K.Arrow, "'->'");
    const to = this.expect(K.Identifier, 'a node name');
    const toIndex = this.refIndex();
    const toRef = toIndex ? this.nodeRef(to, toIndex) : undefined;
    const equals = this.expect(K.Equals, "'='");
    const value = this.expect(K.Number, 'a weight value');
    const fixed = this.isWord('fixed') ? this.next() : NONE;
    this.endOfStatement();
    if (!fromRef && !toRef) return this.weightLine(from, fixed === NONE ? -1 : t.startOf(fixed));
    const fromNode = fromRef ?? this.nodeRef(from, undefined);
    const toNode = toRef ?? this.nodeRef(to, undefined);
    const literal = this.numberAt(value);
    const fixedRange = fixed === NONE ? undefined : this.rangeOf(fixed);
    // One line: the statement runs from the first position of FROM to the end of its last word.
    const range = { start: fromNode.range.start, end: (fixedRange ?? literal.range).end };
    return { kind: 'weight', from: fromNode, arrow: this.rangeOf(arrow), to: toNode, equals: this.rangeOf(equals), value: literal, fixed: fixedRange, range };
  }

  weights(keyword: Range): WeightsStatement {
    const from = this.identifier('a layer name');
    const arrow = this.rangeOf(this.expect(K.Arrow, "'->'"));
    const to = this.identifier('a layer name');
    const equals = this.rangeOf(this.expect(K.Equals, "'='"));
    const i = this.peek();
    let value: MatrixExpression | InitExpression;
    if (this.kindAt(i) === K.Open) value = this.matrix();
    else if (this.tokens.isIdentifier(i, 'init')) value = this.init();
    else this.fail(i, `expected '[' (a matrix) or 'init', found ${this.describe(i)}`);
    let fixed: Range | undefined;
    if (this.isWord('fixed')) fixed = this.rangeOf(this.next());
    this.endOfStatement();
    return { kind: 'weights', keyword, from, arrow, to, equals, value, fixed, range: this.range() };
  }

  private init(): InitExpression {
    const keyword = this.rangeOf(this.next());
    const method = this.identifier('an init method (zeros, uniform, xavier, he, nguyen-widrow)');
    const args: NumberLiteral[] = [];
    while (this.peekKind() === K.Number) args.push(this.number('a number'));
    let seed: InitExpression['seed'];
    if (this.isWord('seed')) {
      const seedKeyword = this.rangeOf(this.next());
      seed = { keyword: seedKeyword, value: this.number('a seed (a whole number)') };
    }
    const end = seed ? seed.value.range.end : args.length ? args[args.length - 1].range.end : method.range.end;
    return { kind: 'init', keyword, method, args, seed, range: { start: keyword.start, end } };
  }

  /** True when the token at `i` starts a new statement (used to end an unclosed matrix). */
  private startsStatement(i: number): boolean {
    if (this.kindAt(i) !== K.Identifier) return false;
    if (isOneOf(STATEMENT_KEYWORDS, this.tokens.tokenText(i))) return true;
    const after = this.kindAt(i + 1);
    return after === K.Arrow || after === K.Open;
  }

  private matrix(): MatrixExpression {
    const open = this.rangeOf(this.next());
    const t = this.tokens;
    const rows: MatrixRow[] = [];
    const numbers = this.matrixNumbers;
    const endRow = (damaged?: number): void => {
      if (damaged !== undefined) {
        const end = this.rangeOf(damaged);
        const values = numbers.dropRow();
        rows.push({ values, range: { start: values.length ? values[0].range.start : end.start, end: end.end }, damaged: true });
      } else if (numbers.rowLength > 0) rows.push(numbers.endRow());
    };
    const unclosed = (): void => {
      this.diagnostics.push(makeDiagnostic('unclosedBracket', open, "matrix '[' is never closed with ']'"));
    };
    for (;;) {
      this.skipComments();
      const i = this.pos;
      const kind = t.kind(i);
      if (kind === NONE) {
        endRow();
        unclosed();
        return { kind: 'matrix', open, rows, range: { start: open.start, end: this.lastEnd() } };
      }
      if (kind === K.Number) {
        // The row's numbers up to the next other token, in one call.
        this.pos = t.readNumbers(i, numbers);
        continue;
      }
      if (kind === K.Newline) {
        endRow();
        // A statement on the next line means the user never closed the matrix: stop here so
        // that the statement parses normally.
        let k = i + 1;
        // Only the next line is looked at (blank and comment-only lines are passed one by one), so
        // long runs of them stay linear.
        while (t.kind(k) === K.Comment) k++;
        if (this.startsStatement(k)) {
          unclosed();
          const lastRow = rows[rows.length - 1];
          return { kind: 'matrix', open, rows, range: { start: open.start, end: lastRow ? lastRow.range.end : open.end } };
        }
        this.pos++;
        continue;
      }
      if (kind === K.Semicolon) {
        this.pos++;
        endRow();
        continue;
      }
      if (kind === K.Close) {
        this.pos++;
        endRow();
        const close = this.rangeOf(i);
        return { kind: 'matrix', open, close, rows, range: { start: open.start, end: close.end } };
      }
      // Something that is not a number inside the matrix: report it, drop the rest of that
      // line and keep reading rows.
      // The row is kept (marked damaged) so that row counts stay right and no shape error piles on.
      this.diagnostics.push(makeDiagnostic('syntax', this.rangeOf(i), `expected a number, ';' or ']' in the matrix, found ${this.describe(i)}`));
      let lastBad = i;
      for (let skippedKind = t.kind(this.pos); skippedKind !== NONE && skippedKind !== K.Newline; skippedKind = t.kind(this.pos)) {
        const skipped = this.pos++;
        if (skippedKind === K.Comment) this.addComment(skipped);
        else if (skippedKind === K.Close) {
          endRow(lastBad);
          const close = this.rangeOf(skipped);
          return { kind: 'matrix', open, close, rows, range: { start: open.start, end: close.end } };
        } else if (skippedKind === K.Semicolon) {
          endRow(lastBad);
          lastBad = skipped;
        } else lastBad = skipped;
      }
      endRow(lastBad);
    }
  }

  train(keyword: Range): Statement {
    const method = this.identifier('a training method (backprop, rprop or adam)');
    const options: TrainOption[] = [];
    while (!this.atLineEnd()) {
      const i = this.peek();
      if (this.kindAt(i) !== K.Identifier) this.fail(i, `expected an option name, found ${this.describe(i)}`);
      const name = this.identifier('an option name');
      let value: NumberLiteral | undefined;
      if (this.peekKind() === K.Number) value = this.number('a number');
      options.push({ name, value, range: value ? { start: name.range.start, end: value.range.end } : name.range });
    }
    return { kind: 'train', keyword, method, options, range: this.range() };
  }

  sample(keyword: Range): SampleStatement {
    const inputs: NumberLiteral[] = [];
    while (this.peekKind() === K.Number) inputs.push(this.number('a number'));
    const arrowToken = this.peek();
    if (this.kindAt(arrowToken) !== K.Arrow) this.fail(arrowToken, `expected a number or '->' between inputs and targets, found ${this.describe(arrowToken)}`);
    this.pos++;
    const targets: NumberLiteral[] = [];
    while (this.peekKind() === K.Number) targets.push(this.number('a number'));
    this.endOfStatement();
    return { kind: 'sample', keyword, inputs, arrow: this.rangeOf(arrowToken), targets, range: this.range() };
  }
}

/** How each statement keyword's statement is read (`test` and `validation` are read in `statement`). */
const KEYWORD_STATEMENTS: ReadonlyMap<string, (p: Parser, keyword: Range) => Statement> = new Map<string, (p: Parser, keyword: Range) => Statement>([
  ['network', (p, k) => p.simple('network', k, 'a network name')],
  ['convention', (p, k) => p.simple('convention', k, 'a convention (calculus or heaton)')],
  ['loss', (p, k) => p.simple('loss', k, 'a loss (mse or crossentropy)')],
  ['layer', (p, k) => p.layer(k)],
  ['weights', (p, k) => p.weights(k)],
  ['train', (p, k) => p.train(k)],
  ['sample', (p, k) => p.sample(k)],
  ['data', (p, k) => p.data(k, 'train')],
]);

export interface ParseOptions {
  /** Whether runs of plain weight lines are read in bulk (default true; false reads them token by token, for tests that compare the two). */
  readonly scanWeightLines?: boolean;
}

/** Parses `.nnet` text. Never throws: any failure is a diagnostic. */
export function parse(text: string, options: ParseOptions = {}): SyntaxTree {
  const tokens = lex(text);
  const parser = new Parser(tokens);
  parser.scanWeightLines = options.scanWeightLines ?? true;
  try {
    parser.run();
  } catch (e) {
    // A bug in the parser must not take the editor down; report it at the start of the file.
    parser.diagnostics.push(
      makeDiagnostic('syntax', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `internal parser error: ${String(e)}`),
    );
  }
  parser.weightLines.trim();
  parser.matrixNumbers.trim();
  // After parsing: the lexer has reached the end (or, after an internal error, lexes the rest).
  const lineCount = tokens.lineCount;
  const comments = parser.comments.sort((a, b) => a.range.start.line - b.range.start.line);
  return { statements: parser.statements, comments, diagnostics: parser.diagnostics, lineCount };
}
