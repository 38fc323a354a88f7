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
