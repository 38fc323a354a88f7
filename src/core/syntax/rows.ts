// Matrix rows, compact: every number of a text's matrices lives in one buffer (values, and the
// characters of each on its line), filled by the lexer as it reads them (`readNumbers`), and a
// row is a run of that buffer. A 784-128-10 matrix file then keeps three typed arrays and one
// small object per row, and reading a row allocates nothing per number.
import type { Range } from '../types';
import type { MatrixRow, NumberLiteral } from './ast';
import { span } from './span';
import type { NumberSink } from './lexer';

/** Numbers in the first chunk, and the most in a chunk unless one row needs more. */
const FIRST_CHUNK = 256;
const CHUNK = 16_384;

/** A block of matrix numbers: values, and start and end characters on their line. A row lies in one chunk. */
class NumberChunk {
  count = 0;
  values: Float64Array;
  starts: Int32Array;
  ends: Int32Array;

  constructor(size: number) {
    this.values = new Float64Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }

  /** Drops the unused room. */
  trim(): void {
    if (this.count === this.values.length) return;
    this.values = this.values.slice(0, this.count);
    this.starts = this.starts.slice(0, this.count);
    this.ends = this.ends.slice(0, this.count);
  }
}

/**
 * The numbers of the matrices of one text, in text order, in chunks (values in a Float64Array,
 * start and end characters on their line in Int32Arrays) that are filled as the lexer reads
 * them: nothing is copied as they grow but the row being read when a chunk fills up, so that a
 * row lies in one chunk and its numbers are views of it. The row being read is the current
 * chunk's numbers from `rowFirst` on, all on one line.
 */
export class MatrixNumbers implements NumberSink {
  /** The chunk being filled (none, room 0, until the first number). */
  private chunk = new NumberChunk(0);
  /** First number of the row being read, its line and the offset in the text of that line. */
  private rowFirst = 0;
  private line = 0;
  private lineOffset = 0;

  constructor(readonly text: string) {}

  add(line: number, lineOffset: number, start: number, end: number, value: number): void {
    let chunk = this.chunk;
    let c = chunk.count;
    if (c === this.rowFirst) {
      this.line = line;
      this.lineOffset = lineOffset;
    }
    if (c === chunk.values.length) {
      chunk = this.nextChunk();
      c = chunk.count;
    }
    chunk.count = c + 1;
    chunk.starts[c] = start;
    chunk.ends[c] = end;
    chunk.values[c] = value;
  }

  /** Numbers read in the current row. */
  get rowLength(): number {
    return this.chunk.count - this.rowFirst;
  }

  /** The row read (at least one number) as a NumberRow; the next number starts a new row. */
  endRow(): NumberRow {
    const first = this.rowFirst;
    this.rowFirst = this.chunk.count;
    return new NumberRow(this.text, this.chunk, first, this.rowFirst - first, this.line, this.lineOffset);
  }

  /** The row read as literals (a damaged row), taken out of the buffer. */
  dropRow(): NumberLiteral[] {
    const literals: NumberLiteral[] = [];
    const { starts, ends, values } = this.chunk;
    for (let c = this.rowFirst; c < this.chunk.count; c++) {
      const text = this.text.slice(this.lineOffset + starts[c], this.lineOffset + ends[c]);
      literals.push({ text, value: values[c], range: span(this.line, starts[c], ends[c]) });
    }
    this.chunk.count = this.rowFirst;
    return literals;
  }

  /** Drops the unused room once the text is parsed. */
  trim(): void {
    this.chunk.trim();
  }

  /** A new chunk, the row being read moved into it; the full one keeps its rows (trimmed when much of it is left unused). */
  private nextChunk(): NumberChunk {
    const full = this.chunk;
    const moving = full.count - this.rowFirst;
    const chunk = new NumberChunk(Math.max(FIRST_CHUNK, Math.min(CHUNK, full.values.length * 2), moving * 2));
    chunk.values.set(full.values.subarray(this.rowFirst, full.count));
    chunk.starts.set(full.starts.subarray(this.rowFirst, full.count));
    chunk.ends.set(full.ends.subarray(this.rowFirst, full.count));
    chunk.count = moving;
    full.count = this.rowFirst;
    if (full.count < full.values.length * 0.75) full.trim();
    this.chunk = chunk;
    this.rowFirst = 0;
    return chunk;
  }
}

/**
 * A row of numbers in a matrix, on one line: numbers `first … first + count - 1` of a chunk of
 * the text's MatrixNumbers. `source` is the line from the first number to the end of the last
 * one (so two rows are equal when they are spelled alike); `numbers`, `starts` and `ends` are
 * views of the chunk (values, and characters on `line`).
 */
export class NumberRow implements MatrixRow {
  readonly source: string;
  // Private (not own enumerable fields): a deep comparison sees the row, not the whole buffer.
  readonly #buffer: NumberChunk;
  readonly #first: number;
  #values?: readonly NumberLiteral[];

  constructor(
    text: string,
    buffer: NumberChunk,
    first: number,
    readonly count: number,
    readonly line: number,
    lineOffset: number,
  ) {
    this.#buffer = buffer;
    this.#first = first;
    this.source = text.slice(lineOffset + buffer.starts[first], lineOffset + buffer.ends[first + count - 1]);
  }

  /** The values (a view of the chunk). */
  get numbers(): Float64Array {
    return this.#buffer.values.subarray(this.#first, this.#first + this.count);
  }

  /** Start and end character of each number on `line` (views of the chunk). */
  get starts(): Int32Array {
    return this.#buffer.starts.subarray(this.#first, this.#first + this.count);
  }

  get ends(): Int32Array {
    return this.#buffer.ends.subarray(this.#first, this.#first + this.count);
  }

  /** Value of number c. */
  numberAt(c: number): number {
    return this.#buffer.values[this.#first + c];
  }

  /** The spelling of number c. */
  textAt(c: number): string {
    const b = this.#buffer;
    const base = b.starts[this.#first];
    return this.source.slice(b.starts[this.#first + c] - base, b.ends[this.#first + c] - base);
  }

  rangeAt(c: number): Range {
    const b = this.#buffer;
    return span(this.line, b.starts[this.#first + c], b.ends[this.#first + c]);
  }

  literalAt(c: number): NumberLiteral {
    return { text: this.textAt(c), value: this.numberAt(c), range: this.rangeAt(c) };
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
    const b = this.#buffer;
    return span(this.line, b.starts[this.#first], b.ends[this.#first + this.count - 1]);
  }
}

/** How many numbers a matrix row holds (a compact row's without making its literals, which it would keep). */
export function numbersInRow(row: MatrixRow): number {
  return row instanceof NumberRow ? row.count : row.values.length;
}
