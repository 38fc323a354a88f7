// Completion: what may come next at a position, read from the line's tokens before the cursor.
//
// - At the start of a line: statement keywords (as snippets shaped for this file: a `sample` with
//   as many values as the network has inputs and targets, `weights` for a layer pair still
//   missing its weights, …) and the nodes a weight line can start with.
// - After `FROM ->` on a weight line: the nodes of the layer after FROM's (not bias nodes, not
//   weights another line already gives).
// - `weights`: layer names (and node-array names) that make a consecutive pair; then `init` or a
//   matrix of the right shape; then init methods, `seed`, `fixed`.
// - `layer … NODES`: activations (not on the input layer) and `bias`.
// - `loss`, `convention`, `train`: their values; then the options of the line's method not yet used.
// - `data "file"`: `inputs` / `targets` spans sized for the network.
//
// A space typed by the user triggers completion only where the next word must come from a closed
// list (a loss, a method, a layer, a target node, a train option, …). Optional words (an
// activation, `bias`, `fixed`, `seed`) appear once the user starts typing them or asks.
import type { Position, Range } from '../types';
import {
  ACTIVATIONS,
  CONVENTIONS,
  INIT_METHODS,
  LOSSES,
  STATEMENT_KEYWORDS,
  TRAIN_METHODS,
  TRAIN_OPTIONS,
  isOneOf,
  type Activation,
  type TrainMethod,
} from '../vocabulary';
import type { Layer, MissingWeightsData, Network, NetworkNode } from '../model/network';
import { tokenize, type Token } from '../syntax/lexer';
import { linesOf, statementAt, type ServiceDocument } from './document';
import {
  ACTIVATION_DOCS,
  CONTEXT_DOCS,
  CONVENTION_DOCS,
  INIT_DOCS,
  KEYWORD_DOCS,
  LOSS_DOCS,
  TRAIN_METHOD_DOCS,
  optionDoc,
  type StatementKeyword,
} from './docs';
import { nameIndex } from './names';
import { detectEol } from './text';

export type CompletionKind =
  | 'keyword'
  | 'node'
  | 'layer'
  | 'activation'
  | 'loss'
  | 'convention'
  | 'init'
  | 'method'
  | 'option'
  | 'modifier'
  | 'matrix';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line shown beside the label. */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** What to insert; snippet syntax (`$1`, `${1:x}`, `${1|a,b|}`) when `snippet` is set. */
  readonly insertText: string;
  readonly snippet?: boolean;
  readonly sortText?: string;
  /** Select this item first (the likeliest choice). */
  readonly preselect?: boolean;
  /** Open completion again after inserting: the next word comes from a list too. */
  readonly retrigger?: boolean;
}

export interface CompletionResult {
  /** The word being typed, from its start to the cursor. */
  readonly insertRange: Range;
  /** The whole word under the cursor (what accepting an item replaces). */
  readonly replaceRange: Range;
  readonly items: CompletionItem[];
  /** More items exist than were listed (very large layers); typing more asks again. */
  readonly incomplete: boolean;
}

export interface CompletionContext {
  /** The character whose typing asked for completion (`' '`, `'>'`); undefined when invoked or while typing a word. */
  readonly triggerCharacter?: string;
}

/** Most node names listed at once. */
export const MAX_NODE_ITEMS = 500;

interface Situation {
  readonly doc: ServiceDocument;
  readonly p: Position;
  /** Tokens of the line before the word being typed (comments excluded). */
  readonly tokens: readonly Token[];
  /** The word typed so far. */
  readonly word: string;
  /** Only words from a closed list may be offered (a space triggered completion). */
  readonly closedOnly: boolean;
  /** Nothing but blanks after the word: items may add what must follow them (` -> `, ` = `, a whole snippet). */
  readonly atLineEnd: boolean;
  readonly network?: Network;
}

interface Collected {
  items: CompletionItem[];
  incomplete: boolean;
}

const WORD_BEFORE = /[\p{L}_][\p{L}\p{N}_]*(?:-[\p{L}\p{N}_]*)*$/u;
const WORD_AFTER = /^[\p{L}\p{N}_]*(?:-[\p{L}_][\p{L}\p{N}_]*)*/u;

