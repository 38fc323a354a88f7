// Document symbols (the Outline): the network, its settings, layers with their nodes, the
// weights grouped by layer pair, the data and the samples.
import type { Range } from '../types';
import type { LayerStatement, Statement, WeightStatement, WeightsStatement } from '../syntax/ast';
import type { ServiceDocument } from './document';
import { linesOf } from './document';
import { LayerPairs } from './layer-pairs';
import { nameIndex, type NameIndex } from './names';
import { comparePosition } from './text';
import { nodeRefName } from '../model/build';
import { maxOf } from '../arrays';
import { numbersInRow } from '../syntax/rows';

/**
 * Weight lines (per layer pair) and samples up to this many are listed one by one in the
 * outline; above it the group says how many there are. A 784-128-10 network written as 100k
 * weight lines would otherwise send 100k symbols to the editor on every edit (outline,
 * breadcrumbs).
 */
export const MAX_LISTED_SYMBOLS = 1000;

export type SymbolKind = 'network' | 'setting' | 'layer' | 'node' | 'bias' | 'array' | 'weights' | 'weight' | 'matrix' | 'data' | 'samples' | 'sample';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  /** The whole construct (a statement, or a group's span). */
  readonly range: Range;
  /** The name to reveal and select; inside `range`. */
  readonly selectionRange: Range;
  readonly children: readonly DocumentSymbol[];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** A statement as a symbol with no children, selected at `selection` (default: its keyword, else the whole statement). */
function statementSymbol(s: Pick<Statement, 'range' | 'keyword'>, name: string, detail: string, kind: SymbolKind, selection: Range = s.keyword ?? s.range): DocumentSymbol {
  return { name, detail, kind, range: s.range, selectionRange: selection, children: [] };
}

function span(ranges: readonly Range[]): Range {
  let start = ranges[0].start;
  let end = ranges[0].end;
  for (const r of ranges) {
    if (comparePosition(r.start, start) < 0) start = r.start;
    if (comparePosition(r.end, end) > 0) end = r.end;
  }
  return { start, end };
}

function layerSymbol(s: LayerStatement, index: NameIndex): DocumentSymbol {
  const children: DocumentSymbol[] = [];
  let count = 0;
  for (const spec of s.nodes) {
    if (spec.kind === 'single') {
      count++;
      children.push({ name: spec.name.text, detail: 'node', kind: 'node', range: spec.range, selectionRange: spec.name.range, children: [] });
    } else {
      const n = spec.count.value;
      count += Number.isInteger(n) && n > 0 ? n : 0;
      const base = spec.name.text;
      children.push({
        name: `${base}[${spec.count.text}]`,
        detail: Number.isInteger(n) && n > 1 ? `nodes ${base}1 … ${base}${n}` : `node ${base}1`,
        kind: 'array',
        range: spec.range,
        selectionRange: spec.name.range,
        children: [],
      });
    }
  }
  let biasName: string | undefined;
  if (s.bias) {
    const declared = s.bias.name ? undefined : index.declarations.find((o) => o.declaration && o.rename.insert && o.range === s.bias!.keyword);
    biasName = s.bias.name?.text ?? declared?.symbol.name ?? 'bias';
    children.push({
      name: biasName,
      detail: s.bias.name ? 'bias node' : 'bias node (named by default)',
      kind: 'bias',
      range: s.bias.range,
      selectionRange: s.bias.name?.range ?? s.bias.keyword,
      children: [],
    });
  }
  const parts = [plural(count, 'node')];
  if (s.activation) parts.push(s.activation.text);
  if (biasName) parts.push(`bias ${biasName}`);
  return { name: s.name.text, detail: parts.join(' · '), kind: 'layer', range: s.range, selectionRange: s.name.range, children };
}

function weightSymbol(s: WeightStatement): DocumentSymbol {
  const from = nodeRefName(s.from);
  const to = nodeRefName(s.to);
  return statementSymbol(s, `${from} → ${to}`, `${s.value.text}${s.fixed ? ' fixed' : ''}`, 'weight', { start: s.from.range.start, end: s.to.range.end });
}

function weightsSymbol(s: WeightsStatement): DocumentSymbol {
  let detail: string;
  if (s.value.kind === 'init') {
    const v = s.value;
    detail = ['init', v.method.text, ...v.args.map((a) => a.text), ...(v.seed ? ['seed', v.seed.value.text] : [])].join(' ');
  } else {
    const rows = s.value.rows.length;
    const columns = maxOf(s.value.rows.map(numbersInRow), 0);
    detail = `matrix ${rows} × ${columns}`;
  }
  if (s.fixed) detail += ' fixed';
  return statementSymbol(s, `weights ${s.from.text} -> ${s.to.text}`, detail, 'matrix', { start: s.from.range.start, end: s.to.range.end });
}

