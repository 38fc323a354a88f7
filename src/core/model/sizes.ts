// Size limits of the network's structure, checked on the layer statements before anything is
// allocated: a 402-byte file must not make the builder reserve gigabytes.
import type { Range, RelatedInformation } from '../types';
import type { DiagnosticKind } from '../diagnostic-codes';
import type { LayerStatement } from '../syntax/ast';
import { quote } from '../diagnostics';
import { formatCount, MAX_LAYERS, MAX_NODES, MAX_NODES_PER_LAYER, MAX_WEIGHTS } from '../limits';

export type Report = (kind: DiagnosticKind, range: Range, message: string, extra?: { related?: RelatedInformation[]; data?: unknown }) => void;

/**
 * Counts layers, nodes and weights from the layer statements and reports `nnet/too-large`
 * where a limit is crossed. False: the network must not be built.
 */
export function checkSizes(statements: readonly LayerStatement[], report: Report): boolean {
  if (statements.length > MAX_LAYERS) {
    report('tooLarge', statements[MAX_LAYERS].name.range, `the network has ${formatCount(statements.length)} layers; the limit is ${formatCount(MAX_LAYERS)}`);
    return false;
  }
  let ok = true;
  const seen = new Set<string>();
  let nodes = 0;
  let weights = 0;
  let previous: { name: string; outputs: number } | undefined;
  for (const s of statements) {
    if (seen.has(s.name.text)) continue; // a duplicate layer is reported and ignored by the builder
    seen.add(s.name.text);
    let count = 0;
    let arraysOk = true;
    for (const spec of s.nodes) {
      if (spec.kind === 'single') {
        count++;
        continue;
      }
      const n = spec.count.value;
      if (!Number.isInteger(n) || n < 1) continue; // reported by the builder
      if (n > MAX_NODES_PER_LAYER) {
        report('tooLarge', spec.count.range, `${quote(`${spec.name.text}[${spec.count.text}]`)} declares ${formatCount(n)} nodes; the limit is ${formatCount(MAX_NODES_PER_LAYER)} per layer`);
        arraysOk = ok = false;
        continue;
      }
      count += n;
    }
    if (!arraysOk) {
      previous = undefined;
      continue;
    }
    if (count > MAX_NODES_PER_LAYER) {
      report('tooLarge', s.name.range, `layer ${quote(s.name.text)} has ${formatCount(count)} nodes; the limit is ${formatCount(MAX_NODES_PER_LAYER)} per layer`);
      ok = false;
      previous = undefined;
      continue;
    }
    const outputs = count + (s.bias ? 1 : 0);
    if (nodes <= MAX_NODES && nodes + outputs > MAX_NODES) {
      report('tooLarge', s.name.range, `the network has ${formatCount(nodes + outputs)} nodes up to layer ${quote(s.name.text)}; the limit is ${formatCount(MAX_NODES)}`);
      ok = false;
    }
    nodes += outputs;
    if (previous) {
      const pair = previous.outputs * count;
      if (weights <= MAX_WEIGHTS && weights + pair > MAX_WEIGHTS) {
        report(
          'tooLarge',
          s.name.range,
          `the network needs ${formatCount(weights + pair)} weights up to layer ${quote(s.name.text)} (${formatCount(pair)} from ${quote(previous.name)}); the limit is ${formatCount(MAX_WEIGHTS)}`,
        );
        ok = false;
      }
      weights += pair;
    }
    previous = { name: s.name.text, outputs };
  }
  return ok;
}
