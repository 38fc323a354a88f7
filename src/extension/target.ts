// The `.nnet` document a command acts on: shared by the gradient, training and graph commands.
import * as vscode from 'vscode';
import { isNnetDocument, type DocumentChecker } from './documents';

/**
 * The `.nnet` document a command acts on: the one named by the argument, the active editor's or a visible editor's,
 * once the data files it names are read (at once from a local disk; through workspace.fs on the web).
 */
export async function targetDocument(checker: DocumentChecker, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  // No text editor has focus when the command runs from the walkthrough, a webview or the
  // Explorer: then the .nnet file shown in an editor group is meant.
  const shown = editor && isNnetDocument(editor.document) ? editor.document : vscode.window.visibleTextEditors.find((e) => isNnetDocument(e.document))?.document;
  const document = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : shown;
  if (!document) {
    void vscode.window.showWarningMessage('NNet: open a .nnet file first.');
    return undefined;
  }
  await checker.ready(document);
  return document;
}
