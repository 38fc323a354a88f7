// Line-oriented parser with line-level recovery: a syntax error spoils the statement it is in
// (kept as an `invalid` statement) and parsing resumes at the next line. A matrix may span
// lines; an unclosed one ends where the next statement starts. `parse` never throws.
import type { Diagnostic, Range } from '../types';
import { makeDiagnostic, quote } from '../diagnostics';
import { isActivationWord, isOneOf, nearest, STATEMENT_KEYWORDS } from '../vocabulary';
import { tokenize, type Token } from './lexer';
import type {
  BiasClause,
  ColumnSpan,
  Comment,
  DataRole,
  DataStatement,
  LabelsClause,
  ScaleClause,
  SplitClause,
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
  StringLiteral,
  SyntaxTree,
  TrainOption,
  WeightsStatement,
} from './ast';

/** Internal: aborts the current statement; caught per statement, never escapes `parse`. */
class StatementError {
  constructor(readonly diagnostic: Diagnostic) {}
}

export function tokenRange(t: Token): Range {
  return { start: { line: t.line, character: t.start }, end: { line: t.line, character: t.end } };
}

function between(first: Token, last: Token): Range {
  return { start: { line: first.line, character: first.start }, end: { line: last.line, character: last.end } };
}

function describe(t: Token | undefined): string {
  if (!t || t.kind === 'newline') return 'end of line';
  const text = t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text;
  return `'${text}'`;
}

class Parser {
  private pos = 0;
  /** Tokens of the statement being parsed, from `statementStart`. */
  private statementStart = 0;
  readonly statements: Statement[] = [];
  readonly comments: Comment[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly tokens: Token[]) {}