export function completionsAt(doc: ServiceDocument, p: Position, context: CompletionContext = {}): CompletionResult {
  const lines = linesOf(doc);
  const lineText = lines[p.line] ?? '';
  const character = Math.min(p.character, lineText.length);
  const prefix = lineText.slice(0, character);
  const before = WORD_BEFORE.exec(prefix);
  const wordStart = before ? before.index : character;
  const wordEnd = character + (WORD_AFTER.exec(lineText.slice(character))?.[0].length ?? 0);
  const insertRange = { start: { line: p.line, character: wordStart }, end: { line: p.line, character } };
  const replaceRange = { start: insertRange.start, end: { line: p.line, character: wordEnd } };
  const none: CompletionResult = { insertRange, replaceRange, items: [], incomplete: false };
  // A word glued to a number (`12ab`, `0.5e`) is a malformed number, not a name.
  if (before && wordStart > 0 && /[\p{N}.]/u.test(prefix[wordStart - 1])) return none;

  const all = tokenize(prefix.slice(0, wordStart));
  if (all.some((t) => t.kind === 'comment' || (t.kind === 'string' && !t.terminated))) return none;
  const tokens = all.filter((t) => t.kind !== 'newline');
  const trigger = context.triggerCharacter;
  if (trigger === '>' && tokens[tokens.length - 1]?.kind !== 'arrow') return none;

  // Continuation lines of a multi-line matrix hold numbers only.
  const statement = statementAt(doc, p.line);
  if (statement && statement.range.start.line < p.line && statement.kind === 'weights') return none;

  const situation: Situation = {
    doc,
    p,
    tokens,
    word: prefix.slice(wordStart),
    closedOnly: trigger === ' ',
    atLineEnd: lineText.slice(wordEnd).trim() === '',
    network: doc.result.network,
  };
  const collected = collect(situation);
  return { insertRange, replaceRange, items: collected.items, incomplete: collected.incomplete };
}

function done(items: CompletionItem[], incomplete = false): Collected {
  return { items, incomplete };
}

function collect(s: Situation): Collected {
  const { tokens } = s;
  if (tokens.length === 0) {
    if (s.closedOnly) return done([]);
    const sources = sourceNodeItems(s);
    return done([...keywordItems(s), ...sources.items], sources.incomplete);
  }
  const first = tokens[0];
  if (first.kind !== 'identifier') return done([]);
  const rest = tokens.slice(1);
  if (isOneOf(STATEMENT_KEYWORDS, first.text)) {
    switch (first.text) {
      case 'convention':
        return done(rest.length === 0 ? CONVENTIONS.map((c, i) => word(c, 'convention', CONVENTION_DOCS[c].summary, CONVENTION_DOCS[c].body, i)) : []);
      case 'loss':
        return done(rest.length === 0 ? lossItems(s) : []);
      case 'layer':
        return done(layerItems(s, rest));
      case 'weights':
        return weightsItems(s, rest);
      case 'train':
        return done(trainItems(s, rest));
      case 'data':
      case 'test':
      case 'validation':
        return done(dataItems(s, rest));
      default:
        return done([]); // network NAME, sample NUMBERS: free text
    }
  }
  return weightLineItems(s, tokens);
}

function word(label: string, kind: CompletionKind, detail: string, documentation: string, order: number, extra: Partial<CompletionItem> = {}): CompletionItem {
  return { label, kind, detail, documentation, insertText: label, sortText: sortKey(order), ...extra };
}

function sortKey(group: number, order = 0): string {
  return `${String(group).padStart(2, '0')}-${String(order).padStart(6, '0')}`;
}

// ── line start ────────────────────────────────────────────────────────────────────────────

/** Keywords of statements that may appear once, already written on another line, are left out. */
function keywordItems(s: Situation): CompletionItem[] {
  const present = new Set<string>();
  for (const st of s.doc.result.tree.statements) {
    if (st.range.start.line !== s.p.line && (st.kind === 'network' || st.kind === 'convention' || st.kind === 'loss' || st.kind === 'train')) present.add(st.kind);
  }
  const items: CompletionItem[] = [];
  STATEMENT_KEYWORDS.forEach((keyword, i) => {
    if (present.has(keyword)) return;
    const doc = KEYWORD_DOCS[keyword as StatementKeyword];
    items.push({
      label: keyword,
      kind: 'keyword',
      detail: doc.summary,
      documentation: doc.body,
      insertText: s.atLineEnd ? keywordSnippet(s, keyword) : keyword,
      snippet: s.atLineEnd,
      sortText: sortKey(0, i),
    });
  });
  return items;
}

function choice(values: readonly string[]): string {
  return `|${values.join(',')}|`;
}

