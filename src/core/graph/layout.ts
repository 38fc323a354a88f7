// Where the graph panel draws each node and edge: layers left to right, nodes spaced down
// their column, the bias node last in its column and set apart. Pure geometry on the model;
// the webview only scales and paints it.
//
// Big layers (784-128-10) are reduced so that the panel stays light: each column shows the
// nodes with the strongest connections (up to `maxNodesPerLayer`), the edges drawn are the
// strongest between shown nodes (up to `maxEdges`, shared out among the layer pairs), and
// every layer pair with edges left out gets a bundle that summarises all of its weights.
// The layout says exactly what it left out.
import type { Network } from '../model/network';
import { maxOf, minOf } from '../arrays';

export interface LayoutOptions {
  /** Most nodes drawn per column, the bias not counted (default 32). */
  readonly maxNodesPerLayer?: number;
  /** Most edges drawn in all (default 320). */
  readonly maxEdges?: number;
  /**
   * Per layer pair, what ranks nodes and edges when the drawing is reduced (same layout as
   * the weights; magnitudes are compared). Default: the weights themselves.
   */
  readonly metric?: readonly ArrayLike<number>[];
}

const DEFAULT_MAX_NODES_PER_LAYER = 32;
const DEFAULT_MAX_EDGES = 320;

/** How much each node carries: `full` = name inside and two value lines below, `medium` = name inside, `compact` = a dot (tooltip only). */
export type LayoutDetail = 'full' | 'medium' | 'compact';

interface Preset {
  readonly detail: LayoutDetail;
  /** Largest column (drawn nodes incl. bias) the preset is used for. */
  readonly upTo: number;
  readonly radius: number;
  /** Centre-to-centre distance of neighbouring nodes. */
  readonly pitch: number;
  /** Height reserved below a node for its value lines. */
  readonly labelHeight: number;
  /** Width reserved for the value lines (centred under the node). */
  readonly labelWidth: number;
  readonly columnGap: number;
}

const PRESETS: readonly Preset[] = [
  { detail: 'full', upTo: 8, radius: 22, pitch: 100, labelHeight: 36, labelWidth: 128, columnGap: 230 },
  { detail: 'medium', upTo: 20, radius: 14, pitch: 40, labelHeight: 0, labelWidth: 0, columnGap: 250 },
  { detail: 'compact', upTo: Infinity, radius: 6, pitch: 17, labelHeight: 0, labelWidth: 0, columnGap: 260 },
];

/** Room above the columns for the layer titles, and around the drawing. */
const MARGIN_X = 90;
const MARGIN_TOP = 64;
const MARGIN_BOTTOM = 40;
/** Extra space between the last ordinary node (or the "more" marker) and the bias node, in pitches. */
const BIAS_GAP = 0.45;

