// The `missingWeight` diagnostic: weights of a layer pair that no statement gives.
import { quote } from '../diagnostics';
import { formatCount, MAX_MISSING_WEIGHTS_LISTED } from '../limits';
import type { Layer, MissingWeightsData, WeightMatrix } from './network';
import type { Report } from './sizes';

/** What the check reads of a layer pair's weights while the model is built. */
export interface MissingSource extends Pick<WeightMatrix, 'from' | 'to' | 'rows' | 'columns'> {
  /** Per weight, non-zero when a statement gives it (origins.ts `Given`). */
  readonly given: Uint8Array;
  /** A `weights` statement gave the whole pair. */
  readonly covered: boolean;
  /** Last line of any statement giving weights of this pair (-1: none). */
  readonly lastLine: number;
}

/**
 * Reports the weights no statement gives, per layer pair: counted in full, listed by name up to
 * a limit, with the line after which a quick fix inserts them (after the pair's last weight
 * line, or after `lastLayerLine`).
 */
export function reportMissingWeights(matrices: readonly MissingSource[], layers: readonly Layer[], lastLayerLine: number, report: Report): void {
  let insertAfter = lastLayerLine;
  for (const m of matrices) {
    if (m.lastLine >= 0) insertAfter = m.lastLine;
    if (m.covered) continue;
    const from = layers[m.from];
    const to = layers[m.to];
    const sourceName = (c: number): string => (c < from.nodes.length ? from.nodes[c].name : from.bias!.name);
    // Counted in full, listed by name only up to a limit (no object per missing weight).
    const missing: { from: string; to: string }[] = [];
    let count = 0;
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.columns; c++) {
        if (m.given[r * m.columns + c]) continue;
        count++;
        if (missing.length < MAX_MISSING_WEIGHTS_LISTED) missing.push({ from: sourceName(c), to: to.nodes[r].name });
      }
    }
    if (count === 0) continue;
    const shown = missing.slice(0, 6).map((w) => `${w.from} -> ${w.to}`);
    const list = count > shown.length ? `${shown.join(', ')}, … (${formatCount(count)} in all)` : shown.join(', ');
    const data: MissingWeightsData = { fromLayer: from.name, toLayer: to.name, missing, count, insertAfterLine: insertAfter };
    report(
      'missingWeight',
      to.nameRange,
      `${formatCount(count)} weight${count === 1 ? '' : 's'} from ${quote(from.name)} to ${quote(to.name)} ${count === 1 ? 'is' : 'are'} missing: ${list}; write ${count === 1 ? 'it' : 'them'} or add 'weights ${from.name} -> ${to.name} = init …'`,
      { related: [{ range: from.nameRange, message: `layer ${quote(from.name)}` }], data },
    );
  }
}
