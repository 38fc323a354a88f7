// Context keys that describe the active editor's document (for `when` clauses in
// package.json). Kept per document: the state lives per URI in the GradientService; the
// key follows the active editor, so Apply shows only on the file that was trained.
import * as vscode from 'vscode';
import type { GradientService } from './gradients';

export const TRAINED_CONTEXT = 'nnet.hasTrainedWeights';

export function registerContextKeys(context: vscode.ExtensionContext, service: GradientService): void {
  let last: boolean | undefined;
  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    const trained = !!document && service.training(document) !== undefined;
    if (trained === last) return;
    last = trained;
    void vscode.commands.executeCommand('setContext', TRAINED_CONTEXT, trained);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(update),
    service.onDidChange(update),
    vscode.workspace.onDidCloseTextDocument(() => queueMicrotask(update)),
  );
  update();
}
