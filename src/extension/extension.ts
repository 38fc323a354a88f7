// The desktop entry (package.json "main"): the Node extension host. The language server runs in
// its own Node process (dist/server.js over node-ipc); data files come from the disk
// (workspace.fs for folders that are not on it), training runs in a worker thread.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { WorkspaceDataFiles, isBelowFolderOf } from '../browser/workspace-data';
import { dataLines } from '../core';
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
    // Only the lines that may name data files are parsed (a whole parse of 100k weight lines held this thread up to 1.9 s before each command).
    load: (document) => (document.uri.scheme === 'file' ? loadBinaryFiles(document.uri.fsPath, dataLines(document.getText())) : remote.load(document.uri, dataLines(document.getText()))),
    forget: (file) => remote.forget(file),
    mayRead: (document, file) => isBelowFolderOf(document.uri, file),
  };
}

/** dist/server.js in a Node process of its own; restarted by the client when it dies (client.ts). */
function nodeLanguageClient(context: vscode.ExtensionContext): (options: LanguageClientOptions) => Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return (options) => Promise.resolve(new LanguageClient('nnet', 'NNet Language Server', serverOptions, options));
}

export function activate(context: vscode.ExtensionContext): void {
  activateWith(context, { kind: 'desktop', data: desktopData(), languageClient: nodeLanguageClient(context), runTraining });
  // Desktop only: the adapter library (@vscode/debugadapter) needs Node's `events` and `url`.
  registerDebugger(context);
  registerExamples(context);
  // Desktop only for now: reads data files through src/node.
  registerExport(context);
}

export function deactivate(): void {}
