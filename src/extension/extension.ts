// The desktop entry (package.json "main"): the Node extension host. Data files come from the disk
// (workspace.fs for folders that are not on it), training runs in a worker thread.
import * as vscode from 'vscode';
import { WorkspaceDataFiles, isBelowFolderOf } from '../browser/workspace-data';
import { createByteReader, loadBinaryFiles } from '../node/byte-reader';
import { createDataReader } from '../node/data-reader';
import { runTraining } from '../node/training';
import { activateWith } from './activate';
import { registerDebugger } from './debug';
import { registerExamples } from './examples';
import { registerExport } from './export';
import type { DataAccess } from './platform';

/**
 * file:// documents read their data from the disk; others (a remote file system) through
 * workspace.fs. IDX files (Fashion-MNIST's 26 MB of gzip) are read ahead off the extension host's
 * thread (`load`: fs.promises and zlib's thread pool); the synchronous check then takes them from
 * memory, and asks for the read when they are not there yet.
 */
function desktopData(): DataAccess {
  const remote = new WorkspaceDataFiles();
  return {
    reader: (document, notRead) => (document.uri.scheme === 'file' ? createDataReader(document.uri.fsPath) : remote.reader(document.uri, notRead)),
    bytes: (document, notRead) => (document.uri.scheme === 'file' ? createByteReader(document.uri.fsPath, { onlyLoaded: notRead ?? (() => {}) }) : undefined),
    load: (document) => (document.uri.scheme === 'file' ? loadBinaryFiles(document.uri.fsPath, document.getText()) : remote.load(document.uri, document.getText())),
    forget: (file) => remote.forget(file),
    mayRead: (document, file) => isBelowFolderOf(document.uri, file),
  };
}

export function activate(context: vscode.ExtensionContext): void {
  activateWith(context, { kind: 'desktop', data: desktopData(), runTraining });
  // Desktop only: the adapter library (@vscode/debugadapter) needs Node's `events` and `url`.
  registerDebugger(context);
  registerExamples(context);
  // Desktop only for now: reads data files through src/node.
  registerExport(context);
}

export function deactivate(): void {}
