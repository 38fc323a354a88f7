// The graph panel's views of real data: the active sample as an image with its saliency map
// (∂E/∂x, engine/saliency.ts), the confusion matrix of trained weights (engine/metrics.ts), and
// each epoch's training and test figures. Pure: built from the model and the engine's results.
import { classCount, classOf, evaluate, taskOf } from '../engine/metrics';
import { imageSide, inputGradient } from '../engine/saliency';
import { heldOutSets, networkSampleSet, toEngineSpec, type SampleSet } from '../engine/spec';
import type { EpochError } from '../engine/train';
import type { Explainer } from '../explain/derivation';
import type { Network } from '../model/network';
import { num, type ConfusionView, type EpochFigures, type ImageView } from './view';

/** The confusion matrix counts at most this many samples (the first ones of the set). */
export const CONFUSION_MAX_SAMPLES = 10_000;

/** An epoch's training and test figures, as the panel's curves take them. */
export function epochFigures(error: EpochError): EpochFigures {
  return { trainLoss: num(error.loss), testLoss: num(error.test?.loss), trainAccuracy: num(error.accuracy), testAccuracy: num(error.test?.accuracy) };
}

function classNames(network: Network, classes: number): string[] {
  const outputs = network.layers[network.layers.length - 1].nodes;
  return classes === 2 && outputs.length === 1 ? ['0', '1'] : outputs.slice(0, classes).map((n) => n.name);
}

/** Which set the active-sample index names (see `sampleAt`) and its 1-based number in that set. */
function whereIs(network: Network, index: number): { set: string; number: number } {
  const n = network.samples.length;
  if (index < n) return { set: 'training', number: index + 1 };
  if (index < n + network.test.length) return { set: 'test', number: index - n + 1 };
  return { set: 'validation', number: index - n - network.test.length + 1 };
}

/** The active sample as a picture with its saliency map, or null when the inputs are not a square image. */
export function buildImageView(network: Network, explainer: Explainer): ImageView | null {
  const { spec, active, result } = explainer;
  const inputs = spec.sizes[0];
  const side = imageSide(inputs);
  if (!side || spec.sizes.length < 2) return null;
  const g = inputGradient(spec, result);
  const pixels = new Array<number | null>(inputs);
  const saliency = new Array<number | null>(inputs);
  let low = Infinity;
  let high = -Infinity;
  let saliencyMax = 0;
  for (let i = 0; i < inputs; i++) {
    const x = active.inputs[i];
    pixels[i] = num(x);
    if (Number.isFinite(x)) {
      if (x < low) low = x;
      if (x > high) high = x;
    }
    saliency[i] = num(g[i]);
    if (Number.isFinite(g[i]) && Math.abs(g[i]) > saliencyMax) saliencyMax = Math.abs(g[i]);
  }
  if (!(high >= low)) [low, high] = [0, 1];
  const where = whereIs(network, explainer.sample);
  let caption = `${where.set} sample ${where.number.toLocaleString('en-US')}`;
  const task = taskOf(spec);
  const classes = classCount(task);
  if (classes > 0) {
    const outputs = spec.sizes[spec.sizes.length - 1];
    const names = classNames(network, classes);
    const truth = classOf(task, active.targets, 0, outputs);
    const guess = classOf(task, result.layers[result.layers.length - 1].out, 0, outputs);
    caption += ` · true: ${names[truth.cls]} · predicted: ${names[guess.cls]} (${guess.confidence.toFixed(2)})`;
  }
  return { side, pixels, saliency, low, high, saliencyMax, caption };
}

function firstSamples(set: SampleSet, max: number): SampleSet {
  if (set.count <= max) return set;
  return { ...set, count: max, inputs: set.inputs.subarray(0, max * set.inputSize), targets: set.targets.subarray(0, max * set.targetSize) };
}

/**
 * The confusion matrix of `weights` (a run's result) on the test set, else the validation set,
 * else the training samples; null for regression or when there are no samples.
 */
export function buildConfusionView(network: Network, weights: readonly Float64Array[]): ConfusionView | null {
  const spec = toEngineSpec(network);
  if (weights.length !== spec.weights.length || weights.some((w, k) => w.length !== spec.weights[k].length)) return null;
  weights.forEach((w, k) => spec.weights[k].set(w));
  const held = heldOutSets(network);
  const set: ConfusionView['set'] = held.test ? 'test' : held.validation ? 'validation' : 'training';
  const all = held.test ?? held.validation ?? (network.samples.length ? networkSampleSet(network) : undefined);
  if (!all) return null;
  const data = firstSamples(all, CONFUSION_MAX_SAMPLES);
  const task = taskOf(spec, data);
  const classes = classCount(task);
  if (classes === 0) return null;
  const evaluation = evaluate(spec, data, task);
  if (!evaluation.confusion) return null;
  return { set, classes: classNames(network, classes), counts: Array.from(evaluation.confusion), count: data.count, accuracy: num(evaluation.accuracy), weights: 'trained' };
}
