// The web entry (package.json "browser"): VS Code for the Web (vscode.dev, github.dev) and other
// Web Worker extension hosts. Data files are read through workspace.fs, training runs in a Web
// Worker; what needs Node (the `nnet` command line) is named as such where it is asked for.
import * as vscode from 'vscode';
import { activateWith } from '../extension/activate';
import type { DataAccess } from '../extension/platform';
import { registerUnavailableCommands } from './unavailable';
import { webTraining } from './training';
import { WorkspaceDataFiles, isBelowFolderOf } from './workspace-data';

function webData(): DataAccess {
  const files = new WorkspaceDataFiles();
  return {
    reader: (document, notRead) => files.reader(document.uri, notRead),
    load: (document) => files.load(document.uri, document.getText()),
    forget: (file) => files.forget(file),
    mayRead: (document, file) => isBelowFolderOf(document.uri, file),
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const workerUrl = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'train-worker.js').toString(true);
  activateWith(context, { kind: 'web', data: webData(), runTraining: webTraining(workerUrl) });
  void registerUnavailableCommands(context);
}

export function deactivate(): void {}
