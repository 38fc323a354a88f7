// Status bar on .nnet editors: the active sample and its error; click to choose a sample.
import * as vscode from 'vscode';
import { formatNumber, sampleLabel } from '../core';
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
    const results = service.results(document);
    const count = service.checker.get(document).network?.samples.length ?? 0;
    if (!results || count === 0) {
      item.text = '$(pulse) NNet';
      item.tooltip = count === 0 ? 'No samples' : 'Gradients not computed: run NNet: Compute Gradients';
    } else {
      const stale = service.isStale(document) ? ' (stale)' : '';
      const network = service.checker.get(document).network!;
      const which = results.sample < count ? `sample ${results.sample + 1}/${results.sampleCount}` : sampleLabel(network, results.sample);
      item.text = `$(pulse) ${which} · E ${formatNumber(results.error, readSettings(document).precision)}${stale}`;
      item.tooltip = `Active ${which}, ${results.convention} convention. Click to choose another sample.`;
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