function keywordSnippet(s: Situation, keyword: (typeof STATEMENT_KEYWORDS)[number]): string {
  const net = s.network;
  switch (keyword) {
    case 'network':
      return 'network ${1:name}';
    case 'convention':
      return `convention \${1${choice(CONVENTIONS)}}`;
    case 'layer': {
      const layersBefore = s.doc.result.tree.statements.filter((st) => st.kind === 'layer' && st.range.start.line < s.p.line).length;
      if (layersBefore === 0) return 'layer ${1:input} ${2:I1 I2}';
      return `layer \${1:hidden} \${2:H1 H2} \${3${choice(['sigmoid', 'tanh', 'relu', 'leakyrelu', 'linear', 'softmax'])}}`;
    }
    case 'weights': {
      const missing = s.doc.result.diagnostics.find((d) => d.code === 'nnet/missing-weight')?.data as MissingWeightsData | undefined;
      const from = missing?.fromLayer ?? net?.layers[0]?.name ?? 'input';
      const to = missing?.toLayer ?? net?.layers[1]?.name ?? 'hidden';
      const target = net?.layers.find((l) => l.name === to);
      return `weights \${1:${from}} -> \${2:${to}} = init \${3${choice(initOrder(target?.activation))}} seed \${4:1}`;
    }
    case 'loss':
      return `loss \${1${choice(LOSSES)}}`;
    case 'train':
      return `train \${1${choice(TRAIN_METHODS)}} epochs \${2:1000}`;
    case 'sample': {
      const inputs = net ? net.layers[0].nodes.length : 2;
      const targets = net ? net.layers[net.layers.length - 1].nodes.length : 1;
      return `sample ${values(inputs, 1)} -> ${values(targets, inputs <= 8 ? inputs + 1 : 2)}`;
    }
    case 'data': {
      const inputs = net ? net.layers[0].nodes.length : 2;
      const targets = net ? net.layers[net.layers.length - 1].nodes.length : 1;
      return `data "\${1:data.csv}" inputs \${2:1}..\${3:${inputs}} targets \${4:${inputs + 1}}..\${5:${inputs + targets}}`;
    }
    case 'test':
    case 'validation':
      return `${keyword} split \${1:0.1} seed \${2:1}`;
  }
}

/** `${1:0} ${2:0}` for a few values, one placeholder holding all of them for many. */
function values(count: number, firstTabstop: number): string {
  if (count > 8) return `\${${firstTabstop}:${Array(count).fill('0').join(' ')}}`;
  return Array.from({ length: count }, (_, i) => `\${${firstTabstop + i}:0}`).join(' ');
}

/** Init methods, the one that suits the destination layer's activation first. */
function initOrder(activation: Activation | undefined): string[] {
  const first = activation === 'relu' || activation === 'leakyrelu' ? 'he' : 'xavier';
  return [first, ...['xavier', 'he', 'nguyen-widrow', 'zeros'].filter((m) => m !== first)];
}

function nodeMap(network: Network): Map<string, NetworkNode> {
  let map = nodeMaps.get(network);
  if (!map) {
    map = new Map();
    for (const layer of network.layers) {
      for (const n of layer.nodes) map.set(n.name, n);
      if (layer.bias) map.set(layer.bias.name, layer.bias);
    }
    nodeMaps.set(network, map);
  }
  return map;
}
const nodeMaps = new WeakMap<Network, Map<string, NetworkNode>>();

/** The weights of a pair a text line or matrix on another line already gives (index into the matrix). */
function givenElsewhere(network: Network, fromLayer: number, line: number): (row: number, column: number) => boolean {
  const m = network.weights[fromLayer];
  return (row, column) => {
    const origin = m?.origins[row * m.columns + column];
    return !!origin && origin.kind !== 'init' && origin.range.start.line !== line && origin.range.end.line !== line;
  };
}

/** Nodes a weight line may start with: the nodes and bias nodes of every layer but the output. */
function sourceNodeItems(s: Situation): Collected {
  const net = s.network;
  if (!net) return done([]);
  const items: CompletionItem[] = [];
  let incomplete = false;
  for (let k = 0; k + 1 < net.layers.length && !incomplete; k++) {
    const layer = net.layers[k];
    const next = net.layers[k + 1];
    const given = givenElsewhere(net, k, s.p.line);
    const sources = [...layer.nodes, ...(layer.bias ? [layer.bias] : [])];
    for (const node of sources) {
      if (!matchesWord(node.name, s.word)) continue;
      if (items.length >= MAX_NODE_ITEMS) {
        incomplete = true;
        break;
      }
      const column = node.isBias ? sources.length - 1 : node.index;
      let missing = 0;
      for (let r = 0; r < next.nodes.length; r++) if (!given(r, column)) missing++;
      const detail = `${node.isBias ? 'bias node' : 'node'} of ${layer.name} → ${next.name}`;
      const documentation = missing === 0 ? `Every weight from \`${node.name}\` to \`${next.name}\` is written.` : `${missing} of its ${next.nodes.length} weight${next.nodes.length === 1 ? '' : 's'} to \`${next.name}\` ${missing === 1 ? 'is' : 'are'} not written on a line.`;
      items.push({
        label: node.name,
        kind: 'node',
        detail,
        documentation,
        insertText: s.atLineEnd ? `${node.name} -> ` : node.name,
        retrigger: s.atLineEnd,
        // Nodes with weights left to write come first, in declaration order.
        sortText: sortKey(missing > 0 ? 1 : 2, items.length),
      });
    }
  }
  return done(items, incomplete);
}

