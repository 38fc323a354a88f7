// Gradient commands: compute, choose the active sample, show an explanation, check gradients.
import * as vscode from 'vscode';
import { allSampleCount, GRADCHECK_STEP, GRADCHECK_THRESHOLD, formatNumber, gradientCheck, networkSampleSet, resolutionFloor, toEngineSpec, totalError, weightNames } from '../core';
import type { GradientService } from './gradients';
import type { Log } from './log';
import { readSettings } from './settings';
import { targetDocument } from './target';

/** The editor group already showing `document`, if one does. */
function visibleColumn(document: vscode.TextDocument): vscode.ViewColumn | undefined {
  return vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn;
}

/** Gradient checking re-runs every sample twice per weight; above this many weights a sample of them is checked. */
const GRADCHECK_MAX_WEIGHTS = 400;

/** Larger sample sets are chosen by number, not from a list. */
const MAX_PICK_SAMPLES = 1000;

export function registerGradientCommands(context: vscode.ExtensionContext, service: GradientService, log: Log): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('nnet.computeGradients', async (arg?: unknown) => {
      const document = await targetDocument(service.checker, arg);
      if (!document) return undefined;
      const outcome = service.compute(document);
      if (!outcome.ok) {
        void vscode.window.showWarningMessage(`NNet: cannot compute gradients: ${outcome.reason}.`);
        return undefined;
      }
      const network = service.checker.get(document).network;
      const samples = network ? { train: network.samples.length, test: network.test.length, validation: network.validation.length } : undefined;
      return { sample: outcome.results.sample, error: outcome.results.error, convention: outcome.results.convention, samples };
    }),

    vscode.commands.registerCommand('nnet.useSample', async (arg?: unknown, index?: number) => {
      const document = await targetDocument(service.checker, arg);
      if (!document) return;
      const check = service.checker.get(document);
      const count = check.network?.samples.length ?? 0;
      if (count === 0) return;
      // An index past the training samples names a held-out sample (NNet: Show Misclassified Samples).
      const all = allSampleCount(check.network!);
      let sample = index;
      if (sample === undefined && count > MAX_PICK_SAMPLES) {
        // 60,000 images would make a list of 47 M numbers: ask for the number instead.
        const typed = await vscode.window.showInputBox({
          title: 'NNet: active sample',
          prompt: `Sample number: 1 … ${count.toLocaleString('en-US')} are training samples${all > count ? `, ${(count + 1).toLocaleString('en-US')} … ${all.toLocaleString('en-US')} held out` : ''}`,
          validateInput: (v) => (/^\s*\d+\s*$/.test(v) && Number(v) >= 1 && Number(v) <= all ? undefined : `a whole number from 1 to ${all}`),
        });
        if (typed === undefined) return;
        sample = Number(typed) - 1;
      }
      if (sample === undefined) {
        const picked = await vscode.window.showQuickPick(
          check.network!.samples.map((s, i) => ({
            label: `Sample ${i + 1}`,
            description: `${[...s.inputs].join(' ')} → ${[...s.targets].join(' ')}`,
            detail: s.csvLine ? `CSV line ${s.csvLine}` : `line ${s.range.start.line + 1}`,
            index: i,
          })),
          { placeHolder: 'Sample whose δ and gradients the lenses and hovers show' },
        );
        if (!picked) return;
        sample = picked.index;
      }
      service.setActiveSample(document, Math.max(0, Math.min(all - 1, sample)));
    }),

    vscode.commands.registerCommand('nnet.showExplanation', async (uri?: unknown, position?: vscode.Position) => {
      // A lens passes its line; without arguments (the walkthrough) the first weight line of the file shown.
      const document = uri instanceof vscode.Uri ? undefined : await targetDocument(service.checker);
      if (!(uri instanceof vscode.Uri) && !document) return;
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
      const editor = await vscode.window.showTextDocument(uri instanceof vscode.Uri ? uri : document!.uri, { preserveFocus: false, viewColumn: document ? visibleColumn(document) : undefined });
      const at = new vscode.Position(position!.line, position!.character);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      await vscode.commands.executeCommand('editor.action.showHover');
    }),

    vscode.commands.registerCommand('nnet.checkGradients', async (arg?: unknown) => {
      const document = await targetDocument(service.checker, arg);
      if (!document) return undefined;
      const check = service.checker.get(document);
      if (!check.network || check.hasErrors || check.network.samples.length === 0) {
        void vscode.window.showWarningMessage('NNet: fix the errors (and add samples) before checking gradients.');
        return undefined;
      }
      const network = check.network;
      const spec = toEngineSpec(network);
      const data = networkSampleSet(network);
      const total = spec.weights.reduce((n, w) => n + w.length, 0);
      const floor = resolutionFloor(totalError(spec, data));
      const entries = gradientCheck(spec, data, GRADCHECK_STEP, floor, total > GRADCHECK_MAX_WEIGHTS ? GRADCHECK_MAX_WEIGHTS : undefined);
      const worst = entries.reduce((a, b) => (b.relativeError > a.relativeError ? b : a));
      const names = weightNames(network, worst.layer, worst.index);
      const precision = readSettings(document).precision;
      const checked = entries.length < total ? `${entries.length} of ${total} weights (an evenly spread selection)` : `all ${total} weights`;
      const summary = `worst relative error ${formatNumber(worst.relativeError, 3)} at ${names.from} → ${names.to} (analytic ${formatNumber(worst.analytic, precision)}, finite difference ${formatNumber(worst.numeric, precision)}); ${checked}`;
      log.line(`Gradient check of ${vscode.workspace.asRelativePath(document.uri)}: ${summary}`);
      const ok = worst.relativeError <= GRADCHECK_THRESHOLD;
      const message = `NNet: gradient check ${ok ? 'passed' : 'FAILED'}: ${summary}.`;
      if (ok) void vscode.window.showInformationMessage(message);
      else void vscode.window.showErrorMessage(message);
      return { ok, worst: worst.relativeError, from: names.from, to: names.to, checked: entries.length };
    }),
  );
}
