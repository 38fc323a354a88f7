// Compact syntax-tree nodes for the two shapes that make up large files: a weight line
// (`x1 -> h1 = 0.0123`, one per weight) and a row of numbers in a matrix. They keep numbers
// (line, characters) and the words as written, and make the ranges and literals the tree
// interfaces promise when asked (a fresh object per call). A 100k-line file then holds one
// object and three short strings per line instead of two dozen objects, which is what the
// garbage collector spent half of the parse time on.
import type { Range } from '../types';
import type { MatrixRow, NodeRef, NumberLiteral, WeightStatement } from './ast';
import { numberValue, type TokenStream } from './lexer';

function span(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

/** The characters of the `->`, `=` and `fixed` tokens. */
const ARROW = 2;
const EQUALS = 1;
const FIXED = 5;

/**
 * `FROM -> TO = VALUE [fixed]` with plain node names (the `x[3]` form is a plain object). All of it
 * is on `line`; `*Start` are characters on that line; `fixedStart` is -1 without `fixed`.
 */
export class WeightLine implements WeightStatement {
  readonly kind = 'weight';

  constructor(
    readonly line: number,
    readonly fromName: string,
    readonly fromStart: number,
    readonly arrowStart: number,
    readonly toName: string,
    readonly toStart: number,
    readonly equalsStart: number,
    readonly valueText: string,
    readonly valueStart: number,
    readonly fixedStart: number,
  ) {}

  get from(): NodeRef {
    return { name: this.fromName, range: span(this.line, this.fromStart, this.fromStart + this.fromName.length) };
  }

  get arrow(): Range {
    return span(this.line, this.arrowStart, this.arrowStart + ARROW);
  }

  get to(): NodeRef {
    return { name: this.toName, range: span(this.line, this.toStart, this.toStart + this.toName.length) };
  }

  get equals(): Range {
    return span(this.line, this.equalsStart, this.equalsStart + EQUALS);
  }

  /** The weight's value (parsed from its text on each call). */
  get number(): number {
    return numberValue(this.valueText, 0, this.valueText.length);
  }

  get value(): NumberLiteral {
    return { text: this.valueText, value: this.number, range: this.valueRange };
  }

  get valueRange(): Range {
    return span(this.line, this.valueStart, this.valueStart + this.valueText.length);
  }

  get fixed(): Range | undefined {
    return this.fixedStart < 0 ? undefined : span(this.line, this.fixedStart, this.fixedStart + FIXED);
  }

  /** Last character of the statement (the value, or `fixed`). */
  get end(): number {
    return this.fixedStart < 0 ? this.valueStart + this.valueText.length : this.fixedStart + FIXED;
  }

  get range(): Range {
    return span(this.line, this.fromStart, this.end);
  }
}

/**
 * A row of numbers in a matrix, on one line: `source` is the line from the first number to the
 * end of the last one (so two rows are equal when they are spelled alike), `starts`/`ends` the
 * characters of each number on `line`, `numbers` their values.
 */
export class NumberRow implements MatrixRow {
  #values?: readonly NumberLiteral[];

  constructor(
    readonly line: number,
    readonly source: string,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly numbers: Float64Array,
  ) {}

  get count(): number {
    return this.numbers.length;
  }

  /** The spelling of number c. */
  textAt(c: number): string {
    const base = this.starts[0];
    return this.source.slice(this.starts[c] - base, this.ends[c] - base);
  }

  rangeAt(c: number): Range {
    return span(this.line, this.starts[c], this.ends[c]);
  }

  literalAt(c: number): NumberLiteral {
    return { text: this.textAt(c), value: this.numbers[c], range: this.rangeAt(c) };
  }

  /** The numbers as literals, made on first use and kept (callers index into them). */
  get values(): readonly NumberLiteral[] {
    if (!this.#values) {
      const values: NumberLiteral[] = new Array<NumberLiteral>(this.count);
      for (let c = 0; c < values.length; c++) values[c] = this.literalAt(c);
      this.#values = values;
    }
    return this.#values;
  }

  get range(): Range {
    return span(this.line, this.starts[0], this.ends[this.ends.length - 1]);
  }
}

/** The number tokens `row` of `t` (all on one line, at least one) as a NumberRow. */
export function numberRow(t: TokenStream, row: readonly number[]): NumberRow {
  const n = row.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const numbers = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const i = row[c];
    starts[c] = t.starts[i];
    ends[c] = t.ends[i];
    numbers[c] = numberValue(t.text, t.offsets[i], t.offsets[i] + t.ends[i] - t.starts[i]);
  }
  const first = row[0];
  const last = row[n - 1];
  const source = t.text.slice(t.offsets[first], t.offsets[last] + t.ends[last] - t.starts[last]);
  return new NumberRow(t.lines[first], source, starts, ends, numbers);
}
