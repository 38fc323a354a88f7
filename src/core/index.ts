// The core's public API: text in, syntax tree / validated model / diagnostics / formatted text out.
// No `vscode` import here or below; editors and the CLI drive this.
export * from './types';
export * from './vocabulary';
export * from './diagnostic-codes';
export type * from './syntax/ast';
export type * from './model/network';
export { nodeByName, weightAt, sourcesOf } from './model/network';
export { parse } from './syntax/parser';
export { buildModel } from './model/build';
export * from './model/lookup';
export { check, type CheckResult } from './check';
export * from './engine/kernel';
export * from './engine/spec';
export * from './engine/compute';
export * from './engine/train';
export * from './engine/update-rule';
export * from './engine/gradcheck';
export * from './engine/metrics';
export * from './engine/saliency';
export * from './service/misclassified';
export { ACTIVATION_FORMULAS, LEAKY_SLOPE } from './engine/activations';
export * from './explain/derivation';
export * from './explain/render';
export * from './wording';
export { formatNumber } from './explain/format-number';
export { format, formatLines, type FormatOptions, type LineRangeEdit } from './syntax/format';
