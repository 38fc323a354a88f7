// Completion inside the statements whose next word comes from a list: `loss`, `layer`,
// `weights` (layer pairs, init or a matrix of the right shape), `train` options and `data` spans.
import { ACTIVATIONS, INIT_METHODS, LOSSES, TRAIN_METHODS, TRAIN_OPTIONS, isOneOf, type Activation, type TrainMethod } from '../vocabulary';
import type { Layer } from '../model/network';
import type { Token } from '../syntax/lexer';
import { ACTIVATION_DOCS, CONTEXT_DOCS, INIT_DOCS, LOSS_DOCS, TRAIN_METHOD_DOCS, optionDoc } from './docs';
import { nameIndex } from './names';
import { detectEol } from './text';
import { choice, done, initOrder, sortKey, word, type Collected, type CompletionItem, type Situation } from './completion-items';
export function lossItems(s: Situation): CompletionItem[] {
  const output = s.network?.layers[s.network.layers.length - 1];
  const likely = output && (output.activation === 'softmax' || output.activation === 'sigmoid') && output.nodes.length > 1 ? 'crossentropy' : 'mse';
  return LOSSES.map((l, i) => word(l, 'loss', LOSS_DOCS[l].summary, LOSS_DOCS[l].body, i, { preselect: l === likely }));
}

export function layerItems(s: Situation, rest: readonly Token[]): CompletionItem[] {
  if (s.closedOnly || rest.length < 2 || rest[0].kind !== 'identifier') return [];
  // rest[0] is the layer's name; then node specs `H1` / `x[64]`, maybe an activation, maybe `bias [NAME]`.
  let specs = 0;
  let lastWord: string | undefined;
  for (let i = 1; i < rest.length; i++) {
    const t = rest[i];
    if (t.kind === 'identifier') {
      if (t.text === 'bias') return []; // the bias name is free; nothing may follow it
      specs++;
      lastWord = t.text;
    } else if (t.kind === 'open') {
      if (rest[i + 1]?.kind !== 'number' || rest[i + 2]?.kind !== 'close') return [];
      lastWord = undefined;
      i += 2;
    } else return [];
  }
  if (specs === 0) return [];
  const isInput = !s.doc.result.tree.statements.some((st) => st.kind === 'layer' && st.range.start.line < s.p.line);
  const bias = word('bias', 'modifier', CONTEXT_DOCS.bias.summary, CONTEXT_DOCS.bias.body, 20);
  if (lastWord !== undefined && isOneOf(ACTIVATIONS, lastWord)) return [bias];
  if (isInput) return [bias];
  const isLast = !s.doc.result.tree.statements.some((st) => st.kind === 'layer' && st.range.start.line > s.p.line);
  return [
    ...ACTIVATIONS.map((a, i) =>
      word(a, 'activation', ACTIVATION_DOCS[a].summary, ACTIVATION_DOCS[a].body, a === 'softmax' && !isLast ? 19 : i, { preselect: a === 'sigmoid' }),
    ),
    bias,
  ];
}

function layerItem(layer: Layer, label: string, order: number, alias: boolean): CompletionItem {
  const nodes = `${layer.nodes.length} node${layer.nodes.length === 1 ? '' : 's'}${layer.bias ? ` + bias ${layer.bias.name}` : ''}`;
  return {
    label,
    kind: 'layer',
    detail: alias ? `layer ${layer.name} (by its node array ${label})` : `layer ${layer.index + 1} · ${nodes}`,
    documentation: `Layer \`${layer.name}\`: ${nodes}, ${layer.activation}.`,
    insertText: label,
    sortText: sortKey(alias ? 2 : 1, order),
  };
}

/** A layer's name and then its node-array names (`weights x -> h`). */
function layerWords(layer: Layer, order: number): CompletionItem[] {
  return [layerItem(layer, layer.name, order, false), ...layer.aliases.map((a) => layerItem(layer, a, order, true))];
}

