// What the gradient lenses and inlay hints say, as plain data: each node's δ on its layer line,
// each weight's gradient and next Δw on its line (matrix rows too), "Use this sample" on sample
// lines. Lenses are placed by the *current* syntax tree and filled from the last results by
// name, so they never land on a line that moved; values computed for an older version are
// marked stale.
import { nodeRefName } from '../model/build';
import type { Layer, Network } from '../model/network';
import { layerByName, nodeByName, sourcesOf } from '../model/lookup';
import { formatNumber } from '../explain/format-number';
import type { LayerStatement, Statement, WeightStatement, WeightsStatement } from '../syntax/ast';
import type { Position, Range } from '../types';
import { isStale, weightIn, type GradientResults, type GradientView } from './gradients';

/** Command ids lenses and hovers name (the editor or the language server carries them out). */
export const GRADIENT_COMMANDS = {
  compute: 'nnet.computeGradients',
  useSample: 'nnet.useSample',
  explain: 'nnet.showExplanation',
} as const;

export interface LensCommand {
  readonly id: string;
  /** JSON values: the document URI first, then a sample index or a position. */
  readonly arguments: readonly unknown[];
}

/** One lens: its line, its text, and what clicking it does (nothing for a label). */
export interface LensData {
  readonly range: Range;
  readonly title: string;
  readonly tooltip?: string;
  readonly command?: LensCommand;
}

/** A weight line's lens before its text is filled in (`codeLens/resolve`): enough to find the weight again. */
export interface WeightLensKey {
  readonly kind: 'weight';
  readonly from: string;
  readonly to: string;
  /** The value's position (the lens click shows the derivation there). */
  readonly at: Position;
}

export type LensOrPending = LensData | { readonly range: Range; readonly pending: WeightLensKey };

/** Layers with more nodes than this get one summary lens instead of one lens per node. */
const NODES_PER_LINE = 6;
/** Longest matrix-row lens text. */
const MAX_TITLE = 300;

export function gradientSymbol(results: GradientResults): string {
  return results.convention === 'heaton' ? 'g' : '∂E/∂w';
}

function staleMarks(view: GradientView): { stale: string; staleTip: string } {
  const stale = isStale(view) ? ' (stale)' : '';
  return { stale, staleTip: stale ? '\nEdited since computed: save, or run NNet: Compute Gradients.' : '' };
}

/** `∂E/∂w 0.016758 · next Δw 0.011731`, plus the applied step and the trained value when present. */
function weightSummary(view: GradientView, from: string, to: string): string | undefined {
  const results = view.results;
  const w = results?.weight(from, to);
  if (!results || !w) return undefined;
  const f = (x: number): string => formatNumber(x, view.settings.precision);
  const parts = [`${gradientSymbol(results)} ${f(w.gradient)}`, w.fixed ? 'fixed' : `next Δw ${f(results.deltaW(w.layer)[w.index])}`];
  const applied = weightIn(view.applied, from, to);
  const trained = weightIn(view.trained, from, to);
  if (applied !== undefined) parts.push(`Δw applied ${applied >= 0 ? '+' : ''}${f(applied)}`);
  if (trained !== undefined) parts.push(`trained ${f(trained)}`);
  return parts.join(' · ') + staleMarks(view).stale;
}

/** The lens of one weight line (the text of a pending lens); undefined when the results have no such weight. */
export function weightLens(view: GradientView, range: Range, key: WeightLensKey): LensData | undefined {
  const title = weightSummary(view, key.from, key.to);
  const results = view.results;
  if (title === undefined || !results) return undefined;
  return {
    range,
    title,
    tooltip: `Weight ${key.from} → ${key.to} for sample ${results.sample + 1}; click for the derivation${staleMarks(view).staleTip}`,
    command: { id: GRADIENT_COMMANDS.explain, arguments: [view.uri, key.at] },
  };
}

/** Which lenses `gradientLenses` makes. */
export interface LensOptions {
  /** Weight lines come back pending (to be filled by `weightLens` when the editor shows them). */
  readonly lazyWeights?: boolean;
  /** Only the lenses of statements that touch these lines (0-based, inclusive), complete. */
  readonly lines?: { readonly start: number; readonly end: number };
}

/**
 * Every lens of the document, or of `lines`. With `lazyWeights`, weight lines come back pending:
 * a file of 100k weight lines then costs one pass over the tree, not 100k formatted titles;
 * with `lines`, only the statements on those lines make lenses (what an editor shows).
 */
