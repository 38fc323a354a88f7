// The Outline, breadcrumbs and Go to Symbol: network → settings, layers → nodes, weights by
// layer pair, data, samples.
import * as vscode from 'vscode';
import { documentSymbols, type DocumentSymbol, type SymbolKind } from '../../core/service';
import { toRange } from '../convert';
import type { DocumentChecker } from '../documents';
import { SELECTOR, serviceDoc } from './common';

const KIND: Record<SymbolKind, vscode.SymbolKind> = {
  network: vscode.SymbolKind.Module,
  setting: vscode.SymbolKind.Property,
  layer: vscode.SymbolKind.Class,
  node: vscode.SymbolKind.Field,
  bias: vscode.SymbolKind.Constant,
  array: vscode.SymbolKind.Array,
  weights: vscode.SymbolKind.Namespace,
  weight: vscode.SymbolKind.Number,
  matrix: vscode.SymbolKind.Struct,
  data: vscode.SymbolKind.File,
  samples: vscode.SymbolKind.Array,
  sample: vscode.SymbolKind.Event,
};

function convert(s: DocumentSymbol): vscode.DocumentSymbol {
  const symbol = new vscode.DocumentSymbol(s.name, s.detail, KIND[s.kind], toRange(s.range), toRange(s.selectionRange));
  symbol.children = s.children.map(convert);
  return symbol;
}

export class NnetSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly checker: DocumentChecker) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return documentSymbols(serviceDoc(document, this.checker)).map(convert);
  }
}

export function registerSymbols(context: vscode.ExtensionContext, checker: DocumentChecker): void {
  context.subscriptions.push(vscode.languages.registerDocumentSymbolProvider(SELECTOR, new NnetSymbolProvider(checker), { label: 'NNet' }));
}
