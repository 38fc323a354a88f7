// Reading `data`, `test` and `validation` statements (a file, its columns, labels, scale, or a
// held-out split) for the parser: the one statement that names files and columns.
import type { Range } from '../types';
import { K, NONE } from './lexer';
import { TokenReader, unquote } from './token-reader';
import type { ColumnSpan, DataRole, DataStatement, LabelsClause, NumberLiteral, ScaleClause, SplitClause, StringLiteral } from './ast';

export class DataStatementReader extends TokenReader {
  private columnSpan(): ColumnSpan {
    const keyword = this.rangeOf(this.next());
    const from = this.number('a column number');
    let to = from;
    if (this.peekKind() === K.Range) {
      this.pos++;
      to = this.number('a column number');
    }
    return { keyword, from, to, range: { start: keyword.start, end: to.range.end } };
  }

  private stringLiteral(what: string): StringLiteral {
    const i = this.peek();
    if (this.kindAt(i) !== K.String) this.fail(i, `expected ${what} in quotes, found ${this.describe(i)}`);
    if (!this.tokens.terminated(i)) this.unterminated(i);
    this.pos++;
    const text = this.tokens.tokenText(i);
    return { text, value: unquote(text), range: this.rangeOf(i), terminated: true };
  }

  /** `data …`, `test …`, `validation …` (see DataStatement). */
  data(keyword: Range, role: DataRole): DataStatement {
    const word = role === 'train' ? 'data' : role;
    if (role !== 'train' && this.isWord('split')) {
      const splitKeyword = this.rangeOf(this.next());
      const fraction = this.number('the share of the training data to hold out (e.g. 0.1)');
      let seed: SplitClause['seed'];
      if (this.isWord('seed')) {
        const seedKeyword = this.rangeOf(this.next());
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
        const k = this.rangeOf(this.next());
        if (this.peekKind() === K.Number) {
          const column = this.number('a column number');
          labels = { keyword: k, column, range: { start: k.start, end: column.range.end } };
        } else {
          const labelFile = this.stringLiteral("a label file (IDX) or a CSV column number after 'labels'");
          labels = { keyword: k, file: labelFile, range: { start: k.start, end: labelFile.range.end } };
        }
      } else if (this.isWord('scale') && !scale) {
        const k = this.rangeOf(this.next());
        const value = this.number('a scale factor (e.g. 1/255)');
        let divisor: NumberLiteral | undefined;
        if (this.peekKind() === K.Slash) {
          this.pos++;
          divisor = this.number('a divisor after /');
        }
        scale = { keyword: k, value, divisor, range: { start: k.start, end: (divisor ?? value).range.end } };
      } else {
        const u = this.peek();
        this.fail(u, `expected 'inputs A..B', 'targets C..D', 'labels …' or 'scale …', found ${this.describe(u)}`);
      }
    }
    const idx = !!labels?.file;
    if (!idx) {
      if (!inputs) this.fail(NONE, `expected 'inputs' columns (e.g. '${word} "file.csv" inputs 1..4 targets 5..5') or 'labels "FILE"' for IDX images`);
      if (!targets && !labels) this.fail(NONE, "expected 'targets' columns (e.g. 'targets 5..7') or 'labels C' (a column of class numbers)");
    } else if (inputs) {
      this.fail(NONE, "an IDX image file has no columns: write 'labels \"FILE\"' without 'inputs'");
    }
    return { kind: 'data', role, keyword, file, inputs, targets, labels, scale, range: this.range() };
  }
}
