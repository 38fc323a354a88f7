// The held-out samples a network gets wrong, as data for the editor's
// "NNet: Show Misclassified Samples" quick pick (and anything else that lists them): which
// sample (as an active-sample index, so picking one makes the explainer show it), where it came
// from, the true and the predicted class by output-node name, and the confidence.
import type { Network, Sample } from '../model/network';
import { classCount, evaluate, taskOf, type Task } from '../engine/metrics';
import { networkSampleSet, toEngineSpec, toSampleSet } from '../engine/spec';

/** Where a sample came from, for people: `record 12`, `CSV line 7`, `line 30`. */
export function sampleOrigin(s: Sample): string {
  if (s.record !== undefined) return `record ${s.record.toLocaleString('en-US')}`;
  if (s.csvLine !== undefined) return `CSV line ${s.csvLine}`;
  return `line ${s.range.start.line + 1}`;
}

/** A class by name: the output node's name, or 0/1 for a single sigmoid output. */
export function className(network: Network, task: Task, c: number): string {
  if (task.kind === 'binary') return String(c);
  return network.layers[network.layers.length - 1].nodes[c]?.name ?? String(c);
}

export interface MisclassifiedSample {
  /** Active-sample index (see `sampleAt`): picking it makes lenses and hovers explain this sample. */
  readonly index: number;
  /** 1-based number within its set. */
  readonly number: number;
  readonly origin: string;
  readonly actual: string;
  readonly predicted: string;
  /** The output of the predicted class. */
  readonly confidence: number;
  readonly loss: number;
}

export type MisclassifiedReport =
  | { readonly ok: false; readonly reason: string }
  | {
      readonly ok: true;
      readonly set: 'test' | 'validation' | 'train';
      readonly count: number;
      readonly accuracy: number;
      /** Most confident mistakes first. */
      readonly samples: readonly MisclassifiedSample[];
    };

/**
 * The samples of the test set (else the validation set, else the training samples) that the
 * network's current weights classify wrongly, most confident first.
 */
export function misclassifiedSamples(network: Network): MisclassifiedReport {
  const spec = toEngineSpec(network);
  const train = networkSampleSet(network);
  const task = taskOf(spec, train);
  if (classCount(task) === 0) return { ok: false, reason: 'the network does regression (no classes to get wrong): see its MSE and R² in nnet evaluate' };
  const set = network.test.length ? 'test' : network.validation.length ? 'validation' : 'train';
  const samples = set === 'test' ? network.test : set === 'validation' ? network.validation : network.samples;
  if (samples.length === 0) return { ok: false, reason: 'the file has no samples' };
  const offset = set === 'train' ? 0 : set === 'test' ? network.samples.length : network.samples.length + network.test.length;
  const data = set === 'train' ? train : toSampleSet(samples, train.inputSize, train.targetSize);
  const result = evaluate(spec, data, task, { wrong: true });
  const wrong = [...(result.wrong ?? [])].sort((a, b) => b.confidence - a.confidence);
  return {
    ok: true,
    set,
    count: result.count,
    accuracy: result.accuracy ?? 0,
    samples: wrong.map((w) => ({
      index: offset + w.sample,
      number: w.sample + 1,
      origin: sampleOrigin(samples[w.sample]),
      actual: className(network, task, w.actual),
      predicted: className(network, task, w.predicted),
      confidence: w.confidence,
      loss: w.loss,
    })),
  };
}
