// Folding: matrices, runs of weight lines per layer pair, runs of samples, comment blocks,
// `# region` markers (the language configuration's markers are not used once a provider exists).
import * as vscode from 'vscode';
import { foldingRanges } from '../../core/service';
import type { DocumentChecker } from '../documents';
import { SELECTOR, serviceDoc } from './common';

export class NnetFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly checker: DocumentChecker) {}

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return foldingRanges(serviceDoc(document, this.checker)).map(
      (f) =>
        new vscode.FoldingRange(
          f.startLine,
          f.endLine,
          f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : f.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined,
        ),
    );
  }
}

export function registerFolding(context: vscode.ExtensionContext, checker: DocumentChecker): void {
  context.subscriptions.push(vscode.languages.registerFoldingRangeProvider(SELECTOR, new NnetFoldingProvider(checker)));
}
