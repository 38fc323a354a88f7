// NNet: Open Example… — the examples shipped in the extension's examples/ folder. An example
// without data files opens as an untitled document; one that reads CSV files is copied, with
// them, into a folder the user picks (the CSV must sit beside the .nnet file). Nothing is
// ever written into the extension's own folder.
import * as vscode from 'vscode';
import { parse } from '../core';
import { LANGUAGE_ID } from './documents';

export interface Example {
  /** File name in examples/, e.g. `heaton-xor.nnet`. */
  readonly name: string;
  /** The file's first comment line, as its description. */
  readonly title: string;
  readonly text: string;
  /** Data files it reads, relative to the .nnet file. */
  readonly dataFiles: readonly string[];
}

/** A data path that stays inside the example folder (no absolute paths, no `..`). */
function isLocalPath(file: string): boolean {
  return file.length > 0 && !/^([/\\]|[a-zA-Z]:)/.test(file) && !file.split(/[/\\]/).includes('..');
}

export function describeExample(name: string, text: string): Example {
  const first = text.split(/\r?\n/).find((l) => l.trim().startsWith('#'));
  const title = first ? first.replace(/^\s*#\s*/, '').trim() : name;
  const dataFiles: string[] = [];
  for (const s of parse(text).statements) {
    if (s.kind === 'data' && s.file && isLocalPath(s.file.value) && !dataFiles.includes(s.file.value)) dataFiles.push(s.file.value);
  }
  return { name, title, text, dataFiles };
}

async function listExamples(root: vscode.Uri): Promise<Example[]> {
  const entries = await vscode.workspace.fs.readDirectory(root);
  const names = entries.filter(([n, type]) => type === vscode.FileType.File && n.endsWith('.nnet')).map(([n]) => n);
  // The Heaton network first: the walkthrough and the README start there.
  names.sort((a, b) => (a === 'heaton-xor.nnet' ? -1 : b === 'heaton-xor.nnet' ? 1 : a.localeCompare(b)));
  const examples: Example[] = [];
  for (const name of names) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, name)));
    examples.push(describeExample(name, text));
  }
  return examples;
}

function isInside(child: vscode.Uri, parent: vscode.Uri): boolean {
  if (child.scheme !== parent.scheme || child.authority !== parent.authority) return false;
  const p = parent.path.replace(/\/+$/, '');
  return child.path === p || child.path.startsWith(`${p}/`);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Opens `example` as an untitled document named after it (shown again if already open). */
async function openUntitled(example: Example): Promise<vscode.TextDocument> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: example.name });
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open && open.getText().length > 0) return open;
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), example.text);
  await vscode.workspace.applyEdit(edit);
  return document;
}

/** Copies `example` and its data files into `folder`; returns the copied .nnet file, or undefined if the user declined. */
async function copyInto(root: vscode.Uri, example: Example, folder: vscode.Uri, ask: boolean): Promise<vscode.Uri | undefined> {
  const files = [example.name, ...example.dataFiles];
  const taken: string[] = [];
  for (const f of files) if (await exists(vscode.Uri.joinPath(folder, f))) taken.push(f);
  if (taken.length > 0) {
    const choice = ask
      ? await vscode.window.showWarningMessage(`NNet: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''} in ${folder.fsPath || folder.path}.`, { modal: true }, 'Replace', 'Open Existing')
      : 'Open Existing';
    if (choice === 'Open Existing') return vscode.Uri.joinPath(folder, example.name);
    if (choice !== 'Replace') return undefined;
  }
  for (const f of files) {
    const target = vscode.Uri.joinPath(folder, f);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.workspace.fs.copy(vscode.Uri.joinPath(root, f), target, { overwrite: true });
  }
  return vscode.Uri.joinPath(folder, example.name);
}

/**
 * The command. `name` picks an example without asking (walkthrough links pass it); `folder`
 * is where one with data files is copied (asked for when missing). Returns the opened document's URI.
 */
export async function openExample(extensionUri: vscode.Uri, name?: string, folder?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const root = vscode.Uri.joinPath(extensionUri, 'examples');
  const examples = await listExamples(root);
  let example = name === undefined ? undefined : examples.find((e) => e.name === name || e.name === `${name}.nnet`);
  if (name !== undefined && !example) {
    void vscode.window.showErrorMessage(`NNet: there is no example named ${name}.`);
    return undefined;
  }
  if (!example) {
    const picked = await vscode.window.showQuickPick(
      examples.map((e) => ({
        label: e.name,
        description: e.dataFiles.length ? `reads ${e.dataFiles.join(', ')} — copied to a folder you choose` : 'opens as an untitled file',
        detail: e.title,
        example: e,
      })),
      { placeHolder: 'Example network to open', matchOnDetail: true },
    );
    if (!picked) return undefined;
    example = picked.example;
  }
  let uri: vscode.Uri | undefined;
  if (example.dataFiles.length === 0) {
    uri = (await openUntitled(example)).uri;
    await vscode.window.showTextDocument(uri, { preview: false });
    // Gradients are computed by themselves when a file opens or is saved; the text of an
    // untitled example arrives by an edit, so ask for them.
    await vscode.commands.executeCommand('nnet.computeGradients', uri);
    return uri;
  } else {
    const target =
      folder ??
      (
        await vscode.window.showOpenDialog({
          canSelectFiles: false,
          canSelectFolders: true,
          canSelectMany: false,
          defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
          openLabel: 'Copy Example Here',
          title: `Folder for ${example.name} and ${example.dataFiles.join(', ')}`,
        })
      )?.[0];
    if (!target) return undefined;
    if (isInside(target, extensionUri)) {
      void vscode.window.showErrorMessage('NNet: choose a folder outside the extension’s own folder.');
      return undefined;
    }
    uri = await copyInto(root, example, target, folder === undefined);
    if (!uri) return undefined;
  }
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

export function registerExamples(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nnet.openExample', (name?: unknown, folder?: unknown) =>
      openExample(context.extensionUri, typeof name === 'string' ? name : undefined, folder instanceof vscode.Uri ? folder : undefined),
    ),
  );
}
