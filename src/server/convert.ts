// The core's plain data to LSP's types (the only place that knows both).
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  FoldingRangeKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeLens,
  type Command,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Range,
} from 'vscode-languageserver';
import type {
  CompletionItem as CoreCompletionItem,
  CompletionKind,
  Diagnostic as CoreDiagnostic,
  DocumentSymbol as CoreSymbol,
  FoldingRange as CoreFolding,
  LensData,
  Range as CoreRange,
  Severity,
  SymbolKind as CoreSymbolKind,
} from '../core';

export function toRange(r: CoreRange): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(d: CoreDiagnostic, uri: string): Diagnostic {
  const diagnostic: Diagnostic = { range: toRange(d.range), message: d.message, severity: SEVERITY[d.severity], source: 'nnet', code: d.code };
  if (d.related?.length) diagnostic.relatedInformation = d.related.map((r) => ({ location: { uri, range: toRange(r.range) }, message: r.message }));
  return diagnostic;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  node: CompletionItemKind.Variable,
  layer: CompletionItemKind.Class,
  activation: CompletionItemKind.Function,
  loss: CompletionItemKind.EnumMember,
  convention: CompletionItemKind.EnumMember,
  init: CompletionItemKind.Constructor,
  method: CompletionItemKind.Method,
  option: CompletionItemKind.Property,
  modifier: CompletionItemKind.Keyword,
  matrix: CompletionItemKind.Snippet,
};

export function toCompletionItem(i: CoreCompletionItem, ranges: { insert: CoreRange; replace: CoreRange }, client: { insertReplace: boolean; retrigger: boolean }): CompletionItem {
  const item: CompletionItem = {
    label: i.label,
    kind: COMPLETION_KIND[i.kind],
    detail: i.detail,
    sortText: i.sortText,
    preselect: i.preselect,
    insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: client.insertReplace
      ? { newText: i.insertText, insert: toRange(ranges.insert), replace: toRange(ranges.replace) }
      : { newText: i.insertText, range: toRange(ranges.replace) },
  };
  if (i.documentation) item.documentation = { kind: MarkupKind.Markdown, value: i.documentation };
  if (i.retrigger && client.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest the next word' };
  return item;
}

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  network: SymbolKind.Module,
  setting: SymbolKind.Property,
  layer: SymbolKind.Class,
  node: SymbolKind.Field,
  bias: SymbolKind.Constant,
  array: SymbolKind.Array,
  weights: SymbolKind.Namespace,
  weight: SymbolKind.Number,
  matrix: SymbolKind.Struct,
  data: SymbolKind.File,
  samples: SymbolKind.Array,
  sample: SymbolKind.Event,
};

export function toDocumentSymbol(s: CoreSymbol): DocumentSymbol {
  return { name: s.name, detail: s.detail, kind: SYMBOL_KIND[s.kind], range: toRange(s.range), selectionRange: toRange(s.selectionRange), children: s.children.map(toDocumentSymbol) };
}

export function toFoldingRange(f: CoreFolding): FoldingRange {
  const kind = f.kind === 'comment' ? FoldingRangeKind.Comment : f.kind === 'region' ? FoldingRangeKind.Region : undefined;
  return kind ? { startLine: f.startLine, endLine: f.endLine, kind } : { startLine: f.startLine, endLine: f.endLine };
}

/** Codicons (`$(play)`) only mean something in VS Code; other editors get the plain words. */
export function plainTitle(title: string, codicons: boolean): string {
  return codicons ? title : title.replace(/\$\([a-z-]+\)\s*/g, '');
}

export function toCodeLens(lens: LensData, codicons: boolean): CodeLens {
  const command: Command = { title: plainTitle(lens.title, codicons), command: lens.command?.id ?? '' };
  if (lens.command) command.arguments = [...lens.command.arguments];
  if (lens.tooltip) (command as Command & { tooltip?: string }).tooltip = lens.tooltip;
  return { range: toRange(lens.range), command };
}

export const QUICK_FIX = CodeActionKind.QuickFix;
