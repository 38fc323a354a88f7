// Completion over the core service (src/core/service/completion.ts decides what fits where).
import * as vscode from 'vscode';
import { completionsAt, type CompletionKind } from '../../core/service';
import { toRange } from '../convert';
import type { DocumentChecker } from '../documents';
import { SELECTOR, serviceDoc, toPosition } from './common';

/** A space asks for completion where the next word comes from a list; `>` after `->` for the target node. */
export const TRIGGER_CHARACTERS = [' ', '>'];

const KIND: Record<CompletionKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  node: vscode.CompletionItemKind.Variable,
  layer: vscode.CompletionItemKind.Class,
  activation: vscode.CompletionItemKind.Function,
  loss: vscode.CompletionItemKind.EnumMember,
  convention: vscode.CompletionItemKind.EnumMember,
  init: vscode.CompletionItemKind.Constructor,
  method: vscode.CompletionItemKind.Method,
  option: vscode.CompletionItemKind.Property,
  modifier: vscode.CompletionItemKind.Keyword,
  matrix: vscode.CompletionItemKind.Snippet,
};

export class NnetCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly checker: DocumentChecker) {}

  provideCompletionItems(
    document: vscode.TextDocument,
    position: vscode.Position,
    _token: vscode.CancellationToken,
    context: vscode.CompletionContext,
  ): vscode.CompletionList {
    const trigger = context.triggerKind === vscode.CompletionTriggerKind.TriggerCharacter ? context.triggerCharacter : undefined;
    const result = completionsAt(serviceDoc(document, this.checker), toPosition(position), { triggerCharacter: trigger });
    const range = { inserting: toRange(result.insertRange), replacing: toRange(result.replaceRange) };
    const items = result.items.map((i) => {
      const item = new vscode.CompletionItem(i.label, KIND[i.kind]);
      item.detail = i.detail;
      if (i.documentation) item.documentation = new vscode.MarkdownString(i.documentation);
      item.insertText = i.snippet ? new vscode.SnippetString(i.insertText) : i.insertText;
      item.sortText = i.sortText;
      item.preselect = i.preselect;
      item.range = range;
      if (i.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest the next word' };
      return item;
    });
    return new vscode.CompletionList(items, result.incomplete);
  }
}

export function registerCompletion(context: vscode.ExtensionContext, checker: DocumentChecker): void {
  context.subscriptions.push(vscode.languages.registerCompletionItemProvider(SELECTOR, new NnetCompletionProvider(checker), ...TRIGGER_CHARACTERS));
}
