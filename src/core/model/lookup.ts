// The model's one lookup API: names to the engine's indices (`nodeByName`, `layerByName`,
// `weightAt`, `sourcesOf`), indices back to names (`weightNames`) and the one spelling of a
// weight's key (`weightKey`). Callers never search `layers`/`nodes` by name themselves.
import type { Layer, Network, NetworkNode } from './network';

interface NetworkIndex {
  readonly byName: ReadonlyMap<string, NetworkNode>;
  /** Layers by name and by array alias (a `weights` statement may name either). */
  readonly layers: ReadonlyMap<string, Layer>;
}

// Built once per network, then O(1).
const indexCache = new WeakMap<Network, NetworkIndex>();

function indexOf(network: Network): NetworkIndex {
  let index = indexCache.get(network);
  if (!index) {
    const byName = new Map<string, NetworkNode>();
    const layers = new Map<string, Layer>();
    for (const layer of network.layers) {
      for (const node of layer.nodes) if (!byName.has(node.name)) byName.set(node.name, node);
      if (layer.bias && !byName.has(layer.bias.name)) byName.set(layer.bias.name, layer.bias);
      if (!layers.has(layer.name)) layers.set(layer.name, layer);
    }
    for (const layer of network.layers) for (const alias of layer.aliases) if (!layers.has(alias)) layers.set(alias, layer);
    index = { byName, layers };
    indexCache.set(network, index);
  }
  return index;
}

/** The node (ordinary or bias) called `name`. */
export function nodeByName(network: Network, name: string): NetworkNode | undefined {
  return indexOf(network).byName.get(name);
}

/** The layer called `name`, or whose array alias `name` is. */
export function layerByName(network: Network, name: string): Layer | undefined {
  return indexOf(network).layers.get(name);
}

/** Where weight `from → to` sits in the engine's arrays: `weights[layer][index]`; undefined when the two nodes are not connected. */
export function weightAt(network: Network, from: string | NetworkNode, to: string | NetworkNode): { readonly layer: number; readonly index: number } | undefined {
  const a = typeof from === 'string' ? nodeByName(network, from) : from;
  const b = typeof to === 'string' ? nodeByName(network, to) : to;
  if (!a || !b || b.isBias || b.layer !== a.layer + 1) return undefined;
  const m = network.weights[a.layer];
  if (!m) return undefined;
  return { layer: a.layer, index: b.index * m.columns + a.index };
}

/** The nodes feeding layer `layer + 1` from layer `layer`, in column order: its ordinary nodes, then its bias. */
export function sourcesOf(network: Network, layer: number): readonly NetworkNode[] {
  const l = network.layers[layer];
  if (!l) return [];
  return l.bias ? [...l.nodes, l.bias] : l.nodes;
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
