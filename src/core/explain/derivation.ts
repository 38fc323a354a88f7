// Explanations as data: the chain-rule derivation of one weight's gradient or one node's δ,
// with the real numbers, what the number means, and the update training would apply next.
// Renderers (render.ts) turn this into Markdown or plain text; nobody rebuilds the math.
import type { Network, Sample } from '../model/network';
import type { Range } from '../types';
import type { Convention } from '../vocabulary';
import { createWorkspace, forward, outputDelta, simplifiedOutputDelta, type EngineSpec } from '../engine/kernel';
import { computeSampleWith, conventionSign, type SampleResult } from '../engine/compute';
import { allSampleCount, networkSampleSet, sampleAt, toEngineSpec, type SampleSet } from '../engine/spec';
import { nodeByName, weightAt, weightNames } from '../model/lookup';
import { batchGradients } from '../engine/gradcheck';
import { firstMiniBatch, trainOptionsOf } from '../engine/train';
import { firstDeltaW, updateRule } from '../engine/update-rule';
import { ACTIVATION_FORMULAS } from '../engine/activations';
import { roundedPass, TEXTBOOK_PLACES } from './textbook';

/** One named quantity in a derivation, e.g. δ(O1) = 0.0452. */
export interface Term {
  /** Symbol as shown: `δ(O1)`, `out(H1)`, `w(H1→O1)`. */
  readonly symbol: string;
  readonly value: number;
  /** The node or weight the value belongs to, so a UI can link to it. */
  readonly source?: { readonly kind: 'node'; readonly name: string } | { readonly kind: 'weight'; readonly from: string; readonly to: string };
  /** Where it is written in the file, when it is. */
  readonly range?: Range;
}

/** One step `symbol = formula = substituted = value`. */
export interface Step {
  readonly symbol: string;
  /** Symbolic right-hand side, e.g. `δ(O1) · out(H1)`. */
  readonly formula: string;
  /** Terms in the order the formula uses them. */
  readonly terms: readonly Term[];
  /** How the terms combine, so renderers can print `0.0452 × 0.3705`: product, sum of products, or custom text. */
  readonly combine: 'product' | 'product-minus' | 'difference-of-product' | 'difference-product' | 'negated-difference-product' | 'sum-of-products-times' | 'difference' | 'negated-difference';
  readonly value: number;
}

/** A downstream node whose δ feeds a hidden node's δ. */
export interface Feeder {
  readonly node: string;
  readonly weight: number;
  readonly delta: number;
  readonly product: number;
}

export interface Meaning {
  /** The nudge to the weight (or to the node's net). */
  readonly nudge: number;
  /** ΔE the gradient predicts: nudge · ∂E/∂x. */
  readonly predicted: number;
  /** ΔE measured by re-running the forward pass with the nudge (weights only). */
  readonly actual?: number;
}

export interface NextUpdate {
  readonly method: 'backprop' | 'rprop' | 'adam';
  /** The update rule in the file's convention. */
  readonly formula: string;
  readonly terms: readonly Term[];
  /** Δw. */
  readonly deltaW: number;
  /** w after the update. */
  readonly newValue: number;
  /** Which gradient the update uses: this sample's (online) or the sum over the batch. */
  readonly basis: 'sample' | 'batch';
  readonly fixed: boolean;
}

export interface ConventionNote {
  readonly convention: Convention;
  /** How this value relates to the other convention's. */
  readonly relation: string;
  readonly otherConvention: Convention;
  readonly otherValue: number;
}

export interface WeightDerivation {
  readonly kind: 'weight';
  readonly from: string;
  readonly to: string;
  readonly sample: number;
  readonly value: number;
  readonly gradient: number;
  readonly steps: readonly Step[];
  readonly convention: ConventionNote;
  readonly meaning: Meaning;
  readonly next: NextUpdate;
  readonly range?: Range;
  /** How the destination node's δ was formed. */
  readonly via?: NodeDerivation;
}

export interface NodeDerivation {
  readonly kind: 'node';
  readonly node: string;
  readonly layer: 'input' | 'hidden' | 'output';
  readonly sample: number;
  readonly net: number;
  readonly out: number;
  readonly fprime: number;
  readonly delta: number;
  /** `f(net)` and `f′` formulas of the node's activation. */
  readonly activation: { readonly name: string; readonly f: string; readonly fprime: string };
  readonly steps: readonly Step[];
  readonly feeders: readonly Feeder[];
  readonly convention: ConventionNote;
  /** ΔE ≈ nudge · ∂E/∂net. */
  readonly meaning: Meaning;
  /**
   * δ as a hand calculation gets it, with hidden outputs rounded to two decimals (see
   * textbook.ts), when that differs from the exact δ by more than 0.01 %.
   */
  readonly textbook?: { readonly places: number; readonly delta: number; readonly relativeDifference: number };
}

