// A real LSP client for the server suite: starts `nnet lsp --stdio` (bin/nnet.js, the built
// CLI) in a child process and talks JSON-RPC to it with vscode-languageserver-protocol, the
// library VS Code's own client is built on.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  ExitNotification,
  ShutdownRequest,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'bin', 'nnet.js');

/** What a capable client (VS Code-like) declares; tests can take parts away. */
export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, codeLens: { refreshSupport: true }, inlayHint: { refreshSupport: true }, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    completion: { completionItem: { snippetSupport: true, insertReplaceSupport: true } },
    definition: { linkSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeLens: {},
    inlayHint: {},
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
    rename: { prepareSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
  },
};

export interface TestClient {
  readonly connection: ProtocolConnection;
  readonly initialize: InitializeResult;
  /** Settings answered to `workspace/configuration` (the `nnet` section). */
  settings: Record<string, unknown>;
  /** Every notification the server sent, in order. */
  readonly notifications: { method: string; params: unknown }[];
  /** While set, answers to `workspace/configuration` wait for it (to make a request outlive an edit). */
  configurationGate?: Promise<void>;
  /** Server → client requests seen (method names). */
  readonly serverRequests: string[];
  open(uri: string, text: string, version?: number): Promise<void>;
  change(uri: string, version: number, text: string): Promise<void>;
  /** The first diagnostics for `uri` (at `version` when given) published after now or already seen. */
  diagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams>;
  /** Waits for a notification `method` matching `where`. */
  waitFor<T>(method: string, where?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  stop(): Promise<number | null>;
}

export async function startClient(options: { capabilities?: ClientCapabilities; initializationOptions?: unknown; clientName?: string; settings?: Record<string, unknown> } = {}): Promise<TestClient> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const notifications: { method: string; params: unknown }[] = [];
  const serverRequests: string[] = [];
  const waiters: { method: string; where: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  const client = { settings: options.settings ?? {} } as { settings: Record<string, unknown>; configurationGate?: Promise<void> };
  connection.onUnhandledNotification(({ method, params }) => {
    notifications.push({ method, params });
    for (const w of [...waiters]) {
      if (w.method === method && w.where(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  connection.onRequest('workspace/configuration', async (params: { items: unknown[] }) => {
    serverRequests.push('workspace/configuration');
    await client.configurationGate;
    return params.items.map(() => client.settings);
  });
  for (const method of ['client/registerCapability', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh', 'window/workDoneProgress/create']) {
    connection.onRequest(method, () => {
      serverRequests.push(method);
      return null;
    });
  }
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const initialize = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(ROOT).href,
    capabilities: options.capabilities ?? FULL_CAPABILITIES,
    clientInfo: { name: options.clientName ?? 'nnet-test-client' },
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  const waitFor = <T>(method: string, where: (params: T) => boolean = () => true, timeoutMs = 15000): Promise<T> => {
    const seen = notifications.find((n) => n.method === method && where(n.params as T));
    if (seen) return Promise.resolve(seen.params as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms; server stderr: ${stderr}`)), timeoutMs);
      waiters.push({ method, where: where as (p: unknown) => boolean, resolve: (p) => (clearTimeout(timer), resolve(p as T)) });
    });
  };

  return Object.assign(client, {
    connection,
    initialize,
    notifications,
    serverRequests,
    async open(uri: string, text: string, version = 1) {
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'nnet', version, text } });
    },
    async change(uri: string, version: number, text: string) {
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    diagnostics(uri: string, version?: number) {
      return waitFor<PublishDiagnosticsParams>(PublishDiagnosticsNotification.method, (p) => p.uri === uri && (version === undefined || p.version === version));
    },
    waitFor,
    async stop() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        child.kill();
      }
      const code = await exited;
      connection.dispose();
      return code;
    },
  });
}

export function fileUri(relative: string): string {
  return pathToFileURL(path.join(ROOT, relative)).href;
}
