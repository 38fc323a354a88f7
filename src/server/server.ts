// The nnet language server, platform-neutral: it takes a connection (stdio, node-ipc, or a
// web worker's message port) and a platform (data-file reader), and serves every language
// feature of `.nnet` files over LSP plus the `nnet/...` messages of protocol.ts. No Node API
// here: src/server/node.ts and (for the web) src/server/browser.ts only build the connection
// and the platform.
import {
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { GRADIENT_COMMANDS, settingsFrom, type CheckResult, type GradientSettings } from '../core';
import { QUICK_FIX, toDiagnostic } from './convert';
import { UnreadDataPoll } from './data-poll';
import { registerGradientFeatures } from './gradients';
import { registerLanguageFeatures } from './language';
import { READ_DATA, SETTINGS_SECTION, type DataFileRead, type InitializationOptions, type ReadDataParams, type ReadDataResult } from './protocol';
import { DocumentStates, type Platform } from './state';

export type { Platform } from './state';

/** While edits keep coming, the delay after the last one before diagnostics are re-checked (the first edit after a pause is checked at once). */
export const DIAGNOSTICS_DEBOUNCE_MS = 150;

/** What every feature module gets from the server. */
export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly states: DocumentStates;
  readonly client: ClientFacts;
  /** The settings for a document (`workspace/configuration`, cached until they change). */
  settings(uri: string): Promise<GradientSettings>;
  /**
   * The open document at `uri` if it still has `version` (the version a request started
   * from) and the request is not cancelled; undefined otherwise, so a stale request returns
   * nothing rather than numbers for text the user no longer sees.
   */
  current(uri: string, version: number, token?: CancellationToken): TextDocument | undefined;
  /** The open document and its settings, once they are known, if it still has the version it had when the request arrived (`current`). */
  atRequest(uri: string, token: CancellationToken): Promise<{ document: TextDocument; settings: GradientSettings } | undefined>;
  /** Re-publish diagnostics and ask the client to refresh lenses and inlay hints. */
  refresh(uri?: string): void;
  /** Resolves when data files the document's check asked the client for have arrived (at once when none are pending). */
  dataReady(uri: string): Promise<void>;
  /** Calls `listener` with a document's URI when data files the client read for it arrived. */
  onDataRead(listener: (uri: string) => void): void;
}

export interface ClientFacts {
  /** VS Code shows `$(icon)` codicons in lens titles. */
  codicons: boolean;
  insertReplace: boolean;
  linkSupport: boolean;
  configuration: boolean;
  codeLensRefresh: boolean;
  inlayHintRefresh: boolean;
  /** The client runs the lens commands itself (the VS Code extension does). */
  clientCommands: boolean;
  /** The client answers `nnet/readData`. */
  dataFiles: boolean;
  initSettings: unknown;
}

function clientFacts(capabilities: ClientCapabilities, name: string | undefined, options: InitializationOptions | undefined): ClientFacts {
  return {
    codicons: /visual studio code|vscode|code - oss|code-server/i.test(name ?? ''),
    insertReplace: !!capabilities.textDocument?.completion?.completionItem?.insertReplaceSupport,
    linkSupport: !!capabilities.textDocument?.definition?.linkSupport,
    configuration: !!capabilities.workspace?.configuration,
    codeLensRefresh: !!capabilities.workspace?.codeLens?.refreshSupport,
    inlayHintRefresh: !!capabilities.workspace?.inlayHint?.refreshSupport,
    clientCommands: options?.clientCommands === true,
    dataFiles: options?.dataFiles === true,
    initSettings: options?.settings,
  };
}

