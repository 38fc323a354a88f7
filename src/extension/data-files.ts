// The data files the language server cannot read itself (`nnet/readData`): on the web, where it
// runs in a Web Worker without file access, and for documents on virtual file systems. Read here
// through the platform's DataAccess (workspace.fs; the same path rules as everywhere) and sent
// as text.
import * as vscode from 'vscode';
import type { DataFileRead, ReadDataParams, ReadDataResult } from '../server/protocol';
import type { DocumentChecker } from './documents';
import type { DataAccess } from './platform';

export async function readData(checker: DocumentChecker, data: DataAccess, params: ReadDataParams): Promise<ReadDataResult> {
  const paths = Array.isArray(params.paths) ? params.paths.filter((p): p is string => typeof p === 'string') : [];
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === params.uri);
  if (!document) return { files: paths.map((path): DataFileRead => ({ path, ok: false, error: `'${path}' cannot be read: the document is not open` })) };
  await checker.ready(document);
  const reader = data.reader(document);
  return {
    files: paths.map((path): DataFileRead => {
      const read = reader ? reader(path) : { ok: false as const, error: `'${path}' cannot be read here` };
      return read.ok ? { path, ok: true, text: read.text } : { path, ok: false, error: read.error };
    }),
  };
}
