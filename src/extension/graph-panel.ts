// The graph panel's host (NNet: Show Network Graph): the webview, its page, and the one way
// messages pass. Outgoing messages are remembered (for `nnet.graph.debugState`) and posted
// once the page said `ready`; incoming ones are validated (src/shared/protocol.ts) and
// handed to the session (graph-session.ts), which decides what the panel shows.
import * as vscode from 'vscode';
import { describeMessage, isPanelMessage, type HostMessage, type PanelMessage, type PanelOptions } from '../shared/protocol';
import { graphHtml, webviewOptions } from './graph-html';
import type { Log } from './log';

/** What the webview saves with `setState` (see webview/main.ts) — read back by the serializer. */
export interface SavedState {
  readonly uri?: unknown;
  readonly options?: unknown;
  readonly selected?: unknown;
}

/** The state a test (or a curious user) can read through `nnet.graph.debugState`. */
export interface GraphDebugState {
  readonly open: boolean;
  readonly visible: boolean;
  readonly ready: boolean;
  readonly uri?: string;
  readonly selected: string | null;
  readonly options: PanelOptions;
  /** The last message of each type posted to the webview. */
  readonly posted: Partial<Record<HostMessage['type'], HostMessage>>;
  /** Messages received from the webview: accepted and rejected (malformed or unknown). */
  readonly received: number;
  readonly rejected: number;
  /** The most recent webview message types, oldest first. */
  readonly log: readonly string[];
  /** The page's Content-Security-Policy and what the webview may load. */
  readonly csp: string;
  readonly localResourceRoots: readonly string[];
}

/** Webview message types remembered for the debug state. */
const MESSAGE_LOG = 50;

export class GraphPanel implements vscode.Disposable {
  private ready = false;
  disposed = false;
  private readonly posted = new Map<HostMessage['type'], HostMessage>();
  private received = 0;
  private rejected = 0;
  private readonly messageLog: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly handler: (message: PanelMessage) => Promise<void>,
    private readonly onDisposed: () => void,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = graphHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
    );
  }

  /** Posts to the page (once it is ready) and remembers the message as the last of its type. */
  post(message: HostMessage): void {
    this.posted.set(message.type, message);
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  /** Validates and hands on one message from the webview; returns whether it was accepted. */
  receive(message: unknown): boolean {
    this.received++;
    const valid = isPanelMessage(message);
    this.messageLog.push(valid ? message.type : `rejected ${describeMessage(message)}`);
    if (this.messageLog.length > MESSAGE_LOG) this.messageLog.shift();
    if (!valid) {
      this.rejected++;
      this.log.warn(`Graph: ignored a malformed or unknown message from the webview: ${describeMessage(message)}`);
      return false;
    }
    if (message.type === 'ready') this.ready = true;
    void this.handler(message).catch((e: unknown) => this.log.error(`Graph: handling '${message.type}' failed: ${e instanceof Error ? e.message : String(e)}`));
    return true;
  }

  debugState(shown: Pick<GraphDebugState, 'uri' | 'selected' | 'options'>): GraphDebugState {
    const webview = this.panel.webview;
    return {
      open: !this.disposed,
      visible: this.panel.visible,
      ready: this.ready,
      ...shown,
      posted: Object.fromEntries(this.posted),
      received: this.received,
      rejected: this.rejected,
      log: [...this.messageLog],
      csp: /content="([^"]*)"/.exec(webview.html)?.[1] ?? '',
      localResourceRoots: (webview.options.localResourceRoots ?? []).map((u) => u.toString()),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}
