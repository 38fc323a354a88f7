// NNet: Open Example… — the examples shipped in the extension's examples/ folder. An example
// without data files opens as an untitled document; one that reads CSV files is copied, with
// them, into a folder the user picks (the CSV must sit beside the .nnet file). One whose data
// is not shipped (Fashion-MNIST's IDX files) says what it needs, takes the data from Debian's
// dataset folder or a folder the user picks, and is copied with it. Nothing is ever written
// into the extension's own folder.
import * as vscode from 'vscode';
import { parse } from '../core';
import { LANGUAGE_ID } from './documents';
import { baseName, datasetOf, matchFiles, missingDataMessage, needsDataDescription, renameDataPaths, type Dataset } from './example-data';

export interface Example {
  /** File name in examples/, e.g. `heaton-xor.nnet`. */
  readonly name: string;
  /** The file's first comment line, as its description. */
  readonly title: string;
  readonly text: string;
  /** Data files it reads, relative to the .nnet file. */
  readonly dataFiles: readonly string[];
  /** Those of `dataFiles` the extension does not ship (the user supplies them). */
  readonly externalData: readonly string[];
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
    if (s.kind !== 'data') continue;
    for (const literal of [s.file, s.labels?.file]) {
      if (literal && isLocalPath(literal.value) && !dataFiles.includes(literal.value)) dataFiles.push(literal.value);
    }
  }
  return { name, title, text, dataFiles, externalData: [] };
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function listExamples(root: vscode.Uri): Promise<Example[]> {
  const entries = await vscode.workspace.fs.readDirectory(root);
  const names = entries.filter(([n, type]) => type === vscode.FileType.File && n.endsWith('.nnet')).map(([n]) => n);
  // The Heaton network first: the walkthrough and the README start there.
  names.sort((a, b) => (a === 'heaton-xor.nnet' ? -1 : b === 'heaton-xor.nnet' ? 1 : a.localeCompare(b)));
  const examples: Example[] = [];
  for (const name of names) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, name)));
    const example = describeExample(name, text);
    // A public dataset's files (data/fashion-mnist/…) always come from the user's copy, as in
    // the .vsix, even when a development checkout holds them beside the examples.
    const externalData: string[] = [];
    for (const f of example.dataFiles) if (datasetOf([f]) || !(await exists(vscode.Uri.joinPath(root, f)))) externalData.push(f);
    examples.push({ ...example, externalData });
  }
  return examples;
}

function isInside(child: vscode.Uri, parent: vscode.Uri): boolean {
  if (child.scheme !== parent.scheme || child.authority !== parent.authority) return false;
  const p = parent.path.replace(/\/+$/, '');
  return child.path === p || child.path.startsWith(`${p}/`);
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

/**
 * Where the example opens: beside the walkthrough (or any other non-text editor that has the
 * focus), so that the steps stay readable and the commands they run find the example shown.
 */
function exampleColumn(): vscode.ViewColumn | undefined {
  return vscode.window.activeTextEditor === undefined && vscode.window.tabGroups.activeTabGroup.activeTab !== undefined ? vscode.ViewColumn.Beside : undefined;
}

/** A file to put into the chosen folder: from where, to which path relative to it. */
interface Copy {
  readonly from: vscode.Uri;
  readonly to: string;
}

/**
 * Writes `text` as `example.name` and copies `data` into `folder`; returns the written .nnet
 * file, or undefined if the user declined to replace files already there.
 */
async function copyInto(example: Example, text: string, data: readonly Copy[], folder: vscode.Uri, ask: boolean): Promise<vscode.Uri | undefined> {
  const files = [example.name, ...data.map((d) => d.to)];
  const taken: string[] = [];
  for (const f of files) if (await exists(vscode.Uri.joinPath(folder, f))) taken.push(f);
  if (taken.length > 0) {
    const choice = ask
      ? await vscode.window.showWarningMessage(`NNet: ${taken.join(', ')} already exist${taken.length === 1 ? 's' : ''} in ${folder.fsPath || folder.path}.`, { modal: true }, 'Replace', 'Open Existing')
      : 'Open Existing';
    if (choice === 'Open Existing') return vscode.Uri.joinPath(folder, example.name);
    if (choice !== 'Replace') return undefined;
  }
  for (const d of data) {
    const target = vscode.Uri.joinPath(folder, d.to);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.workspace.fs.copy(d.from, target, { overwrite: true });
  }
  // The .nnet file last: once it exists, the data it names is in place.
  const uri = vscode.Uri.joinPath(folder, example.name);
  await vscode.workspace.fs.createDirectory(folder);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** The names of the files directly in `folder` (none if it cannot be read). */
async function fileNames(folder: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(folder)).filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([n]) => n);
  } catch {
    return [];
  }
}

/** Debian's dataset folder for `example` if it holds every file the example needs. */
async function debianData(example: Example): Promise<vscode.Uri | undefined> {
  const dataset = datasetOf(example.externalData);
  if (!dataset || vscode.env.uiKind === vscode.UIKind.Web) return undefined;
  const folder = vscode.Uri.file(dataset.debianFolder);
  return matchFiles(example.externalData, await fileNames(folder)).missing.length === 0 ? folder : undefined;
}

/**
 * Where the example's unshipped data comes from: `given` (a folder argument), else Debian's
 * dataset folder or a folder the user picks. Undefined (after saying why) when it is missing.
 */
