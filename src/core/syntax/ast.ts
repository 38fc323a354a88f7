// The syntax tree. Every node carries its source range so that any number the engine
// computes can be placed back on the line it came from.
import type { Diagnostic, Range } from '../types';

export interface Identifier {
  readonly text: string;
  readonly range: Range;
}

export interface NumberLiteral {
  /** The user's own spelling (the formatter keeps it). */
  readonly text: string;
  /** Parsed value; may be ±Infinity when the literal overflows (the model reports it). */
  readonly value: number;
  readonly range: Range;
}

export interface StringLiteral {
  /** Raw text including the quotes. */
  readonly text: string;
  /** Contents with escapes (\" and \\) resolved. */
  readonly value: string;
  readonly range: Range;
  /** False when the closing quote is missing (a syntax error is reported too). */
  readonly terminated: boolean;
}

/** A node reference in a weight line: `H1` or `x[3]` (the third node of `x[N]`). */
export interface NodeRef {
  /** Base name: `H1` for `H1`, `x` for `x[3]`. */
  readonly name: string;
  /** Present for the bracket form. */
  readonly index?: NumberLiteral;
  readonly range: Range;
}

/** A node declaration in a layer: `H1` or `x[64]` (nodes x1..x64). */
export type NodeSpec =
  | { readonly kind: 'single'; readonly name: Identifier; readonly range: Range }
  | { readonly kind: 'array'; readonly name: Identifier; readonly count: NumberLiteral; readonly range: Range };

export interface Comment {
  /** Text including the leading `#`. */
  readonly text: string;
  readonly range: Range;
}

interface StatementBase {
  /** From the first token to the last token of the statement, comments excluded. */
  readonly range: Range;
  /** The leading keyword's range, when the statement has one. */
  readonly keyword?: Range;
}

export interface NetworkStatement extends StatementBase {
  readonly kind: 'network';
  readonly name?: Identifier;
}

export interface ConventionStatement extends StatementBase {
  readonly kind: 'convention';
  readonly value?: Identifier;
}

export interface LossStatement extends StatementBase {
  readonly kind: 'loss';
  readonly value?: Identifier;
}

export interface BiasClause {
  /** The `bias` keyword. */
  readonly keyword: Range;
  /** Optional explicit bias node name (`bias B1`). */
  readonly name?: Identifier;
  readonly range: Range;
}

export interface LayerStatement extends StatementBase {
  readonly kind: 'layer';
  readonly name: Identifier;
  readonly nodes: readonly NodeSpec[];
  /**
   * The activation word. The parser takes the last word of the node list as the
   * activation when it is a known activation name, or when it looks like a misspelt
   * one (lower case, no digits, close to a known name); see `isActivationWord`.
   */
  readonly activation?: Identifier;
  readonly bias?: BiasClause;
}

export interface WeightStatement extends StatementBase {
  readonly kind: 'weight';
  readonly from: NodeRef;
  readonly arrow: Range;
  readonly to: NodeRef;
  readonly equals: Range;
  readonly value: NumberLiteral;
  /** The `fixed` modifier. */
  readonly fixed?: Range;
}

export interface MatrixRow {
  readonly values: readonly NumberLiteral[];
  readonly range: Range;
  /** The row held something other than numbers (reported as a syntax error); its values are incomplete. */
  readonly damaged?: boolean;
}

export interface MatrixExpression {
  readonly kind: 'matrix';
  readonly open: Range;
  /** Missing when the matrix is not closed (a syntax error is reported too). */
  readonly close?: Range;
  /** Rows are separated by line breaks or `;`. Empty rows are not recorded. */
  readonly rows: readonly MatrixRow[];
  readonly range: Range;
}

export interface InitExpression {
  readonly kind: 'init';
  readonly keyword: Range;
  readonly method: Identifier;
  /** Numeric arguments after the method (`uniform -0.5 0.5`). */
  readonly args: readonly NumberLiteral[];
  readonly seed?: { readonly keyword: Range; readonly value: NumberLiteral };
  readonly range: Range;
}

