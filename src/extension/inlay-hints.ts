// Weight gradients as inlay hints at the end of each weight line — for users who prefer that
// lines never move (setting nnet.gradients.display = "inlayHints").
import * as vscode from 'vscode';
import { LANGUAGE_ID } from './documents';
import { weightKey, type GradientService } from './gradients';
import { weightSummary } from './codelens';
import { nodeRefName as refName } from '../core';
import { readSettings } from './settings';

export class GradientInlayHints implements vscode.InlayHintsProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeInlayHints = this.changed.event;

  constructor(private readonly service: GradientService) {
    service.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  provideInlayHints(document: vscode.TextDocument, range: vscode.Range): vscode.InlayHint[] {
    const settings = readSettings(document);
    if (settings.gradientDisplay !== 'inlayHints' || !settings.gradientLenses) return [];
    const results = this.service.results(document);
    if (!results) return [];
    const training = this.service.training(document);
    const applied = this.service.stepApplied(document);
    const stale = this.service.isStale(document) ? ' (stale)' : '';
    const hints: vscode.InlayHint[] = [];
    for (const s of this.service.checker.get(document).tree.statements) {
      if (s.range.end.line < range.start.line || s.range.start.line > range.end.line) continue;
      if (s.kind !== 'weight') continue;
      const key = weightKey(refName(s.from), refName(s.to));
      const w = results.weights.get(key);
      if (!w) continue;
      const end = document.lineAt(s.range.end.line).range.end;
      const hint = new vscode.InlayHint(end, weightSummary(w, results, settings, { trained: training?.trained.get(key), applied: applied?.get(key) }) + stale);
      hint.paddingLeft = true;
      hints.push(hint);
    }
    return hints;
  }
}

export function registerInlayHints(context: vscode.ExtensionContext, service: GradientService): GradientInlayHints {
  const provider = new GradientInlayHints(service);
  context.subscriptions.push(
    vscode.languages.registerInlayHintsProvider({ language: LANGUAGE_ID }, provider),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('nnet') && provider.refresh()),
  );
  return provider;
}
