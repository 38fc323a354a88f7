// Checks `.nnet` documents through the core, caching one result per document version so that
// every feature (diagnostics, lenses, hovers) shares one parse. Data files are read through the
// platform's DataAccess: `ready` reads them before the synchronous check; a check that finds
// data not read yet starts the read and fires `onDidLoadData` when it arrived.
import * as vscode from 'vscode';
import { liveCheck, type CheckResult } from '../core';
import type { DataAccess } from './platform';

export const LANGUAGE_ID = 'nnet';

export function isNnetDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}

export class DocumentChecker implements vscode.Disposable {
  private readonly cache = new Map<string, { version: number; result: CheckResult }>();
  private readonly loaded = new vscode.EventEmitter<vscode.TextDocument>();
  /** Fires when data files a document names have been read (its check result changed). */
  readonly onDidLoadData = this.loaded.event;

  constructor(private readonly data: DataAccess) {}

  dispose(): void {
    this.loaded.dispose();
  }

  get(document: vscode.TextDocument): CheckResult {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.result;
    const text = document.getText();
    let missing = false;
    const readData = this.data.reader(document, () => (missing = true));
    const readBytes = this.data.bytes?.(document, () => (missing = true));
    const result = liveCheck(text, { readData, readBytes });
    this.cache.set(key, { version: document.version, result });
    if (missing) void this.ready(document);
    return result;
  }

  /** Reads the data files `document` names that are not read yet (nothing to wait for on a local disk). */
  async ready(document: vscode.TextDocument): Promise<void> {
    if (await this.data.load(document)) {
      this.invalidate(document);
      this.loaded.fire(document);
    }
  }

  /** Forgets cached results (e.g. after a data file changed on disk). */
  invalidate(document?: vscode.TextDocument): void {
    if (document) this.cache.delete(document.uri.toString());
    else this.cache.clear();
  }

  /** A data file changed on disk: forgets it, and returns the open documents that may read it. */
  dataChanged(file: vscode.Uri): vscode.TextDocument[] {
    this.data.forget(file);
    const affected = vscode.workspace.textDocuments.filter((d) => isNnetDocument(d) && this.data.mayRead(d, file));
    affected.forEach((d) => this.invalidate(d));
    return affected;
  }
}