export type Derivation = WeightDerivation | NodeDerivation;

const NUDGE = 0.01;

/** Shared context: one forward/backward pass of one sample. */
export class Explainer {
  readonly spec: EngineSpec;
  /** The training samples (batch gradients are summed over them). */
  readonly data: SampleSet;
  /** The explained sample: a training sample, or a held-out one (index ≥ the training count; see `sampleAt`). */
  readonly active: Sample;
  readonly result: SampleResult;
  readonly convention: Convention;
  private batchGradientsCache?: Float64Array[];
  /** Samples in the first mini-batch, when the trainer uses mini-batches smaller than the set. */
  private batchCount?: number;

  constructor(
    readonly network: Network,
    readonly sample: number,
    convention: Convention = network.convention,
  ) {
    this.spec = toEngineSpec(network);
    this.data = networkSampleSet(network);
    const active = sample >= 0 ? sampleAt(network, sample) : undefined;
    if (!active) throw new RangeError(`sample ${sample + 1} does not exist (the file has ${allSampleCount(network)})`);
    this.active = active;
    this.convention = convention;
    this.result = computeSampleWith(this.spec, convention, active.inputs, active.targets, sample);
  }

  private get sign(): 1 | -1 {
    return conventionSign(this.convention);
  }

  private other(): Convention {
    return this.convention === 'heaton' ? 'calculus' : 'heaton';
  }

  private target(j: number): number {
    return this.active.targets[j];
  }

  /** Locates a node by name: [layer, index] (index = size for a bias node). */
  findNode(name: string): { layer: number; index: number; bias: boolean } | undefined {
    const node = nodeByName(this.network, name);
    return node && { layer: node.layer, index: node.index, bias: node.isBias };
  }

  /** Locates weight from→to: [pair, flat index]. */
  findWeight(from: string, to: string): { layer: number; index: number } | undefined {
    return weightAt(this.network, from, to);
  }

  nodeTerm(kind: 'δ' | 'out' | 'net' | "f′", layer: number, index: number): Term {
    const l = this.network.layers[layer];
    const isBias = index >= l.nodes.length;
    const name = isBias ? l.bias!.name : l.nodes[index].name;
    const values = this.result.layers[layer];
    const value = isBias ? (kind === 'out' ? 1 : 0) : kind === 'δ' ? values.delta[index] : kind === 'out' ? values.out[index] : kind === 'net' ? values.net[index] : values.fprime[index];
    return { symbol: `${kind}(${name})`, value, source: { kind: 'node', name } };
  }

  explainWeight(from: string, to: string): WeightDerivation | undefined {
    const at = this.findWeight(from, to);
    if (!at) return undefined;
    const { layer, index } = at;
    const m = this.network.weights[layer];
    const row = Math.floor(index / m.columns);
    const column = index % m.columns;
    const delta = this.nodeTerm('δ', layer + 1, row);
    const out = this.nodeTerm('out', layer, column);
    const gradient = this.result.gradients[layer][index];
    const symbol = this.convention === 'heaton' ? `g(${from}→${to})` : `∂E/∂w(${from}→${to})`;
    const steps: Step[] = [{ symbol, formula: `${delta.symbol} · ${out.symbol}`, terms: [delta, out], combine: 'product', value: gradient }];
    const calculusGradient = gradient * this.sign;
    const origin = m.origins[index];
    const value = this.spec.weights[layer][index];
    return {
      kind: 'weight',
      from,
      to,
      sample: this.sample,
      value,
      gradient,
      steps,
      convention: {
        convention: this.convention,
        relation: this.convention === 'heaton' ? 'Heaton\u2019s gradient is −∂E/∂w: it points the way E falls, so training adds it.' : '∂E/∂w: how fast E grows as this weight grows; training subtracts it.',
        otherConvention: this.other(),
        otherValue: withoutMinusZero(-gradient),
      },
      meaning: this.weightMeaning(layer, index, calculusGradient),
      next: this.nextUpdateAt(layer, index, value),
      range: origin && origin.kind !== 'init' ? origin.valueRange : origin?.range,
      via: this.explainNode(to),
    };
  }

