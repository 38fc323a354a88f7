// From the validated Network (names, ranges) to the engine's numbers, and back.
import type { Network, Sample } from '../model/network';
import type { EngineSpec } from './kernel';

/** Copies the network's weights into an EngineSpec (training changes the copy, never the model). */
export function toEngineSpec(network: Network): EngineSpec {
  return {
    sizes: network.layers.map((l) => l.nodes.length),
    bias: network.layers.map((l) => !!l.bias),
    activations: network.layers.map((l) => l.activation),
    loss: network.loss,
    weights: network.weights.map((w) => Float64Array.from(w.values)),
    fixed: network.weights.map((w) => Uint8Array.from(w.fixed)),
  };
}

/** All samples in two flat arrays: sample s's inputs start at s·inputSize. */
export interface SampleSet {
  readonly count: number;
  readonly inputSize: number;
  readonly targetSize: number;
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
}

export function toSampleSet(samples: readonly Sample[], inputSize: number, targetSize: number): SampleSet {
  // Samples read from one IDX file are consecutive views of one buffer: use it as it is.
  const inputs = contiguous(samples, (s) => s.inputs, inputSize) ?? new Float64Array(samples.length * inputSize);
  const targets = contiguous(samples, (s) => s.targets, targetSize) ?? new Float64Array(samples.length * targetSize);
  const copyInputs = inputs.buffer !== samples[0]?.inputs.buffer;
  const copyTargets = targets.buffer !== samples[0]?.targets.buffer;
  samples.forEach((s, i) => {
    if (copyInputs) inputs.set(s.inputs, i * inputSize);
    if (copyTargets) targets.set(s.targets, i * targetSize);
  });
  return { count: samples.length, inputSize, targetSize, inputs, targets };
}

/** The span of one buffer that `samples`' arrays tile in order, or undefined. */
function contiguous(samples: readonly Sample[], of: (s: Sample) => Float64Array, size: number): Float64Array | undefined {
  if (samples.length === 0) return undefined;
  const first = of(samples[0]);
  for (let i = 0; i < samples.length; i++) {
    const a = of(samples[i]);
    if (a.buffer !== first.buffer || a.length !== size || a.byteOffset !== first.byteOffset + i * size * 8) return undefined;
  }
  return new Float64Array(first.buffer, first.byteOffset, samples.length * size);
}

export function networkSampleSet(network: Network): SampleSet {
  const sizes = network.layers.map((l) => l.nodes.length);
  return toSampleSet(network.samples, sizes[0], sizes[sizes.length - 1]);
}

/** The test and validation samples as sample sets (absent when there are none). */
export function heldOutSets(network: Network): { test?: SampleSet; validation?: SampleSet } {
  const sizes = network.layers.map((l) => l.nodes.length);
  const set = (samples: readonly Sample[]): SampleSet | undefined => (samples.length ? toSampleSet(samples, sizes[0], sizes[sizes.length - 1]) : undefined);
  return { test: set(network.test), validation: set(network.validation) };
}

/**
 * The sample an active-sample index names: 0 … samples−1 are the training samples, then come
 * the test samples and the validation samples (so the explainer can show a held-out sample).
 */
export function sampleAt(network: Network, index: number): Sample | undefined {
  const n = network.samples.length;
  if (index < n) return network.samples[index];
  if (index < n + network.test.length) return network.test[index - n];
  return network.validation[index - n - network.test.length];
}

/** How many samples `sampleAt` can name. */
export function allSampleCount(network: Network): number {
  return network.samples.length + network.test.length + network.validation.length;
}

/** Which set an active-sample index falls in, its 1-based number there and the set's size. */
function sampleSetOf(network: Network, index: number): { set: 'train' | 'test' | 'validation'; number: number; count: number } {
  const n = network.samples.length;
  const t = network.test.length;
  if (index < n) return { set: 'train', number: index + 1, count: n };
  if (index < n + t) return { set: 'test', number: index - n + 1, count: t };
  return { set: 'validation', number: index - n - t + 1, count: network.validation.length };
}

/** `sample 3/4`, `test sample 17/10,000`: an active-sample index for people. */
export function sampleLabel(network: Network, index: number): string {
  const { set, number, count } = sampleSetOf(network, index);
  return `${set === 'train' ? '' : `${set} `}sample ${number.toLocaleString('en-US')}/${count.toLocaleString('en-US')}`;
}
