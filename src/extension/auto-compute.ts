// Computes gradients when a .nnet file opens or is saved, up to a size limit (setting), so
// the lenses are there without asking; bigger files wait for NNet: Compute Gradients.
import * as vscode from 'vscode';
import { isNnetDocument } from './documents';
import type { GradientService } from './gradients';
import { readSettings } from './settings';

export function registerAutoCompute(context: vscode.ExtensionContext, service: GradientService): void {
  const maybeCompute = (document: vscode.TextDocument): void => {
    if (!isNnetDocument(document) || document.isClosed) return;
    const limit = readSettings(document).autoComputeMaxSizeKB * 1024;
    if (document.getText().length > limit) return;
    // Data files are read first (at once on a local disk; through workspace.fs on the web).
    void service.checker.ready(document).then(() => service.compute(document));
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(maybeCompute),
    vscode.workspace.onDidSaveTextDocument(maybeCompute),
    service.checker.onDidLoadData(maybeCompute),
    vscode.workspace.onDidCloseTextDocument((d) => service.forget(d)),
  );
  vscode.workspace.textDocuments.forEach(maybeCompute);
}
