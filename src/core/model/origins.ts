// Where each weight's value came from, kept compact while the model is built (a byte per weight
// saying which kind of statement gave it, and the statement) and made into WeightOrigin objects
// only when a caller first reads `origins` (a hover, a fix, the graph panel; not every check).
import type { Range } from '../types';
import type { WeightStatement, WeightsStatement } from '../syntax/ast';
import { WeightLine } from '../syntax/compact';
import { NumberRow } from '../syntax/rows';
import type { WeightMatrix, WeightOrigin } from './network';

/** A weight given by its own line. */
export class LineOrigin {
  readonly kind = 'line';

  constructor(readonly statement: WeightStatement) {}

  get range(): Range {
    return this.statement.range;
  }

  get valueRange(): Range {
    const s = this.statement;
    return s instanceof WeightLine ? s.valueRange : s.value.range;
  }
}

/** A weight given by entry `column` of a matrix row. */
export class MatrixOrigin {
  readonly kind = 'matrix';

  constructor(
    readonly statement: WeightsStatement,
    readonly row: NumberRow,
    readonly column: number,
  ) {}

  /** The whole `weights` statement. */
  get range(): Range {
    return this.statement.range;
  }

  get valueRange(): Range {
    return this.row.rangeAt(this.column);
  }
}

/** What gave weight i: nothing yet, a weight line, a matrix, an `init`. */
export const enum Given {
  None,
  Line,
  Matrix,
  Init,
}

/** A layer pair's weights as the builder fills them, with the origins kept compact. */
export class PairWeights implements WeightMatrix {
  readonly values: Float64Array;
  readonly fixed: Uint8Array;
  /** Per weight, what gave it (Given). */
  readonly given: Uint8Array;
  /** Build bookkeeping: a `weights` statement gave the whole pair (whether or not it was valid). */
  covered = false;
  coveredBy?: Range;
  /** Build bookkeeping: last line of any statement giving weights of this pair (-1: none). */
  lastLine = -1;
  /** The weight line of each Given.Line entry (made when the first line is given). */
  #lines?: (WeightStatement | undefined)[];
  /** The `weights` statement of the Given.Matrix and Given.Init entries (one per pair). */
  #whole?: WeightsStatement;
  #origins?: readonly (WeightOrigin | undefined)[];

  constructor(
    readonly from: number,
    readonly to: number,
    readonly rows: number,
    readonly columns: number,
  ) {
    const size = rows * columns;
    this.values = new Float64Array(size);
    this.fixed = new Uint8Array(size);
    this.given = new Uint8Array(size);
  }

  giveLine(i: number, s: WeightStatement): void {
    this.#lines ??= new Array<WeightStatement | undefined>(this.given.length).fill(undefined);
    this.#lines[i] = s;
    this.given[i] = Given.Line;
  }

  /** The `weights` statement gives all entries (a matrix or an `init`). */
  giveAll(s: WeightsStatement, how: Given.Matrix | Given.Init): void {
    this.#whole = s;
    this.given.fill(how);
  }

  /** The range of the statement that gave weight i (for "first given here"). */
  givenBy(i: number): Range | undefined {
    const how = this.given[i];
    if (how === Given.None) return undefined;
    return how === Given.Line ? this.#lines![i]!.range : this.#whole!.range;
  }

  get origins(): readonly (WeightOrigin | undefined)[] {
    if (!this.#origins) this.#origins = this.makeOrigins();
    return this.#origins;
  }

  private makeOrigins(): (WeightOrigin | undefined)[] {
    const origins = new Array<WeightOrigin | undefined>(this.given.length).fill(undefined);
    const whole = this.#whole;
    const init: WeightOrigin | undefined = whole ? { kind: 'init', range: whole.range } : undefined;
    const rows = whole?.value.kind === 'matrix' ? whole.value.rows : [];
    for (let i = 0; i < origins.length; i++) {
      switch (this.given[i]) {
        case Given.Line:
          origins[i] = new LineOrigin(this.#lines![i]!);
          break;
        case Given.Matrix:
          origins[i] = new MatrixOrigin(whole!, rows[Math.floor(i / this.columns)] as NumberRow, i % this.columns);
          break;
        case Given.Init:
          origins[i] = init;
          break;
      }
    }
    return origins;
  }
}
