// Compact syntax-tree nodes for the two shapes that make up large files: a weight line
// (`x1 -> h1 = 0.0123`, one per weight) and a row of numbers in a matrix (rows.ts). They keep numbers
// (line, characters) and the words as written, and make the ranges and literals the tree
// interfaces promise when asked (a fresh object per call). A 100k-line file then holds a
// two-field object per line and its numbers in typed arrays (names shared, the value's spelling
// read from the source) instead of two dozen objects, which is what the garbage collector spent
// half of the parse time on.
import type { Range } from '../types';
import type { NodeRef, NumberLiteral, WeightStatement } from './ast';
import type { Interner } from './interner';
import { span } from './span';

/** The matrix rows, the other compact node (rows.ts). */
export { NumberRow } from './rows';

/** The characters of the `->`, `=` and `fixed` tokens. */
const ARROW = 2;
const EQUALS = 1;
const FIXED = 5;

/** Fields of a weight line in `WeightTable.data`; characters are on the line. */
const enum F {
  Line,
  /** Offset in the text of the line's character 0. */
  LineOffset,
  FromStart,
  ArrowStart,
  ToStart,
  EqualsStart,
  ValueStart,
  ValueEnd,
  /** -1 without `fixed`. */
  FixedStart,
  /** Numbers of the names in the interner. */
  FromName,
  ToName,
  Stride,
}

/**
 * The weight lines of one text as columns of numbers: a 100k-line file keeps two typed arrays
 * and one small object per line (the `WeightLine` the tree lists), not a dozen fields each.
 */
export class WeightTable {
  count = 0;
  private data = new Int32Array(256 * F.Stride);
  /** The value of each line. */
  private values = new Float64Array(256);

  constructor(
    readonly text: string,
    private readonly names: Interner,
  ) {}

  /** Adds `FROM -> TO = VALUE [fixed]` on `line` (all characters on that line); `value` is the value's number. */
  add(line: number, lineOffset: number, fromStart: number, fromEnd: number, arrowStart: number, toStart: number, toEnd: number, equalsStart: number, valueStart: number, valueEnd: number, fixedStart: number, value: number): WeightLine {
    const index = this.count++;
    if (index === this.values.length) this.resize(index * 2);
    const d = this.data;
    const o = index * F.Stride;
    d[o + F.Line] = line;
    d[o + F.LineOffset] = lineOffset;
    d[o + F.FromStart] = fromStart;
    d[o + F.ArrowStart] = arrowStart;
    d[o + F.ToStart] = toStart;
    d[o + F.EqualsStart] = equalsStart;
    d[o + F.ValueStart] = valueStart;
    d[o + F.ValueEnd] = valueEnd;
    d[o + F.FixedStart] = fixedStart;
    const fromId = this.names.id(lineOffset + fromStart, lineOffset + fromEnd);
    const toId = this.names.id(lineOffset + toStart, lineOffset + toEnd);
    d[o + F.FromName] = fromId;
    d[o + F.ToName] = toId;
    this.values[index] = value;
    const words = this.names.words;
    return new WeightLine(this, index, line, words[fromId], words[toId]);
  }

  /** Field `f` of line `index`. */
  field(index: number, f: F): number {
    return this.data[index * F.Stride + f];
  }

  value(index: number): number {
    return this.values[index];
  }

  /** Drops the unused room once the text is parsed. */
  trim(): void {
    if (this.count < this.values.length) this.resize(this.count);
  }

  private resize(size: number): void {
    const data = new Int32Array(size * F.Stride);
    data.set(this.data.subarray(0, data.length));
    this.data = data;
    const values = new Float64Array(size);
    values.set(this.values.subarray(0, size));
    this.values = values;
  }
}

/** The WeightLine properties read from its table. */
const FIELDS = [
  ['fromStart', F.FromStart],
  ['arrowStart', F.ArrowStart],
  ['toStart', F.ToStart],
  ['equalsStart', F.EqualsStart],
  ['valueStart', F.ValueStart],
  ['valueEnd', F.ValueEnd],
  ['fixedStart', F.FixedStart],
  ['fromId', F.FromName],
  ['toId', F.ToName],
] as const;

/**
 * `FROM -> TO = VALUE [fixed]` with plain node names (the `x[3]` form is a plain object): line
 * `index` of a WeightTable. All of it is on `line`; `*Start` and `valueEnd` are characters on that
 * line; `fixedStart` is -1 without `fixed`. The value's spelling is sliced when asked for.
 */
export class WeightLine implements WeightStatement {
  declare readonly kind: 'weight';
  // Read from the table (getters defined in the static block).
  declare readonly fromStart: number;
  declare readonly arrowStart: number;
  declare readonly toStart: number;
  declare readonly equalsStart: number;
  declare readonly valueStart: number;
  declare readonly valueEnd: number;
  declare readonly fixedStart: number;
  /** Numbers of the two names (the same number for the same name throughout the text). */
  declare readonly fromId: number;
  declare readonly toId: number;

  // Private (not own enumerable fields): a deep comparison of two trees, or a walk over a node's
  // fields, sees the line and the names (as a plain node would show them), not the whole source
  // or the line's place among the weight lines.
  readonly #table: WeightTable;
  readonly #index: number;

  constructor(
    table: WeightTable,
    index: number,
    readonly line: number,
    readonly fromName: string,
    readonly toName: string,
  ) {
    this.#table = table;
    this.#index = index;
  }

  static {
    // The positions and name numbers, read from the table.
    for (const [name, f] of FIELDS) {
      Object.defineProperty(this.prototype, name, {
        get(this: WeightLine): number {
          return this.#table.field(this.#index, f);
        },
      });
    }
  }

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

  /** The value as written. */
  get valueText(): string {
    const offset = this.#table.field(this.#index, F.LineOffset);
    return this.#table.text.slice(offset + this.valueStart, offset + this.valueEnd);
  }

  /** The weight's value. */
  get number(): number {
    return this.#table.value(this.#index);
  }

  get value(): NumberLiteral {
    return { text: this.valueText, value: this.number, range: this.valueRange };
  }

  get valueRange(): Range {
    return span(this.line, this.valueStart, this.valueEnd);
  }

  get fixed(): Range | undefined {
    return this.fixedStart < 0 ? undefined : span(this.line, this.fixedStart, this.fixedStart + FIXED);
  }

  /** Last character of the statement (the value, or `fixed`). */
  get end(): number {
    return this.fixedStart < 0 ? this.valueEnd : this.fixedStart + FIXED;
  }

  get range(): Range {
    return span(this.line, this.fromStart, this.end);
  }
}

// On the prototype: one field less in each of 100k objects.
Object.defineProperty(WeightLine.prototype, 'kind', { value: 'weight', enumerable: true });