/** Completion filters by the typed word anyway; filtering here only keeps huge layers within the limit. */
function matchesWord(name: string, typed: string): boolean {
  if (!typed) return true;
  const lower = name.toLowerCase();
  let i = 0;
  for (const ch of typed.toLowerCase()) {
    i = lower.indexOf(ch, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

// ── weight lines ──────────────────────────────────────────────────────────────────────────

/** `FROM`, `FROM [N]`: the node name a reference's tokens spell, and how many tokens it took. */
function refAt(tokens: readonly Token[], i: number): { name: string; next: number } | undefined {
  const t = tokens[i];
  if (!t || t.kind !== 'identifier') return undefined;
  if (tokens[i + 1]?.kind === 'open') {
    const n = tokens[i + 2];
    if (n?.kind !== 'number' || tokens[i + 3]?.kind !== 'close') return undefined;
    const v = Number(n.text);
    return { name: `${t.text}${Number.isInteger(v) && v >= 1 ? String(v) : n.text}`, next: i + 4 };
  }
  return { name: t.text, next: i + 1 };
}

function weightLineItems(s: Situation, tokens: readonly Token[]): Collected {
  const from = refAt(tokens, 0);
  if (!from || tokens[from.next]?.kind !== 'arrow') return done([]);
  const afterArrow = from.next + 1;
  if (tokens.length === afterArrow) return targetNodeItems(s, from.name);
  const to = refAt(tokens, afterArrow);
  if (!to) return done([]);
  // `FROM -> TO = NUMBER` → `fixed`
  const rest = tokens.slice(to.next);
  if (rest.length === 2 && rest[0].kind === 'equals' && rest[1].kind === 'number' && !s.closedOnly) {
    return done([word('fixed', 'modifier', CONTEXT_DOCS.fixed.summary, CONTEXT_DOCS.fixed.body, 0)]);
  }
  return done([]);
}

/** The nodes `from` may send a weight to: the next layer's ordinary nodes, minus those given elsewhere. */
function targetNodeItems(s: Situation, fromName: string): Collected {
  const net = s.network;
  if (!net) return done([]);
  const from = nodeMap(net).get(fromName);
  const candidates: { node: NetworkNode; layer: Layer; note?: string }[] = [];
  if (from) {
    const next = net.layers[from.layer + 1];
    if (!next) return done([]); // an output node sends no weights
    const m = net.weights[from.layer];
    const column = from.isBias ? m.columns - 1 : from.index;
    const given = givenElsewhere(net, from.layer, s.p.line);
    for (const node of next.nodes) {
      if (given(node.index, column)) continue;
      const origin = m.origins[node.index * m.columns + column];
      candidates.push({ node, layer: next, note: origin?.kind === 'init' ? 'overrides the init' : undefined });
    }
  } else {
    // Unknown source: any node that can receive a weight.
    for (const layer of net.layers.slice(1)) for (const node of layer.nodes) candidates.push({ node, layer });
  }
  const items: CompletionItem[] = [];
  let incomplete = false;
  for (const { node, layer, note } of candidates) {
    if (!matchesWord(node.name, s.word)) continue;
    if (items.length >= MAX_NODE_ITEMS) {
      incomplete = true;
      break;
    }
    items.push({
      label: node.name,
      kind: 'node',
      detail: `node of ${layer.name}${note ? ` · ${note}` : ''}`,
      documentation: from ? `Weight \`${from.name} -> ${node.name}\`, from layer \`${net.layers[from.layer].name}\` to \`${layer.name}\` (${layer.activation}).` : undefined,
      insertText: s.atLineEnd ? `${node.name} = ` : node.name,
      sortText: sortKey(1, items.length),
      preselect: items.length === 0,
    });
  }
  return done(items, incomplete);
}

// ── statements ────────────────────────────────────────────────────────────────────────────

function lossItems(s: Situation): CompletionItem[] {
  const output = s.network?.layers[s.network.layers.length - 1];
  const likely = output && (output.activation === 'softmax' || output.activation === 'sigmoid') && output.nodes.length > 1 ? 'crossentropy' : 'mse';
  return LOSSES.map((l, i) => word(l, 'loss', LOSS_DOCS[l].summary, LOSS_DOCS[l].body, i, { preselect: l === likely }));
}

function layerItems(s: Situation, rest: readonly Token[]): CompletionItem[] {
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

function weightsItems(s: Situation, rest: readonly Token[]): Collected {
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

function trainItems(s: Situation, rest: readonly Token[]): CompletionItem[] {
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

function dataItems(s: Situation, rest: readonly Token[]): CompletionItem[] {
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
