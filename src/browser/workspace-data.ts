// Data files (`data "digits.csv" …`) read through `vscode.workspace.fs`, so they load wherever
// the workspace lives: vscode-vfs:// (vscode.dev, github.dev), file:// (through a remote or
// code-server), memfs… The core checks synchronously, so the files a document names are read
// first (`load`), kept here, and handed to the core by a synchronous reader (`reader`).
// Path rules are the desktop's: relative to the .nnet file's folder, never out of it (the core
// rejects absolute paths and `..` that climbs out); symbolic links are refused, because
// workspace.fs cannot tell where they lead.
import * as vscode from 'vscode';
import { dataFileTooLarge, MAX_DATA_FILE_BYTES, normaliseDataPath, parse, type DataReader } from '../core';

type Read = { ok: true; text: string } | { ok: false; error: string };

/** The folder holding `file` (its URI without the last path segment). */
export function folderOf(file: vscode.Uri): vscode.Uri {
  return file.with({ path: file.path.slice(0, Math.max(1, file.path.lastIndexOf('/'))) });
}

/** Whether `file` lies in the folder tree of the document `document` (same scheme and authority). */
export function isBelowFolderOf(document: vscode.Uri, file: vscode.Uri): boolean {
  const folder = folderOf(document);
  const prefix = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  return file.scheme === folder.scheme && file.authority === folder.authority && file.path.startsWith(prefix);
}

/** The data files `text` names, normalised (paths the core would reject are left out: it reports them). */
export function dataPathsOf(text: string): string[] {
  const paths = new Set<string>();
  for (const s of parse(text).statements) {
    if (s.kind !== 'data' || !s.file) continue;
    const normal = normaliseDataPath(s.file.value);
    if (normal !== undefined) paths.add(normal);
  }
  return [...paths];
}

function describe(error: unknown, shown: string): string {
  const code = error instanceof vscode.FileSystemError ? error.code : undefined;
  switch (code) {
    case 'FileNotFound':
    case 'FileNotADirectory':
      return `'${shown}' does not exist`;
    case 'NoPermissions':
      return `permission denied reading '${shown}'`;
    case 'FileIsADirectory':
      return `'${shown}' is a folder, not a file`;
    default:
      return `cannot read '${shown}': ${error instanceof Error ? error.message : String(error)}`;
  }
}

export class WorkspaceDataFiles {
  /** What was read, by the data file's URI. */
  private readonly read = new Map<string, Read>();
  /** Reads under way, by URI; a `forget` drops the entry, so a late answer is not kept. */
  private readonly reading = new Map<string, Promise<void>>();

  /** A synchronous reader over what `load` read for `document` (paths arrive normalised from the core). */
  reader(document: vscode.Uri, notRead?: () => void): DataReader | undefined {
    if (document.scheme === 'untitled') return undefined;
    const folder = folderOf(document);
    return (relativePath: string) => {
      const normal = normaliseDataPath(relativePath);
      if (normal === undefined) return { ok: false, error: `'${relativePath}' is outside the folder of the .nnet file` };
      const read = this.read.get(vscode.Uri.joinPath(folder, normal).toString());
      if (read) return read;
      notRead?.();
      return { ok: false, error: `'${relativePath}' has not been read yet` };
    };
  }

  /** Reads the data files `text` names (beside `document`) that are not read yet. True when any was. */
  async load(document: vscode.Uri, text: string): Promise<boolean> {
    if (document.scheme === 'untitled') return false;
    const folder = folderOf(document);
    const missing = dataPathsOf(text).filter((p) => !this.read.has(vscode.Uri.joinPath(folder, p).toString()));
    if (missing.length === 0) return false;
    await Promise.all(missing.map((p) => this.readOnce(vscode.Uri.joinPath(folder, p), p)));
    return true;
  }

  /** Forgets `file` (it changed or went away); the next `load` reads it again. */
  forget(file: vscode.Uri): void {
    this.read.delete(file.toString());
    this.reading.delete(file.toString());
  }

  private readOnce(uri: vscode.Uri, shown: string): Promise<void> {
    const key = uri.toString();
    const pending = this.reading.get(key);
    if (pending) return pending;
    const promise = readText(uri, shown).then((result) => {
      if (this.reading.get(key) !== promise) return; // forgotten meanwhile
      this.reading.delete(key);
      this.read.set(key, result);
    });
    this.reading.set(key, promise);
    return promise;
  }
}

async function readText(uri: vscode.Uri, shown: string): Promise<Read> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.SymbolicLink) {
      return { ok: false, error: `'${shown}' is a symbolic link; name the file itself (links may lead outside the folder of the .nnet file)` };
    }
    if (stat.type & vscode.FileType.Directory) return { ok: false, error: `'${shown}' is a folder, not a file` };
    if (stat.size > MAX_DATA_FILE_BYTES) {
      return { ok: false, error: dataFileTooLarge(shown, stat.size) };
    }
    const bytes = await vscode.workspace.fs.readFile(uri);
    if (bytes.byteLength > MAX_DATA_FILE_BYTES) {
      return { ok: false, error: dataFileTooLarge(shown, bytes.byteLength) };
    }
    let text = new TextDecoder('utf-8').decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch (e) {
    return { ok: false, error: describe(e, shown) };
  }
}
