// The `.nnet` document a command acts on: shared by the gradient, training and graph commands.
import * as vscode from 'vscode';
import { isNnetDocument, type DocumentChecker } from './documents';

/**
 * The `.nnet` document a command acts on: the one named by the argument or the active editor's,
 * once the data files it names are read (at once from a local disk; through workspace.fs on the web).
 */
export async function targetDocument(checker: DocumentChecker, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : editor && isNnetDocument(editor.document) ? editor.document : undefined;
  if (!document) {
    void vscode.window.showWarningMessage('NNet: open a .nnet file first.');
    return undefined;
  }
  await checker.ready(document);
  return document;
}