export function gradientLenses(view: GradientView, options: LensOptions = {}): LensOrPending[] {
  const { check, results, settings } = view;
  const tree = check.tree;
  const lenses: LensOrPending[] = [];
  const lines = options.lines;
  const outside = (r: Range): boolean => !!lines && (r.end.line < lines.start || r.start.line > lines.end);
  if (!results) {
    const first = tree.statements.find((s) => s.kind === 'layer') ?? tree.statements[0];
    if (first && !outside(first.range)) {
      lenses.push({
        range: first.range,
        title: '$(play) Compute gradients',
        tooltip: 'Run the forward and backward pass for the active sample',
        command: { id: GRADIENT_COMMANDS.compute, arguments: [view.uri] },
      });
    }
  }
  const f = (x: number): string => formatNumber(x, settings.precision);
  const { stale } = staleMarks(view);
  const statements = tree.statements;
  // With `lines`, start at the first statement that reaches them (statements are in line order;
  // a range is made on each read, so 100k of them are not read), counting the samples before it.
  const from = lines ? firstReaching(statements, lines.start) : 0;
  let sampleIndex = -1;
  for (let i = 0; i < from; i++) if (statements[i].kind === 'sample') sampleIndex++;
  for (let i = from; i < statements.length; i++) {
    const s = statements[i];
    if (s.kind === 'sample') sampleIndex++;
    if (lines && s.range.start.line > lines.end) break; // past the lines
    if (outside(s.range)) continue;
    if (s.kind === 'layer' && results && settings.deltaLenses) {
      for (const lens of layerLenses(view, s, results)) lenses.push(lens);
    } else if (s.kind === 'weight' && results && settings.gradientLenses && settings.gradientDisplay === 'codelens') {
      const key = weightKey(s);
      if (options.lazyWeights) {
        if (results.weight(key.from, key.to)) lenses.push({ range: s.range, pending: key });
      } else {
        const lens = weightLens(view, s.range, key);
        if (lens) lenses.push(lens);
      }
    } else if (s.kind === 'weights' && results && settings.gradientLenses) {
      for (const lens of matrixLenses(view, s, results)) lenses.push(lens);
    } else if (s.kind === 'sample' && settings.sampleLenses && check.network && !check.hasErrors) {
      const index = sampleIndex;
      lenses.push(
        index === view.activeSample
          ? { range: s.range, title: results ? `● active sample · E ${f(results.error)}${stale}` : '● active sample', tooltip: 'Lenses and hovers show this sample' }
          : { range: s.range, title: 'Use this sample', tooltip: 'Show δ and gradients for this sample', command: { id: GRADIENT_COMMANDS.useSample, arguments: [view.uri, index] } },
      );
    }
  }
  return lenses;
}

