// The VS Code side of the language server, the same on desktop and on the web: the platform
// starts the server (desktop: dist/server.js in its own Node process over node-ipc; web:
// dist/web/server.js in a Web Worker), so checking a file — however heavy — never runs on the
// extension host's thread. Diagnostics, completion, hovers, navigation, rename, symbols,
// folding, formatting, quick fixes, code lenses and inlay hints all come from the server through
// vscode-languageclient; the extension adds the commands, the status bar, training and the
// graph panel, and reads the data files the server cannot (`nnet/readData`).
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type BaseLanguageClient, type CloseHandlerResult, type ErrorHandlerResult, type LanguageClientOptions } from 'vscode-languageclient';
import { GRADIENT_COMMANDS } from '../core/service/lenses';
import { READ_DATA, STATUS, type InitializationOptions, type ReadDataParams, type ReadDataResult, type StatusParams } from '../server/protocol';
import { LANGUAGE_ID } from './documents';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up (and says so). */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

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

  constructor(host: ClientHost) {
    const initializationOptions: InitializationOptions = { clientCommands: true, dataFiles: true };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: LANGUAGE_ID }],
      synchronize: { configurationSection: 'nnet', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.csv') },
      initializationOptions,
      diagnosticCollectionName: 'nnet',
      markdown: { isTrusted: { enabledCommands: [GRADIENT_COMMANDS.compute] } },
      errorHandler: {
        error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
        closed: (): CloseHandlerResult => this.closed(),
      },
      middleware: {
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
    this.ready.catch((e: unknown) => {
      void vscode.window.showErrorMessage(`NNet: the language server did not start: ${e instanceof Error ? e.message : String(e)}`);
    });
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
    this.statusEmitter.dispose();
    void this.ready.then(() => this.client?.stop()).catch(() => undefined);
  }
}
