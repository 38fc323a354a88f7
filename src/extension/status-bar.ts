// Status bar on .nnet editors: the active sample and its error (as the language server
// reported them); click to choose a sample.
import * as vscode from 'vscode';
import { formatNumber } from '../core';
import { isNnetDocument } from './documents';
import type { GradientService } from './gradients';
import { readSettings } from './settings';

export function registerStatusBar(context: vscode.ExtensionContext, service: GradientService): void {
  const item = vscode.window.createStatusBarItem('nnet.status', vscode.StatusBarAlignment.Right, 100);
  item.name = 'NNet';
  item.command = 'nnet.useSample';

  const update = (): void => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isNnetDocument(editor.document)) {
      item.hide();
      return;
    }
    const document = editor.document;
    const status = service.status(document);
    if (!status) {
      item.text = '$(pulse) NNet';
      item.tooltip = 'Gradients not computed: run NNet: Compute Gradients';
    } else {
      const stale = service.isStale(document) ? ' (stale)' : '';
      item.text = `$(pulse) ${status.label} · E ${formatNumber(status.error, readSettings(document).precision)}${stale}`;
      item.tooltip = `Active ${status.label}, ${status.convention} convention. Click to choose another sample.`;
    }
    item.show();
  };

  context.subscriptions.push(
    item,
    service.onDidChange(update),
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && update()),
  );
  update();
}