export interface WeightsStatement extends StatementBase {
  readonly kind: 'weights';
  /** Layer names. */
  readonly from: Identifier;
  readonly arrow: Range;
  readonly to: Identifier;
  readonly equals: Range;
  readonly value: MatrixExpression | InitExpression;
  readonly fixed?: Range;
}

export interface TrainOption {
  readonly name: Identifier;
  /** A number following the option word, if any (`rate 0.7`, `batch 32`; not `online`). */
  readonly value?: NumberLiteral;
  readonly range: Range;
}

export interface TrainStatement extends StatementBase {
  readonly kind: 'train';
  readonly method?: Identifier;
  readonly options: readonly TrainOption[];
}

export interface SampleStatement extends StatementBase {
  readonly kind: 'sample';
  readonly inputs: readonly NumberLiteral[];
  readonly arrow?: Range;
  readonly targets: readonly NumberLiteral[];
}

export interface ColumnSpan {
  /** `inputs` or `targets` keyword. */
  readonly keyword: Range;
  /** First column, 1-based. */
  readonly from: NumberLiteral;
  /** Last column, 1-based, inclusive. Equal to `from` for a single column (`targets 65`). */
  readonly to: NumberLiteral;
  readonly range: Range;
}

/** `labels "FILE"` (an IDX label file beside an IDX image file) or `labels N` (a CSV column of class numbers). */
export interface LabelsClause {
  readonly keyword: Range;
  readonly file?: StringLiteral;
  readonly column?: NumberLiteral;
  readonly range: Range;
}

/** `scale 1/255` or `scale 0.5`: inputs are multiplied by value (÷ divisor). */
export interface ScaleClause {
  readonly keyword: Range;
  readonly value: NumberLiteral;
  readonly divisor?: NumberLiteral;
  readonly range: Range;
}

/** `split 0.1 seed 1`: a seeded share of the training data held out. */
export interface SplitClause {
  readonly keyword: Range;
  readonly fraction: NumberLiteral;
  readonly seed?: { readonly keyword: Range; readonly value: NumberLiteral };
  readonly range: Range;
}

/** Which samples a data statement provides: `data` trains, `test` and `validation` are held out. */
export type DataRole = 'train' | 'test' | 'validation';

/**
 * `data "FILE" …`, `test "FILE" …` / `test split F [seed N]`, `validation …`: a CSV file
 * (`inputs A..B targets C..D` or `inputs A..B labels C`) or an IDX pair (`"images" labels "labels"`),
 * optionally `scale`d; held-out sources may instead split off a share of the training data.
 */
export interface DataStatement extends StatementBase {
  readonly kind: 'data';
  readonly role: DataRole;
  readonly file?: StringLiteral;
  readonly inputs?: ColumnSpan;
  readonly targets?: ColumnSpan;
  readonly labels?: LabelsClause;
  readonly scale?: ScaleClause;
  readonly split?: SplitClause;
}

/** A line (or block) the parser could not make sense of; kept so that tools leave it as written. */
export interface InvalidStatement extends StatementBase {
  readonly kind: 'invalid';
}

export type Statement =
  | NetworkStatement
  | ConventionStatement
  | LossStatement
  | LayerStatement
  | WeightStatement
  | WeightsStatement
  | TrainStatement
  | SampleStatement
  | DataStatement
  | InvalidStatement;

export interface SyntaxTree {
  /** In source order. A statement spans one line, except a matrix which may span several. */
  readonly statements: readonly Statement[];
  readonly comments: readonly Comment[];
  /** Syntax errors (code `nnet/syntax` or more specific; see diagnostic-codes.ts). */
  readonly diagnostics: readonly Diagnostic[];
  /** Number of lines in the text (a trailing newline starts one more, empty line). */
  readonly lineCount: number;
}