  run(): void {
    for (;;) {
      this.skipComments();
      const t = this.tokens[this.pos];
      if (!t) break;
      if (t.kind === 'newline') {
        this.pos++;
        continue;
      }
      this.statementStart = this.pos;
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

  // ── token access (comments are collected and skipped) ─────────────────────────────────
  private peek(): Token | undefined {
    this.skipComments();
    return this.tokens[this.pos];
  }

  private skipComments(): void {
    while (this.pos < this.tokens.length && this.tokens[this.pos].kind === 'comment') {
      const t = this.tokens[this.pos++];
      this.comments.push({ text: t.text, range: tokenRange(t) });
    }
  }

  private atLineEnd(): boolean {
    const t = this.peek();
    return !t || t.kind === 'newline';
  }

  private next(): Token {
    const t = this.peek();
    if (!t || t.kind === 'newline') this.fail(t, 'unexpected end of line');
    this.pos++;
    return t!;
  }

  private last(): Token {
    for (let i = this.pos - 1; i >= 0; i--) {
      const k = this.tokens[i].kind;
      if (k !== 'comment' && k !== 'newline') return this.tokens[i];
    }
    return this.tokens[0];
  }

  private fail(at: Token | undefined, message: string, kind: 'syntax' | 'unclosedBracket' | 'unknownStatement' = 'syntax', data?: unknown): never {
    let range: Range;
    if (at && at.kind !== 'newline') {
      range = tokenRange(at);
    } else {
      // At end of line: point just after the last token of the statement.
      const prev = this.last();
      range = { start: { line: prev.line, character: prev.end }, end: { line: prev.line, character: prev.end } };
    }
    throw new StatementError(makeDiagnostic(kind, range, message, data === undefined ? {} : { data }));
  }

  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (!t || t.kind !== kind) this.fail(t, `expected ${what}, found ${describe(t)}`);
    this.pos++;
    return t!;
  }

  private identifier(what: string): Identifier {
    const t = this.expect('identifier', what);
    return { text: t.text, range: tokenRange(t) };
  }

  private number(what: string): NumberLiteral {
    const t = this.expect('number', what);
    return { text: t.text, value: Number(t.text), range: tokenRange(t) };
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return !!t && t.kind === 'identifier' && t.text === word;
  }

  private endOfStatement(): void {
    if (!this.atLineEnd()) {
      const t = this.peek()!;
      this.fail(t, `unexpected ${describe(t)}; expected end of line`);
    }
  }

  /** Skips to the end of the current line, keeping its comments. Marks the skipped text invalid. */
  private recover(): void {
    const first = this.tokens[this.statementStart];
    let lastToken = first;
    while (this.pos < this.tokens.length && this.tokens[this.pos].kind !== 'newline') {
      const t = this.tokens[this.pos++];
      if (t.kind === 'comment') this.comments.push({ text: t.text, range: tokenRange(t) });
      else lastToken = t;
    }
    if (first && first.kind !== 'comment') {
      const lastBefore = this.last();
      const end = lastBefore.line > lastToken.line || (lastBefore.line === lastToken.line && lastBefore.end > lastToken.end) ? lastBefore : lastToken;
      this.statements.push({ kind: 'invalid', range: between(first, end) });
    }
  }

  private range(): Range {
    return between(this.tokens[this.statementStart], this.last());
  }

  // ── statements ───────────────────────────────────────────────────────────────────────
  private statement(): Statement {
    const first = this.peek()!;
    if (first.kind === 'identifier') {
      const keyword = tokenRange(first);
      switch (first.text) {
        case 'network':
          this.pos++;
          return this.simple('network', keyword, 'a network name');
        case 'convention':
          this.pos++;
          return this.simple('convention', keyword, 'a convention (calculus or heaton)');
        case 'loss':
          this.pos++;
          return this.simple('loss', keyword, 'a loss (mse or crossentropy)');
        case 'layer':
          this.pos++;
          return this.layer(keyword);
        case 'weights':
          this.pos++;
          return this.weights(keyword);
        case 'train':
          this.pos++;
          return this.train(keyword);
        case 'sample':
          this.pos++;
          return this.sample(keyword);
        case 'data':
          this.pos++;
          return this.data(keyword, 'train');
      }
      const after = this.tokens[this.pos + 1];
      // `test` and `validation` start a statement unless the line is a weight from a node so named.
      if ((first.text === 'test' || first.text === 'validation') && !(after && (after.kind === 'arrow' || after.kind === 'open'))) {
        this.pos++;
        return this.data(keyword, first.text);
      }
      if (after && (after.kind === 'arrow' || after.kind === 'open')) return this.weight();
      const suggestion = first.text.length <= 40 ? nearest(first.text, STATEMENT_KEYWORDS) : undefined;
      this.fail(
        first,
        suggestion
          ? `unknown statement ${describe(first)}; did you mean '${suggestion}'?`
          : `unknown statement ${describe(first)}; a line starts with a keyword (${STATEMENT_KEYWORDS.join(', ')}) or a weight 'FROM -> TO = VALUE'`,
        'unknownStatement',
        { name: first.text, suggestion },
      );
    }
    if (first.kind === 'close') this.fail(first, "']' without a matching '['", 'unclosedBracket');
    if (first.kind === 'string' && !first.terminated) this.unterminated(first);
    this.fail(first, `unexpected ${describe(first)} at the start of a statement`);
  }

  private unterminated(t: Token): never {
    throw new StatementError(makeDiagnostic('unterminatedString', tokenRange(t), 'string is missing its closing quote'));
  }

  private simple<K extends 'network' | 'convention' | 'loss'>(kind: K, keyword: Range, what: string): Statement {
    let value: Identifier;
    const t = this.peek();
    if (kind === 'network' && t && t.kind === 'string') {
      if (!t.terminated) this.unterminated(t);
      this.pos++;
      value = { text: unquote(t.text), range: tokenRange(t) };
    } else {
      value = this.identifier(what);
    }
    this.endOfStatement();
    const range = this.range();
    return kind === 'network' ? { kind: 'network', keyword, name: value, range } : ({ kind, keyword, value, range } as Statement);
  }

  private nodeSpec(): NodeSpec {
    const name = this.identifier('a node name');
    if (this.peek()?.kind === 'open') {
      this.pos++;
      const count = this.number('a node count');
      const close = this.expect('close', "']'");
      return { kind: 'array', name, count, range: { start: name.range.start, end: tokenRange(close).end } };
    }
    return { kind: 'single', name, range: name.range };
  }

  private layer(keyword: Range): LayerStatement {
    const name = this.identifier('a layer name');
    const items: NodeSpec[] = [];
    let bias: BiasClause | undefined;
    while (!this.atLineEnd()) {
      if (this.isWord('bias')) {
        const b = this.next();
        let biasName: Identifier | undefined;
        if (!this.atLineEnd()) biasName = this.identifier('a bias node name');
        this.endOfStatement();
        bias = { keyword: tokenRange(b), name: biasName, range: biasName ? { start: tokenRange(b).start, end: biasName.range.end } : tokenRange(b) };
        break;
      }
      const t = this.peek()!;
      if (t.kind !== 'identifier') this.fail(t, `expected a node name, an activation or 'bias', found ${describe(t)}`);
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

  private nodeRef(): NodeRef {
    const name = this.identifier('a node name');
    if (this.peek()?.kind === 'open') {
      this.pos++;
      const index = this.number('a node number');
      const close = this.expect('close', "']'");
      return { name: name.text, index, range: { start: name.range.start, end: tokenRange(close).end } };
    }
    return { name: name.text, range: name.range };
  }

  private weight(): Statement {
    const from = this.nodeRef();
    const arrow = tokenRange(this.expect('arrow', "'->'"));
    const to = this.nodeRef();
    const equals = tokenRange(this.expect('equals', "'='"));
    const value = this.number('a weight value');
    let fixed: Range | undefined;
    if (this.isWord('fixed')) fixed = tokenRange(this.next());
    this.endOfStatement();
    return { kind: 'weight', from, arrow, to, equals, value, fixed, range: this.range() };
  }

  private weights(keyword: Range): WeightsStatement {
    const from = this.identifier('a layer name');
    const arrow = tokenRange(this.expect('arrow', "'->'"));
    const to = this.identifier('a layer name');
    const equals = tokenRange(this.expect('equals', "'='"));
    const t = this.peek();
    let value: MatrixExpression | InitExpression;
    if (t && t.kind === 'open') value = this.matrix();
    else if (t && t.kind === 'identifier' && t.text === 'init') value = this.init();
    else this.fail(t, `expected '[' (a matrix) or 'init', found ${describe(t)}`);
    let fixed: Range | undefined;
    if (this.isWord('fixed')) fixed = tokenRange(this.next());
    this.endOfStatement();
    return { kind: 'weights', keyword, from, arrow, to, equals, value, fixed, range: this.range() };
  }

  private init(): InitExpression {
    const keyword = tokenRange(this.next());
    const method = this.identifier('an init method (zeros, uniform, xavier, he, nguyen-widrow)');
    const args: NumberLiteral[] = [];
    while (this.peek()?.kind === 'number') args.push(this.number('a number'));
    let seed: InitExpression['seed'];
    if (this.isWord('seed')) {
      const seedKeyword = tokenRange(this.next());
      seed = { keyword: seedKeyword, value: this.number('a seed (a whole number)') };
    }
    const end = seed ? seed.value.range.end : args.length ? args[args.length - 1].range.end : method.range.end;
    return { kind: 'init', keyword, method, args, seed, range: { start: keyword.start, end } };
  }

  /** True when the token at `i` starts a new statement (used to end an unclosed matrix). */
  private startsStatement(i: number): boolean {
    const t = this.tokens[i];
    if (!t || t.kind !== 'identifier') return false;
    if (isOneOf(STATEMENT_KEYWORDS, t.text)) return true;
    const after = this.tokens[i + 1];
    return !!after && (after.kind === 'arrow' || after.kind === 'open');
  }

  private matrix(): MatrixExpression {
    const openToken = this.next();
    const open = tokenRange(openToken);
    const rows: MatrixRow[] = [];
    let row: NumberLiteral[] = [];
    const endRow = (damaged?: Token): void => {
      if (damaged) {
        const start = row.length ? row[0].range.start : tokenRange(damaged).start;
        rows.push({ values: row, range: { start, end: tokenRange(damaged).end }, damaged: true });
      } else if (row.length > 0) rows.push({ values: row, range: { start: row[0].range.start, end: row[row.length - 1].range.end } });
      row = [];
    };
    for (;;) {
      this.skipComments();
      const t = this.tokens[this.pos];
      if (!t) {
        endRow();
        this.diagnostics.push(makeDiagnostic('unclosedBracket', open, "matrix '[' is never closed with ']'"));
        return { kind: 'matrix', open, rows, range: { start: open.start, end: tokenRange(this.last()).end } };
      }
      if (t.kind === 'newline') {
        endRow();
        // A statement on the next line means the user never closed the matrix: stop here so
        // that the statement parses normally.
        let k = this.pos + 1;
        // Only the next line is looked at (blank and comment-only lines are passed one by one), so
        // long runs of them stay linear.
        while (this.tokens[k] && this.tokens[k].kind === 'comment') k++;
        if (this.startsStatement(k)) {
          this.diagnostics.push(makeDiagnostic('unclosedBracket', open, "matrix '[' is never closed with ']'"));
          const lastRow = rows[rows.length - 1];
          const end = lastRow ? lastRow.range.end : open.end;
          return { kind: 'matrix', open, rows, range: { start: open.start, end } };
        }
        this.pos++;
        continue;
      }
      if (t.kind === 'number') {
        this.pos++;
        row.push({ text: t.text, value: Number(t.text), range: tokenRange(t) });
        continue;
      }
      if (t.kind === 'semicolon') {
        this.pos++;
        endRow();
        continue;
      }
      if (t.kind === 'close') {
        this.pos++;
        endRow();
        const close = tokenRange(t);
        return { kind: 'matrix', open, close, rows, range: { start: open.start, end: close.end } };
      }
      // Something that is not a number inside the matrix: report it, drop the rest of that
      // line and keep reading rows.
      // The row is kept (marked damaged) so that row counts stay right and no shape error piles on.
      this.diagnostics.push(makeDiagnostic('syntax', tokenRange(t), `expected a number, ';' or ']' in the matrix, found ${describe(t)}`));
      let lastBad = t;
      while (this.pos < this.tokens.length && this.tokens[this.pos].kind !== 'newline') {
        const skipped = this.tokens[this.pos++];
        if (skipped.kind === 'comment') this.comments.push({ text: skipped.text, range: tokenRange(skipped) });
        else if (skipped.kind === 'close') {
          endRow(lastBad);
          return { kind: 'matrix', open, close: tokenRange(skipped), rows, range: { start: open.start, end: tokenRange(skipped).end } };
        } else if (skipped.kind === 'semicolon') {
          endRow(lastBad);
          lastBad = skipped;
        } else lastBad = skipped;
      }
      endRow(lastBad);
    }
  }

  private train(keyword: Range): Statement {
    const method = this.identifier('a training method (backprop, rprop or adam)');
    const options: TrainOption[] = [];
    while (!this.atLineEnd()) {
      const t = this.peek()!;
      if (t.kind !== 'identifier') this.fail(t, `expected an option name, found ${describe(t)}`);
      const name = this.identifier('an option name');
      let value: NumberLiteral | undefined;
      if (this.peek()?.kind === 'number') value = this.number('a number');
      options.push({ name, value, range: value ? { start: name.range.start, end: value.range.end } : name.range });
    }
    return { kind: 'train', keyword, method, options, range: this.range() };
  }

  private sample(keyword: Range): SampleStatement {
    const inputs: NumberLiteral[] = [];
    while (this.peek()?.kind === 'number') inputs.push(this.number('a number'));
    const arrowToken = this.peek();
    if (!arrowToken || arrowToken.kind !== 'arrow') this.fail(arrowToken, `expected a number or '->' between inputs and targets, found ${describe(arrowToken)}`);
    this.pos++;
    const targets: NumberLiteral[] = [];
    while (this.peek()?.kind === 'number') targets.push(this.number('a number'));
    this.endOfStatement();
    return { kind: 'sample', keyword, inputs, arrow: tokenRange(arrowToken!), targets, range: this.range() };
  }

  private columnSpan(): ColumnSpan {
    const keyword = tokenRange(this.next());
    const from = this.number('a column number');
    let to = from;
    if (this.peek()?.kind === 'range') {
      this.pos++;
      to = this.number('a column number');
    }
    return { keyword, from, to, range: { start: keyword.start, end: to.range.end } };
  }

  private stringLiteral(what: string): StringLiteral {
    const t = this.peek();
    if (!t || t.kind !== 'string') this.fail(t, `expected ${what} in quotes, found ${describe(t)}`);
    if (!t.terminated) this.unterminated(t);
    this.pos++;
    return { text: t.text, value: unquote(t.text), range: tokenRange(t), terminated: true };
  }

  /** `data …`, `test …`, `validation …` (see DataStatement). */
  private data(keyword: Range, role: DataRole): DataStatement {
    const word = role === 'train' ? 'data' : role;
    if (role !== 'train' && this.isWord('split')) {
      const splitKeyword = tokenRange(this.next());
      const fraction = this.number('the share of the training data to hold out (e.g. 0.1)');
      let seed: SplitClause['seed'];
      if (this.isWord('seed')) {
        const seedKeyword = tokenRange(this.next());
        seed = { keyword: seedKeyword, value: this.number('a seed (a whole number)') };
      }
      this.endOfStatement();
      const split: SplitClause = { keyword: splitKeyword, fraction, seed, range: { start: splitKeyword.start, end: (seed?.value ?? fraction).range.end } };
      return { kind: 'data', role, keyword, split, range: this.range() };
    }
    const file = this.stringLiteral(role === 'train' ? 'a file name' : "a file name or 'split'");
    let inputs: ColumnSpan | undefined;
    let targets: ColumnSpan | undefined;
    let labels: LabelsClause | undefined;
    let scale: ScaleClause | undefined;
    while (!this.atLineEnd()) {
      if (this.isWord('inputs') && !inputs) inputs = this.columnSpan();
      else if (this.isWord('targets') && !targets && !labels) targets = this.columnSpan();
      else if (this.isWord('labels') && !labels && !targets) {
        const k = tokenRange(this.next());
        const t = this.peek();
        if (t?.kind === 'number') {
          const column = this.number('a column number');
          labels = { keyword: k, column, range: { start: k.start, end: column.range.end } };
        } else {
          const labelFile = this.stringLiteral("a label file (IDX) or a CSV column number after 'labels'");
          labels = { keyword: k, file: labelFile, range: { start: k.start, end: labelFile.range.end } };
        }
      } else if (this.isWord('scale') && !scale) {
        const k = tokenRange(this.next());
        const value = this.number('a scale factor (e.g. 1/255)');
        let divisor: NumberLiteral | undefined;
        if (this.peek()?.kind === 'slash') {
          this.pos++;
          divisor = this.number('a divisor after /');
        }
        scale = { keyword: k, value, divisor, range: { start: k.start, end: (divisor ?? value).range.end } };
      } else {
        const u = this.peek();
        this.fail(u, `expected 'inputs A..B', 'targets C..D', 'labels …' or 'scale …', found ${describe(u)}`);
      }
    }
    const idx = !!labels?.file;
    if (!idx) {
      if (!inputs) this.fail(undefined, `expected 'inputs' columns (e.g. '${word} "file.csv" inputs 1..4 targets 5..5') or 'labels "FILE"' for IDX images`);
      if (!targets && !labels) this.fail(undefined, "expected 'targets' columns (e.g. 'targets 5..7') or 'labels C' (a column of class numbers)");
    } else if (inputs) {
      this.fail(undefined, "an IDX image file has no columns: write 'labels \"FILE\"' without 'inputs'");
    }
    return { kind: 'data', role, keyword, file, inputs, targets, labels, scale, range: this.range() };
  }
}

function unquote(raw: string): string {
  const inner = raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw.slice(1);
  return inner.replace(/\\(.)/g, '$1');
}

export function countLines(text: string): number {
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lines++;
    else if (c === 13) {
      lines++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return lines;
}

/** Parses `.nnet` text. Never throws: any failure is a diagnostic. */
export function parse(text: string): SyntaxTree {
  const lineCount = countLines(text);
  const tokens = tokenize(text);
  const parser = new Parser(tokens);
  try {
    parser.run();
  } catch (e) {
    // A bug in the parser must not take the editor down; report it at the start of the file.
    parser.diagnostics.push(
      makeDiagnostic('syntax', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `internal parser error: ${String(e)}`),
    );
  }
  const comments = parser.comments.sort((a, b) => a.range.start.line - b.range.start.line);
  return { statements: parser.statements, comments, diagnostics: parser.diagnostics, lineCount };
}
