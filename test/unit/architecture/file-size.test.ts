// Files stay under 500 lines (src/ and webview/): a long file is a sign that two concerns
// share it. The one permanent exception is engine/batch.ts, the register-blocked fast path
// beside the readable reference kernel engine/kernel.ts.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';

const LIMIT = 500;
const PERMANENT = new Set(['src/core/engine/batch.ts']);

function files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...files(rel));
    else if (/\.(ts|js|css|html)$/.test(entry.name)) out.push(rel);
  }
  return out;
}

const lines = (rel: string): number => fs.readFileSync(path.join(ROOT, rel), 'utf8').split('\n').length - 1;

describe('architecture: file length', () => {
  it(`no file in src/ or webview/ is over ${LIMIT} lines (except the blocked kernel)`, () => {
    const all = [...files('src'), ...files('webview')];
    assert.ok(all.length > 50, `found only ${all.length} files`);
    const over = all.filter((f) => lines(f) > LIMIT && !PERMANENT.has(f)).map((f) => `${f}: ${lines(f)} lines`);
    assert.deepEqual(over, [], 'split these files by concern');
  });

  it('engine/batch.ts says it is the fast path beside the reference kernel', () => {
    assert.match(fs.readFileSync(path.join(ROOT, 'src/core/engine/batch.ts'), 'utf8').slice(0, 2000), /kernel\.ts/);
  });
});
