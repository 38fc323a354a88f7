// Quick fixes for the checker's diagnostics: add missing weights (init or explicit zeros), rename
// an unknown name to the suggestion, fix a sample's arity. The fixes come from the core as edits.
import * as vscode from 'vscode';
import type { Diagnostic as CoreDiagnostic } from '../../core';
import { codeFixes, findDiagnostic, type CodeFix } from '../../core/service';
import { toRange } from '../convert';
import type { DocumentChecker } from '../documents';
import { SELECTOR, serviceDoc } from './common';

function codeOf(d: vscode.Diagnostic): string | undefined {
  const code = typeof d.code === 'object' && d.code !== null ? d.code.value : d.code;
  return code === undefined ? undefined : String(code);
}

function sameRange(a: vscode.Range, b: CoreDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

export class NnetCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly checker: DocumentChecker) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const doc = serviceDoc(document, this.checker);
    const actions: vscode.CodeAction[] = [];
    const seen = new Set<string>();
    // The editor's diagnostics, to attach to each fix (those of the whole file, for "fix all").
    const editorDiagnostics = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'nnet');
    const attach = (fix: CodeFix): vscode.Diagnostic[] =>
      fix.diagnostics.flatMap((core) => editorDiagnostics.filter((d) => codeOf(d) === core.code && sameRange(d.range, core.range)));
    for (const diagnostic of context.diagnostics) {
      const code = codeOf(diagnostic);
      if (diagnostic.source !== 'nnet' || !code) continue;
      // The checker's own diagnostic carries the data a fix needs; a stale one (text changed since) has no match.
      const own = findDiagnostic(doc, { code, range: { start: diagnostic.range.start, end: diagnostic.range.end } });
      if (!own) continue;
      for (const fix of codeFixes(doc, own)) {
        const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) action.edit.replace(document.uri, toRange(e.range), e.newText);
        const attached = attach(fix);
        action.diagnostics = attached.length ? attached : [diagnostic];
        action.isPreferred = fix.isPreferred;
        actions.push(action);
      }
    }
    return actions;
  }
}

export function registerCodeActions(context: vscode.ExtensionContext, checker: DocumentChecker): void {
  context.subscriptions.push(vscode.languages.registerCodeActionsProvider(SELECTOR, new NnetCodeActionProvider(checker), NnetCodeActionProvider.metadata));
}