export function weightsItems(s: Situation, rest: readonly Token[]): Collected {
  const net = s.network;
  const index = nameIndex(s.doc.result);
  if (rest.length === 0) {
    if (!net) return done([]);
    return done(net.layers.slice(0, -1).flatMap((l) => layerWords(l, l.index)).map((i) => (s.atLineEnd ? { ...i, insertText: `${i.label} -> `, retrigger: true } : i)));
  }
  if (rest[0].kind !== 'identifier' || rest[1]?.kind !== 'arrow') return done([]);
  const fromDecl = index.layer(rest[0].text);
  const from = fromDecl && net ? net.layers.find((l) => l.range === fromDecl.statement.range) : undefined;
  if (rest.length === 2) {
    if (!net) return done([]);
    const targets = from ? (net.layers[from.index + 1] ? [net.layers[from.index + 1]] : []) : net.layers.slice(1);
    return done(targets.flatMap((l) => layerWords(l, l.index)).map((i) => (s.atLineEnd ? { ...i, insertText: `${i.label} = `, retrigger: true } : i)));
  }
  if (rest[2].kind !== 'identifier' || rest[3]?.kind !== 'equals') return done([]);
  const toDecl = index.layer(rest[2].text);
  const to = toDecl && net ? net.layers.find((l) => l.range === toDecl.statement.range) : undefined;
  const value = rest.slice(4);
  if (value.length === 0) return done(initOrMatrixItems(s, from, to));
  if (value[0].kind === 'open') {
    const closed = value.some((t) => t.kind === 'close');
    const last = value[value.length - 1];
    return done(closed && last.kind === 'close' && !s.closedOnly ? [fixedItem()] : []);
  }
  if (value[0].kind !== 'identifier' || value[0].text !== 'init') return done([]);
  if (value.length === 1) return done(initMethodItems(to?.activation));
  const method = value[1];
  const tail = value.slice(2);
  if (method.kind !== 'identifier') return done([]);
  const args = tail.filter((t) => t.kind === 'number').length;
  const last = tail[tail.length - 1];
  if (tail.some((t) => t.kind === 'identifier' && t.text === 'fixed')) return done([]);
  if (last?.kind === 'identifier' && last.text === 'seed') return done([]);
  if (method.text === 'uniform' && args < 2) return done([]);
  if (s.closedOnly) return done([]);
  const hasSeed = tail.some((t) => t.kind === 'identifier' && t.text === 'seed');
  return done([
    ...(hasSeed ? [] : [{ ...word('seed', 'modifier', CONTEXT_DOCS.seed.summary, CONTEXT_DOCS.seed.body, 0), insertText: 'seed ${1:1}', snippet: true }]),
    fixedItem(),
  ]);
}

function fixedItem(): CompletionItem {
  return word('fixed', 'modifier', CONTEXT_DOCS.fixed.summary, CONTEXT_DOCS.fixed.body, 10);
}

function initMethodItems(activation: Activation | undefined): CompletionItem[] {
  const order = initOrder(activation);
  return INIT_METHODS.map((m) => {
    const rank = order.indexOf(m);
    const item = word(m, 'init', INIT_DOCS[m].summary, INIT_DOCS[m].body, rank < 0 ? order.length : rank, { preselect: rank === 0 });
    return m === 'uniform' ? { ...item, insertText: 'uniform ${1:-0.5} ${2:0.5}', snippet: true } : item;
  });
}

/** `init …` or a zero matrix of the pair's shape. */
function initOrMatrixItems(s: Situation, from: Layer | undefined, to: Layer | undefined): CompletionItem[] {
  const methods = initOrder(to?.activation);
  const items: CompletionItem[] = [
    {
      ...word('init', 'keyword', CONTEXT_DOCS.init.summary, CONTEXT_DOCS.init.body, 0),
      insertText: `init \${1${choice(methods)}} seed \${2:1}`,
      snippet: true,
      preselect: true,
    },
  ];
  if (from && to) {
    const rows = to.nodes.length;
    const columns = from.nodes.length + (from.bias ? 1 : 0);
    if (rows * columns <= 400) {
      const row = Array(columns).fill('0').join(' ');
      const eol = detectEol(s.doc.text);
      const text = rows === 1 ? `[${row}]` : `[${eol}${Array(rows).fill(`  ${row}`).join(eol)}${eol}]`;
      const columnsText = [...from.nodes.map((n) => n.name), ...(from.bias ? [from.bias.name] : [])].join(' ');
      items.push({
        label: `[ ${rows} × ${columns} ]`,
        kind: 'matrix',
        detail: `matrix of zeros: ${rows} row${rows === 1 ? '' : 's'} (${to.name}) × ${columns} columns (${from.name}${from.bias ? ' + bias' : ''})`,
        documentation: `Rows are the nodes of \`${to.name}\` (${to.nodes.map((n) => n.name).join(' ')}); columns the nodes of \`${from.name}\`, bias last: ${columnsText}.`,
        insertText: text,
        sortText: sortKey(1),
      });
    }
  }
  return items;
}

