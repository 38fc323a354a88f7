// Documentation hovers for keywords, activations, losses, conventions, init methods and train
// options. Returns nothing on weight lines and on node or layer names: the gradient hover
// (src/extension/hover.ts) owns those.
import * as vscode from 'vscode';
import { hoverAt } from '../../core/service';
import { toRange } from '../convert';
import type { DocumentChecker } from '../documents';
import { SELECTOR, serviceDoc, toPosition } from './common';

export class NnetKeywordHoverProvider implements vscode.HoverProvider {
  constructor(private readonly checker: DocumentChecker) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const info = hoverAt(serviceDoc(document, this.checker), toPosition(position));
    return info ? new vscode.Hover(new vscode.MarkdownString(info.markdown), toRange(info.range)) : undefined;
  }
}

export function registerKeywordHover(context: vscode.ExtensionContext, checker: DocumentChecker): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(SELECTOR, new NnetKeywordHoverProvider(checker)));
}
