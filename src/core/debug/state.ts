// What is known at a stop: a quantity exists once the step that computes it has run (δ(H1)
// is "not computed yet" during the forward pass). Name lookups for the evaluator, the scopes
// of Variables, and the inline values beside the source — all for one step index.
import type { Range } from '../types';
import { weightNames } from '../model/lookup';
import type { EvaluationContext, Reference } from './evaluate';
import { PHASE_TITLES, type BackpropProgram, type Quantity } from './program';

export interface Located {
  readonly layer: number;
  readonly index: number;
  readonly bias: boolean;
}

/** A node by name (bias nodes: index = the layer's node count); the Explainer's lookup. */
export function findNode(program: BackpropProgram, name: string): Located | undefined {
  return program.explainer.findNode(name);
}

/** A weight by its end nodes: layer pair and flat index; the Explainer's lookup. */
export function findWeight(program: BackpropProgram, from: string, to: string): { pair: number; index: number } | undefined {
  const at = program.explainer.findWeight(from, to);
  return at && { pair: at.layer, index: at.index };
}

function notYet(what: string, program: BackpropProgram, at: number): { error: string; pending: true } {
  return { pending: true, error: `${what} is not computed yet (${PHASE_TITLES[program.segmentOf(at).phase]}, step ${at + 1} of ${program.length})` };
}

/** The value of `reference` after step `position` has run. */
export function resolveAt(program: BackpropProgram, position: number, reference: Reference): number | { error: string; pending?: boolean } {
  const r = program.explainer.result;
  if (reference.kind === 'current') {
    const step = program.step(position);
    if (reference.quantity === 'E') return position >= program.errorStep ? r.error : notYet('E', program, program.errorStep);
    if (step.node) return resolveAt(program, position, { kind: 'node', quantity: reference.quantity, node: step.node.name });
    if (step.weight) {
      const { from, to } = step.weight;
      if (['w', 'grad', 'dw', 'next'].includes(reference.quantity)) return resolveAt(program, position, { kind: 'weight', quantity: reference.quantity, from, to });
      // At a weight, `delta` is the destination's δ and `out` the source's output: the gradient's factors.
      const node = reference.quantity === 'out' ? from : to;
      return resolveAt(program, position, { kind: 'node', quantity: reference.quantity, node });
    }
    if (reference.quantity === 'ideal' || reference.quantity === 'out') {
      const last = program.network.layers[program.network.layers.length - 1];
      if (last.nodes.length === 1) return resolveAt(program, position, { kind: 'node', quantity: reference.quantity, node: last.nodes[0].name });
    }
    return { error: `'${reference.quantity}' names no quantity at ${step.title}; name the node, e.g. ${reference.quantity}(NODE)` };
  }
  if (reference.kind === 'node') {
    const at = findNode(program, reference.node);
    if (!at) return { error: `no node named '${reference.node}'` };
    const { layer, index } = at;
    const last = program.network.layers.length - 1;
    if (reference.quantity === 'ideal') {
      if (layer !== last || at.bias) return { error: `ideal(${reference.node}): only output nodes have an ideal value` };
      return program.network.samples[program.sample].targets[index];
    }
    if (at.bias) {
      if (reference.quantity === 'out') return 1;
      return { error: `${reference.node} is a bias node: its out is 1; it has no ${reference.quantity}` };
    }
    const v = r.layers[layer];
    if (reference.quantity === 'delta') {
      if (layer === 0) return { error: `${reference.node} is an input: backpropagation computes no δ for inputs` };
      const when = program.backwardIndex(layer, index);
      return position >= when ? v.delta[index] : notYet(`δ(${reference.node})`, program, when);
    }
    const when = program.forwardIndex(layer, index);
    const value = reference.quantity === 'net' ? v.net[index] : reference.quantity === 'out' ? v.out[index] : v.fprime[index];
    return position >= when ? value : notYet(`${reference.quantity}(${reference.node})`, program, when);
  }
  const at = findWeight(program, reference.from, reference.to);
  if (!at) return { error: `no weight ${reference.from} -> ${reference.to}` };
  const { pair, index } = at;
  const w = program.explainer.spec.weights[pair][index];
  if (reference.quantity === 'w') return w;
  if (reference.quantity === 'grad') {
    const when = program.gradientIndex(pair, index);
    return position >= when ? r.gradients[pair][index] : notYet(`the gradient of ${reference.from} -> ${reference.to}`, program, when);
  }
  const when = program.updateIndex(pair, index);
  if (position < when) return notYet(`Δw(${reference.from} -> ${reference.to})`, program, when);
  const next = program.explainer.nextUpdateAt(pair, index);
  return reference.quantity === 'dw' ? next.deltaW : next.newValue;
}

