// One call from text to everything the tools need.
import { parse } from './syntax/parser';
import type { SyntaxTree } from './syntax/ast';
import { buildModel } from './model/build';
import type { BuildOptions, ModelResult } from './model/network';

export interface CheckResult extends ModelResult {
  readonly tree: SyntaxTree;
}

/** Parses and validates `.nnet` text. Never throws. */
export function check(text: string, options: BuildOptions = {}): CheckResult {
  const tree = parse(text);
  return { tree, ...buildModel(tree, options) };
}
