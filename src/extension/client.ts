// The VS Code side of the language server, the same on desktop and on the web: the platform
// starts the server (desktop: dist/server.js in its own Node process over node-ipc; web:
// dist/web/server.js in a Web Worker), so checking a file — however heavy — never runs on the
// extension host's thread. Diagnostics, completion, hovers, navigation, rename, symbols,
// folding, formatting, quick fixes, code lenses and inlay hints all come from the server through
// vscode-languageclient; the extension adds the commands, the status bar, training and the
// graph panel, and reads the data files the server cannot (`nnet/readData`).
import * as vscode from 'vscode';
import { CloseAction, CodeLensRequest, ErrorAction, type BaseLanguageClient, type CloseHandlerResult, type CodeLens, type ErrorHandlerResult, type LanguageClientOptions } from 'vscode-languageclient';
import { GRADIENT_COMMANDS } from '../core';
import { CODE_LENS_RANGE, READ_DATA, STATUS, type CodeLensRangeParams, type InitializationOptions, type ReadDataParams, type ReadDataResult, type StatusParams } from '../server/protocol';
import { LANGUAGE_ID } from './documents';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up (and says so). */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Documents with more lines than this get the lenses of their visible lines only (`nnet/codeLens`). */
export const RANGE_LENSES_FROM_LINES = 2000;
/** Lines above and below the visible ones whose lenses come along (scrolling within them asks nothing). */
const LENS_MARGIN_LINES = 150;

/** What the client needs from the extension around it. */
export interface ClientHost {
  /** Starts the platform's client (vscode-languageclient/node or /browser) with these options. */
  start(options: LanguageClientOptions): Promise<BaseLanguageClient>;
  /** A data file changed on disk (told before the server hears of it, so its re-read sees the new text). */
  dataChanged(file: vscode.Uri): void;
  /** Reads data files for the server (`nnet/readData`). */
  readData(params: ReadDataParams): Promise<ReadDataResult>;
}

export class NnetClient implements vscode.Disposable {
  private client?: BaseLanguageClient;
  /** Resolves once the server answered `initialize` (requests wait for it). */
  readonly ready: Promise<void>;
  private readonly statusEmitter = new vscode.EventEmitter<StatusParams>();
  /** `nnet/status` from the server: a document's gradients were computed or went stale. */
  readonly onStatus = this.statusEmitter.event;
  private readonly restarts: number[] = [];
  /** The lines whose lenses were last asked for, per big document. */
  private readonly lensWindows = new Map<string, { start: number; end: number }>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ClientHost) {
    const initializationOptions: InitializationOptions = { clientCommands: true, dataFiles: true };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGE_ID }],
      // Data files: CSV and IDX (gzipped or not).
      synchronize: { configurationSection: 'nnet', fileEvents: vscode.workspace.createFileSystemWatcher('**/*{.csv,-ubyte,-ubyte.gz,.idx,.idx.gz}') },
      initializationOptions,
      diagnosticCollectionName: 'nnet',
      markdown: { isTrusted: { enabledCommands: [GRADIENT_COMMANDS.compute] } },
      errorHandler: {
        error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
        closed: (): CloseHandlerResult => this.closed(),
      },
      middleware: {
        // Big files: only the visible lines' lenses cross to the extension host (not 100k of them).
        provideCodeLenses: (document, token, next) => (document.lineCount > RANGE_LENSES_FROM_LINES ? this.rangeLenses(document, token) : next(document, token)),
        workspace: {
          didChangeWatchedFile: (event, next) => {
            host.dataChanged(vscode.Uri.parse(event.uri));
            return next(event);
          },
        },
      },
    };
    this.ready = host.start(clientOptions).then(async (client) => {
      this.client = client;
      client.onRequest(READ_DATA, (params: ReadDataParams) => host.readData(params));
      client.onNotification(STATUS, (params: StatusParams) => this.statusEmitter.fire(params));
      await client.start();
    });
    this.subscriptions.push(
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.scrolled(e.textEditor)),
      vscode.workspace.onDidCloseTextDocument((d) => this.lensWindows.delete(d.uri.toString())),
    );
    this.ready.catch((e: unknown) => {
      void vscode.window.showErrorMessage(`NNet: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
    });
  }

  /** The lenses of the visible lines of `document` (all its editors) and a margin, complete. */
  private async rangeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[] | null | undefined> {
    const client = this.client;
    if (!client) return undefined;
    let start = Number.POSITIVE_INFINITY;
    let end = -1;
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document !== document) continue;
      for (const r of editor.visibleRanges) {
        start = Math.min(start, r.start.line);
        end = Math.max(end, r.end.line);
      }
    }
    if (end < 0) [start, end] = [0, 0]; // not shown: the top of the file
    const window = { start: Math.max(0, start - LENS_MARGIN_LINES), end: end + LENS_MARGIN_LINES };
    this.lensWindows.set(document.uri.toString(), window);
    const params: CodeLensRangeParams = {
      textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
      range: { start: { line: window.start, character: 0 }, end: { line: window.end, character: 0 } },
    };
    const lenses = await client.sendRequest<CodeLens[] | null>(CODE_LENS_RANGE, params, token);
    return token.isCancellationRequested || !lenses ? null : client.protocol2CodeConverter.asCodeLenses(lenses, token);
  }

  /** Scrolled a big document beyond the lines whose lenses it has: ask again (debounced). */
  private scrolled(editor: vscode.TextEditor): void {
    const window = this.lensWindows.get(editor.document.uri.toString());
    if (!window || !this.client) return;
    // Ask before the margin runs out, so lenses are there when the lines come into view.
    const slack = LENS_MARGIN_LINES / 3;
    const inside = editor.visibleRanges.every((r) => (window.start === 0 || r.start.line >= window.start + slack) && r.end.line <= window.end - slack);
    if (inside) return;
    clearTimeout(this.scrollTimer);
    this.scrollTimer = setTimeout(() => {
      const provider = this.client?.getFeature(CodeLensRequest.method).getProvider(editor.document);
      provider?.onDidChangeCodeLensEmitter.fire();
    }, 50);
  }

  /** The server process ended: restart it (with a message) unless it keeps dying. */
  private closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length && now - this.restarts[0] > RESTART_WINDOW_MS) this.restarts.shift();
    if (this.restarts.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message: `NNet: the language server stopped ${this.restarts.length} times in 3 minutes and will not be restarted. The editor keeps working; run "Developer: Reload Window" to try again (the "NNet Language Server" output has details).`,
      };
    }
    return { action: CloseAction.Restart, message: 'NNet: the language server stopped unexpectedly and was restarted. Lenses and diagnostics come back in a moment.' };
  }

  async request<R>(method: string, params: unknown): Promise<R> {
    await this.ready;
    return this.client!.sendRequest<R>(method, params);
  }

  async notify(method: string, params: unknown): Promise<void> {
    await this.ready;
    await this.client!.sendNotification(method, params);
  }

  dispose(): void {
    clearTimeout(this.scrollTimer);
    this.subscriptions.forEach((s) => s.dispose());
    this.statusEmitter.dispose();
    void this.ready.then(() => this.client?.stop()).catch(() => undefined);
  }
}
