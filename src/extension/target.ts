// The `.nnet` document a command acts on: shared by the gradient, training and graph commands.
import * as vscode from 'vscode';
import { isNnetDocument, type DocumentChecker } from './documents';

/** A command argument naming a document: a `Uri`, or its string form (as lenses from the language server carry it). */
export function asUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(arg)) return vscode.Uri.parse(arg);
  return undefined;
}

/**
 * The .nnet document of the active editor, else of any visible editor. No text editor has focus
 * when a command runs from the walkthrough, a webview or the Explorer: then the .nnet file shown
 * in an editor group is meant.
 */
export function shownNnetDocument(): vscode.TextDocument | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor && isNnetDocument(editor.document)) return editor.document;
  return vscode.window.visibleTextEditors.find((e) => isNnetDocument(e.document))?.document;
}

/**
 * The `.nnet` document a command acts on: the one named by the argument (a `Uri` or its string
 * form), the active editor's or a visible editor's, once the data files it names are read (at
 * once from a local disk; through workspace.fs on the web).
 */
export async function targetDocument(checker: DocumentChecker, arg?: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = asUri(arg);
  const document = uri ? await vscode.workspace.openTextDocument(uri) : shownNnetDocument();
  if (!document) {
    void vscode.window.showWarningMessage('NNet: open a .nnet file first.');
    return undefined;
  }
  await checker.ready(document);
  return document;
}
