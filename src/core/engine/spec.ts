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
  const inputs = new Float64Array(samples.length * inputSize);
  const targets = new Float64Array(samples.length * targetSize);
  samples.forEach((s, i) => {
    inputs.set(s.inputs, i * inputSize);
    targets.set(s.targets, i * targetSize);
  });
  return { count: samples.length, inputSize, targetSize, inputs, targets };
}

export function networkSampleSet(network: Network): SampleSet {
  const sizes = network.layers.map((l) => l.nodes.length);
  return toSampleSet(network.samples, sizes[0], sizes[sizes.length - 1]);
}

/** Names for weight (k, index): `from` and `to` node names. */
export function weightNames(network: Network, k: number, index: number): { from: string; to: string } {
  const m = network.weights[k];
  const row = Math.floor(index / m.columns);
  const column = index % m.columns;
  const source = network.layers[k];
  const from = column < source.nodes.length ? source.nodes[column].name : source.bias!.name;
  return { from, to: network.layers[k + 1].nodes[row].name };
}
