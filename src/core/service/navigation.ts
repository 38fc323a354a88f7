// Go to definition, find references, document highlights and rename for node and layer names.
import { check } from '../check';
import type { Diagnostic, Position, Range } from '../types';
import { quote } from '../diagnostics';
import { isActivationWord, STATEMENT_KEYWORDS, isOneOf } from '../vocabulary';
import { tokenize } from '../syntax/lexer';
import type { LayerStatement } from '../syntax/ast';
import type { ServiceDocument } from './document';
import { nameIndex, sameSymbol, type ArrayDeclaration, type NameIndex, type NameOccurrence, type NameSymbol } from './names';
import { applyEdits, comparePosition, type TextEdit } from './text';

export interface DefinitionLink {
  /** The word the user is on (`x[3]`, `H1`, a layer name). */
  readonly originRange: Range;
  /** The declaring statement (the `layer` line). */
  readonly targetRange: Range;
  /** The declaring word: the node or layer name, `x[64]` for an array element, `bias` for an implicit bias. */
  readonly targetSelectionRange: Range;
}

/** Where the node or layer named at `p` is declared; undefined when `p` is on no name or the name is unknown. */
export function definitionAt(doc: ServiceDocument, p: Position): DefinitionLink | undefined {
  const index = nameIndex(doc.result);
  const occurrence = index.occurrenceAt(p);
  if (!occurrence || !occurrence.resolved) return undefined;
  const target = index.declarationOf(occurrence.symbol);
  if (!target) return undefined;
  return { originRange: occurrence.range, targetRange: declaringStatement(index, occurrence.symbol)?.range ?? target, targetSelectionRange: target };
}

function declaringStatement(index: NameIndex, symbol: NameSymbol): LayerStatement | undefined {
  switch (symbol.kind) {
    case 'layer':
      return index.layerNamed(symbol.name)?.statement;
    case 'array': {
      const array = index.array(symbol.name);
      return array ? index.layers[array.layer]?.statement : undefined;
    }
    case 'node': {
      const node = index.node(symbol.name);
      return node ? index.layers[node.layer]?.statement : undefined;
    }
  }
}

export interface Reference {
  readonly range: Range;
  /** A declaration (in a `layer` line) rather than a use. */
  readonly declaration: boolean;
}

/**
 * Every word that names the same node or layer as the word at `p`, in document order.
 * - a node: its declaration (`x[64]` for an array element) and every use (`x3` and `x[3]` alike);
 * - an array base (the `x` of `x[64]`, or `x` naming its layer in `weights`): the declaration,
 *   the `weights` uses and every use of any of its nodes;
 * - a layer: its declaration and every `weights` use, through a node array's name too.
 */
export function referencesAt(doc: ServiceDocument, p: Position, includeDeclaration = true): Reference[] {
  const index = nameIndex(doc.result);
  const occurrence = index.occurrenceAt(p);
  if (!occurrence) return [];
  const symbol = occurrence.symbol;
  const found: Reference[] = [];
  for (const o of index.occurrences) {
    const matches =
      sameSymbol(o.symbol, symbol) ||
      (symbol.kind === 'layer' && sameSymbol(o.also, symbol)) ||
      (symbol.kind === 'array' && sameSymbol(o.rename.symbol, symbol));
    if (matches) found.push({ range: o.range, declaration: o.declaration });
  }
  // An array element is declared by its array.
  const node = symbol.kind === 'node' ? index.node(symbol.name) : undefined;
  if (node?.array) found.push({ range: node.array.range, declaration: true });
  found.sort((a, b) => comparePosition(a.range.start, b.range.start));
  return includeDeclaration ? found : found.filter((r) => !r.declaration);
}

export interface Highlight {
  readonly range: Range;
  /** `write` for declarations, `read` for uses. */
  readonly kind: 'read' | 'write';
}

/** Document highlights: the references of the name at `p`, declarations marked `write`. */
export function highlightsAt(doc: ServiceDocument, p: Position): Highlight[] {
  return referencesAt(doc, p, true).map((r) => ({ range: r.range, kind: r.declaration ? 'write' : 'read' }));
}

export type PrepareRenameResult = { readonly range: Range; readonly placeholder: string } | { readonly reason: string };
export type RenameResult = { readonly edits: readonly TextEdit[] } | { readonly reason: string };

const NOT_RENAMABLE = 'Only node and layer names can be renamed.';

function target(index: NameIndex, p: Position): { occurrence: NameOccurrence } | { reason: string } {
  const occurrence = index.occurrenceAt(p);
  if (!occurrence) return { reason: NOT_RENAMABLE };
  if (!occurrence.resolved) {
    const what = occurrence.symbol.kind === 'layer' ? 'layer' : 'node';
    return { reason: `Unknown ${what} ${quote(occurrence.symbol.name)}: nothing declares it, so there is nothing to rename.` };
  }
  return { occurrence };
}

/**
 * What renaming at `p` changes: the range of the name there and its current text. Renaming a
 * node of an array renames the array (`x` in `x3`, `x[3]` and `x[64]`).
 */
export function prepareRename(doc: ServiceDocument, p: Position): PrepareRenameResult {
  const found = target(nameIndex(doc.result), p);
  if ('reason' in found) return found;
  const { rename } = found.occurrence;
  return { range: rename.range, placeholder: rename.symbol.name };
}

/**
 * The edits that rename the node, node array or layer named at `p` everywhere in the document.
 * Refused, with a reason, when `newName` is not a valid name, is taken, or would change how the
 * file reads (a keyword, an activation name at the end of a node list).
 */
