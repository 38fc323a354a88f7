// `nnet/trainedEdits`: the edits that write trained weights (Apply) or a Step's weights into
// the document, made by the server from its check of that version — the client's thread
// neither checks nor parses the file (about 1 s for 100k weight lines on the shared 2-core
// machine); it only applies the edits, to that version alone.
import { joinEdits, weightEdits, type CheckResult } from '../core';
import type { TrainedEditsResult } from './protocol';
import { fitting } from './state';

/**
 * The edits for `weights` (one array per layer pair, as the message carries them) on `text`,
 * the text `result` checked, neighbours joined (`joinEdits`).
 */
export function trainedEdits(result: CheckResult, text: string, version: number, weights: readonly unknown[]): TrainedEditsResult {
  const network = result.network;
  if (!network || result.hasErrors) return { ok: false, reason: 'errors' };
  const arrays = fitting(network.weights.map((w) => w.values.length), weights);
  if (!arrays) return { ok: false, reason: 'mismatch' };
  try {
    const edits = weightEdits(text, network, arrays.map((a) => (a instanceof Float64Array ? a : Float64Array.from(a))), { tree: result.tree });
    return { ok: true, version, edits: joinEdits(text, edits) };
  } catch (e) {
    // A weight that is not a finite number cannot be written.
    return { ok: false, reason: 'invalid', message: e instanceof Error ? e.message : String(e) };
  }
}
