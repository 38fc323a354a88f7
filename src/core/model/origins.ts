// Where a weight's value came from, made per weight without materialising ranges: each origin
// points at its statement (and row) and resolves `range`/`valueRange` when asked.
import type { Range } from '../types';
import type { WeightStatement, WeightsStatement } from '../syntax/ast';
import { NumberRow, WeightLine } from '../syntax/compact';

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
