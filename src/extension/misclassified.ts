// NNet: Show Misclassified Samples — a quick pick of the held-out samples the network (with the
// weights in the file) gets wrong: true vs predicted class and confidence. Picking one makes it
// the active sample through `nnet.useSample`, so every lens, hover and the graph panel explain
// that sample. The list itself is made in core (service/misclassified.ts).
import * as vscode from 'vscode';
import { formatNumber, misclassifiedSamples } from '../core';
import { targetDocument } from './target';
import type { GradientService } from './gradients';
import { readSettings } from './settings';

/** Quick picks stay responsive; the most confident mistakes come first. */
const MAX_ITEMS = 2000;

export function registerMisclassified(context: vscode.ExtensionContext, service: GradientService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nnet.showMisclassified', async (arg?: unknown) => {
      const document = await targetDocument(service.checker, arg);
      if (!document) return undefined;
      const check = service.checker.get(document);
      if (!check.network || check.hasErrors) {
        void vscode.window.showWarningMessage('NNet: fix the errors in the file first.');
        return undefined;
      }
      const report = misclassifiedSamples(check.network);
      if (!report.ok) {
        void vscode.window.showInformationMessage(`NNet: no misclassified samples to show: ${report.reason}.`);
        return undefined;
      }
      const precision = readSettings(document).precision;
      const summary = `${report.samples.length.toLocaleString('en-US')} of ${report.count.toLocaleString('en-US')} ${report.set} samples wrong (accuracy ${(100 * report.accuracy).toFixed(2)} %)`;
      if (report.samples.length === 0) {
        void vscode.window.showInformationMessage(`NNet: the network classifies all ${report.count.toLocaleString('en-US')} ${report.set} samples right.`);
        return { set: report.set, wrong: 0, count: report.count };
      }
      const items = report.samples.slice(0, MAX_ITEMS).map((s) => ({
        label: `$(error) ${s.actual} → ${s.predicted}`,
        description: `confidence ${formatNumber(s.confidence, precision)}`,
        detail: `${report.set} sample ${s.number.toLocaleString('en-US')} (${s.origin}), loss ${formatNumber(s.loss, precision)}`,
        index: s.index,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: `NNet: ${summary}`,
        placeHolder: 'True class → predicted class. Pick one to explain it (lenses, hovers, graph panel).',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      if (!picked) return { set: report.set, wrong: report.samples.length, count: report.count };
      await vscode.commands.executeCommand('nnet.useSample', document.uri, picked.index);
      return { set: report.set, wrong: report.samples.length, count: report.count, picked: picked.index };
    }),
  );
}