export function renameAt(doc: ServiceDocument, p: Position, newName: string): RenameResult {
  const index = nameIndex(doc.result);
  const found = target(index, p);
  if ('reason' in found) return found;
  const symbol = found.occurrence.rename.symbol;
  if (newName === symbol.name) return { edits: [] };
  const problem = checkName(index, symbol, newName);
  if (problem) return { reason: problem };
  const edits: TextEdit[] = [];
  for (const o of index.occurrences) {
    if (!sameSymbol(o.rename.symbol, symbol)) continue;
    if (o.rename.insert) edits.push({ range: { start: o.rename.range.end, end: o.rename.range.end }, newText: ` ${newName}` });
    else edits.push({ range: o.rename.range, newText: newName });
  }
  // Last line of defence: the renamed file must read exactly as before, names aside.
  // (The document's own result serves as "before" unless data files may make it differ from a plain check.)
  const before = doc.result.tree.statements.some((st) => st.kind === 'data') ? check(doc.text).diagnostics : doc.result.diagnostics;
  const changed = newProblem(before, applyEdits(doc.text, edits));
  if (changed) return { reason: `Renaming to ${quote(newName)} would change the network: ${changed}` };
  return { edits };
}

function describe(symbol: NameSymbol): string {
  return symbol.kind === 'layer' ? 'layer' : symbol.kind === 'array' ? 'node array' : 'node';
}

function lineOf(r: Range): string {
  return `line ${r.start.line + 1}`;
}

function isIdentifier(name: string): boolean {
  const tokens = tokenize(name);
  return tokens.length === 1 && tokens[0].kind === 'identifier' && tokens[0].text === name;
}

function checkName(index: NameIndex, symbol: NameSymbol, newName: string): string | undefined {
  if (!isIdentifier(newName)) {
    return `${quote(newName)} is not a valid name: a name starts with a letter or '_' and goes on with letters, digits and '_' (a '-' may join two words, as in 'a-b').`;
  }
  const what = describe(symbol);
  if (symbol.kind !== 'layer' && (isOneOf(STATEMENT_KEYWORDS, newName) || newName === 'bias')) {
    return `${quote(newName)} is a keyword: a ${what} named so would be misread (a line starting with it reads as a '${newName}' statement).`;
  }
  switch (symbol.kind) {
    case 'node': {
      const existing = index.node(newName);
      if (existing) return `A node ${quote(newName)} already exists (${lineOf(existing.range)}).`;
      const node = index.node(symbol.name);
      const statement = node ? index.layers[node.layer]?.statement : undefined;
      const last = statement?.nodes[statement.nodes.length - 1];
      if (statement && !statement.activation && last?.kind === 'single' && last.name.text === symbol.name && isActivationWord(newName)) {
        return `${quote(newName)} at the end of the node list would be read as the layer's activation.`;
      }
      return undefined;
    }
    case 'array': {
      const array = index.array(symbol.name);
      if (!array) return undefined;
      const clash = arrayClash(index, array, newName);
      if (clash) return clash;
      const layer = index.layers[array.layer];
      const other = index.layerNamed(newName);
      if (other && other !== layer && index.alias(symbol.name) === array) {
        return `${quote(newName)} is the name of layer ${quote(newName)}: 'weights ${newName} -> …' would mean that layer, not ${quote(layer.name)}.`;
      }
      return undefined;
    }
    case 'layer': {
      const other = index.layerNamed(newName);
      if (other) return `A layer ${quote(newName)} already exists (${lineOf(other.nameRange)}).`;
      const alias = index.alias(newName);
      const layer = index.layerNamed(symbol.name);
      if (alias && layer && index.layers[alias.layer] !== layer) {
        return `${quote(newName)} already names layer ${quote(index.layers[alias.layer].name)} (through its node array ${newName}[${alias.count}]).`;
      }
      return undefined;
    }
  }
}

/** Whether renaming `array` to `base` makes one of its node names (base1..baseN) collide with another node. */
function arrayClash(index: NameIndex, array: ArrayDeclaration, base: string): string | undefined {
  const n = array.count;
  /** The element number `rest` names, if `rest` is one (digits, no leading zero, 1..n). */
  const element = (rest: string): number | undefined => (/^[1-9]\d*$/.test(rest) && Number(rest) <= n ? Number(rest) : undefined);
  for (const name of index.singleNodeNames()) {
    if (name.startsWith(base) && element(name.slice(base.length)) !== undefined) {
      return `The nodes ${base}1…${base}${n} would include ${quote(name)}, which already exists.`;
    }
  }
  for (const other of index.allArrays()) {
    if (other === array || !Number.isInteger(other.count) || other.count < 1) continue;
    let clash: string | undefined;
    if (other.base === base) clash = `${base}1`;
    else if (other.base.startsWith(base)) {
      // base + K = other.base + J: K's digits are other.base's tail followed by J's.
      const rest = other.base.slice(base.length);
      if (/^[1-9]\d*$/.test(rest) && Number(`${rest}1`) <= n) clash = `${other.base}1`;
    } else if (base.startsWith(other.base)) {
      const rest = base.slice(other.base.length);
      if (/^[1-9]\d*$/.test(rest) && Number(`${rest}1`) <= other.count) clash = `${base}1`;
    }
    if (clash) return `The nodes ${base}1…${base}${n} would clash with the nodes of ${other.base}[${other.count}] (${lineOf(other.range)}): both would have a node ${quote(clash)}.`;
  }
  return undefined;
}

/** The first problem the text `after` has that `before` has not (by code), if any. */
function newProblem(before: readonly Diagnostic[], after: string): string | undefined {
  const count = new Map<string, number>();
  for (const d of before) count.set(d.code, (count.get(d.code) ?? 0) + 1);
  for (const d of check(after).diagnostics) {
    const left = count.get(d.code) ?? 0;
    if (left === 0) return `${d.message} (${lineOf(d.range)}).`;
    count.set(d.code, left - 1);
  }
  return undefined;
}
