// Code lenses over LSP, cheap on a file of 100k weight lines:
// - the lens list is made once per (document version, results, settings, sample, trained
//   weights, Step) and kept; requests slice or convert it;
// - `textDocument/codeLens` (every client) returns the whole list with weight lines pending
//   (big files), their titles filled in by `codeLens/resolve` for the lines the editor shows;
// - `nnet/codeLens` (the VS Code client, for big files) makes only the lenses of a range (the
//   visible lines and a margin), complete, so nothing data-sized crosses to the extension host.
// A resolve for an older document version answers an empty lens: a lens never shows numbers
// on a line that moved.
import type { CancellationToken, CodeLens } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { gradientLenses, weightLens, type GradientView, type LensOrPending, type WeightLensKey } from '../core';
import { toCodeLens, toRange } from './convert';
import { CODE_LENS_RANGE, type CodeLensRangeParams } from './protocol';
import type { ServerContext } from './server';

/**
 * Files with more weight lines than this get their weight lenses filled in by
 * `codeLens/resolve` (only the lines the editor shows); smaller files get them complete.
 */
export const EAGER_WEIGHT_LENSES = 1000;

/** What a pending weight lens carries to `codeLens/resolve`: `[uri, version, from, to, line, character]` (compact: 100k of them cross the wire). */
type LensData = [string, number, string, string, number, number];

interface CachedLenses {
  readonly version: number;
  readonly view: GradientView;
  /** In line order (statements are). */
  readonly lenses: readonly LensOrPending[];
}

export function registerLenses(ctx: ServerContext): void {
  const { connection, documents, states } = ctx;
  const cache = new Map<string, CachedLenses>();
  documents.onDidClose((e) => cache.delete(e.document.uri));

  /** The document's lens list for its current state (made once, then reused). */
  const lensesOf = (document: TextDocument, view: GradientView): CachedLenses => {
    const last = cache.get(document.uri);
    const v = last?.view;
    if (
      last &&
      v &&
      v.version === view.version &&
      v.check === view.check &&
      v.results === view.results &&
      v.settings === view.settings &&
      v.activeSample === view.activeSample &&
      v.trained === view.trained &&
      v.applied === view.applied
    ) {
      return last;
    }
    const made: CachedLenses = { version: document.version, view, lenses: gradientLenses(view, { lazyWeights: manyWeightLines(view) }) };
    cache.set(document.uri, made);
    return made;
  };

  /** The document and its view, or undefined when it changed meanwhile or the request was cancelled. */
  const viewOf = async (uri: string, token: CancellationToken): Promise<{ document: TextDocument; view: GradientView } | undefined> => {
    const at = await ctx.atRequest(uri, token);
    return at && { document: at.document, view: states.view(at.document, at.settings) };
  };

  connection.onCodeLens(async (params, token): Promise<CodeLens[] | null> => {
    const at = await viewOf(params.textDocument.uri, token);
    if (!at) return null;
    const { lenses } = lensesOf(at.document, at.view);
    const out = new Array<CodeLens>(lenses.length);
    for (let i = 0; i < lenses.length; i++) {
      const lens = lenses[i];
      if ('pending' in lens) {
        const k = lens.pending;
        out[i] = { range: toRange(lens.range), data: [at.document.uri, at.document.version, k.from, k.to, k.at.line, k.at.character] satisfies LensData };
      } else out[i] = toCodeLens(lens, ctx.client.codicons);
    }
    return out;
  });

  connection.onCodeLensResolve(async (lens, token): Promise<CodeLens> => {
    const data = lens.data as LensData | undefined;
    const empty: CodeLens = { range: lens.range, command: { title: '', command: '' } };
    if (!Array.isArray(data) || data.length !== 6) return lens;
    const [uri, version, from, to, line, character] = data;
    const at = await viewOf(uri, token);
    if (!at || at.document.version !== version) return empty;
    const key: WeightLensKey = { kind: 'weight', from, to, at: { line, character } };
    const resolved = weightLens(at.view, lens.range, key);
    return resolved ? toCodeLens(resolved, ctx.client.codicons) : empty;
  });

  connection.onRequest(CODE_LENS_RANGE, async (params: CodeLensRangeParams, token: CancellationToken): Promise<CodeLens[] | null> => {
    const at = await viewOf(params.textDocument.uri, token);
    if (!at) return null;
    const first = Math.max(0, Math.floor(params.range.start.line));
    const last = Math.floor(params.range.end.line);
    // A file of many weight lines: only the statements on these lines make lenses (not 100k).
    // Otherwise the document's list, made once and kept (a matrix's lenses summarize all of it).
    const lenses = manyWeightLines(at.view) ? gradientLenses(at.view, { lines: { start: first, end: last } }) : lensesOf(at.document, at.view).lenses;
    const out: CodeLens[] = [];
    for (const lens of lenses) {
      if (lens.range.start.line < first || lens.range.start.line > last) continue;
      const complete = 'pending' in lens ? weightLens(at.view, lens.range, lens.pending) : lens;
      if (complete) out.push(toCodeLens(complete, ctx.client.codicons));
    }
    return out;
  });
}

/** More weight lines than EAGER_WEIGHT_LENSES (counted once per check). */
const weightLineCounts = new WeakMap<object, number>();
function manyWeightLines(view: GradientView): boolean {
  let n = weightLineCounts.get(view.check);
  if (n === undefined) {
    n = 0;
    for (const s of view.check.tree.statements) if (s.kind === 'weight') n++;
    weightLineCounts.set(view.check, n);
  }
  return n > EAGER_WEIGHT_LENSES;
}