export function documentSymbols(doc: ServiceDocument): DocumentSymbol[] {
  const { tree } = doc.result;
  const index = nameIndex(doc.result);
  const children: DocumentSymbol[] = [];
  const groups = new Map<number, { statements: (WeightStatement | WeightsStatement)[]; position: number; from?: string; to?: string }>();
  const pairs = new LayerPairs(index);
  const samples: DocumentSymbol[] = [];
  let sampleGroupAt = -1;
  let networkSelection: Range | undefined;
  let networkName: string | undefined;

  for (const s of tree.statements) {
    switch (s.kind) {
      case 'network':
        networkSelection ??= s.name?.range ?? s.keyword;
        networkName ??= s.name?.text;
        break;
      case 'convention':
      case 'loss':
        children.push(statementSymbol(s, s.kind, s.value?.text ?? '', 'setting'));
        break;
      case 'train':
        children.push(statementSymbol(s, 'train', [s.method?.text ?? '', ...s.options.map((o) => (o.value ? `${o.name.text} ${o.value.text}` : o.name.text))].join(' ').trim(), 'setting'));
        break;
      case 'layer':
        children.push(layerSymbol(s, index));
        break;
      case 'weight':
      case 'weights': {
        const key = pairs.keyOf(s);
        let group = groups.get(key);
        if (!group) {
          group = { statements: [], position: children.length, ...(key < 0 ? {} : pairs.names(key)) };
          groups.set(key, group);
          children.push(undefined as unknown as DocumentSymbol); // placeholder, filled below
        }
        group.statements.push(s);
        break;
      }
      case 'sample':
        if (sampleGroupAt < 0) {
          sampleGroupAt = children.length;
          children.push(undefined as unknown as DocumentSymbol);
        }
        samples.push(
          statementSymbol(
            s,
            `${s.inputs.map((v) => v.text).join(' ')} → ${s.targets.map((v) => v.text).join(' ')}`,
            `sample ${samples.length + 1}${samples.length === 0 ? ' (active by default)' : ''}`,
            'sample',
          ),
        );
        break;
      case 'data':
        children.push(
          statementSymbol(
            s,
            s.file ? s.file.text : 'data',
            s.inputs && s.targets ? `inputs ${s.inputs.from.text}..${s.inputs.to.text} targets ${s.targets.from.text}..${s.targets.to.text}` : 'data',
            'data',
            s.file?.range ?? s.keyword ?? s.range,
          ),
        );
        break;
      case 'invalid':
        break;
    }
  }

  for (const group of groups.values()) {
    const statements = group.statements;
    let count = 0;
    for (const st of statements) if (st.kind === 'weight') count++;
    const listed = count <= MAX_LISTED_SYMBOLS;
    // Symbols are made only for what is listed (not 100k weight lines to throw away).
    const matrices: DocumentSymbol[] = [];
    for (const st of statements) if (st.kind === 'weights') matrices.push(weightsSymbol(st));
    const list = listed ? statements.map((st) => (st.kind === 'weight' ? weightSymbol(st) : weightsSymbol(st))) : matrices;
    const first = statements[0];
    const detail = [...matrices.map((m) => m.detail), ...(count ? [plural(count, 'weight line') + (listed ? '' : ' (not listed one by one)')] : [])].join(' + ');
    children[group.position] = {
      name: group.from !== undefined ? `${group.from} → ${group.to}` : 'weights with unknown names',
      detail,
      kind: 'weights',
      // (Statements are in source order and do not overlap: the first starts the span, the last ends it.)
      range: { start: first.range.start, end: statements[statements.length - 1].range.end },
      selectionRange: { start: first.from.range.start, end: first.to.range.end },
      children: list,
    };
  }
  if (sampleGroupAt >= 0) {
    children[sampleGroupAt] = {
      name: 'samples',
      detail: plural(samples.length, 'sample') + (samples.length <= MAX_LISTED_SYMBOLS ? '' : ' (not listed one by one)'),
      kind: 'samples',
      range: span(samples.map((c) => c.range)),
      selectionRange: samples[0].selectionRange,
      children: samples.length <= MAX_LISTED_SYMBOLS ? samples : [],
    };
  }

  const lines = linesOf(doc);
  const lastLine = lines.length - 1;
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lastLine, character: lines[lastLine].length } };
  if (children.length === 0 && !networkSelection) return [];
  return [
    {
      name: networkName ?? 'network',
      detail: doc.result.network ? `${plural(doc.result.network.layers.length, 'layer')}, ${doc.result.network.convention} convention` : '',
      kind: 'network',
      range: whole,
      selectionRange: networkSelection ?? children[0].selectionRange,
      children,
    },
  ];
}
