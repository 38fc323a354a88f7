// Publishes the core's diagnostics to the Problems panel: on open, on change (debounced so
// typing never waits for a check), on CSV changes; cleared on close.
import * as vscode from 'vscode';
import { toDiagnostic } from './convert';
import { isNnetDocument, type DocumentChecker } from './documents';

/** Delay after the last keystroke before re-checking. */
const DEBOUNCE_MS = 150;

export function registerDiagnostics(context: vscode.ExtensionContext, checker: DocumentChecker): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('nnet');
  const pending = new Map<string, NodeJS.Timeout>();

  const publish = (document: vscode.TextDocument): void => {
    if (!isNnetDocument(document) || document.isClosed) return;
    const result = checker.get(document);
    collection.set(
      document.uri,
      result.diagnostics.map((d) => toDiagnostic(d, document.uri)),
    );
  };

  const schedule = (document: vscode.TextDocument): void => {
    if (!isNnetDocument(document)) return;
    const key = document.uri.toString();
    clearTimeout(pending.get(key));
    pending.set(
      key,
      setTimeout(() => {
        pending.delete(key);
        publish(document);
      }, DEBOUNCE_MS),
    );
  };

  const recheckReaders = (csv: vscode.Uri): void => {
    for (const document of checker.dataChanged(csv)) void checker.ready(document).then(() => schedule(document));
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/*{.csv,-ubyte,-ubyte.gz,.idx,.idx.gz}');

  context.subscriptions.push(
    collection,
    watcher,
    watcher.onDidChange(recheckReaders),
    watcher.onDidCreate(recheckReaders),
    watcher.onDidDelete(recheckReaders),
    vscode.workspace.onDidOpenTextDocument((document) => void checker.ready(document).then(() => publish(document))),
    checker.onDidLoadData(publish),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      clearTimeout(pending.get(document.uri.toString()));
      pending.delete(document.uri.toString());
      collection.delete(document.uri);
      checker.invalidate(document);
    }),
    { dispose: () => pending.forEach((t) => clearTimeout(t)) },
  );
  vscode.workspace.textDocuments.forEach((document) => void checker.ready(document).then(() => publish(document)));
  return collection;
}
