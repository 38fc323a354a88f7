// The standard language features over the core service: completion, definition, references,
// highlights, rename, symbols, folding, formatting, quick fixes. Each handler converts; the
// core decides.
import { DocumentHighlightKind, ErrorCodes, ResponseError, type CancellationToken, type CodeAction, type DocumentSymbol, type FoldingRange, type Location, type LocationLink, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeFixes,
  completionsAt,
  definitionAt,
  detectEol,
  documentSymbols,
  findDiagnostic,
  foldingRanges,
  format,
  formatLines,
  highlightsAt,
  prepareRename,
  referencesAt,
  renameAt,
  type CheckResult,
  type ServiceDocument,
} from '../core';
import { QUICK_FIX, toCompletionItem, toDiagnostic, toDocumentSymbol, toFoldingRange, toRange } from './convert';
import type { ServerContext } from './server';

/**
 * Lets what has arrived meanwhile be read first — an edit, a `$/cancelRequest` — before a
 * request that walks the whole file: two timer turns, so one I/O poll of the event loop passes
 * (setTimeout only: the server also runs in a Web Worker).
 */
export function afterArrivedMessages(): Promise<void> {
  return new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0));
}

export function registerLanguageFeatures(ctx: ServerContext): void {
  const { connection, documents, states } = ctx;
  const serviceDoc = (document: TextDocument): ServiceDocument => ({ text: document.getText(), result: states.check(document) });
  const open = (uri: string): TextDocument | undefined => documents.get(uri);

  // The outline and the folding ranges walk every statement (0.1–0.6 s on 100k weight lines,
  // the server's thread held while the next keystroke's check waits): made once per check
  // result however often they are asked (VS Code asks the outline twice per edit), and not at
  // all when the request was cancelled or its version replaced while it waited.
  const symbolsOf = new WeakMap<CheckResult, DocumentSymbol[]>();
  const foldingOf = new WeakMap<CheckResult, FoldingRange[]>();
  const wholeFile = async <T>(uri: string, token: CancellationToken, cache: WeakMap<CheckResult, T>, make: (doc: ServiceDocument) => T): Promise<T | null> => {
    const first = open(uri);
    if (!first || token.isCancellationRequested) return null;
    const version = first.version;
    await afterArrivedMessages();
    const document = open(uri);
    if (!document || token.isCancellationRequested || document.version !== version) return null;
    const doc = serviceDoc(document);
    let made = cache.get(doc.result);
    if (made === undefined) {
      made = make(doc);
      cache.set(doc.result, made);
    }
    return made;
  };

  connection.onCompletion((params, token) => {
    const document = open(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const trigger = params.context?.triggerKind === 2 ? params.context.triggerCharacter : undefined;
    const result = completionsAt(serviceDoc(document), params.position, { triggerCharacter: trigger });
    const ranges = { insert: result.insertRange, replace: result.replaceRange };
    const facts = { insertReplace: ctx.client.insertReplace, retrigger: ctx.client.clientCommands };
    return { isIncomplete: result.incomplete, items: result.items.map((i) => toCompletionItem(i, ranges, facts)) };
  });

  connection.onDefinition((params, token): LocationLink[] | Location[] | null => {
    const document = open(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    const link = definitionAt(serviceDoc(document), params.position);
    if (!link) return [];
    if (!ctx.client.linkSupport) return [{ uri: document.uri, range: toRange(link.targetSelectionRange) }];
    return [{ originSelectionRange: toRange(link.originRange), targetUri: document.uri, targetRange: toRange(link.targetRange), targetSelectionRange: toRange(link.targetSelectionRange) }];
  });

  connection.onReferences((params, token) => {
    const document = open(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    return referencesAt(serviceDoc(document), params.position, params.context.includeDeclaration).map((r) => ({ uri: document.uri, range: toRange(r.range) }));
  });

  connection.onDocumentHighlight((params, token) => {
    const document = open(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    return highlightsAt(serviceDoc(document), params.position).map((h) => ({ range: toRange(h.range), kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  });

  connection.onPrepareRename((params) => {
    const document = open(params.textDocument.uri);
    if (!document) return null;
    const result = prepareRename(serviceDoc(document), params.position);
    // The reason is what the editor shows when it refuses the rename.
    if ('reason' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.reason);
    return { range: toRange(result.range), placeholder: result.placeholder };
  });

  connection.onRenameRequest((params) => {
    const document = open(params.textDocument.uri);
    if (!document) return null;
    const result = renameAt(serviceDoc(document), params.position, params.newName);
    if ('reason' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.reason);
    return { changes: { [document.uri]: result.edits.map((e) => ({ range: toRange(e.range), newText: e.newText })) } };
  });

  connection.onDocumentSymbol((params, token) => wholeFile(params.textDocument.uri, token, symbolsOf, (doc) => documentSymbols(doc).map(toDocumentSymbol)));

  connection.onFoldingRanges((params, token) => wholeFile(params.textDocument.uri, token, foldingOf, (doc) => foldingRanges(doc).map(toFoldingRange)));

  connection.onDocumentFormatting((params): TextEdit[] | null => {
    const document = open(params.textDocument.uri);
    if (!document) return null;
    const text = document.getText();
    const formatted = format(text, { eol: detectEol(text) });
    if (formatted === text) return [];
    return [{ range: { start: document.positionAt(0), end: document.positionAt(text.length) }, newText: formatted }];
  });

  connection.onDocumentRangeFormatting((params): TextEdit[] | null => {
    const document = open(params.textDocument.uri);
    if (!document) return null;
    const text = document.getText();
    const result = formatLines(text, params.range.start.line, params.range.end.line);
    const last = Math.min(result.endLine, document.lineCount - 1);
    const start = { line: result.startLine, character: 0 };
    const end = last + 1 < document.lineCount ? { line: last + 1, character: 0 } : document.positionAt(text.length);
    if (document.getText({ start, end }) === result.text) return [];
    return [{ range: { start, end }, newText: result.text }];
  });

  connection.onCodeAction((params, token): CodeAction[] | null => {
    const document = open(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return null;
    if (params.context.only && !params.context.only.some((k) => QUICK_FIX === k || QUICK_FIX.startsWith(`${k}.`))) return [];
    const doc = serviceDoc(document);
    const actions: CodeAction[] = [];
    const seen = new Set<string>();
    for (const diagnostic of params.context.diagnostics) {
      const code = diagnostic.code;
      if (diagnostic.source !== 'nnet' || code === undefined) continue;
      // The checker's own diagnostic carries the data a fix needs; a stale one (text changed since) has no match.
      const own = findDiagnostic(doc, { code: String(code), range: diagnostic.range });
      if (!own) continue;
      for (const fix of codeFixes(doc, own)) {
        const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        actions.push({
          title: fix.title,
          kind: QUICK_FIX,
          // Every diagnostic the fix resolves (all of the file's, for "fix all"), as published.
          diagnostics: fix.diagnostics.length ? fix.diagnostics.map((d) => toDiagnostic(d, document.uri)) : [diagnostic],
          isPreferred: fix.isPreferred,
          edit: { changes: { [document.uri]: fix.edits.map((e) => ({ range: toRange(e.range), newText: e.newText })) } },
        });
      }
    }
    return actions;
  });
}
