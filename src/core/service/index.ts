// The language service: editor features as pure functions over a checked document.
// Text and a CheckResult in, plain data with core Ranges out; no editor API here.
export { serviceDocument, linesOf, statementAt, type ServiceDocument } from './document';
export { applyEdits, comparePosition, containsPosition, detectEol, offsetAt, splitLines, type TextEdit } from './text';
export { nameIndex, symbolKey, sameSymbol, NameIndex, type NameOccurrence, type NameSymbol, type NodeDeclaration, type ArrayDeclaration, type LayerDeclaration } from './names';
export {
  definitionAt,
  referencesAt,
  highlightsAt,
  prepareRename,
  renameAt,
  type DefinitionLink,
  type Reference,
  type Highlight,
  type PrepareRenameResult,
  type RenameResult,
} from './navigation';
export { completionsAt, MAX_NODE_ITEMS, type CompletionItem, type CompletionKind, type CompletionResult, type CompletionContext } from './completion';
export { hoverAt, type HoverInfo } from './hover';
export { documentSymbols, type DocumentSymbol, type SymbolKind } from './symbols';
export { foldingRanges, type FoldingRange } from './folding';
export { codeFixes, codeFixesInRange, findDiagnostic, MAX_EXPLICIT_WEIGHTS, type CodeFix } from './fixes';
export * as docs from './docs';
export * from './gradients';
export * from './lenses';
export * from './gradient-hover';
export { targetAt, type Target } from './targets';
