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
import type { Position } from '../types';
import { CONVENTIONS, LOSSES, STATEMENT_KEYWORDS, TRAIN_METHODS, isOneOf } from '../vocabulary';
import { layerByName, nodeByName } from '../model/lookup';
import type { Layer, MissingWeightsData, Network, NetworkNode } from '../model/network';
import { tokenize, type Token } from '../syntax/lexer';
import { linesOf, statementAt, type ServiceDocument } from './document';
import { CONTEXT_DOCS, CONVENTION_DOCS, KEYWORD_DOCS, type StatementKeyword } from './docs';
import { choice, done, initOrder, sortKey, word, type Collected, type CompletionItem, type CompletionResult, type Situation } from './completion-items';
import { dataItems, layerItems, lossItems, trainItems, weightsItems } from './completion-statements';

export type { CompletionItem, CompletionKind, CompletionResult } from './completion-items';

export interface CompletionContext {
  /** The character whose typing asked for completion (`' '`, `'>'`); undefined when invoked or while typing a word. */
  readonly triggerCharacter?: string;
}

/** Most node names listed at once. */
export const MAX_NODE_ITEMS = 500;

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
      const target = net && layerByName(net, to);
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
  const from = nodeByName(net, fromName);
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
