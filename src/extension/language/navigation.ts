// Go to Definition, Find References, document highlights and Rename for node and layer names.
import * as vscode from 'vscode';
import { definitionAt, highlightsAt, prepareRename, referencesAt, renameAt } from '../../core/service';
import { toRange } from '../convert';
import type { DocumentChecker } from '../documents';
import { SELECTOR, serviceDoc, toPosition } from './common';

export class NnetDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly checker: DocumentChecker) {}

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.LocationLink[] {
    const link = definitionAt(serviceDoc(document, this.checker), toPosition(position));
    if (!link) return [];
    return [
      {
        originSelectionRange: toRange(link.originRange),
        targetUri: document.uri,
        targetRange: toRange(link.targetRange),
        targetSelectionRange: toRange(link.targetSelectionRange),
      },
    ];
  }
}

export class NnetReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly checker: DocumentChecker) {}

  provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): vscode.Location[] {
    return referencesAt(serviceDoc(document, this.checker), toPosition(position), context.includeDeclaration).map(
      (r) => new vscode.Location(document.uri, toRange(r.range)),
    );
  }
}

export class NnetHighlightProvider implements vscode.DocumentHighlightProvider {
  constructor(private readonly checker: DocumentChecker) {}

  provideDocumentHighlights(document: vscode.TextDocument, position: vscode.Position): vscode.DocumentHighlight[] {
    return highlightsAt(serviceDoc(document, this.checker), toPosition(position)).map(
      (h) => new vscode.DocumentHighlight(toRange(h.range), h.kind === 'write' ? vscode.DocumentHighlightKind.Write : vscode.DocumentHighlightKind.Read),
    );
  }
}

export class NnetRenameProvider implements vscode.RenameProvider {
  constructor(private readonly checker: DocumentChecker) {}

  prepareRename(document: vscode.TextDocument, position: vscode.Position): { range: vscode.Range; placeholder: string } {
    const result = prepareRename(serviceDoc(document, this.checker), toPosition(position));
    // VS Code shows a thrown error's message as the reason the rename is refused.
    if ('reason' in result) throw new Error(result.reason);
    return { range: toRange(result.range), placeholder: result.placeholder };
  }

  provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): vscode.WorkspaceEdit {
    const result = renameAt(serviceDoc(document, this.checker), toPosition(position), newName);
    if ('reason' in result) throw new Error(result.reason);
    const edit = new vscode.WorkspaceEdit();
    for (const e of result.edits) edit.replace(document.uri, toRange(e.range), e.newText);
    return edit;
  }
}

export function registerNavigation(context: vscode.ExtensionContext, checker: DocumentChecker): void {
  context.subscriptions.push(
    vscode.languages.registerDefinitionProvider(SELECTOR, new NnetDefinitionProvider(checker)),
    vscode.languages.registerReferenceProvider(SELECTOR, new NnetReferenceProvider(checker)),
    vscode.languages.registerDocumentHighlightProvider(SELECTOR, new NnetHighlightProvider(checker)),
    vscode.languages.registerRenameProvider(SELECTOR, new NnetRenameProvider(checker)),
  );
}