/** Index of the first statement whose range ends on `line` or later. */
function firstReaching(statements: readonly Statement[], line: number): number {
  let lo = 0;
  let hi = statements.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (statements[mid].range.end.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function weightKey(s: WeightStatement): WeightLensKey {
  return { kind: 'weight', from: nodeRefName(s.from), to: nodeRefName(s.to), at: s.value.range.start };
}

function layerLenses(view: GradientView, s: LayerStatement, results: GradientResults): LensData[] {
  const f = (x: number): string => formatNumber(x, view.settings.precision);
  const { stale, staleTip } = staleMarks(view);
  const network = view.check.network;
  const layer = network && layerByName(network, s.name.text);
  const names = layer ? layer.nodes.map((n) => n.name) : s.nodes.flatMap((n) => (n.kind === 'single' ? [n.name.text] : []));
  const isInput = network ? layer?.index === 0 : false;
  // Values come from the results' network (which may be an older version's): looked up by name.
  const values: NodeValues[] = [];
  for (const name of names) {
    const v = nodeValues(results, name);
    if (v) values.push(v);
  }
  if (values.length === 0) return [];
  if (values.length > NODES_PER_LINE) return [{ range: s.range, title: summariseLayer(values, isInput, f) + stale }];
  return values.map((v) => {
    const spec = s.nodes.find((n) => n.kind === 'single' && n.name.text === v.name);
    const at = spec ? spec.range.start : s.range.start;
    return {
      range: s.range,
      title: isInput ? `${v.name} = ${f(v.out)}${stale}` : `δ(${v.name}) ${f(v.delta)}${stale}`,
      tooltip: isInput
        ? `Input ${v.name} for sample ${results.sample + 1}`
        : `net ${f(v.net)}, out ${f(v.out)}, f′ ${f(v.fprime)}, δ ${f(v.delta)} (${results.convention}); click for the derivation${staleTip}`,
      command: { id: GRADIENT_COMMANDS.explain, arguments: [view.uri, at] },
    };
  });
}

export interface NodeValues {
  readonly name: string;
  readonly net: number;
  readonly out: number;
  readonly fprime: number;
  readonly delta: number;
}

/** A node's numbers from the results (ordinary nodes only). */
function nodeValues(results: GradientResults, name: string): NodeValues | undefined {
  const node = nodeByName(results.network, name);
  if (!node || node.isBias) return undefined;
  const v = results.explainer.result.layers[node.layer];
  const i = node.index;
  return { name, net: v.net[i], out: v.out[i], fprime: v.fprime[i], delta: v.delta[i] };
}

function matrixLenses(view: GradientView, s: WeightsStatement, results: GradientResults): LensData[] {
  const f = (x: number): string => formatNumber(x, view.settings.precision);
  const { stale } = staleMarks(view);
  const network = view.check.network;
  const pair = network ? layerPair(network, s) : undefined;
  if (!pair) return [];
  const [from, to] = pair;
  const sources = sourcesOf(network!, from.index).map((n) => n.name);
  const symbol = gradientSymbol(results);
  // The engine's array of the pair (row = destination, column = source), read by index; by name
  // only when stale results were computed for a network of another shape.
  const m = results.network.weights[from.index];
  const grads = results.explainer.result.gradients[from.index];
  const byIndex = !!m && !!grads && m.to === to.index && m.rows === to.nodes.length && m.columns === sources.length;
  const gradientOf = (r: number, c: number): number => (byIndex ? grads[r * m.columns + c] : (results.weight(sources[c], to.nodes[r].name)?.gradient ?? NaN));
  let worst = { value: 0, from: '', to: '' };
  for (let r = 0; r < to.nodes.length; r++) {
    for (let c = 0; c < sources.length; c++) {
      const g = gradientOf(r, c);
      if (Math.abs(g) > Math.abs(worst.value)) worst = { value: g, from: sources[c], to: to.nodes[r].name };
    }
  }
  const lenses: LensData[] = [{ range: s.range, title: `${symbol}: ${to.nodes.length}×${sources.length}, largest |${symbol}| ${f(Math.abs(worst.value))} (${worst.from} → ${worst.to})${stale}` }];
  if (s.value.kind === 'matrix' && s.value.rows.length === to.nodes.length && view.settings.gradientDisplay === 'codelens') {
    s.value.rows.forEach((row, r) => {
      const dest = to.nodes[r].name;
      let title = `${dest}: ${symbol} [`;
      for (let c = 0; c < sources.length && title.length <= MAX_TITLE; c++) title += `${c ? ', ' : ''}${f(gradientOf(r, c))}`;
      title += `]${stale}`;
      lenses.push({ range: row.range, title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE)}…` : title });
    });
  }
  return lenses;
}

function summariseLayer(values: readonly NodeValues[], isInput: boolean, f: (x: number) => string): string {
  const key = (v: NodeValues): number => (isInput ? v.out : v.delta);
  let lo = values[0];
  let hi = values[0];
  let big = values[0];
  for (const v of values) {
    if (key(v) < key(lo)) lo = v;
    if (key(v) > key(hi)) hi = v;
    if (Math.abs(key(v)) > Math.abs(key(big))) big = v;
  }
  const what = isInput ? 'inputs' : 'δ';
  return `${values.length} nodes · ${what} from ${f(key(lo))} (${lo.name}) to ${f(key(hi))} (${hi.name}) · largest |${what}| ${big.name}`;
}

/** The two layers a `weights` statement connects (by layer name or array alias). */
export function layerPair(network: Network, s: WeightsStatement): [Layer, Layer] | undefined {
  const from = layerByName(network, s.from.text);
  const to = layerByName(network, s.to.text);
  return from && to && to.index === from.index + 1 ? [from, to] : undefined;
}

/** An inlay hint: text at the end of a line. */
export interface InlayHintData {
  readonly position: Position;
  readonly label: string;
}

/**
 * Weight gradients as inlay hints at the end of each weight line in `lines` (setting
 * `gradients.display = inlayHints`); `lineEnd(line)` is the line's length.
 */
export function gradientInlayHints(view: GradientView, lines: { readonly start: number; readonly end: number }, lineEnd: (line: number) => number): InlayHintData[] {
  const { settings, results } = view;
  if (settings.gradientDisplay !== 'inlayHints' || !settings.gradientLenses || !results) return [];
  const hints: InlayHintData[] = [];
  for (const s of view.check.tree.statements) {
    if (s.range.end.line < lines.start || s.range.start.line > lines.end || s.kind !== 'weight') continue;
    const key = weightKey(s);
    const label = weightSummary(view, key.from, key.to);
    if (label !== undefined) hints.push({ position: { line: s.range.end.line, character: lineEnd(s.range.end.line) }, label });
  }
  return hints;
}
