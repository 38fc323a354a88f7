// Positions and diagnostics shared by every layer of the core.
// Lines and characters are zero-based; characters count UTF-16 code units, as VS Code and LSP do.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  readonly range: Range;
  readonly message: string;
}

export interface Diagnostic {
  /** Stable identifier, e.g. `nnet/unknown-node`. Documented in docs/diagnostics.md. */
  readonly code: string;
  readonly severity: Severity;
  readonly range: Range;
  readonly message: string;
  readonly related?: readonly RelatedInformation[];
  /** What a quick fix needs (shape depends on the code; see diagnostic-codes.ts). */
  readonly data?: unknown;
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** The one order of positions: by line, then character (negative when `a` comes first). */
export function comparePosition(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
