// The name index: every word of a document that names a node or a layer, what it names, and
// which part of it a rename changes. Built from the syntax tree alone (so it works while the
// network is too broken to build), following the model builder's rules: the first declaration
// of a name wins, a layer declared twice is ignored with its nodes, `x[64]` declares x1..x64,
// a bare `bias` is named B<position> (or LAYER_bias when that is taken), and `weights` may name
// a layer by a node array it declares unless a layer has that name.
import type { CheckResult } from '../check';
import type { Range } from '../types';
import type { Identifier, LayerStatement, NodeRef, NodeSpec, SyntaxTree } from '../syntax/ast';
import { MAX_NODES_PER_ARRAY, nodeRefName } from '../model/build';
import { comparePosition, containsPosition } from './text';

/** Something a word can name. Arrays are the `x` of `x[64]`: the base of the names x1..x64. */
export interface NameSymbol {
  readonly kind: 'layer' | 'node' | 'array';
  /** Layer name, full node name (`x3`, `B1`) or array base (`x`). */
  readonly name: string;
}

export function symbolKey(s: NameSymbol): string {
  return `${s.kind}:${s.name}`;
}

export interface NameOccurrence {
  /** The word: `H1`, `x3`, `x[3]`, the `x` of `x[64]`, a layer name, or an implicit bias's `bias` keyword. */
  readonly range: Range;
  /** What the word declares or refers to. */
  readonly symbol: NameSymbol;
  /** Whether it is a declaration (in a `layer` line) rather than a use. */
  readonly declaration: boolean;
  /** A second thing the word refers to: the layer behind a `weights` alias (`x` for the layer of `x[64]`). */
  readonly also?: NameSymbol;
  /** Whether the symbol exists (false: an unknown node or layer). */
  readonly resolved: boolean;
  /** What renaming at this word renames, and the part of the text that spells that name. */
  readonly rename: {
    readonly symbol: NameSymbol;
    readonly range: Range;
    /** An implicit bias name: the rename inserts ` NAME` at the end of `range` (the `bias` keyword). */
    readonly insert?: boolean;
  };
}

/** A declared node, as the index resolves it. */
export interface NodeDeclaration {
  readonly name: string;
  /** The declaring word: the name, the whole `x[64]` for an array element, the `bias` keyword for an implicit bias. */
  readonly range: Range;
  /** Index of the declaring layer among the layers the model keeps. */
  readonly layer: number;
  readonly isBias: boolean;
  /** Present for elements of a node array. */
  readonly array?: ArrayDeclaration;
}

export interface ArrayDeclaration {
  readonly base: string;
  readonly count: number;
  /** The `x` of `x[64]`. */
  readonly nameRange: Range;
  /** The whole `x[64]`. */
  readonly range: Range;
  readonly layer: number;
}

export interface LayerDeclaration {
  readonly name: string;
  readonly nameRange: Range;
  readonly statement: LayerStatement;
  /** Position among the layers the model keeps (duplicates skipped). */
  readonly index: number;
}

interface SingleEntry {
  readonly node: NodeDeclaration;
  /** Order of declaration, to let the first declaration of a name win. */
  readonly order: number;
}

interface ArrayEntry {
  readonly array: ArrayDeclaration;
  readonly order: number;
}

export class NameIndex {
  /** The naming words found so far: the declarations, then (on first use of `occurrences`) every use. */
  private readonly found: NameOccurrence[] = [];
  private referred = false;
  /** The declaring words (layer, node, array and bias names), in document order. */
  readonly declarations: readonly NameOccurrence[];
  /** Layers the model keeps, in order. */
  readonly layers: LayerDeclaration[] = [];
  private readonly layerByName = new Map<string, LayerDeclaration>();
  /** `weights` aliases: array base → the array (only when no layer has that name). */
  private readonly aliasByName = new Map<string, ArrayDeclaration>();
  private readonly singles = new Map<string, SingleEntry>();
  /** Every array with a valid count, by base, the first declaration first. */
  private readonly arrays = new Map<string, ArrayEntry[]>();
  /** Every array of a kept layer, valid count or not (the builder takes aliases from all of them). */
  private readonly declaredArrays: ArrayDeclaration[] = [];
  private order = 0;
  private byLine?: Map<number, NameOccurrence[]>;

  constructor(readonly tree: SyntaxTree) {
    this.declare();
    this.declarations = this.found.slice();
  }

