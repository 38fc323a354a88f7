// Terminal safety and atomic writes, in-process.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sanitize } from '../../../src/cli/sanitize';
import { writeFileAtomic } from '../../../src/node/atomic-write';

describe('hostile: sanitising terminal output', () => {
  it('escapes C0, DEL, C1 and bidi controls; keeps tab, line feed and printable text', () => {
    assert.equal(sanitize('a\u001b]0;title\u0007b'), 'a\\x1b]0;title\\x07b');
    assert.equal(sanitize('\u001b[2K\u009b\u007f'), '\\x1b[2K\\x9b\\x7f');
    assert.equal(sanitize('evil\u202etxt.exe \u2066x\u2069'), 'evil\\u{202e}txt.exe \\u{2066}x\\u{2069}');
    assert.equal(sanitize('δ(O1)\tH1 → O1\n'), 'δ(O1)\tH1 → O1\n');
    assert.equal(sanitize('a\rb'), 'a\\x0db');
  });

  it("keeps nnet's own colour codes and the progress erase only where styles are allowed", () => {
    const own = '\u001b[1m\u001b[31mFAIL\u001b[39m\u001b[22m\r\u001b[K';
    assert.equal(sanitize(own, true), own);
    assert.equal(sanitize(own), '\\x1b[1m\\x1b[31mFAIL\\x1b[39m\\x1b[22m\\x0d\\x1b[K');
    // Other sequences are escaped even with styles allowed.
    assert.equal(sanitize('\u001b[2J\u001b]0;x\u0007\u001b[38;5;1m', true), '\\x1b[2J\\x1b]0;x\\x07\\x1b[38;5;1m');
  });
});

describe('hostile: atomic writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-atomic-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the text, keeps the mode, leaves no temporary file', () => {
    const file = path.join(dir, 'a.nnet');
    fs.writeFileSync(file, 'old\r\n');
    fs.chmodSync(file, 0o600);
    assert.deepEqual(writeFileAtomic(file, 'new\r\n', { expected: 'old\r\n' }), { ok: true });
    assert.equal(fs.readFileSync(file, 'utf8'), 'new\r\n');
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(dir), ['a.nnet']);
  });

  it('refuses when the file changed since it was read (a write-back race), and keeps the change', () => {
    const file = path.join(dir, 'a.nnet');
    fs.writeFileSync(file, 'typed meanwhile');
    const result = writeFileAtomic(file, 'trained', { expected: 'as read' });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.changed, true);
    assert.equal(fs.readFileSync(file, 'utf8'), 'typed meanwhile');
  });

  it('writes through a symbolic link to its target', function () {
    if (process.platform === 'win32') this.skip();
    fs.writeFileSync(path.join(dir, 'real.nnet'), 'a');
    fs.symlinkSync('real.nnet', path.join(dir, 'link.nnet'));
    assert.deepEqual(writeFileAtomic(path.join(dir, 'link.nnet'), 'b'), { ok: true });
    assert.ok(fs.lstatSync(path.join(dir, 'link.nnet')).isSymbolicLink());
    assert.equal(fs.readFileSync(path.join(dir, 'real.nnet'), 'utf8'), 'b');
  });

  it('fails cleanly (no throw) when the folder is gone', () => {
    const result = writeFileAtomic(path.join(dir, 'missing', 'a.nnet'), 'x');
    assert.equal(result.ok, false);
  });
});
