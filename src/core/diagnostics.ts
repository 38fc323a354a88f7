import { DIAGNOSTIC_CODES, type DiagnosticKind } from './diagnostic-codes';
import type { Diagnostic, Range, RelatedInformation } from './types';

export function makeDiagnostic(
  kind: DiagnosticKind,
  range: Range,
  message: string,
  extra: { related?: readonly RelatedInformation[]; data?: unknown } = {},
): Diagnostic {
  const { code, severity } = DIAGNOSTIC_CODES[kind];
  return { code, severity, range, message, ...extra };
}

/** A user's word in quotes for a message, shortened when it is very long. */
export function quote(word: string, max = 40): string {
  return `'${word.length > max ? `${word.slice(0, max)}…` : word}'`;
}
