// What differs between the desktop extension (Node extension host) and the web extension (VS Code
// for the Web's Web Worker host): reading data files, starting the language server and the
// training worker. Each entry
// (extension.ts, src/browser/extension.ts) passes its own; the features never import src/node/
// or src/browser/ themselves.
import type * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import type { ByteReader, DataReader, EngineSpec, HeldOutSets, SampleSet, TrainingHooks, TrainOptions, TrainResult } from '../core';

export interface DataAccess {
  /**
   * A synchronous reader for the core's check of `document` (undefined: no file access for it).
   * It calls `notRead` when asked for a file `load` has not read yet.
   */
  reader(document: vscode.TextDocument, notRead?: () => void): DataReader | undefined;
  /**
   * A synchronous reader of binary data files (IDX images and labels) for `document`, serving what
   * `load` read ahead; it calls `notRead` when asked for a file not read yet. Missing: IDX `data`
   * lines report that they cannot be read here.
   */
  bytes?(document: vscode.TextDocument, notRead?: () => void): ByteReader | undefined;
  /** Reads, before the synchronous core runs, the data files the document names; true when new data arrived. */
  load(document: vscode.TextDocument): Promise<boolean>;
  /** Forgets a data file that changed on disk. */
  forget(file: vscode.Uri): void;
  /** Whether `file` sits in the folder tree of `document` (a change may affect its data). */
  mayRead(document: vscode.TextDocument, file: vscode.Uri): boolean;
}

export interface Platform {
  /** `desktop`: Node extension host; `web`: the Web Worker extension host of VS Code for the Web. */
  readonly kind: 'desktop' | 'web';
  readonly data: DataAccess;
  /**
   * The language client, with the server started where this host can run it: a Node process
   * (desktop, vscode-languageclient/node) or a Web Worker (web, vscode-languageclient/browser).
   */
  readonly languageClient: (options: LanguageClientOptions) => Promise<BaseLanguageClient>;
  /** Trains off the extension host's thread (worker thread / Web Worker); same result as the core's train(). */
  readonly runTraining: (spec: EngineSpec, data: SampleSet, options: TrainOptions, hooks?: TrainingHooks, held?: HeldOutSets) => Promise<TrainResult>;
}

/** No file access at all (the core then says a data file cannot be read here). */
export const NO_DATA_FILES: DataAccess = {
  reader: () => undefined,
  load: () => Promise.resolve(false),
  forget: () => {},
  mayRead: () => false,
};