  private weightMeaning(layer: number, index: number, calculusGradient: number): Meaning {
    const w = this.spec.weights[layer];
    const original = w[index];
    const ws = createWorkspace(this.spec);
    const errorAt = (): number => {
      forward(this.spec, ws, this.active.inputs, 0);
      return outputDelta(this.spec, ws, this.active.targets, 0);
    };
    w[index] = original + NUDGE;
    const nudged = errorAt();
    w[index] = original;
    return { nudge: NUDGE, predicted: NUDGE * calculusGradient, actual: nudged - this.result.error };
  }

  /** The update the file's trainer would apply next to weight `index` of layer pair `layer`. */
  nextUpdateAt(layer: number, index: number, value: number = this.spec.weights[layer][index]): NextUpdate {
    const options = trainOptionsOf(this.network.train);
    const online = options.batchSize === 1 || this.data.count === 1;
    const basis = online && options.method !== 'rprop' ? 'sample' : 'batch';
    let calculusGradient: number;
    if (basis === 'sample') calculusGradient = this.result.gradients[layer][index] * this.sign;
    else {
      // Mini-batches: the trainer's first batch (bounded: 64 of 60,000 images, not all of them).
      if (!this.batchGradientsCache) {
        const batch = firstMiniBatch(this.data, options);
        this.batchCount = batch?.count;
        this.batchGradientsCache = batchGradients(this.spec, batch ?? this.data);
      }
      calculusGradient = this.batchGradientsCache[layer][index];
    }
    const fixed = this.network.weights[layer].fixed[index] === 1;
    const g = calculusGradient * this.sign;
    const names = weightNames(this.network, layer, index);
    const over = this.batchCount !== undefined ? ` (Σ over the first mini-batch of ${this.batchCount})` : ' (Σ over samples)';
    const gSymbol = `${this.convention === 'heaton' ? 'g' : '∂E/∂w'}${basis === 'batch' ? over : ''}`;
    const gTerm: Term = { symbol: gSymbol, value: g, source: { kind: 'weight', ...names } };
    // The training rule itself, applied once with fresh state: the Δw training will make.
    const rule = updateRule(options.method, options);
    const p = rule.parameters;
    let deltaW = firstDeltaW(rule, calculusGradient);
    let formula: string;
    let terms: Term[];
    switch (p.method) {
      case 'backprop':
        formula = this.convention === 'heaton' ? 'Δw = η · g + α · Δw_prev' : 'Δw = −η · ∂E/∂w + α · Δw_prev';
        terms = [{ symbol: 'η', value: p.rate }, gTerm, { symbol: 'α', value: p.momentum }, { symbol: 'Δw_prev', value: 0 }];
        break;
      case 'rprop':
        formula = `Δw = −sign(∂E/∂w) · Δ (first step; Δ grows ×${p.increase} while the sign holds, ${p.decrease === 0.5 ? 'halves' : `×${p.decrease}`} when it flips)`;
        terms = [{ ...gTerm, symbol: `∂E/∂w (Σ over samples)`, value: calculusGradient }, { symbol: 'Δ', value: p.initialStep }];
        break;
      case 'adam':
        formula = 'Δw = −α · m̂ / (√v̂ + ε); on the first step m̂ = ∂E/∂w and √v̂ = |∂E/∂w|';
        terms = [{ symbol: 'α', value: p.rate }, { ...gTerm, value: calculusGradient }, { symbol: 'ε', value: p.epsilon }];
        break;
    }
    if (fixed) deltaW = 0;
    // -0 becomes 0; NaN stays NaN (a non-finite gradient must show as such, never as 0).
    deltaW = withoutMinusZero(deltaW);
    return { method: options.method, formula, terms, deltaW, newValue: value + deltaW, basis, fixed };
  }

  private roundedCache?: Float64Array[];

  private textbookDelta(layer: number, index: number, exact: number): NodeDerivation['textbook'] {
    if (layer === 0 || this.spec.sizes.length < 3) return undefined;
    this.roundedCache ??= roundedPass(this.spec, this.active.inputs, 0, this.active.targets, 0).delta;
    const rounded = this.roundedCache[layer][index] * this.sign;
    const relativeDifference = exact === 0 ? 0 : (rounded - exact) / Math.abs(exact);
    if (!Number.isFinite(rounded) || Math.abs(relativeDifference) <= 1e-4) return undefined;
    return { places: TEXTBOOK_PLACES, delta: withoutMinusZero(rounded), relativeDifference };
  }

