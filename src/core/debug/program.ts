// One training step on one sample as a "program" a debugger can step through: the forward
// pass node by node, the error, the backward pass node by node, each weight's gradient and
// each weight's update. Steps are addressed by index and built on demand (a network with
// thousands of weights keeps no per-step objects); every number comes from the engine
// through the Explainer — the same numbers as the lenses, the hovers and `nnet explain`.
import type { Network } from '../model/network';
import type { Range } from '../types';
import type { Convention } from '../vocabulary';
import { Explainer } from '../explain/derivation';
import { renderStep } from '../explain/render';
import { weightNames } from '../model/lookup';

export type Phase = 'forward' | 'error' | 'backward' | 'gradient' | 'update';

export const PHASE_TITLES: Readonly<Record<Phase, string>> = {
  forward: 'forward pass',
  error: 'error',
  backward: 'backward pass',
  gradient: 'gradients',
  update: 'update',
};

/** A named number shown in Variables; `evaluateName` is how Evaluate/Watch spell it. */
export interface Quantity {
  readonly name: string;
  readonly value: number;
  readonly evaluateName?: string;
  /** Where it is written, when it has a place in the file. */
  readonly range?: Range;
}

/** One operation inside a step (Step Into stops on each): a term of a sum, f′, the product. */
export interface Operation {
  /** `w(I1→H1) · out(I1)` */
  readonly label: string;
  /** With the numbers: `w(I1→H1) · out(I1) = -0.07 × 1 = -0.07`. */
  readonly detail: string;
  readonly value: number;
}

/** One link of the chain rule, innermost first: the Call Stack. */
export interface ChainLink {
  /** `δ(H1) ← δ(O1) via w(H1→O1)` */
  readonly label: string;
  readonly range: Range;
  readonly quantities: readonly Quantity[];
}

export interface ProgramStep {
  readonly index: number;
  readonly phase: Phase;
  /** `out(H1) = sigmoid(net(H1))`, `δ(O1)`, `g(H1→O1)`, `Δw(H1→O1)`, `E`. */
  readonly title: string;
  /** Where the debugger stops: the node's name on its layer line, the weight's line or matrix entry, the sample's line. */
  readonly range: Range;
  /** For node steps: the node; for weight steps: the destination node's layer. */
  readonly layer: number;
  readonly node?: { readonly layer: number; readonly index: number; readonly name: string };
  readonly weight?: { readonly pair: number; readonly index: number; readonly from: string; readonly to: string };
  readonly operations: readonly Operation[];
  /** The quantities of the thing computed (net, out, f′, δ, g, Δw …). */
  readonly variables: readonly Quantity[];
  readonly stack: readonly ChainLink[];
}

interface Segment {
  readonly phase: Phase;
  /** Layer (node phases) or layer pair (weight phases). */
  readonly layer: number;
  readonly start: number;
  readonly count: number;
}

export interface ProgramOptions {
  /** 0-based sample. */
  readonly sample: number;
  readonly convention?: Convention;
}

export class BackpropProgram {
  readonly explainer: Explainer;
  readonly segments: readonly Segment[];
  readonly length: number;
  readonly sample: number;
  readonly convention: Convention;
  private readonly errorIndex: number;

  constructor(
    readonly network: Network,
    options: ProgramOptions,
  ) {
    this.explainer = new Explainer(network, options.sample, options.convention ?? network.convention);
    this.sample = options.sample;
    this.convention = this.explainer.convention;
    const segments: Segment[] = [];
    let start = 0;
    const add = (phase: Phase, layer: number, count: number): void => {
      if (count <= 0) return;
      segments.push({ phase, layer, start, count });
      start += count;
    };
    const layers = network.layers;
    layers.forEach((l, k) => add('forward', k, l.nodes.length));
    this.errorIndex = start;
    add('error', layers.length - 1, 1);
    for (let k = layers.length - 1; k >= 1; k--) add('backward', k, layers[k].nodes.length);
    network.weights.forEach((m, p) => add('gradient', p, m.values.length));
    network.weights.forEach((m, p) => add('update', p, m.values.length));
    this.segments = segments;
    this.length = start;
  }

  get heaton(): boolean {
    return this.convention === 'heaton';
  }

