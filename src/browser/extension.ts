// The web entry (package.json "browser"): VS Code for the Web (vscode.dev, github.dev) and other
// Web Worker extension hosts. The language server runs in a Web Worker (dist/web/server.js, the
// same server as the desktop's Node process), data files are read through workspace.fs, training
// runs in a Web Worker; what needs Node (the `nnet` command line) is named as such where it is
// asked for.
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions } from 'vscode-languageclient/browser';
import { dataLines } from '../core';
import { activateWith } from '../extension/activate';
import type { DataAccess } from '../extension/platform';
import { registerUnavailableCommands } from './unavailable';
import { webTraining } from './training';
import { WorkspaceDataFiles, isBelowFolderOf } from './workspace-data';

function webData(): DataAccess {
  const files = new WorkspaceDataFiles();
  return {
    reader: (document, notRead) => files.reader(document.uri, notRead),
    // Only the lines that can name a data file are parsed (not 100k weight lines on the host's thread).
    load: (document) => files.load(document.uri, dataLines(document.getText())),
    forget: (file) => files.forget(file),
    mayRead: (document, file) => isBelowFolderOf(document.uri, file),
  };
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A URL the Web Worker extension host can start a worker (training, the language server) from. VS Code's host refuses
 * `new Worker()` on vscode-remote:// scripts (code-server, remotes) and other origins may differ
 * from the host's, so the script is read once (workspace.fs, or fetch for http(s), as on
 * vscode.dev) and started from a blob: URL of this origin.
 */
function workerScriptUrl(script: vscode.Uri): () => Promise<string> {
  let url: Promise<string> | undefined;
  const load = async (): Promise<string> => {
    const bytes =
      script.scheme === 'http' || script.scheme === 'https'
        ? await fetchBytes(script.toString(true))
        : await vscode.workspace.fs.readFile(script);
    return URL.createObjectURL(new Blob([bytes], { type: 'application/javascript' }));
  };
  return () => {
    url ??= load().catch((e: unknown) => {
      url = undefined; // try again next time
      throw new Error(`cannot load the worker script ${script.toString(true)}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return url;
  };
}

// The little of the DOM's Worker used here (the repo's tsconfig has no DOM lib).
declare const Worker: new (url: string, options?: { name?: string }) => ConstructorParameters<typeof LanguageClient>[3];

/** The language server in a Web Worker, started from a blob: URL of its script (see workerScriptUrl). */
function workerLanguageClient(serverUrl: () => Promise<string>): (options: LanguageClientOptions) => Promise<LanguageClient> {
  return async (options) => new LanguageClient('nnet', 'NNet Language Server', options, new Worker(await serverUrl(), { name: 'NNet Language Server' }));
}

export function activate(context: vscode.ExtensionContext): void {
  const web = (name: string): vscode.Uri => vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', name);
  activateWith(context, {
    kind: 'web',
    data: webData(),
    languageClient: workerLanguageClient(workerScriptUrl(web('server.js'))),
    runTraining: webTraining(workerScriptUrl(web('train-worker.js'))),
  });
  void registerUnavailableCommands(context);
}

export function deactivate(): void {}
