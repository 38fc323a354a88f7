// The floors of test/floors.json (the fewest tests each suite may run), for TypeScript callers.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type SuiteKind = 'unit' | 'in-host' | 'ui';

/** Repository root (this file runs from out/test/support/). */
const ROOT = path.resolve(__dirname, '../../..');

export function floorOf(kind: SuiteKind): number {
  const floors = JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'floors.json'), 'utf8')) as Record<string, unknown>;
  const floor = floors[kind];
  if (typeof floor !== 'number' || !Number.isInteger(floor) || floor < 1) throw new Error(`test/floors.json has no floor for '${kind}'`);
  return floor;
}
