// The graph panel's view model, built from the model and the engine's results: what the
// webview draws (GraphModel), E along the selected weight (CurveView), the output over the
// input plane (MapView), and which edges are written on which line (for cursor-follows).
// Pure: no editor, no webview; the panel only posts what these return.
import { trainOptionsOf } from '../engine/train';
import type { Explainer } from '../explain/derivation';
import { splitWeightKey, weightAt, weightKey } from '../model/lookup';
import type { Network, WeightOrigin } from '../model/network';
import type { Range } from '../types';
import type { Convention } from '../vocabulary';
import { describeTrainer } from '../wording';
import { describeBasis, weightCurve } from './curve';
import { buildImageView } from './data-views';
import { describeReduction, layoutNetwork, type GraphLayout } from './layout';
import { hasInputPlane, outputMap, planeBounds } from './output-map';
import { num, type BundleView, type CurveView, type EdgeMetric, type EdgeView, type GraphModel, type MapView, type NodeView } from './view';
import { toEngineSpec } from '../engine/spec';

/** Above samples × weights of this size the E(w) chart over the whole set is not drawn (it would hold up the editor). */
const CURVE_WORK_LIMIT = 2e8;
/** Above samples × weights of this size the panel leaves out the batch Δw of each edge (the lenses still have it). */
const BATCH_WORK_LIMIT = 2e7;
/** Inputs and targets of the active sample shown in the panel. */
const SAMPLE_VALUES_SHOWN = 8;
/** Samples drawn on the input-plane map. */
const MAP_SAMPLES = 2000;

export interface GraphModelInput {
  readonly network: Network;
  /** The active sample's numbers; undefined when the file has no samples. */
  readonly explainer?: Explainer;
  readonly convention: Convention;
  readonly metric: EdgeMetric;
  /** Significant digits. */
  readonly precision: number;
  readonly uri: string;
  readonly fileName: string;
  readonly version: number;
  /** Trained weights are waiting to be applied to this version. */
  readonly trainedWaiting: boolean;
}

function originLine(origin: WeightOrigin | undefined): number {
  if (!origin) return -1;
  return origin.kind === 'init' ? origin.range.start.line : origin.valueRange.start.line;
}

function totalWeights(network: Network): number {
  return network.weights.reduce((n, w) => n + w.values.length, 0);
}

function nodeViews(layout: GraphLayout, explainer: Explainer | undefined): NodeView[] {
  return layout.nodes.map((n) => {
    const values = explainer?.result.layers[n.layer];
    const ordinary = !n.bias && values;
    return {
      name: n.name,
      layer: n.layer,
      index: n.index,
      bias: n.bias,
      x: n.x,
      y: n.y,
      r: n.r,
      net: ordinary ? num(values.net[n.index]) : null,
      out: n.bias ? 1 : ordinary ? num(values.out[n.index]) : null,
      fprime: ordinary ? num(values.fprime[n.index]) : null,
      delta: ordinary && n.layer > 0 ? num(values.delta[n.index]) : null,
    };
  });
}

function edgeViews(network: Network, layout: GraphLayout, explainer: Explainer | undefined): EdgeView[] {
  const batchAffordable = network.samples.length * totalWeights(network) <= BATCH_WORK_LIMIT;
  return layout.edges.map((e) => {
    const m = network.weights[e.layer];
    const origin = m.origins[e.index];
    let deltaW: EdgeView['deltaW'] = null;
    if (explainer) {
      const next = explainer.nextUpdateAt(e.layer, e.index);
      if (next.basis === 'sample' || batchAffordable) deltaW = num(next.deltaW);
    }
    return {
      id: weightKey(e.from, e.to),
      from: e.from,
      to: e.to,
      layer: e.layer,
      index: e.index,
      weight: num(m.values[e.index]),
      gradient: explainer ? num(explainer.result.gradients[e.layer][e.index]) : null,
      deltaW,
      fixed: m.fixed[e.index] === 1,
      line: originLine(origin),
      source: origin?.kind ?? 'none',
    };
  });
}

