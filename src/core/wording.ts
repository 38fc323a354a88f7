// Sentences the CLI, the extension and the graph panel all say: written once here.
import type { Divergence, TrainResult } from './engine/train';
import { weightNames } from './model/lookup';
import type { Network } from './model/network';
import type { Diagnostic } from './types';

/** `1 error`, `3 errors`: a count with its noun (an `s` for any count but one). */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** How many of `diagnostics` are errors. */
export function errorCount(diagnostics: readonly Pick<Diagnostic, 'severity'>[]): number {
  let n = 0;
  for (const d of diagnostics) if (d.severity === 'error') n++;
  return n;
}

/** `<what> has N errors`, e.g. `the file has 2 errors`, `xor.nnet has 1 error`. */
export function hasErrorsText(what: string, errors: number): string {
  return `${what} has ${plural(errors, 'error')}`;
}

/** Why training stopped, in words. */
export function describeStop(network: Network, result: TrainResult): string {
  switch (result.stop) {
    case 'until':
      return 'the target error was reached';
    case 'epochs':
      return 'all epochs ran';
    case 'cancelled':
      return 'cancelled';
    case 'patience':
      return `the validation loss stopped improving (kept epoch ${result.bestEpoch})`;
    case 'diverged':
      return describeDivergence(network, result.divergence!);
  }
}

function describeDivergence(network: Network, d: Divergence): string {
  let where = 'the error';
  if (d.what.kind === 'weight') {
    const n = weightNames(network, d.what.layer, d.what.index);
    where = `weight ${n.from} → ${n.to}`;
  } else if (d.what.kind === 'node') {
    where = `node ${network.layers[d.what.layer].nodes[d.what.index]?.name ?? '?'}`;
  }
  return `diverged at epoch ${d.epoch}, sample ${d.sample + 1}: ${where} became non-finite (try a smaller rate)`;
}

/** The `train` line in words, as written: `backprop · rate 0.7 · momentum 0.3`. */
export function describeTrainer(network: Network): string {
  const options = Object.entries(network.train.options).map(([k, v]) => (v === true ? k : `${k} ${v}`));
  return [network.train.method, ...options].join(' · ');
}

/** What a training run's errors measure. */
export function errorMeasure(loss: Network['loss']): string {
  return loss === 'mse' ? 'MSE' : 'mean cross-entropy';
}