  /** The segment holding step `i` (binary search). */
  segmentOf(i: number): Segment {
    const s = this.segments;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid].start <= i) lo = mid;
      else hi = mid - 1;
    }
    return s[lo];
  }

  /** Step index where each quantity is computed. */
  forwardIndex(layer: number, node: number): number {
    return this.indexIn('forward', layer, node);
  }
  backwardIndex(layer: number, node: number): number {
    return this.indexIn('backward', layer, node);
  }
  gradientIndex(pair: number, weight: number): number {
    return this.indexIn('gradient', pair, weight);
  }
  updateIndex(pair: number, weight: number): number {
    return this.indexIn('update', pair, weight);
  }
  get errorStep(): number {
    return this.errorIndex;
  }

  private indexIn(phase: Phase, layer: number, offset: number): number {
    const s = this.segments.find((x) => x.phase === phase && x.layer === layer);
    return s ? s.start + offset : -1;
  }

  /** Only the range of step `i` (cheap: for breakpoint matching). */
  rangeOf(i: number): Range {
    const seg = this.segmentOf(i);
    const offset = i - seg.start;
    switch (seg.phase) {
      case 'forward':
      case 'backward':
        return this.network.layers[seg.layer].nodes[offset].range;
      case 'error':
        return this.sampleRange();
      default:
        return this.weightRange(seg.layer, offset);
    }
  }

  sampleRange(): Range {
    return this.network.samples[this.sample].range;
  }

  /** The weight's line: its own line, its entry of a matrix, or the `weights … = init` line; else the destination layer line. */
  weightRange(pair: number, index: number): Range {
    const m = this.network.weights[pair];
    const origin = m.origins[index];
    if (!origin) return this.network.layers[pair + 1].range;
    if (origin.kind === 'matrix') return origin.valueRange;
    return origin.range;
  }

  nodeName(layer: number, index: number): string {
    const l = this.network.layers[layer];
    return index < l.nodes.length ? l.nodes[index].name : l.bias!.name;
  }

  gradientSymbol(from: string, to: string): string {
    return this.heaton ? `g(${from}→${to})` : `∂E/∂w(${from}→${to})`;
  }

  step(i: number): ProgramStep {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`step ${i} is outside the program (0 … ${this.length - 1})`);
    const seg = this.segmentOf(i);
    const offset = i - seg.start;
    switch (seg.phase) {
      case 'forward':
        return this.forwardStep(i, seg.layer, offset);
      case 'error':
        return this.errorStepAt(i);
      case 'backward':
        return this.backwardStep(i, seg.layer, offset);
      case 'gradient':
        return this.gradientStep(i, seg.layer, offset);
      case 'update':
        return this.updateStep(i, seg.layer, offset);
    }
  }

  private values(layer: number): { net: Float64Array; out: Float64Array; fprime: Float64Array; delta: Float64Array } {
    return this.explainer.result.layers[layer];
  }

  private nodeQuantities(layer: number, index: number, withDelta: boolean): Quantity[] {
    const name = this.nodeName(layer, index);
    const v = this.values(layer);
    const q: Quantity[] = [
      { name: 'net', value: v.net[index], evaluateName: `net(${name})` },
      { name: 'out', value: v.out[index], evaluateName: `out(${name})` },
      { name: 'f′', value: v.fprime[index], evaluateName: `fprime(${name})` },
    ];
    if (layer === 0) return [{ name: 'out', value: v.out[index], evaluateName: `out(${name})` }];
    if (withDelta) q.push({ name: 'δ', value: v.delta[index], evaluateName: `delta(${name})` });
    return q;
  }

  private forwardStep(i: number, layer: number, index: number): ProgramStep {
    const name = this.nodeName(layer, index);
    const v = this.values(layer);
    const node = { layer, index, name };
    const range = this.network.layers[layer].nodes[index].range;
    const sampleLink: ChainLink = { label: `sample ${this.sample + 1}`, range: this.sampleRange(), quantities: this.sampleQuantities() };
    if (layer === 0) {
      const op: Operation = { label: `out(${name}) = input ${index + 1}`, detail: `out(${name}) = ${v.out[index]}`, value: v.out[index] };
      return {
        index: i,
        phase: 'forward',
        title: `out(${name}) = input ${index + 1}`,
        range,
        layer,
        node,
        operations: [op],
        variables: this.nodeQuantities(0, index, false),
        stack: [{ label: `out(${name}) = input ${index + 1}`, range, quantities: this.nodeQuantities(0, index, false) }, sampleLink],
      };
    }
    const operations: Operation[] = [];
    const m = this.network.weights[layer - 1];
    const w = this.explainer.spec.weights[layer - 1];
    const src = this.values(layer - 1).out;
    const sources = this.network.layers[layer - 1];
    for (let c = 0; c < m.columns; c++) {
      const from = this.nodeName(layer - 1, c);
      const weight = w[index * m.columns + c];
      const out = c < sources.nodes.length ? src[c] : 1;
      const product = weight * out;
      operations.push({ label: `w(${from}→${name}) · out(${from})`, detail: `w(${from}→${name}) · out(${from}) = ${weight} × ${out} = ${product}`, value: product });
    }
    const activation = this.network.layers[layer].activation;
    operations.push({ label: `net(${name}) = Σ w · out`, detail: `net(${name}) = ${operations.map((o) => o.value).join(' + ')} = ${v.net[index]}`, value: v.net[index] });
    operations.push({ label: `out(${name}) = ${activation}(net(${name}))`, detail: `out(${name}) = ${activation}(${v.net[index]}) = ${v.out[index]}`, value: v.out[index] });
    operations.push({ label: `f′(${name}) = ${activation}′(net(${name}))`, detail: `f′(${name}) = ${v.fprime[index]}`, value: v.fprime[index] });
    const title = `out(${name}) = ${activation}(net(${name}))`;
    const terms = operations.slice(0, m.columns).map((o) => ({ name: o.label, value: o.value }));
    return {
      index: i,
      phase: 'forward',
      title,
      range,
      layer,
      node,
      operations,
      variables: [...this.nodeQuantities(layer, index, false), ...terms],
      stack: [{ label: title, range, quantities: this.nodeQuantities(layer, index, false) }, sampleLink],
    };
  }

  sampleQuantities(): Quantity[] {
    const s = this.network.samples[this.sample];
    const first = this.network.layers[0].nodes;
    const last = this.network.layers[this.network.layers.length - 1].nodes;
    const q: Quantity[] = [];
    first.forEach((n, j) => q.push({ name: `input ${n.name}`, value: s.inputs[j], evaluateName: `out(${n.name})` }));
    last.forEach((n, j) => q.push({ name: `ideal(${n.name})`, value: s.targets[j], evaluateName: `ideal(${n.name})` }));
    return q;
  }

  lossQuantities(): Quantity[] {
    const r = this.explainer.result;
    return [
      { name: 'E', value: r.error, evaluateName: 'E' },
      { name: 'Σ (ideal − out)²', value: r.squaredError },
    ];
  }

  lossFormula(): string {
    if (this.network.loss === 'mse') return 'E = ½ · Σ (ideal − out)²';
    const last = this.network.layers[this.network.layers.length - 1];
    return last.activation === 'softmax' ? 'E = −Σ ideal · ln out' : 'E = −Σ [ideal · ln out + (1 − ideal) · ln(1 − out)]';
  }

  private errorStepAt(i: number): ProgramStep {
    const last = this.network.layers.length - 1;
    const v = this.values(last);
    const s = this.network.samples[this.sample];
    const operations: Operation[] = this.network.layers[last].nodes.map((n, j) => {
      const diff = s.targets[j] - v.out[j];
      return { label: `ideal(${n.name}) − out(${n.name})`, detail: `ideal(${n.name}) − out(${n.name}) = ${s.targets[j]} − ${v.out[j]} = ${diff}`, value: diff };
    });
    const formula = this.lossFormula();
    const error = this.explainer.result.error;
    operations.push({ label: formula, detail: `${formula} = ${error}`, value: error });
    const range = this.sampleRange();
    return {
      index: i,
      phase: 'error',
      title: formula,
      range,
      layer: last,
      operations,
      variables: [...this.lossQuantities(), ...operations.slice(0, -1).map((o) => ({ name: o.label, value: o.value }))],
      stack: [{ label: formula, range, quantities: this.lossQuantities() }],
    };
  }

  /** The chain rule from δ of node (layer, index) to E, following the largest |w·δ| at each level. */
  deltaChain(layer: number, index: number): ChainLink[] {
    const links: ChainLink[] = [];
    const layers = this.network.layers;
    let k = layer;
    let r = index;
    while (k < layers.length - 1) {
      const name = this.nodeName(k, r);
      const m = this.network.weights[k];
      const w = this.explainer.spec.weights[k];
      const next = this.values(k + 1).delta;
      let best = 0;
      for (let j = 1; j < layers[k + 1].nodes.length; j++) {
        if (Math.abs(w[j * m.columns + r] * next[j]) > Math.abs(w[best * m.columns + r] * next[best])) best = j;
      }
      const to = this.nodeName(k + 1, best);
      const weight = w[best * m.columns + r];
      links.push({
        label: `δ(${name}) ← δ(${to}) via w(${name}→${to})`,
        range: this.weightRange(k, best * m.columns + r),
        quantities: [
          { name: `w(${name}→${to})`, value: weight, evaluateName: `w(${name}->${to})` },
          { name: `δ(${to})`, value: next[best], evaluateName: `delta(${to})` },
          { name: `w(${name}→${to}) · δ(${to})`, value: weight * next[best] },
        ],
      });
      k++;
      r = best;
    }
    const outName = this.nodeName(k, r);
    const step = this.explainer.explainNode(outName)?.steps[0];
    links.push({ label: `δ(${outName}) ← E via out(${outName}) − ideal(${outName})`, range: layers[k].nodes[r].range, quantities: this.nodeQuantities(k, r, true) });
    if (step) links[links.length - 1] = { ...links[links.length - 1], label: `δ(${outName}) = ${step.formula}` };
    links.push({ label: this.lossFormula(), range: this.sampleRange(), quantities: this.lossQuantities() });
    return links;
  }

  private backwardStep(i: number, layer: number, index: number): ProgramStep {
    const name = this.nodeName(layer, index);
    const derivation = this.explainer.explainNode(name)!;
    const range = this.network.layers[layer].nodes[index].range;
    const operations: Operation[] = [];
    const variables: Quantity[] = this.nodeQuantities(layer, index, true);
    if (derivation.layer === 'output') {
      const s = derivation.steps[0];
      for (const t of s.terms) operations.push({ label: t.symbol, detail: `${t.symbol} = ${t.value}`, value: t.value });
      operations.push({ label: `${s.symbol} = ${s.formula}`, detail: renderStep(s, { precision: 17 }), value: s.value });
      for (const t of s.terms) if (t.symbol.startsWith('ideal')) variables.push({ name: t.symbol, value: t.value, evaluateName: `ideal(${name})` });
    } else {
      let sum = 0;
      for (const f of derivation.feeders) {
        sum += f.product;
        const label = `w(${name}→${f.node}) · δ(${f.node})`;
        operations.push({ label, detail: `${label} = ${f.weight} × ${f.delta} = ${f.product}`, value: f.product });
        variables.push({ name: label, value: f.product });
      }
      operations.push({ label: `Σ w · δ`, detail: `Σ w · δ = ${operations.map((o) => o.value).join(' + ')} = ${sum}`, value: sum });
      operations.push({ label: `f′(${name})`, detail: `f′(${name}) = ${derivation.fprime}`, value: derivation.fprime });
      operations.push({ label: `δ(${name}) = f′(${name}) · Σ w · δ`, detail: `δ(${name}) = ${derivation.fprime} × ${sum} = ${derivation.delta}`, value: derivation.delta });
    }
    const own = derivation.steps[0];
    const title = own ? `δ(${name}) = ${own.formula}` : `δ(${name})`;
    const chain = this.deltaChain(layer, index);
    // The innermost link is this node's own δ.
    const stack = derivation.layer === 'output' ? [{ label: title, range, quantities: this.nodeQuantities(layer, index, true) }, ...chain.slice(1)] : [{ label: title, range, quantities: this.nodeQuantities(layer, index, true) }, ...chain];
    return { index: i, phase: 'backward', title, range, layer, node: { layer, index, name }, operations, variables, stack };
  }

  weightQuantities(pair: number, index: number, upTo: Phase): Quantity[] {
    const { from, to } = weightNames(this.network, pair, index);
    const q: Quantity[] = [{ name: 'w', value: this.explainer.spec.weights[pair][index], evaluateName: `w(${from}->${to})` }];
    q.push({ name: this.heaton ? 'g' : '∂E/∂w', value: this.explainer.result.gradients[pair][index], evaluateName: `grad(${from}->${to})` });
    if (upTo === 'update') {
      const next = this.explainer.nextUpdateAt(pair, index);
      q.push({ name: 'Δw', value: next.deltaW, evaluateName: `dw(${from}->${to})` }, { name: 'w + Δw', value: next.newValue, evaluateName: `w(${from}->${to}) + dw(${from}->${to})` });
    }
    return q;
  }

  private gradientStep(i: number, pair: number, index: number): ProgramStep {
    const { from, to } = weightNames(this.network, pair, index);
    const m = this.network.weights[pair];
    const row = Math.floor(index / m.columns);
    const column = index % m.columns;
    const d = this.explainer.nodeTerm('δ', pair + 1, row);
    const o = this.explainer.nodeTerm('out', pair, column);
    const g = this.explainer.result.gradients[pair][index];
    const symbol = this.gradientSymbol(from, to);
    const range = this.weightRange(pair, index);
    const operations: Operation[] = [
      { label: d.symbol, detail: `${d.symbol} = ${d.value}`, value: d.value },
      { label: o.symbol, detail: `${o.symbol} = ${o.value}${column >= this.network.layers[pair].nodes.length ? ' (a bias outputs 1)' : ''}`, value: o.value },
      { label: `${symbol} = ${d.symbol} · ${o.symbol}`, detail: `${symbol} = ${d.value} × ${o.value} = ${g}`, value: g },
    ];
    const title = `${symbol} = ${d.symbol} · ${o.symbol}`;
    const quantities = this.weightQuantities(pair, index, 'gradient');
    const chain = this.deltaChain(pair + 1, row);
    const destinationLink: ChainLink = { label: `${symbol} ← ${d.symbol} · ${o.symbol}`, range: this.network.layers[pair + 1].nodes[row].range, quantities: [{ name: d.symbol, value: d.value, evaluateName: `delta(${to})` }, { name: o.symbol, value: o.value, evaluateName: `out(${from})` }] };
    return {
      index: i,
      phase: 'gradient',
      title,
      range,
      layer: pair + 1,
      weight: { pair, index, from, to },
      operations,
      variables: [...quantities, { name: d.symbol, value: d.value, evaluateName: `delta(${to})` }, { name: o.symbol, value: o.value, evaluateName: `out(${from})` }],
      stack: [{ label: title, range, quantities }, destinationLink, ...chain],
    };
  }

  private updateStep(i: number, pair: number, index: number): ProgramStep {
    const { from, to } = weightNames(this.network, pair, index);
    const next = this.explainer.nextUpdateAt(pair, index);
    const range = this.weightRange(pair, index);
    const w = this.explainer.spec.weights[pair][index];
    const operations: Operation[] = next.terms.map((t) => ({ label: t.symbol, detail: `${t.symbol} = ${t.value}`, value: t.value }));
    operations.push({ label: next.formula, detail: `${next.formula} = ${next.deltaW}${next.fixed ? ' (fixed: no change)' : ''}`, value: next.deltaW });
    operations.push({ label: `w(${from}→${to}) ← w + Δw`, detail: `w(${from}→${to}) ← ${w} + ${next.deltaW} = ${next.newValue}`, value: next.newValue });
    const title = `Δw(${from}→${to}): ${next.formula}`;
    const quantities = this.weightQuantities(pair, index, 'update');
    const gradient = this.gradientStep(this.gradientIndex(pair, index), pair, index);
    return {
      index: i,
      phase: 'update',
      title,
      range,
      layer: pair + 1,
      weight: { pair, index, from, to },
      operations,
      variables: [...quantities, ...next.terms.map((t) => ({ name: t.symbol, value: t.value }))],
      stack: [{ label: `Δw(${from}→${to}) ← ${this.gradientSymbol(from, to)}${next.basis === 'batch' ? ' (Σ over samples)' : ''}`, range, quantities }, ...gradient.stack],
    };
  }
}