function bundleViews(layout: GraphLayout): BundleView[] {
  return layout.bundles.map((b) => ({
    ...b,
    meanAbs: num(b.meanAbs) ?? 0,
    maxAbs: num(b.maxAbs) ?? 0,
    fromX: layout.columns[b.layer].x,
    toX: layout.columns[b.layer + 1].x,
  }));
}

/** Everything the webview draws for one document version. */
export function buildGraphModel(input: GraphModelInput): GraphModel {
  const { network, explainer } = input;
  const byGradient = input.metric === 'gradient' && explainer;
  const layout = layoutNetwork(network, { metric: byGradient ? explainer.result.gradients : network.weights.map((w) => w.values) });
  const count = network.samples.length;
  // The active sample may be a held-out one (NNet: Show Misclassified Samples).
  const s = explainer?.active;
  return {
    uri: input.uri,
    fileName: input.fileName,
    version: input.version,
    title: network.name ?? '',
    convention: input.convention,
    loss: network.loss,
    trainer: describeTrainer(network),
    precision: input.precision,
    metric: input.metric,
    width: layout.width,
    height: layout.height,
    detail: layout.detail,
    nodes: nodeViews(layout, explainer),
    edges: edgeViews(network, layout, explainer),
    columns: layout.columns.map((c) => ({ ...c, activation: network.layers[c.layer].activation, moreY: c.moreY ?? null })),
    bundles: bundleViews(layout),
    reduction: describeReduction(layout, byGradient ? '|gradient|' : '|weight|'),
    sample:
      explainer && s
        ? {
            index: explainer.sample,
            count,
            inputs: Array.from(s.inputs.subarray(0, SAMPLE_VALUES_SHOWN), (x) => num(x) ?? 0),
            targets: Array.from(s.targets.subarray(0, SAMPLE_VALUES_SHOWN), (x) => num(x) ?? 0),
            truncated: s.inputs.length > SAMPLE_VALUES_SHOWN || s.targets.length > SAMPLE_VALUES_SHOWN,
          }
        : null,
    error: explainer ? num(explainer.result.error) : null,
    stale: count ? '' : 'The file has no samples: add `sample` lines (or a `data` line) to see out, δ and gradients.',
    trainedWaiting: input.trainedWaiting,
    outputs: network.layers[network.layers.length - 1].nodes.map((n) => n.name),
    image: explainer ? buildImageView(network, explainer) : null,
  };
}

/** Whether the file's trainer updates after each sample (the E(w) chart then needs one sample only). */
function isOnline(network: Network, count: number): boolean {
  const o = trainOptionsOf(network.train);
  return count === 1 || (o.method !== 'rprop' && o.batchSize === 1);
}

/** E along the weight `edge` (`FROM->TO`), `zoom` times the default interval; or why there is none. */
export function buildCurveView(network: Network, explainer: Explainer | undefined, edge: string | null, zoom: number): { curve: CurveView | null; note: string } {
  if (!edge) return { curve: null, note: '' };
  if (!explainer) return { curve: null, note: 'E(w) needs samples: add `sample` lines or a `data` line.' };
  const names = splitWeightKey(edge);
  const at = names && weightAt(network, names.from, names.to);
  if (!at) return { curve: null, note: '' };
  const count = explainer.data.count;
  const weights = totalWeights(network);
  if (count > 1 && count * weights > CURVE_WORK_LIMIT && !isOnline(network, count)) {
    return {
      curve: null,
      note: `The trainer follows E summed over all ${count.toLocaleString('en-US')} samples; drawing it along ${edge} (${weights.toLocaleString('en-US')} weights) would hold up the editor, so the chart is left out for this file. The lenses and hovers still show this weight's gradient and next Δw.`,
    };
  }
  const base = weightCurve(explainer, at.layer, at.index);
  const curve = zoom === 1 ? base : weightCurve(explainer, at.layer, at.index, { halfWidth: base.halfWidth * zoom });
  return {
    curve: {
      edge,
      from: curve.from,
      to: curve.to,
      basis: curve.basis,
      caption: describeBasis(curve),
      convention: curve.convention,
      value: curve.value,
      error: num(curve.error),
      slope: num(curve.slope),
      gradient: num(curve.gradient),
      fixed: curve.fixed,
      next: curve.next ? { ...curve.next, error: num(curve.next.error) } : null,
      halfWidth: curve.halfWidth,
      values: Array.from(curve.values),
      errors: Array.from(curve.errors, (e) => num(e)),
    },
    note: '',
  };
}

