// The language service in VS Code: thin adapters over src/core/service, one file per feature.
// Diagnostics and formatting are registered separately (diagnostics.ts, formatting.ts).
import type * as vscode from 'vscode';
import type { DocumentChecker } from '../documents';
import { registerCodeActions } from './code-actions';
import { registerCompletion } from './completion';
import { registerFolding } from './folding';
import { registerKeywordHover } from './hover';
import { registerNavigation } from './navigation';
import { registerSymbols } from './symbols';

export function registerLanguageService(context: vscode.ExtensionContext, checker: DocumentChecker): void {
  registerCompletion(context, checker);
  registerKeywordHover(context, checker);
  registerNavigation(context, checker);
  registerSymbols(context, checker);
  registerFolding(context, checker);
  registerCodeActions(context, checker);
}
