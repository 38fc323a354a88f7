// Checks `.nnet` documents through the core, caching one result per document version so that
// every feature (diagnostics now; lenses and hovers later) shares one parse.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { check, type CheckResult } from '../core';
import { countLines } from '../core/syntax/parser';
import { formatCount, MAX_LIVE_TEXT_CHARS } from '../core/limits';
import { createDataReader } from '../node/data-reader';

export const LANGUAGE_ID = 'nnet';

export function isNnetDocument(document: vscode.TextDocument): boolean {
  return document.languageId === LANGUAGE_ID;
}

export class DocumentChecker {
  private readonly cache = new Map<string, { version: number; result: CheckResult }>();

  get(document: vscode.TextDocument): CheckResult {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached.result;
    const text = document.getText();
    const readData = document.uri.scheme === 'file' ? createDataReader(document.uri.fsPath) : undefined;
    const result = text.length > MAX_LIVE_TEXT_CHARS ? tooLargeForLive(text) : check(text, { readData });
    this.cache.set(key, { version: document.version, result });
    return result;
  }

  /** Forgets cached results (e.g. after a data file changed on disk). */
  invalidate(document?: vscode.TextDocument): void {
    if (document) this.cache.delete(document.uri.toString());
    else this.cache.clear();
  }

  /** Whether `dataFile` sits in the folder tree of `document` (a change may affect its data). */
  static mayRead(document: vscode.TextDocument, dataFile: vscode.Uri): boolean {
    if (document.uri.scheme !== 'file' || dataFile.scheme !== 'file') return false;
    const relative = path.relative(path.dirname(document.uri.fsPath), dataFile.fsPath);
    return !relative.startsWith('..') && !path.isAbsolute(relative);
  }
}

/**
 * The result for a document too large to check in the extension host on every edit: no tree, no
 * network (so no lenses, hovers or training) and one error that says why. The editor stays
 * responsive; `nnet check` in a terminal still checks the file.
 */
export function tooLargeForLive(text: string): CheckResult {
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const message = `this file has ${formatCount(text.length)} characters; live checking, lenses and hovers stop at ${formatCount(MAX_LIVE_TEXT_CHARS)} to keep the editor responsive (run 'nnet check' in a terminal to check it)`;
  return {
    tree: { statements: [], comments: [], diagnostics: [], lineCount: countLines(text) },
    diagnostics: [{ code: 'nnet/too-large', severity: 'error', range: at, message }],
    hasErrors: true,
  };
}

