// Root hook plugin for `npm run test:unit` (mocha --require out/test/support/unit-floor.js):
// after the whole suite, fails when fewer tests ran than the floor in test/floors.json.
// Only the full run loads it; `npx mocha out/test/unit/<dir>/<file>.test.js` does not.
import type { Suite } from 'mocha';
import { floorOf } from './floors';

function ran(suite: Suite): number {
  let n = suite.tests.filter((t) => t.state === 'passed' || t.state === 'failed').length;
  for (const child of suite.suites) n += ran(child);
  return n;
}

export const mochaHooks = {
  afterAll(this: Mocha.Context): void {
    let root = this.test?.parent;
    while (root?.parent) root = root.parent;
    if (!root) throw new Error('unit-floor: no root suite');
    // A filtered run (--grep/--fgrep) is a choice to run fewer; the floor is for full runs.
    if (process.argv.some((a) => /^(--grep|-g|--fgrep|-f)(=|$)/.test(a))) return;
    const count = ran(root);
    const floor = floorOf('unit');
    if (count < floor) {
      throw new Error(`only ${count} unit tests ran; test/floors.json expects at least ${floor} (a stray .only, a file that no longer loads, or tests deleted without lowering the floor)`);
    }
  },
};