  /**
   * Every naming word, in document order. Collected on first use: the lookups (`node`, `layer`)
   * need only the declarations, and a file of 100k weight lines has 200k uses.
   */
  get occurrences(): readonly NameOccurrence[] {
    if (!this.referred) {
      this.referred = true;
      this.refer();
      this.found.sort((a, b) => comparePosition(a.range.start, b.range.start));
    }
    return this.found;
  }

  // ── lookups ────────────────────────────────────────────────────────────────────────────

  /** The node a name denotes, following the builder's first-declaration-wins rule. */
  node(name: string): NodeDeclaration | undefined {
    let best: { node: NodeDeclaration; order: number } | undefined = this.singles.get(name);
    // `x12` may be element 12 of x[…], element 2 of x1[…] or element 1 of x12[…].
    for (let split = name.length - 1; split >= 1; split--) {
      const digit = name.charCodeAt(split);
      if (digit < 48 || digit > 57) break;
      if (digit === 48) continue; // an element number never starts with 0
      const k = Number(name.slice(split));
      for (const entry of this.arrays.get(name.slice(0, split)) ?? []) {
        if (k > entry.array.count || (best && best.order < entry.order)) continue;
        best = { node: this.element(entry.array, k), order: entry.order };
        break;
      }
    }
    return best?.node;
  }

  /** The layer a `weights` word denotes: a layer name, or the base of a node array. */
  layer(name: string): LayerDeclaration | undefined {
    const direct = this.layerByName.get(name);
    if (direct) return direct;
    const alias = this.aliasByName.get(name);
    return alias ? this.layers[alias.layer] : undefined;
  }

  /** The layer declared with exactly this name (not an alias). */
  layerNamed(name: string): LayerDeclaration | undefined {
    return this.layerByName.get(name);
  }

  /** The array a `weights` alias names. */
  alias(name: string): ArrayDeclaration | undefined {
    return this.layerByName.has(name) ? undefined : this.aliasByName.get(name);
  }

  /** The first array with this base (of a layer the model keeps). */
  array(base: string): ArrayDeclaration | undefined {
    return this.arrays.get(base)?.[0].array ?? this.declaredArrays.find((a) => a.base === base);
  }

  /** Every array of the layers the model keeps, in declaration order. */
  allArrays(): readonly ArrayDeclaration[] {
    return this.declaredArrays;
  }

  /** Names of single (non-array) nodes, bias nodes included. */
  singleNodeNames(): string[] {
    return [...this.singles.keys()];
  }

  /** The naming word at a position (the first when two touch, e.g. at `H1|->`, preferring the one the cursor is inside). */
  occurrenceAt(p: { line: number; character: number }): NameOccurrence | undefined {
    if (!this.byLine) {
      this.byLine = new Map();
      for (const o of this.occurrences) {
        const list = this.byLine.get(o.range.start.line);
        if (list) list.push(o);
        else this.byLine.set(o.range.start.line, [o]);
      }
    }
    const candidates = (this.byLine.get(p.line) ?? []).filter((o) => containsPosition(o.range, p));
    return candidates.find((o) => o.range.start.character < p.character && p.character < o.range.end.character) ?? candidates[0];
  }

  /** Where a symbol is declared (the first declaration the model uses), if anywhere. */
  declarationOf(symbol: NameSymbol): Range | undefined {
    switch (symbol.kind) {
      case 'layer':
        return this.layerByName.get(symbol.name)?.nameRange;
      case 'array':
        return this.array(symbol.name)?.range;
      case 'node':
        return this.node(symbol.name)?.range;
    }
  }

  // ── building ───────────────────────────────────────────────────────────────────────────

  private element(array: ArrayDeclaration, k: number): NodeDeclaration {
    return { name: `${array.base}${k}`, range: array.range, layer: array.layer, isBias: false, array };
  }

  private addSingle(node: NodeDeclaration): void {
    if (!this.singles.has(node.name)) this.singles.set(node.name, { node, order: this.order++ });
  }