  explainNode(name: string): NodeDerivation | undefined {
    const at = this.findNode(name);
    if (!at || at.bias) return undefined;
    const { layer, index } = at;
    const layers = this.network.layers;
    const kind = layer === 0 ? 'input' : layer === layers.length - 1 ? 'output' : 'hidden';
    const values = this.result.layers[layer];
    const activation = layers[layer].activation;
    const delta = this.nodeTerm('δ', layer, index);
    const fprime = this.nodeTerm("f′", layer, index);
    const out = this.nodeTerm('out', layer, index);
    const steps: Step[] = [];
    const feeders: Feeder[] = [];
    const heaton = this.convention === 'heaton';
    if (kind === 'output') {
      const ideal: Term = { symbol: `ideal(${name})`, value: this.target(index) };
      const targetSum = this.network.layers[layer].nodes.reduce((sum, _, j) => sum + this.target(j), 0);
      if (activation === 'softmax' && this.network.loss === 'crossentropy' && Math.abs(targetSum - 1) > 1e-12) {
        const sumTerm: Term = { symbol: 'Σ ideal', value: targetSum };
        steps.push({
          symbol: delta.symbol,
          formula: heaton ? `${ideal.symbol} − ${out.symbol} · Σ ideal` : `${out.symbol} · Σ ideal − ${ideal.symbol}`,
          terms: heaton ? [ideal, out, sumTerm] : [out, sumTerm, ideal],
          combine: heaton ? 'difference-of-product' : 'product-minus',
          value: delta.value,
        });
      } else if (simplifiedOutputDelta(this.spec)) {
        steps.push({
          symbol: delta.symbol,
          formula: heaton ? `${ideal.symbol} − ${out.symbol}` : `${out.symbol} − ${ideal.symbol}`,
          terms: heaton ? [ideal, out] : [out, ideal],
          combine: 'difference',
          value: delta.value,
        });
      } else if (this.network.loss === 'mse') {
        // Heaton: E = actual − ideal, δ = −E · f′.
        steps.push({
          symbol: delta.symbol,
          formula: heaton ? `−(${out.symbol} − ${ideal.symbol}) · ${fprime.symbol}` : `(${out.symbol} − ${ideal.symbol}) · ${fprime.symbol}`,
          terms: [out, ideal, fprime],
          combine: heaton ? 'negated-difference-product' : 'difference-product',
          value: delta.value,
        });
      } else {
        steps.push({
          symbol: delta.symbol,
          formula: `${heaton ? '−' : ''}(${out.symbol} − ${ideal.symbol}) / (${out.symbol} · (1 − ${out.symbol})) · ${fprime.symbol}`,
          terms: [out, ideal, fprime],
          combine: heaton ? 'negated-difference-product' : 'difference-product',
          value: delta.value,
        });
      }
    } else if (kind === 'hidden') {
      const m = this.network.weights[layer];
      const next = layers[layer + 1];
      const terms: Term[] = [fprime];
      next.nodes.forEach((node, r) => {
        const w = this.spec.weights[layer][r * m.columns + index];
        const d = this.result.layers[layer + 1].delta[r];
        feeders.push({ node: node.name, weight: w, delta: d, product: w * d });
        terms.push({ symbol: `w(${name}→${node.name})`, value: w, source: { kind: 'weight', from: name, to: node.name } }, this.nodeTerm('δ', layer + 1, r));
      });
      const sum = next.nodes.map((node) => `w(${name}→${node.name}) · δ(${node.name})`).join(' + ');
      steps.push({ symbol: delta.symbol, formula: `${fprime.symbol} · (${sum})`, terms, combine: 'sum-of-products-times', value: delta.value });
    }
    const calculusDelta = delta.value * this.sign;
    return {
      kind: 'node',
      node: name,
      layer: kind,
      sample: this.sample,
      net: values.net[index],
      out: values.out[index],
      fprime: values.fprime[index],
      delta: delta.value,
      activation: { name: activation, ...ACTIVATION_FORMULAS[activation] },
      steps,
      feeders,
      convention: {
        convention: this.convention,
        relation: heaton ? 'Heaton\u2019s δ is −∂E/∂net.' : 'δ = ∂E/∂net: how fast E grows as this node\u2019s net input grows.',
        otherConvention: this.other(),
        otherValue: withoutMinusZero(-delta.value),
      },
      meaning: { nudge: NUDGE, predicted: NUDGE * calculusDelta },
      textbook: this.textbookDelta(layer, index, delta.value),
    };
  }
}

/** `x`, with −0 written as 0. Unlike `x || 0` it keeps NaN (a NaN must never be shown as 0). */
export function withoutMinusZero(x: number): number {
  return x === 0 ? 0 : x;
}
