// Gradient commands: compute, choose the active sample, show an explanation, check gradients.
// The work happens in the language server (nnet/compute, nnet/setActiveSample, nnet/samples,
// nnet/checkGradients); these commands ask it and show the answer.
import * as vscode from 'vscode';
import { formatNumber } from '../core';
import { CHECK_GRADIENTS, SAMPLES, type CheckGradientsResult, type SamplesResult } from '../server/protocol';
import type { NnetClient } from './client';
import type { GradientService } from './gradients';
import type { Log } from './log';
import { readSettings } from './settings';
import { asUri, targetDocument } from './target';

/** The editor group already showing `document`, if one does. */
function visibleColumn(document: vscode.TextDocument): vscode.ViewColumn | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn;
}

export function registerGradientCommands(context: vscode.ExtensionContext, service: GradientService, client: NnetClient, log: Log): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nnet.computeGradients', async (arg?: unknown) => {
      const document = await targetDocument(service.checker, arg);
      if (!document) return undefined;
      const outcome = await service.compute(document);
      if (!outcome.ok) {
        void vscode.window.showWarningMessage(`NNet: cannot compute gradients: ${outcome.reason}.`);
        return undefined;
      }
      const { status } = outcome;
      return { sample: status.sample, error: status.error, convention: status.convention, samples: status.samples };
    }),

    vscode.commands.registerCommand('nnet.useSample', async (arg?: unknown, index?: number) => {
      const document = await targetDocument(service.checker, arg);
      if (!document) return;
      const { samples, count, total } = await client.request<SamplesResult>(SAMPLES, { uri: document.uri.toString() });
      if (count === 0) return;
      let sample = index;
      if (sample === undefined && samples.length < count) {
        // 60,000 images would make a list of 47 M numbers (the server lists 1,000 at most): ask for the number instead.
        const typed = await vscode.window.showInputBox({
          title: 'NNet: active sample',
          prompt: `Sample number: 1 … ${count.toLocaleString('en-US')} are training samples${total > count ? `, ${(count + 1).toLocaleString('en-US')} … ${total.toLocaleString('en-US')} held out` : ''}`,
          validateInput: (v) => (/^\s*\d+\s*$/.test(v) && Number(v) >= 1 && Number(v) <= total ? undefined : `a whole number from 1 to ${total}`),
        });
        if (typed === undefined) return;
        sample = Number(typed) - 1;
      }
      if (sample === undefined) {
        const picked = await vscode.window.showQuickPick(
          samples.map((s, i) => ({ label: `Sample ${i + 1}`, description: s.description, detail: s.detail, index: i })),
          { placeHolder: 'Sample whose δ and gradients the lenses and hovers show' },
        );
        if (!picked) return;
        sample = picked.index;
      }
      // An index past the training samples names a held-out sample (NNet: Show Misclassified Samples).
      const outcome = await service.setActiveSample(document, Math.max(0, Math.min(total - 1, sample)));
      if (!outcome.ok) void vscode.window.showWarningMessage(`NNet: cannot compute gradients: ${outcome.reason}.`);
    }),

    vscode.commands.registerCommand('nnet.showExplanation', async (arg?: unknown, position?: { line: number; character: number }) => {
      // A lens passes its document and line; without arguments (the walkthrough) the first weight line of the file shown.
      const uri = asUri(arg);
      const document = uri ? undefined : await targetDocument(service.checker);
      if (!uri && !document) return;
      if (!position && document) {
        const first = service.checker.get(document).network?.weights.flatMap((m) => m.origins).find((o) => o?.kind === 'line');
        if (!first) {
          void vscode.window.showWarningMessage('NNet: this file has no weight line to explain.');
          return;
        }
        // On the value: the weight's derivation (a node name there would show the node's hover).
        const at = first.kind === 'line' ? first.valueRange.start : first.range.start;
        position = new vscode.Position(at.line, at.character);
      }
      if (!position) return;
      const editor = await vscode.window.showTextDocument(uri ?? document!.uri, { preserveFocus: false, viewColumn: document ? visibleColumn(document) : undefined });
      const at = new vscode.Position(position.line, position.character);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),

    vscode.commands.registerCommand('nnet.checkGradients', async (arg?: unknown) => {
      const document = await targetDocument(service.checker, arg);
      if (!document) return undefined;
      const result = await client.request<CheckGradientsResult>(CHECK_GRADIENTS, { uri: document.uri.toString() });
      if (!result.ok) {
        void vscode.window.showWarningMessage(`NNet: ${result.reason}.`);
        return undefined;
      }
      const precision = readSettings(document).precision;
      const checked = result.checked < result.total ? `${result.checked} of ${result.total} weights (an evenly spread selection)` : `all ${result.total} weights`;
      const summary = `worst relative error ${formatNumber(result.worst, 3)} at ${result.from} → ${result.to} (analytic ${formatNumber(result.analytic, precision)}, finite difference ${formatNumber(result.numeric, precision)}); ${checked}`;
      log.line(`Gradient check of ${vscode.workspace.asRelativePath(document.uri)}: ${summary}`);
      const message = `NNet: gradient check ${result.passed ? 'passed' : 'FAILED'}: ${summary}.`;
      if (result.passed) void vscode.window.showInformationMessage(message);
      else void vscode.window.showErrorMessage(message);
      return { ok: result.passed, worst: result.worst, from: result.from, to: result.to, checked: result.checked };
    }),
  );
}