async function chooseDataFolder(example: Example, dataset: Dataset | undefined, given: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (given) return given;
  const debian = await debianData(example);
  const pickFolder = async (): Promise<vscode.Uri | undefined> =>
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        openLabel: 'Use This Data',
        title: `Folder holding ${example.externalData.map(baseName).join(', ')}`,
      })
    )?.[0];
  if (debian) {
    const choice = await vscode.window.showQuickPick(
      [
        { label: `$(check) Use the data in ${debian.fsPath}`, description: `Debian's ${dataset?.debianPackage ?? 'dataset'} package`, folder: debian },
        { label: '$(folder) Choose another folder holding the files…', description: example.externalData.map(baseName).join(', '), folder: undefined },
      ],
      { placeHolder: `${example.name}: where its ${dataset?.title ?? ''} data comes from (copied beside the example)` },
    );
    if (!choice) return undefined;
    return choice.folder ?? (await pickFolder());
  }
  const download = dataset ? 'Open Download Page' : undefined;
  const message = missingDataMessage(example.name, dataset, example.externalData);
  const answer = download
    ? await vscode.window.showWarningMessage(message, { modal: true }, 'Choose Folder…', download)
    : await vscode.window.showWarningMessage(message, { modal: true }, 'Choose Folder…');
  if (answer === download && dataset) {
    await vscode.env.openExternal(vscode.Uri.parse(dataset.url));
    return undefined;
  }
  return answer === 'Choose Folder…' ? pickFolder() : undefined;
}

/**
 * The data files to copy from `dataFolder` (kept at the example's relative paths; a file found
 * unpacked, without `.gz`, is copied as such and the .nnet text names it so) and the text.
 */
async function externalCopies(example: Example, dataFolder: vscode.Uri): Promise<{ copies: Copy[]; text: string } | { missing: string[] }> {
  const { found, missing } = matchFiles(example.externalData, await fileNames(dataFolder));
  if (missing.length > 0) return { missing };
  const renamed = new Map<string, string>();
  const copies: Copy[] = [];
  for (const [file, name] of found) {
    const to = name === baseName(file) ? file : `${file.slice(0, file.length - baseName(file).length)}${name}`;
    if (to !== file) renamed.set(file, to);
    copies.push({ from: vscode.Uri.joinPath(dataFolder, name), to });
  }
  return { copies, text: renamed.size > 0 ? renameDataPaths(example.text, renamed) : example.text };
}

/**
 * The command. `name` picks an example without asking (walkthrough links pass it); `folder`
 * is where one with data files is copied (asked for when missing); `dataFolder` holds the data
 * an example needs but the extension does not ship (asked for when missing). Returns the
 * opened document's URI.
 */
export async function openExample(extensionUri: vscode.Uri, name?: string, folder?: vscode.Uri, dataFolder?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const root = vscode.Uri.joinPath(extensionUri, 'examples');
  const examples = await listExamples(root);
  let example = name === undefined ? undefined : examples.find((e) => e.name === name || e.name === `${name}.nnet`);
  if (name !== undefined && !example) {
    void vscode.window.showErrorMessage(`NNet: there is no example named ${name}.`);
    return undefined;
  }
  if (!example) {
    const items = [];
    for (const e of examples) {
      let description = e.dataFiles.length ? `reads ${e.dataFiles.join(', ')} — copied to a folder you choose` : 'opens as an untitled file';
      if (e.externalData.length > 0) description = needsDataDescription(datasetOf(e.externalData), e.externalData, (await debianData(e))?.fsPath);
      items.push({ label: e.name, description, detail: e.title, example: e });
    }
    const picked = await vscode.window.showQuickPick(items, { placeHolder: 'Example network to open', matchOnDetail: true, matchOnDescription: true });
    if (!picked) return undefined;
    example = picked.example;
  }
  const column = exampleColumn();
  if (example.dataFiles.length === 0) {
    const uri = (await openUntitled(example)).uri;
    await vscode.window.showTextDocument(uri, { preview: false, viewColumn: column });
    // Gradients are computed by themselves when a file opens or is saved; the text of an
    // untitled example arrives by an edit, so ask for them.
    await vscode.commands.executeCommand('nnet.computeGradients', uri);
    return uri;
  }
  let text = example.text;
  const copies: Copy[] = example.dataFiles.filter((f) => !example.externalData.includes(f)).map((f) => ({ from: vscode.Uri.joinPath(root, f), to: f }));
  if (example.externalData.length > 0) {
    const dataset = datasetOf(example.externalData);
    const source = await chooseDataFolder(example, dataset, dataFolder);
    if (!source) return undefined;
    const external = await externalCopies(example, source);
    if ('missing' in external) {
      void vscode.window.showErrorMessage(`NNet: ${source.fsPath || source.path} does not hold ${external.missing.join(', ')} (gzipped or not), which ${example.name} reads.`);
      return undefined;
    }
    for (const c of external.copies) copies.push(c);
    text = external.text;
  }
  const target =
    folder ??
    (
      await vscode.window.showOpenDialog({
        canSelectFiles: false,
        canSelectFolders: true,
        canSelectMany: false,
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        openLabel: 'Copy Example Here',
        title: `Folder for ${example.name} and ${copies.map((c) => c.to).join(', ')}`,
      })
    )?.[0];
  if (!target) return undefined;
  if (isInside(target, extensionUri)) {
    void vscode.window.showErrorMessage('NNet: choose a folder outside the extension’s own folder.');
    return undefined;
  }
  const uri = await copyInto(example, text, copies, target, folder === undefined);
  if (!uri) return undefined;
  await vscode.window.showTextDocument(uri, { preview: false, viewColumn: column });
  return uri;
}

export function registerExamples(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nnet.openExample', (name?: unknown, folder?: unknown, dataFolder?: unknown) =>
      openExample(
        context.extensionUri,
        typeof name === 'string' ? name : undefined,
        folder instanceof vscode.Uri ? folder : undefined,
        dataFolder instanceof vscode.Uri ? dataFolder : undefined,
      ),
    ),
  );
}