  private declare(): void {
    const statements = this.tree.statements.filter((s): s is LayerStatement => s.kind === 'layer');
    statements.forEach((s, position) => {
      const isOutput = position === statements.length - 1;
      const duplicate = this.layerByName.has(s.name.text);
      const layerSymbol: NameSymbol = { kind: 'layer', name: s.name.text };
      this.found.push(plain(s.name, layerSymbol, true, true));
      const index = this.layers.length;
      if (!duplicate) {
        const layer: LayerDeclaration = { name: s.name.text, nameRange: s.name.range, statement: s, index };
        this.layers.push(layer);
        this.layerByName.set(layer.name, layer);
      }
      for (const spec of s.nodes) this.declareSpec(spec, index, !duplicate);
      if (s.bias) {
        if (s.bias.name) {
          const symbol: NameSymbol = { kind: 'node', name: s.bias.name.text };
          this.found.push(plain(s.bias.name, symbol, true, true));
          if (!duplicate && !isOutput) this.addSingle({ name: s.bias.name.text, range: s.bias.name.range, layer: index, isBias: true });
        } else if (!duplicate && !isOutput) {
          const heaton = `B${index + 1}`;
          const name = this.node(heaton) ? `${s.name.text}_bias` : heaton;
          const keyword = s.bias.keyword;
          const symbol: NameSymbol = { kind: 'node', name };
          this.found.push({ range: keyword, symbol, declaration: true, resolved: true, rename: { symbol, range: keyword, insert: true } });
          this.addSingle({ name, range: keyword, layer: index, isBias: true });
        }
      }
    });
    // Aliases, as the builder registers them: after all layers, in order, unless the name is taken.
    for (const array of this.declaredArrays) {
      if (!this.layerByName.has(array.base) && !this.aliasByName.has(array.base)) this.aliasByName.set(array.base, array);
    }
  }

  private declareSpec(spec: NodeSpec, layer: number, kept: boolean): void {
    if (spec.kind === 'single') {
      const symbol: NameSymbol = { kind: 'node', name: spec.name.text };
      this.found.push(plain(spec.name, symbol, true, true));
      if (kept) this.addSingle({ name: spec.name.text, range: spec.name.range, layer, isBias: false });
      return;
    }
    const symbol: NameSymbol = { kind: 'array', name: spec.name.text };
    this.found.push(plain(spec.name, symbol, true, true));
    if (!kept) return;
    const n = spec.count.value;
    const array: ArrayDeclaration = { base: spec.name.text, count: n, nameRange: spec.name.range, range: spec.range, layer };
    this.declaredArrays.push(array);
    if (!Number.isInteger(n) || n < 1 || n > MAX_NODES_PER_ARRAY) return;
    const list = this.arrays.get(array.base);
    const entry = { array, order: this.order++ };
    if (list) list.push(entry);
    else this.arrays.set(array.base, [entry]);
  }

  private refer(): void {
    for (const s of this.tree.statements) {
      if (s.kind === 'weight') {
        this.referNode(s.from);
        this.referNode(s.to);
      } else if (s.kind === 'weights') {
        this.referLayer(s.from);
        this.referLayer(s.to);
      }
    }
  }

  private referNode(ref: NodeRef): void {
    const name = nodeRefName(ref);
    const valid = !ref.index || (Number.isInteger(ref.index.value) && ref.index.value >= 1);
    const node = valid ? this.node(name) : undefined;
    const symbol: NameSymbol = { kind: 'node', name };
    if (node?.array) {
      const base = node.array.base;
      const baseRange = { start: ref.range.start, end: { line: ref.range.start.line, character: ref.range.start.character + base.length } };
      this.found.push({ range: ref.range, symbol, declaration: false, resolved: true, rename: { symbol: { kind: 'array', name: base }, range: baseRange } });
      return;
    }
    this.found.push({ range: ref.range, symbol, declaration: false, resolved: !!node, rename: { symbol, range: ref.range } });
  }

  private referLayer(word: Identifier): void {
    if (this.layerByName.has(word.text)) {
      this.found.push(plain(word, { kind: 'layer', name: word.text }, false, true));
      return;
    }
    const alias = this.aliasByName.get(word.text);
    if (alias) {
      const symbol: NameSymbol = { kind: 'array', name: alias.base };
      this.found.push({ ...plain(word, symbol, false, true), also: { kind: 'layer', name: this.layers[alias.layer].name } });
      return;
    }
    this.found.push(plain(word, { kind: 'layer', name: word.text }, false, false));
  }
}

function plain(word: Identifier, symbol: NameSymbol, declaration: boolean, resolved: boolean): NameOccurrence {
  return { range: word.range, symbol, declaration, resolved, rename: { symbol, range: word.range } };
}

const cache = new WeakMap<SyntaxTree, NameIndex>();

/** The name index of a checked document (cached per check result). */
export function nameIndex(result: CheckResult | SyntaxTree): NameIndex {
  const tree = 'tree' in result ? result.tree : result;
  let index = cache.get(tree);
  if (!index) {
    index = new NameIndex(tree);
    cache.set(tree, index);
  }
  return index;
}

export function sameSymbol(a: NameSymbol | undefined, b: NameSymbol | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.name === b.name;
}
