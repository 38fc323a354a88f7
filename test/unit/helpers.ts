// Small helpers shared by the unit tests.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Range } from '../../src/core';

/** Repository root (tests run from out/test/unit/…). */
export const ROOT = path.resolve(__dirname, '../../..');

/**
 * Bundles `dist/…` files exactly as esbuild.js does (its own target list, only these
 * targets), e.g. `buildBundles('dist/cli.js', 'dist/train-worker.js')` before CLI tests.
 */
export function buildBundles(...outfiles: string[]): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require(path.join(ROOT, 'esbuild.js')) as { buildSync: (outfiles: string[], root: string) => void };
  buildSync(outfiles, ROOT);
}

export function readExample(name: string): string {
  return fs.readFileSync(path.join(ROOT, 'examples', name), 'utf8');
}

/** The range of the `occurrence`-th (1-based) appearance of `needle` on line `line` (0-based) of `text`. */
export function rangeOn(text: string, line: number, needle: string, occurrence = 1): Range {
  const lineText = text.split(/\r\n|\n|\r/)[line];
  if (lineText === undefined) throw new Error(`no line ${line}`);
  let at = -1;
  for (let k = 0; k < occurrence; k++) {
    at = lineText.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' (occurrence ${occurrence}) not on line ${line}: ${lineText}`);
  }
  return { start: { line, character: at }, end: { line, character: at + needle.length } };
}

/** The range of a whole line's trimmed content. */
export function lineRange(text: string, line: number): Range {
  const lineText = text.split(/\r\n|\n|\r/)[line];
  const start = lineText.length - lineText.trimStart().length;
  return { start: { line, character: start }, end: { line, character: lineText.trimEnd().length } };
}

/**
 * Examples whose data is fetched by a script (`npm run data:fashion-mnist`), not kept in git, and
 * far too large to train or gradient-check in a unit test: the "every example" loops skip them;
 * test/real/ covers them.
 */
export const FETCHED_DATA_EXAMPLES: readonly string[] = ['fashion-mnist.nnet'];

/** The .nnet examples the unit tests can run in full. */
export function unitExamples(): string[] {
  return fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.nnet') && !FETCHED_DATA_EXAMPLES.includes(f));
}

/**
 * A syntax tree (or any part of it) as plain data, for deep comparisons: compact nodes (weight
 * lines, number rows) keep their positions and values in shared tables and show them through
 * getters, which `assert.deepEqual` does not read. This copies own fields and every getter of
 * the prototype chain, and typed arrays as arrays, so that two trees compare equal only when
 * every range, name and value is the same. Left out: the numbers the parser gives names in the
 * order they first appear (`fromId`, `toId`: an index into the text's own name table, not part of
 * what a statement says).
 */
const NAME_NUMBERS = new Set(['fromId', 'toId']);

export function plainTree(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plainTree);
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) if (!NAME_NUMBERS.has(key)) out[key] = plainTree(source[key]);
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (key in out || key === 'constructor' || NAME_NUMBERS.has(key)) continue;
      if (descriptor.get || (descriptor.enumerable && typeof descriptor.value !== 'function')) out[key] = plainTree(source[key]);
    }
  }
  return out;
}
