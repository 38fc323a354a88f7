// The model's one lookup API: nodes by name, weights by their two node names, the nodes
// feeding a layer, and names back from engine indices. The explainer, the graph panel, the
// CLI and the language service find things here instead of walking the layers themselves.
// Lookups by name use an index built once per network (networks are immutable).
import type { Network, NetworkNode } from './network';

/** A node located in the network: its layer, its engine index (a bias node: the layer's size). */
export interface NodeAt {
  readonly layer: number;
  readonly index: number;
  readonly bias: boolean;
  readonly node: NetworkNode;
}

/** A weight located in the network: the layer pair and the flat (row-major) index in its matrix. */
export interface WeightAt {
  readonly layer: number;
  readonly index: number;
}

const indexes = new WeakMap<Network, ReadonlyMap<string, NodeAt>>();

function nameIndex(network: Network): ReadonlyMap<string, NodeAt> {
  let index = indexes.get(network);
  if (!index) {
    const map = new Map<string, NodeAt>();
    // The first declaration of a name wins (a duplicate is a diagnostic of its own).
    const add = (node: NetworkNode, layer: number, i: number, bias: boolean): void => {
      if (!map.has(node.name)) map.set(node.name, { layer, index: i, bias, node });
    };
    for (const layer of network.layers) {
      layer.nodes.forEach((n, i) => add(n, layer.index, i, false));
      if (layer.bias) add(layer.bias, layer.index, layer.nodes.length, true);
    }
    index = map;
    indexes.set(network, index);
  }
  return index;
}

/** The node called `name` (ordinary or bias), or undefined. */
export function nodeByName(network: Network, name: string): NodeAt | undefined {
  return nameIndex(network).get(name);
}

/** The weight from node `from` to node `to` (adjacent layers, `to` not a bias node), or undefined. */
export function weightAt(network: Network, from: string, to: string): WeightAt | undefined {
  const a = nodeByName(network, from);
  const b = nodeByName(network, to);
  if (!a || !b || b.bias || b.layer !== a.layer + 1) return undefined;
  return { layer: a.layer, index: b.index * network.weights[a.layer].columns + a.index };
}

/** The nodes feeding layer `layer`, in weight-column order: the previous layer's nodes, then its bias. Empty for the input layer. */
export function sourcesOf(network: Network, layer: number): readonly NetworkNode[] {
  const source = network.layers[layer - 1];
  if (!source) return [];
  return source.bias ? [...source.nodes, source.bias] : source.nodes;
}

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
