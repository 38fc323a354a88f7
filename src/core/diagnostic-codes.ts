// Every diagnostic code the core emits, with its default severity. Tests assert each one;
// docs/diagnostics.md describes them.
import type { Severity } from './types';

export const DIAGNOSTIC_CODES = {
  /** Generic syntax error: unexpected or missing token. */
  syntax: { code: 'nnet/syntax', severity: 'error' },
  /** `[` without `]`, or `]` without `[`. */
  unclosedBracket: { code: 'nnet/unclosed-bracket', severity: 'error' },
  /** A string without its closing quote. */
  unterminatedString: { code: 'nnet/unterminated-string', severity: 'error' },
  /** A statement keyword that does not exist (`layr`). */
  unknownStatement: { code: 'nnet/unknown-statement', severity: 'error' },
  unknownNode: { code: 'nnet/unknown-node', severity: 'error' },
  unknownLayer: { code: 'nnet/unknown-layer', severity: 'error' },
  duplicateNode: { code: 'nnet/duplicate-node', severity: 'error' },
  duplicateLayer: { code: 'nnet/duplicate-layer', severity: 'error' },
  /** A weight between layers that are not consecutive, or pointing backwards. */
  nonAdjacentWeight: { code: 'nnet/non-adjacent-weight', severity: 'error' },
  /** A weight into a bias node or out of an output node. */
  invalidWeightTarget: { code: 'nnet/invalid-weight-target', severity: 'error' },
  duplicateWeight: { code: 'nnet/duplicate-weight', severity: 'error' },
  missingWeight: { code: 'nnet/missing-weight', severity: 'error' },
  sampleArity: { code: 'nnet/sample-arity', severity: 'error' },
  matrixShape: { code: 'nnet/matrix-shape', severity: 'error' },
  unknownActivation: { code: 'nnet/unknown-activation', severity: 'error' },
  unknownLoss: { code: 'nnet/unknown-loss', severity: 'error' },
  unknownConvention: { code: 'nnet/unknown-convention', severity: 'error' },
  unknownInitMethod: { code: 'nnet/unknown-init-method', severity: 'error' },
  initArguments: { code: 'nnet/init-arguments', severity: 'error' },
  unknownTrainMethod: { code: 'nnet/unknown-train-method', severity: 'error' },
  unknownOption: { code: 'nnet/unknown-option', severity: 'error' },
  optionValue: { code: 'nnet/option-value', severity: 'error' },
  /** softmax on a layer other than the output, or without crossentropy. */
  softmaxPlacement: { code: 'nnet/softmax-placement', severity: 'error' },
  /** A number that is not finite, or outside the range its place allows. */
  numberRange: { code: 'nnet/number-range', severity: 'error' },
  /** Beyond a size limit of src/core/limits.ts (text, nodes, weights, samples, CSV rows): refused instead of exhausting memory. */
  tooLarge: { code: 'nnet/too-large', severity: 'error' },
  /** Fewer than two layers, or an input layer with an activation. */
  layerStructure: { code: 'nnet/layer-structure', severity: 'error' },
  /** A statement that may appear once (network, loss, convention, train) appears again. */
  duplicateStatement: { code: 'nnet/duplicate-statement', severity: 'error' },
  /** A `data` path that leaves the .nnet file's folder tree. */
  dataPath: { code: 'nnet/data-path', severity: 'error' },
  /** The CSV file cannot be read, or a line of it is malformed (range points at the `data` line; message names the CSV line). */
  dataFile: { code: 'nnet/data-file', severity: 'error' },
  /** Column spans that do not match the network's inputs/outputs. */
  dataColumns: { code: 'nnet/data-columns', severity: 'error' },
  /** No samples and no data: the network can be checked but not trained. */
  noSamples: { code: 'nnet/no-samples', severity: 'warning' },
  /** softmax/crossentropy combination that works but is unusual (e.g. crossentropy on a linear output). */
  lossActivation: { code: 'nnet/loss-activation', severity: 'warning' },
} as const satisfies Record<string, { code: string; severity: Severity }>;

export type DiagnosticKind = keyof typeof DIAGNOSTIC_CODES;
