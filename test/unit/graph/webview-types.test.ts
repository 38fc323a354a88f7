// The webview bundle is browser code with its own tsconfig (DOM lib), outside the root
// project; esbuild only strips its types. This type-checks it, so CI catches its errors.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers';

describe('graph: webview sources', () => {
  it('type-check with webview/tsconfig.json (DOM lib, strict)', function () {
    this.timeout(120000);
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'webview'), '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(result.status, 0, `tsc -p webview:\n${result.stdout}${result.stderr}`);
  });

  it('are not part of the root project (no DOM types leak into the extension or the core)', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[]; compilerOptions: { lib: string[] } };
    assert.ok(!config.include.some((p) => p.startsWith('webview')), config.include.join(', '));
    assert.ok(!config.compilerOptions.lib.some((l) => /dom/i.test(l)), config.compilerOptions.lib.join(', '));
  });

  it('use no inline event handlers, no innerHTML and no remote resources', () => {
    const dir = path.join(ROOT, 'webview');
    for (const file of fs.readdirSync(dir).filter((f) => /\.(ts|css)$/.test(f))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(text, /\bon[a-z]+\s*=\s*["'`]/, `${file}: inline handler`);
      assert.doesNotMatch(text, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/, `${file}: HTML from strings or eval`);
      assert.doesNotMatch(text, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, `${file}: remote resource`);
      assert.doesNotMatch(text, /setAttribute\(\s*['"]style['"]/, `${file}: inline style (blocked by the CSP)`);
    }
  });
});
