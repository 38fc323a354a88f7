// Shared by the language-feature adapters: the checked document as the core service sees it,
// and position conversions.
import * as vscode from 'vscode';
import type { Position as CorePosition } from '../../core';
import type { ServiceDocument } from '../../core/service';
import { LANGUAGE_ID, type DocumentChecker } from '../documents';

export const SELECTOR: vscode.DocumentSelector = { language: LANGUAGE_ID };

/** The document's text with the checker's cached result for this version (one parse shared by every feature). */
export function serviceDoc(document: vscode.TextDocument, checker: DocumentChecker): ServiceDocument {
  return { text: document.getText(), result: checker.get(document) };
}

export function toPosition(p: vscode.Position): CorePosition {
  return { line: p.line, character: p.character };
}