/** Example values put in the placeholder of an option that takes a number. */
const OPTION_EXAMPLES: Record<string, string> = {
  momentum: '0.3',
  epochs: '1000',
  until: '0.01',
  seed: '1',
  beta1: '0.9',
  beta2: '0.999',
  epsilon: '1e-8',
};

export function trainItems(s: Situation, rest: readonly Token[]): CompletionItem[] {
  if (rest.length === 0) {
    return TRAIN_METHODS.map((m, i) =>
      word(m, 'method', TRAIN_METHOD_DOCS[m].summary, TRAIN_METHOD_DOCS[m].body, i, s.atLineEnd ? { insertText: `${m} `, retrigger: true } : {}),
    );
  }
  const method = rest[0];
  if (method.kind !== 'identifier' || !isOneOf(TRAIN_METHODS, method.text)) return [];
  const m: TrainMethod = method.text;
  const specs = TRAIN_OPTIONS[m];
  const used = new Set<string>();
  for (const t of rest.slice(1)) {
    if (t.kind === 'identifier') used.add(t.text);
    else if (t.kind !== 'number') return [];
  }
  const last = rest[rest.length - 1];
  if (rest.length > 1 && last.kind === 'identifier' && specs[last.text]?.arity === 'number') return []; // its number comes next
  const items: CompletionItem[] = [];
  Object.keys(specs).forEach((name, i) => {
    if (used.has(name) || (name === 'online' && used.has('batch')) || (name === 'batch' && used.has('online'))) return;
    const spec = specs[name];
    const doc = optionDoc(m, name)!;
    const example = name === 'rate' ? (m === 'adam' ? '0.001' : '0.1') : OPTION_EXAMPLES[name];
    const insertText = spec.arity === 'number' ? `${name} \${1:${example ?? '1'}}` : spec.arity === 'optional' ? `${name}\${1: 32}` : name;
    items.push({ ...word(name, 'option', doc.summary, doc.body, i), insertText, snippet: spec.arity !== 'flag' });
  });
  return items;
}

export function dataItems(s: Situation, rest: readonly Token[]): CompletionItem[] {
  if (rest.length === 0 || rest[0].kind !== 'string') return [];
  const last = rest[rest.length - 1];
  if (last.kind === 'range' || (last.kind === 'identifier' && (last.text === 'inputs' || last.text === 'targets'))) return [];
  const used = new Set(rest.filter((t) => t.kind === 'identifier').map((t) => t.text));
  const net = s.network;
  const inputs = net ? net.layers[0].nodes.length : 2;
  const targets = net ? net.layers[net.layers.length - 1].nodes.length : 1;
  const items: CompletionItem[] = [];
  if (!used.has('inputs')) {
    items.push({ ...word('inputs', 'keyword', CONTEXT_DOCS.inputs.summary, CONTEXT_DOCS.inputs.body, 0), insertText: `inputs \${1:1}..\${2:${inputs}}`, snippet: true });
  }
  if (!used.has('targets') && !used.has('labels')) {
    items.push({
      ...word('targets', 'keyword', CONTEXT_DOCS.targets.summary, CONTEXT_DOCS.targets.body, 1),
      insertText: `targets \${1:${inputs + 1}}..\${2:${inputs + targets}}`,
      snippet: true,
    });
    items.push({ ...word('labels', 'keyword', CONTEXT_DOCS.labels.summary, CONTEXT_DOCS.labels.body, 2) });
  }
  if (!used.has('scale')) items.push({ ...word('scale', 'keyword', CONTEXT_DOCS.scale.summary, CONTEXT_DOCS.scale.body, 3), insertText: 'scale ${1:1/255}', snippet: true });
  return items;
}
