// Wiring: one register call per feature; each feature lives in its own file.
import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { DocumentChecker } from './documents';
import { registerFormatting } from './formatting';

export function activate(context: vscode.ExtensionContext): void {
  const checker = new DocumentChecker();
  registerDiagnostics(context, checker);
  registerFormatting(context);
}

export function deactivate(): void {}
