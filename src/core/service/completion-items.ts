// The shapes and helpers every completion list is built from (completion.ts and
// completion-statements.ts): the items, the situation at the cursor, sort keys, snippet choices.
import type { Position, Range } from '../types';
import type { Activation } from '../vocabulary';
import type { Network } from '../model/network';
import type { Token } from '../syntax/lexer';
import type { ServiceDocument } from './document';

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

export interface Situation {
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

export interface Collected {
  items: CompletionItem[];
  incomplete: boolean;
}

export function done(items: CompletionItem[], incomplete = false): Collected {
  return { items, incomplete };
}

export function word(label: string, kind: CompletionKind, detail: string, documentation: string, order: number, extra: Partial<CompletionItem> = {}): CompletionItem {
  return { label, kind, detail, documentation, insertText: label, sortText: sortKey(order), ...extra };
}

export function sortKey(group: number, order = 0): string {
  return `${String(group).padStart(2, '0')}-${String(order).padStart(6, '0')}`;
}

export function choice(values: readonly string[]): string {
  return `|${values.join(',')}|`;
}

/** Init methods, the one that suits the destination layer's activation first. */
export function initOrder(activation: Activation | undefined): string[] {
  const first = activation === 'relu' || activation === 'leakyrelu' ? 'he' : 'xavier';
  return [first, ...['xavier', 'he', 'nguyen-widrow', 'zeros'].filter((m) => m !== first)];
}
