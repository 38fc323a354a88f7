// Registers NNet: Show Network Graph (`nnet.showGraph`), the panel serializer (the panel
// survives a window reload; only .nnet documents on known schemes are reopened) and, in test
// runs only, the hidden test hooks `nnet.graph.debugState` and `nnet.graph.debugReceive`.
import * as vscode from 'vscode';
import { GRAPH_VIEW_TYPE } from '../shared/protocol';
import { isNnetDocument } from './documents';
import type { GradientService } from './gradients';
import { webviewOptions } from './graph-html';
import type { GraphDebugState, SavedState } from './graph-panel';
import { GraphSession } from './graph-session';
import type { Log } from './log';
import { shownNnetDocument } from './target';
import type { TrainingEvents } from './training-events';

/** URI schemes a restored panel may open: local files, unsaved documents and virtual workspaces. */
const RESTORABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-vfs']);

/** Whether a URI from saved webview state may be opened again: a `.nnet` document on a known scheme. */
export function isRestorableUri(uri: vscode.Uri): boolean {
  return RESTORABLE_SCHEMES.has(uri.scheme) && (uri.scheme === 'untitled' || uri.path.toLowerCase().endsWith('.nnet'));
}

/**
 * Test-only commands exist in test runs only: VS Code's test mode, NNET_TEST_HOOKS=1 (the
 * code-server harness), or, in the browser's Web Worker host (no environment there), the web
 * harness's runner extension installed beside nnet (docs/testing.md).
 */
function testHooksWanted(context: vscode.ExtensionContext): boolean {
  if (context.extensionMode === vscode.ExtensionMode.Test) return true;
  if (typeof process !== 'undefined') return process.env?.NNET_TEST_HOOKS === '1';
  return vscode.extensions.getExtension('nnet-tools-test.nnet-web-test-runner') !== undefined;
}

async function savedDocument(saved: SavedState): Promise<vscode.TextDocument | undefined> {
  if (typeof saved.uri !== 'string') return undefined;
  try {
    // Webview state is data the webview could have changed: open only .nnet documents on known schemes.
    const uri = vscode.Uri.parse(saved.uri, true);
    if (!isRestorableUri(uri)) throw new Error(`not restoring ${uri.scheme}: URIs`);
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
  } catch {
    return undefined; // gone since: follow the active editor instead
  }
}

export function registerGraphPanel(context: vscode.ExtensionContext, gradients: GradientService, training: TrainingEvents, log: Log): void {
  let current: GraphSession | undefined;
  const create = (panel: vscode.WebviewPanel, saved?: SavedState): GraphSession => {
    current?.dispose();
    const onDisposed = (): void => {
      if (current === created) current = undefined;
    };
    const created = new GraphSession(panel, context.extensionUri, gradients, training, log, onDisposed, saved);
    current = created;
    return created;
  };

  context.subscriptions.push(
    { dispose: () => current?.dispose() },
    vscode.commands.registerCommand('nnet.showGraph', async (arg?: unknown) => {
      const document = arg instanceof vscode.Uri ? await vscode.workspace.openTextDocument(arg) : shownNnetDocument();
      if (current) {
        current.host.panel.reveal(undefined, true);
        if (document) current.follow(document);
        return true;
      }
      const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Network Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(context.extensionUri));
      create(panel).follow(document);
      return true;
    }),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const saved = (typeof state === 'object' && state !== null ? state : {}) as SavedState;
        const created = create(panel, saved);
        const document = (await savedDocument(saved)) ?? shownNnetDocument();
        created.follow(document && isNnetDocument(document) ? document : undefined);
      },
    }),
  );
  if (testHooksWanted(context)) {
    context.subscriptions.push(
      vscode.commands.registerCommand('nnet.graph.debugState', (): GraphDebugState | undefined => current?.debugState()),
      vscode.commands.registerCommand('nnet.graph.debugReceive', (message: unknown): boolean => current?.host.receive(message) ?? false),
    );
  }
}
