// Names back from engine indices and the one spelling of a weight's key, beside the model's
// lookup API in network.ts (`nodeByName`, `weightAt`, `sourcesOf`).
import type { Network } from './network';

/** Node names of weight (`layer`, `index`): the inverse of `weightAt`. */
export function weightNames(network: Network, layer: number, index: number): { from: string; to: string } {
  const m = network.weights[layer];
  const row = Math.floor(index / m.columns);
  const column = index % m.columns;
  const source = network.layers[layer];
  const from = column < source.nodes.length ? source.nodes[column].name : source.bias!.name;
  return { from, to: network.layers[layer + 1].nodes[row].name };
}

/** A weight's key, `FROM->TO`: the one spelling of it (graph edge ids, maps of weights by name). */
export const weightKey = (from: string, to: string): string => `${from}->${to}`;

/** `FROM->TO` back to its names, or undefined when it is not such a key. */
export function splitWeightKey(key: string): { from: string; to: string } | undefined {
  const at = key.indexOf('->');
  if (at <= 0 || at + 2 >= key.length) return undefined;
  return { from: key.slice(0, at), to: key.slice(at + 2) };
}