/** Starts serving on `connection` (call `connection.listen()` afterwards, or let the entry point do it). */
export function createServer(connection: Connection, platform: Platform): void {
  const documents = new TextDocuments(TextDocument);
  // Data files the server cannot read itself are asked from the client, once per document at a time.
  const fetching = new Map<string, Promise<void>>();
  const dataListeners: ((uri: string) => void)[] = [];
  const fetchData = (uri: string, paths: string[]): void => {
    if (fetching.has(uri)) return;
    const params: ReadDataParams = { uri, paths };
    const done = connection
      .sendRequest<ReadDataResult>(READ_DATA, params)
      .then(
        (result) => (Array.isArray(result?.files) ? result.files : []),
        (e: unknown) => paths.map((path): DataFileRead => ({ path, ok: false, error: `'${path}' could not be read: ${e instanceof Error ? e.message : String(e)}` })),
      )
      .then((files) => {
        fetching.delete(uri);
        if (!documents.get(uri)) return;
        // A path the client did not answer stays unreadable (rather than asked again and again).
        const answered = new Set(files.map((f) => f.path));
        const unanswered = paths.filter((p) => !answered.has(p)).map((path): DataFileRead => ({ path, ok: false, error: `'${path}' could not be read` }));
        states.setData(uri, [...files, ...unanswered]);
        context.refresh(uri);
        for (const listener of dataListeners) listener(uri);
      });
    fetching.set(uri, done);
  };
  // IDX files are read ahead off the thread (26 MB of gzip for Fashion-MNIST), then checked from memory.
  const loadBytes = (uri: string): void => {
    const document = documents.get(uri);
    if (fetching.has(uri) || !document || !platform.loadBytes) return;
    const done = platform
      .loadBytes(uri, document.getText())
      .catch(() => false)
      .then((arrived) => {
        fetching.delete(uri);
        if (!documents.get(uri)) return;
        if (arrived) states.recheck(uri);
        context.refresh(uri);
        if (arrived) for (const listener of dataListeners) listener(uri);
      });
    fetching.set(uri, done);
  };
  const states = new DocumentStates(platform, fetchData, loadBytes);
  // Unreadable data files are looked at again every few seconds, in case the client's watcher misses their change.
  const unreadData = new UnreadDataPoll(platform.dataStamp, (uri) => {
    states.invalidate((u) => u === uri);
    context.refresh(uri);
  });
  states.onUnread = (uri, paths) => unreadData.set(uri, paths);
  let client: ClientFacts = clientFacts({}, undefined, undefined);
  let pushedSettings: unknown;
  const settingsCache = new Map<string, Promise<GradientSettings>>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  const settings = (uri: string): Promise<GradientSettings> => {
    let s = settingsCache.get(uri);
    if (!s) {
      s = client.configuration
        ? connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(settingsFrom, () => settingsFrom(pushedSettings ?? client.initSettings))
        : Promise.resolve(settingsFrom(pushedSettings ?? client.initSettings));
      settingsCache.set(uri, s);
    }
    return s;
  };

  /** The check result whose diagnostics were last sent, per document (each is sent once). */
  const sent = new Map<string, CheckResult>();
  const send = (document: TextDocument, result: CheckResult): void => {
    // Data files are on their way from the client: publish once they are there (no "not read yet" flash).
    if (fetching.has(document.uri) || sent.get(document.uri) === result || documents.get(document.uri)?.version !== document.version) return;
    sent.set(document.uri, result);
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: result.diagnostics.map((d) => toDiagnostic(d, document.uri)) });
  };
  // Whatever asked for a check (the debounce below, or a lens, symbol or hover request that came
  // first), its diagnostics go out at once.
  states.onChecked = send;
  const publishDiagnostics = (document: TextDocument): void => send(document, states.check(document));

  /** When each document last changed (ms, `performance.now()`). */
  const lastChange = new Map<string, number>();
  /**
   * Checks the document soon: at once after the first edit following a pause (a single
   * keystroke waits for no timer), DIAGNOSTICS_DEBOUNCE_MS after the last one while edits keep
   * coming (one check per burst, not per keystroke) — unless the document's last check took
   * less than that wait (an edit inside a line is re-checked incrementally): then every edit is
   * checked at once, as waiting would cost more than checking.
   */
  const schedule = (document: TextDocument, edited = false): void => {
    let delay = DIAGNOSTICS_DEBOUNCE_MS;
    if (edited) {
      const now = performance.now();
      const previous = lastChange.get(document.uri);
      lastChange.set(document.uri, now);
      const quick = (states.checkMs(document.uri) ?? Infinity) < DIAGNOSTICS_DEBOUNCE_MS;
      if (quick || (!pending.has(document.uri) && (previous === undefined || now - previous > DIAGNOSTICS_DEBOUNCE_MS))) delay = 0;
    }
    clearTimeout(pending.get(document.uri));
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        const current = documents.get(document.uri);
        if (current) publishDiagnostics(current);
      }, delay),
    );
  };

  const context: ServerContext = {
    connection,
    documents,
    states,
    get client() {
      return client;
    },
    settings,
    current(uri, version, token) {
      const document = documents.get(uri);
      if (!document || document.version !== version || token?.isCancellationRequested) return undefined;
      return document;
    },
    async atRequest(uri, token) {
      const document = documents.get(uri);
      if (!document) return undefined;
      const version = document.version;
      const known = await settings(uri);
      const current = context.current(uri, version, token);
      return current && { document: current, settings: known };
    },
    refresh(uri) {
      for (const document of uri ? [documents.get(uri)].filter((d): d is TextDocument => !!d) : documents.all()) schedule(document);
      if (client.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      if (client.inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
    },
    dataReady: (uri) => fetching.get(uri) ?? Promise.resolve(),
    onDataRead: (listener) => void dataListeners.push(listener),
  };

  connection.onInitialize((params): InitializeResult => {
    client = clientFacts(params.capabilities, params.clientInfo?.name, params.initializationOptions as InitializationOptions | undefined);
    states.clientReadsData = client.dataFiles;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: [' ', '>'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'NNet' },
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        codeActionProvider: { codeActionKinds: [QUICK_FIX] },
        codeLensProvider: { resolveProvider: true },
        inlayHintProvider: true,
        ...(client.clientCommands ? {} : { executeCommandProvider: { commands: Object.values(GRADIENT_COMMANDS) } }),
      },
      serverInfo: { name: 'nnet', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (client.configuration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(() => undefined);
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    if (section !== undefined) pushedSettings = section;
    settingsCache.clear();
    context.refresh();
  });

  documents.onDidOpen((e) => publishDiagnostics(e.document));
  documents.onDidChangeContent((e) => schedule(e.document, true));
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    lastChange.delete(e.document.uri);
    states.forget(e.document.uri);
    unreadData.forget(e.document.uri);
    sent.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  // A data file changed: re-check the documents in its folder tree.
  connection.onDidChangeWatchedFiles((e) => {
    const folders = e.changes.map((c) => c.uri.slice(0, c.uri.lastIndexOf('/') + 1));
    // (Data the client read for them is dropped too: the next check asks for it again.)
    const hit = states.invalidate((uri) => folders.some((f) => uri.startsWith(f)));
    for (const uri of hit) context.refresh(uri);
  });

  registerLanguageFeatures(context);
  registerGradientFeatures(context);
  documents.listen(connection);
}

/** package.json's version, put in by esbuild.js (`define`); only a tsc-compiled copy outside the bundles lacks it. */
declare const NNET_VERSION: string | undefined;

/** Reported as `serverInfo.version`: package.json's version. */
export const SERVER_VERSION: string = typeof NNET_VERSION === 'string' ? NNET_VERSION : 'unbundled';

/** An error a request may answer with when its document changed under it (clients drop the answer silently). */
export function contentModified(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
}

export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}
