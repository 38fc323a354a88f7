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

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A URL the Web Worker extension host can start the training worker from. VS Code's host refuses
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
      throw new Error(`cannot load the training worker ${script.toString(true)}: ${e instanceof Error ? e.message : String(e)}`);
    });
    return url;
  };
}

export function activate(context: vscode.ExtensionContext): void {
  const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'train-worker.js');
  activateWith(context, { kind: 'web', data: webData(), runTraining: webTraining(workerScriptUrl(script)) });
  void registerUnavailableCommands(context);
}

export function deactivate(): void {}