export interface LayoutNode {
  readonly name: string;
  readonly layer: number;
  /** Engine index: position in the layer, or the layer's size for its bias node. */
  readonly index: number;
  readonly bias: boolean;
  readonly x: number;
  readonly y: number;
  readonly r: number;
  /** The node and its labels: nothing else is drawn inside this box. */
  readonly box: Box;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutEdge {
  /** Layer pair: the edge runs from layer `layer` to `layer + 1`. */
  readonly layer: number;
  /** Flat index into that pair's weights (row-major, rows = destination nodes). */
  readonly index: number;
  readonly from: string;
  readonly to: string;
}

export interface LayoutColumn {
  readonly layer: number;
  readonly name: string;
  readonly x: number;
  /** Ordinary nodes in the layer, and how many of them are drawn. */
  readonly total: number;
  readonly shown: number;
  readonly hasBias: boolean;
  /** Where the "N more" marker goes when nodes were left out. */
  readonly moreY?: number;
}

/** Everything between two columns, for a pair whose edges were not all drawn. */
export interface LayoutBundle {
  readonly layer: number;
  readonly total: number;
  readonly drawn: number;
  /** Mean and largest |weight| over all the pair's weights, and how many are positive. */
  readonly meanAbs: number;
  readonly maxAbs: number;
  readonly positive: number;
  /** Vertical extent of the two columns the bundle joins. */
  readonly fromTop: number;
  readonly fromBottom: number;
  readonly toTop: number;
  readonly toBottom: number;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly detail: LayoutDetail;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly columns: readonly LayoutColumn[];
  readonly bundles: readonly LayoutBundle[];
  /** Whether anything was left out. */
  readonly reduced: boolean;
  readonly omittedNodes: number;
  readonly omittedEdges: number;
  readonly totalNodes: number;
  readonly totalEdges: number;
}

/** |m| per node: the sum over its incoming and outgoing edges. */
function nodeStrength(network: Network, metric: readonly ArrayLike<number>[]): Float64Array[] {
  const strength = network.layers.map((l) => new Float64Array(l.nodes.length));
  network.weights.forEach((m, k) => {
    const values = metric[k];
    const sources = network.layers[k].nodes.length;
    for (let r = 0; r < m.rows; r++) {
      for (let c = 0; c < m.columns; c++) {
        const a = Math.abs(values[r * m.columns + c]) || 0;
        strength[k + 1][r] += a;
        if (c < sources) strength[k][c] += a;
      }
    }
  });
  return strength;
}

/** Indices 0..n-1 of the `keep` largest scores (ties: lower index first), in ascending index order. */
function strongest(scores: ArrayLike<number>, n: number, keep: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (keep >= n) return all;
  all.sort((a, b) => scores[b] - scores[a] || a - b);
  return all.slice(0, keep).sort((a, b) => a - b);
}

export function layoutNetwork(network: Network, options: LayoutOptions = {}): GraphLayout {
  const maxNodes = Math.max(1, Math.floor(options.maxNodesPerLayer ?? DEFAULT_MAX_NODES_PER_LAYER));
  const maxEdges = Math.max(1, Math.floor(options.maxEdges ?? DEFAULT_MAX_EDGES));
  const metric = options.metric ?? network.weights.map((w) => w.values);
  const layers = network.layers;

  // Which ordinary nodes each column shows.
  const anyBig = layers.some((l) => l.nodes.length > maxNodes);
  const strength = anyBig ? nodeStrength(network, metric) : [];
  const shown = layers.map((l, k) => (l.nodes.length > maxNodes ? strongest(strength[k], l.nodes.length, maxNodes) : l.nodes.map((_, i) => i)));

  // Geometry: the preset that fits the tallest column.
  const tallest = maxOf(layers.map((l, k) => shown[k].length + (l.bias ? 1 : 0) + (shown[k].length < l.nodes.length ? 1 : 0)));
  const preset = PRESETS.find((p) => tallest <= p.upTo) ?? PRESETS[PRESETS.length - 1];
  const { radius, pitch, labelHeight, labelWidth } = preset;
  const slots = (k: number): number => shown[k].length + (shown[k].length < layers[k].nodes.length ? 1 : 0) + (layers[k].bias ? 1 + BIAS_GAP : 0);
  const columnHeight = (k: number): number => Math.max(0, slots(k) - 1) * pitch + 2 * radius + labelHeight;
  const contentHeight = maxOf(layers.map((_, k) => columnHeight(k)));
  const height = MARGIN_TOP + contentHeight + MARGIN_BOTTOM;
  const width = 2 * MARGIN_X + Math.max(0, layers.length - 1) * preset.columnGap;
  const boxWidth = Math.max(2 * radius, labelWidth);

  const nodes: LayoutNode[] = [];
  const columns: LayoutColumn[] = [];
  const place = (name: string, layer: number, index: number, bias: boolean, x: number, y: number): void => {
    nodes.push({ name, layer, index, bias, x, y, r: radius, box: { x: x - boxWidth / 2, y: y - radius, width: boxWidth, height: 2 * radius + labelHeight } });
  };
  layers.forEach((layer, k) => {
    const x = MARGIN_X + k * preset.columnGap;
    const top = MARGIN_TOP + (contentHeight - columnHeight(k)) / 2 + radius;
    let slot = 0;
    for (const i of shown[k]) place(layer.nodes[i].name, k, i, false, x, top + slot++ * pitch);
    let moreY: number | undefined;
    if (shown[k].length < layer.nodes.length) moreY = top + slot++ * pitch;
    if (layer.bias) place(layer.bias.name, k, layer.nodes.length, true, x, top + (slot + BIAS_GAP) * pitch);
    columns.push({ layer: k, name: layer.name, x, total: layer.nodes.length, shown: shown[k].length, hasBias: !!layer.bias, moreY });
  });

  // Edges between shown nodes; when there are too many, the strongest of each pair.
  const candidates = network.weights.map((m, k) => {
    const sources = [...shown[k]];
    if (layers[k].bias) sources.push(layers[k].nodes.length);
    const list: number[] = [];
    for (const r of shown[k + 1]) for (const c of sources) list.push(r * m.columns + c);
    return list;
  });
  const candidateCount = candidates.reduce((n, c) => n + c.length, 0);
  const budgets = candidates.map((c) => (candidateCount <= maxEdges ? c.length : Math.min(c.length, Math.max(1, Math.floor((maxEdges * c.length) / candidateCount)))));
  const edges: LayoutEdge[] = [];
  const bundles: LayoutBundle[] = [];
  const nameOf = (k: number, i: number): string => (i < layers[k].nodes.length ? layers[k].nodes[i].name : layers[k].bias!.name);
  network.weights.forEach((m, k) => {
    const values = metric[k];
    let chosen = candidates[k];
    if (budgets[k] < chosen.length) {
      chosen = [...chosen].sort((a, b) => (Math.abs(values[b]) || 0) - (Math.abs(values[a]) || 0) || a - b).slice(0, budgets[k]);
      chosen.sort((a, b) => a - b);
    }
    for (const index of chosen) edges.push({ layer: k, index, from: nameOf(k, index % m.columns), to: nameOf(k + 1, Math.floor(index / m.columns)) });
    const total = m.values.length;
    if (chosen.length < total) {
      let sum = 0;
      let max = 0;
      let positive = 0;
      for (let i = 0; i < total; i++) {
        const a = Math.abs(m.values[i]);
        sum += a;
        if (a > max) max = a;
        if (m.values[i] > 0) positive++;
      }
      const ys = (layer: number): number[] => nodes.filter((n) => n.layer === layer).map((n) => n.y);
      const from = ys(k);
      const to = ys(k + 1);
      bundles.push({
        layer: k,
        total,
        drawn: chosen.length,
        meanAbs: total ? sum / total : 0,
        maxAbs: max,
        positive,
        fromTop: minOf(from),
        fromBottom: maxOf(from),
        toTop: minOf(to),
        toBottom: maxOf(to),
      });
    }
  });

  const totalNodes = layers.reduce((n, l) => n + l.nodes.length + (l.bias ? 1 : 0), 0);
  const totalEdges = network.weights.reduce((n, m) => n + m.values.length, 0);
  const omittedNodes = totalNodes - nodes.length;
  const omittedEdges = totalEdges - edges.length;
  return {
    width,
    height,
    detail: preset.detail,
    nodes,
    edges,
    columns,
    bundles,
    reduced: omittedNodes > 0 || omittedEdges > 0,
    omittedNodes,
    omittedEdges,
    totalNodes,
    totalEdges,
  };
}

/** One sentence on what a reduced drawing left out (empty when nothing was). */
export function describeReduction(layout: GraphLayout, metricName: string): string {
  if (!layout.reduced) return '';
  const parts: string[] = [];
  for (const c of layout.columns) {
    if (c.shown < c.total) parts.push(`${c.shown} of ${c.total} nodes of ${c.name}`);
  }
  const nodes = parts.length ? `Showing ${parts.join(', ')} (those with the strongest connections by ${metricName}); ` : 'Showing ';
  const edges = `${layout.edges.length.toLocaleString('en-US')} of ${layout.totalEdges.toLocaleString('en-US')} weights (the strongest by ${metricName})`;
  const bundles = layout.bundles.length ? '; the bands between the layers stand for all the weights of each pair' : '';
  return `${nodes}${edges}${bundles}.`;
}
