// Document and range formatting from the core formatter.
import * as vscode from 'vscode';
import { format, formatLines } from '../core';
import { LANGUAGE_ID } from './documents';

function eolOf(document: vscode.TextDocument): '\n' | '\r\n' {
  return document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
}

export function registerFormatting(context: vscode.ExtensionContext): void {
  const selector: vscode.DocumentSelector = { language: LANGUAGE_ID };
  context.subscriptions.push(
    vscode.languages.registerDocumentFormattingEditProvider(selector, {
      provideDocumentFormattingEdits(document) {
        const text = document.getText();
        const formatted = format(text, { eol: eolOf(document) });
        if (formatted === text) return [];
        const whole = new vscode.Range(document.positionAt(0), document.positionAt(text.length));
        return [vscode.TextEdit.replace(whole, formatted)];
      },
    }),
    vscode.languages.registerDocumentRangeFormattingEditProvider(selector, {
      provideDocumentRangeFormattingEdits(document, range) {
        const result = formatLines(document.getText(), range.start.line, range.end.line);
        const start = new vscode.Position(result.startLine, 0);
        const end = document.lineAt(Math.min(result.endLine, document.lineCount - 1)).rangeIncludingLineBreak.end;
        const replaced = new vscode.Range(start, end);
        if (document.getText(replaced) === result.text) return [];
        return [vscode.TextEdit.replace(replaced, result.text)];
      },
    }),
  );
}
