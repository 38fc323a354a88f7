// Hover on a weight (its line or a matrix entry) or a node name: the chain-rule derivation with
// the real numbers, from the core's explanation data. Keyword hovers live in the language service.
import * as vscode from 'vscode';
import { renderMarkdown, type Derivation } from '../core';
import { LANGUAGE_ID } from './documents';
import type { GradientService } from './gradients';
import { layerPair } from './codelens';
import { targetAt } from './locate';
import { readSettings } from './settings';
import { toRange } from './convert';

export class GradientHoverProvider implements vscode.HoverProvider {
  constructor(private readonly service: GradientService) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const check = this.service.checker.get(document);
    const target = targetAt(check.tree, { line: position.line, character: position.character });
    if (!target) return undefined;
    const results = this.service.results(document);
    const range = toRange(target.range);
    if (!results) {
      const md = new vscode.MarkdownString('Gradients are not computed yet. [Compute gradients](command:nnet.computeGradients)');
      md.isTrusted = { enabledCommands: ['nnet.computeGradients'] };
      return new vscode.Hover(md, range);
    }
    let derivation: Derivation | undefined;
    if (target.kind === 'weight') derivation = this.service.explainWeight(document, target.from, target.to);
    else if (target.kind === 'node') derivation = this.service.explainNode(document, target.name);
    else if (check.network) {
      const pair = layerPair(check.network, target.statement);
      if (pair) {
        const [from, to] = pair;
        const sources = [...from.nodes.map((n) => n.name), ...(from.bias ? [from.bias.name] : [])];
        const dest = to.nodes[target.row]?.name;
        const source = sources[target.column];
        if (dest && source) derivation = this.service.explainWeight(document, source, dest);
      }
    }
    if (!derivation) return undefined;
    const settings = readSettings(document);
    const md = new vscode.MarkdownString(renderMarkdown(derivation, { precision: settings.precision, detail: settings.hoverDetail }));
    if (this.service.isStale(document)) md.appendMarkdown('\n\n*Stale: the file changed since these numbers were computed.* [Recompute](command:nnet.computeGradients)');
    md.isTrusted = { enabledCommands: ['nnet.computeGradients'] };
    return new vscode.Hover(md, range);
  }
}

export function registerGradientHover(context: vscode.ExtensionContext, service: GradientService): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider({ language: LANGUAGE_ID }, new GradientHoverProvider(service)));
}