export function contextAt(program: BackpropProgram, position: number): EvaluationContext {
  return { resolve: (reference) => resolveAt(program, position, reference) };
}

/** The nodes of `layer` with whatever is known of them at `position`. */
export function layerQuantities(program: BackpropProgram, layer: number, position: number): Quantity[] {
  const q: Quantity[] = [];
  const l = program.network.layers[layer];
  for (const node of l.nodes) {
    for (const quantity of layer === 0 ? ['out'] : ['net', 'out', 'delta']) {
      const v = resolveAt(program, position, { kind: 'node', quantity, node: node.name });
      if (typeof v === 'number') q.push({ name: `${quantity === 'delta' ? 'δ' : quantity}(${node.name})`, value: v, evaluateName: `${quantity}(${node.name})`, range: node.range });
    }
  }
  return q;
}

/** The weights into node (layer, index): w, and g / Δw once computed. */
export function weightsInto(program: BackpropProgram, layer: number, index: number, position: number): Quantity[] {
  const q: Quantity[] = [];
  if (layer === 0) return q;
  const pair = layer - 1;
  const m = program.network.weights[pair];
  for (let c = 0; c < m.columns; c++) {
    const i = index * m.columns + c;
    const { from, to } = weightNames(program.network, pair, i);
    const range = program.weightRange(pair, i);
    q.push({ name: `w(${from}→${to})`, value: program.explainer.spec.weights[pair][i], evaluateName: `w(${from}->${to})`, range });
    const g = resolveAt(program, position, { kind: 'weight', quantity: 'grad', from, to });
    if (typeof g === 'number') q.push({ name: program.gradientSymbol(from, to), value: g, evaluateName: `grad(${from}->${to})`, range });
    const dw = resolveAt(program, position, { kind: 'weight', quantity: 'dw', from, to });
    if (typeof dw === 'number') q.push({ name: `Δw(${from}→${to})`, value: dw, evaluateName: `dw(${from}->${to})`, range });
  }
  return q;
}

export interface InlineValue {
  readonly range: Range;
  readonly text: string;
}

/** Most inline values shown at once (a big network shows the first ones). */
const MAX_INLINE_VALUES = 2000;

/**
 * The numbers known at `position`, one text per source line that holds them: each layer line
 * lists its nodes' out and δ, each weight line its gradient and Δw, the sample line E.
 */
export function inlineValues(program: BackpropProgram, position: number, format: (n: number) => string = (n) => String(n)): InlineValue[] {
  const byLine = new Map<number, { range: Range; parts: string[] }>();
  const add = (range: Range, text: string): void => {
    const line = range.start.line;
    const entry = byLine.get(line) ?? { range, parts: [] };
    // A line's value shows after its last character that holds a statement.
    if (range.end.line === line && range.end.character > entry.range.end.character) entry.range = range;
    entry.parts.push(text);
    byLine.set(line, entry);
  };
  let count = 0;
  program.network.layers.forEach((l, k) => {
    for (const node of l.nodes) {
      if (count++ > MAX_INLINE_VALUES) return;
      const parts: string[] = [];
      const out = resolveAt(program, position, { kind: 'node', quantity: 'out', node: node.name });
      if (typeof out === 'number') parts.push(`out ${format(out)}`);
      if (k > 0) {
        const delta = resolveAt(program, position, { kind: 'node', quantity: 'delta', node: node.name });
        if (typeof delta === 'number') parts.push(`δ ${format(delta)}`);
      }
      if (parts.length) add(l.range, `${node.name}: ${parts.join(', ')}`);
    }
  });
  program.network.weights.forEach((m, pair) => {
    for (let i = 0; i < m.values.length && count <= MAX_INLINE_VALUES; i++) {
      if (position < program.gradientIndex(pair, i)) continue;
      count++;
      const { from, to } = weightNames(program.network, pair, i);
      const g = program.explainer.result.gradients[pair][i];
      const parts = [`${program.heaton ? 'g' : '∂E/∂w'} ${format(g)}`];
      if (position >= program.updateIndex(pair, i)) parts.push(`Δw ${format(program.explainer.nextUpdateAt(pair, i).deltaW)}`);
      const origin = m.origins[i];
      add(program.weightRange(pair, i), origin?.kind === 'line' ? parts.join(', ') : `${from}→${to}: ${parts.join(', ')}`);
    }
  });
  if (position >= program.errorStep) add(program.sampleRange(), `E ${format(program.explainer.result.error)}`);
  return [...byLine.values()].map((e) => ({ range: e.range, text: e.parts.join('   ') }));
}