/**
 * The output node `output` over the plane of the two inputs; null when the network does not
 * have exactly two. `weights` (with `source`) replace the file's: trained weights waiting to
 * be applied, or a training run's snapshot.
 */
export function buildMapView(
  network: Network,
  explainer: Explainer | undefined,
  output: number,
  weights?: { readonly values: readonly Float64Array[]; readonly source: 'trained' | 'training' },
): MapView | null {
  const spec = toEngineSpec(network);
  if (!hasInputPlane(spec)) return null;
  const replaced = weights && weights.values.length === spec.weights.length && weights.values.every((w, k) => w.length === spec.weights[k].length);
  if (replaced) weights.values.forEach((w, k) => spec.weights[k].set(w));
  const bounds = explainer ? planeBounds(explainer.data) : { x: [-1, 1] as const, y: [-1, 1] as const };
  const outputs = network.layers[network.layers.length - 1];
  const o = Math.min(output, outputs.nodes.length - 1);
  const map = outputMap(spec, { ...bounds, output: o });
  const activation = outputs.activation;
  const [low, high] =
    activation === 'sigmoid' || activation === 'softmax' ? [0, 1] : activation === 'tanh' ? [-1, 1] : map.max > map.min ? [map.min, map.max] : [map.min - 0.5, map.max + 0.5];
  return {
    output: o,
    outputName: outputs.nodes[o].name,
    xName: network.layers[0].nodes[0].name,
    yName: network.layers[0].nodes[1].name,
    x: [map.x[0], map.x[1]],
    y: [map.y[0], map.y[1]],
    resolution: map.resolution,
    values: Array.from(map.values, (v) => num(v)),
    low: num(low) ?? 0,
    high: num(high) ?? 1,
    samples: network.samples.slice(0, MAP_SAMPLES).map((s, i) => ({
      x: num(s.inputs[0]) ?? 0,
      y: num(s.inputs[1]) ?? 0,
      target: num(s.targets[o]),
      active: i === explainer?.sample,
    })),
    weights: replaced ? weights.source : 'file',
  };
}

/** An edge written in the text: its key and the range its value (weight line or matrix entry) occupies. */
export interface WrittenEdge {
  readonly id: string;
  readonly range: Range;
}

/** Weight lines and matrix entries by zero-based line: the edges written there. */
export function writtenEdges(network: Network): Map<number, WrittenEdge[]> {
  const lines = new Map<number, WrittenEdge[]>();
  network.weights.forEach((m, k) => {
    const source = network.layers[k];
    const target = network.layers[k + 1];
    for (let i = 0; i < m.origins.length; i++) {
      const origin = m.origins[i];
      if (!origin || origin.kind === 'init') continue;
      const c = i % m.columns;
      const from = c < source.nodes.length ? source.nodes[c].name : source.bias?.name;
      const to = target.nodes[Math.floor(i / m.columns)]?.name;
      if (!from || !to) continue;
      const range = origin.kind === 'matrix' ? origin.valueRange : origin.range;
      const entry = { id: weightKey(from, to), range };
      const list = lines.get(range.start.line);
      if (list) list.push(entry);
      else lines.set(range.start.line, [entry]);
    }
  });
  return lines;
}
