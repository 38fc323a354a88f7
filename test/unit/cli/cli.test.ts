import * as assert from 'node:assert/strict';
import { unitExamples } from '../helpers';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataReader, MAX_DATA_FILE_BYTES } from '../../../src/node/data-reader';
import { BIN, ROOT, nnet, useCliFolder } from './run-cli';

const HEATON = fs.readFileSync(path.join(ROOT, 'examples', 'heaton-xor.nnet'), 'utf8');


/** The 1-based line of the first line of `text` that starts with `prefix`. */
function lineOf(text: string, prefix: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix));
  assert.ok(i >= 0, `no line starting with ${prefix}`);
  return i + 1;
}

const ESC = '\u001b[';

describe('cli', function () {
  this.timeout(60000);
  const folder = useCliFolder('nnet-cli-');

  describe('help and version', () => {
    it('--help prints the usage and exits 0', () => {
      const r = nnet(['--help']);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage:/m);
      assert.match(r.stdout, /nnet check FILE\.\.\./);
      assert.match(r.stdout, /nnet fmt FILE/);
      assert.equal(r.stderr, '');
    });

    it('help CMD and CMD --help print the command help', () => {
      for (const cmd of ['check', 'fmt']) {
        const a = nnet(['help', cmd]);
        const b = nnet([cmd, '--help']);
        assert.equal(a.status, 0);
        assert.equal(b.status, 0);
        assert.match(a.stdout, new RegExp(`^Usage: nnet ${cmd}`));
        assert.equal(a.stdout, b.stdout);
      }
      assert.match(nnet(['help', 'fmt']).stdout, /--check/);
    });

    it('help for an unknown command is a usage error', () => {
      const r = nnet(['help', 'train-everything']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown command 'train-everything'/);
    });

    it('--version prints the version of package.json', () => {
      const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
      const r = nnet(['--version']);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${version}\n`);
    });

    it('runs through the bin/nnet.js launcher', () => {
      const r = nnet(['--version'], { script: BIN });
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^\d+\.\d+\.\d+/);
    });

    it('no arguments: usage on stderr, exit 2', () => {
      const r = nnet([]);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /Usage:/);
    });

    it('an unknown command: message and usage on stderr, exit 2', () => {
      const r = nnet(['compile', 'x.nnet']);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^nnet: unknown command 'compile'/);
      assert.match(r.stderr, /Usage:/);
    });

    it('an unknown option is a usage error', () => {
      const r = nnet(['check', '--fast', 'x.nnet']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown option '--fast' for 'check'/);
    });
  });

  describe('check', () => {
    it('a clean file prints nothing and exits 0', () => {
      const file = folder.write('clean.nnet', HEATON);
      const r = nnet(['check', file]);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, '');
      assert.equal(r.status, 0);
    });

    it('checks the examples without errors (data files read beside them)', () => {
      const examples = unitExamples();
      const r = nnet(['check', ...examples], { cwd: path.join(ROOT, 'examples') });
      assert.doesNotMatch(r.stdout, /: error /);
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });

    it('reports a syntax error as file:line:col: error code: message, exit 1', () => {
      const text = HEATON.replace('loss mse', 'loss mse extra');
      folder.write('syntax.nnet', text);
      const line = lineOf(text, 'loss mse extra');
      const r = nnet(['check', 'syntax.nnet'], { cwd: folder.dir });
      assert.equal(r.status, 1);
      assert.match(r.stdout, new RegExp(`^syntax\\.nnet:${line}:10: error nnet/syntax: .*'extra'`, 'm'));
      assert.match(r.stderr, /^1 error in 1 file\n$/);
    });

    it('names the file as given on the command line', () => {
      folder.write('sub/dir/named.nnet', 'layr x\n');
      const r = nnet(['check', 'sub/dir/../dir/named.nnet'], { cwd: folder.dir });
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^sub\/dir\/\.\.\/dir\/named\.nnet:1:1: error nnet\/unknown-statement: /m);
    });

    it('reports an unknown node with the model', () => {
      const text = HEATON.replace('I1 -> H1 = -0.07', 'I1 -> H9 = 0.5');
      const file = folder.write('unknown-node.nnet', text);
      const line = lineOf(text, 'I1 -> H9');
      const r = nnet(['check', file]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, new RegExp(`^${escape(file)}:${line}:7: error nnet/unknown-node: .*'H9'`, 'm'));
      assert.match(r.stderr, /\d+ errors? in 1 file/);
    });

    it('prints related locations indented below their diagnostic', () => {
      const text = `${HEATON}\nlayer hidden X\n`;
      const file = folder.write('related.nnet', text);
      const r = nnet(['check', file]);
      assert.equal(r.status, 1);
      const out = r.stdout.split('\n');
      const i = out.findIndex((l) => l.includes('nnet/duplicate-layer'));
      assert.ok(i >= 0, r.stdout);
      assert.match(out[i], new RegExp(`^${escape(file)}:${lineOf(text, 'layer hidden X')}:7: error nnet/duplicate-layer: `));
      assert.match(out[i + 1], new RegExp(`^    ${escape(file)}:${lineOf(text, 'layer hidden')}:7: \\S`));
    });

    it('prints diagnostics in line order and counts errors and warnings', () => {
      const text = HEATON.split(/\r?\n/)
        .filter((l) => !l.startsWith('sample'))
        .join('\n')
        .replace('network xor', 'network xor junk')
        .replace('loss mse', 'lose mse');
      folder.write('order.nnet', text);
      const r = nnet(['check', 'order.nnet'], { cwd: folder.dir });
      assert.equal(r.status, 1);
      const lines = r.stdout.trimEnd().split('\n').filter((l) => !l.startsWith(' '));
      const numbers = lines.map((l) => Number(/^order\.nnet:(\d+):\d+: /.exec(l)?.[1]));
      assert.ok(numbers.every((n) => n > 0), r.stdout);
      assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
      const errors = lines.filter((l) => / error /.test(l)).length;
      const warnings = lines.filter((l) => / warning /.test(l)).length;
      assert.ok(errors >= 2, r.stdout);
      const expected = [`${errors} error${errors === 1 ? '' : 's'}`];
      if (warnings) expected.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
      assert.equal(r.stderr, `${expected.join(', ')} in 1 file\n`);
    });

    it('a file with warnings only exits 0', () => {
      // No samples and no data: the network can be checked but not trained.
      const text = HEATON.split(/\r?\n/)
        .filter((l) => !l.startsWith('sample'))
        .join('\n');
      const file = folder.write('warn.nnet', text);
      const r = nnet(['check', file]);
      assert.equal(r.status, 0, r.stdout);
      assert.doesNotMatch(r.stdout, / error /);
      if (r.stdout !== '') {
        assert.match(r.stdout, / warning nnet\/[a-z-]+: /);
        assert.match(r.stderr, /^\d+ warnings? in 1 file\n$/);
      }
    });

    it('checks several files and says how many had problems', () => {
      const good = folder.write('many/good.nnet', HEATON);
      const bad = folder.write('many/bad.nnet', `${HEATON}\n]\n`);
      const r = nnet(['check', good, bad]);
      assert.equal(r.status, 1);
      assert.ok(r.stdout.split('\n').filter(Boolean).every((l) => l.startsWith(bad)), r.stdout);
      assert.match(r.stderr, /^1 error in 1 of 2 files\n$/);
    });

    it('a missing file is reported on stderr with exit 2; other files are still checked', () => {
      const bad = folder.write('missing/bad.nnet', 'layr\n');
      const r = nnet(['check', path.join(folder.dir, 'missing', 'nope.nnet'), bad]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^nnet: cannot read .*nope\.nnet: no such file$/m);
      assert.match(r.stdout, /bad\.nnet:1:1: error /);
    });

    it('a folder is an unreadable file', () => {
      const r = nnet(['check', folder.dir]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /cannot read .*: is a directory/);
    });

    it('check without files is a usage error', () => {
      const r = nnet(['check']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /check needs at least one FILE/);
    });

    it("reads standard input for '-'", () => {
      const r = nnet(['check', '-'], { input: 'layr x\n' });
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^<stdin>:1:1: error nnet\/unknown-statement: /);
    });

    it('reads data files relative to the .nnet file, not the working directory', () => {
      const text = [
        'layer input a b',
        'layer output y sigmoid',
        'a -> y = 0.1',
        'b -> y = 0.2',
        'loss mse',
        'train backprop rate 0.5 epochs 1',
        'data "pairs.csv" inputs 1..2 targets 3..3',
        '',
      ].join('\n');
      const file = folder.write('data/net.nnet', text);
      folder.write('data/pairs.csv', '0,1,1\n1,0,1\n');
      const ok = nnet(['check', file], { cwd: os.tmpdir() });
      assert.equal(ok.status, 0, ok.stdout + ok.stderr);
      fs.rmSync(path.join(folder.dir, 'data', 'pairs.csv'));
      const missing = nnet(['check', file], { cwd: os.tmpdir() });
      assert.equal(missing.status, 1);
      assert.match(missing.stdout, /:7:\d+: error nnet\/data-\w+: /);
    });

    describe('colour', () => {
      const text = 'layr x\n';
      it('is off when stdout is not a terminal', () => {
        const r = nnet(['check', '-'], { input: text });
        assert.ok(!r.stdout.includes(ESC));
        assert.ok(!r.stderr.includes(ESC));
      });

      it('is on with FORCE_COLOR and colours the severity', () => {
        const r = nnet(['check', '-'], { input: text, env: { FORCE_COLOR: '1' } });
        assert.ok(r.stdout.includes(`${ESC}31m`), JSON.stringify(r.stdout));
        assert.ok(r.stdout.includes('error'));
        // Without the escapes the line reads as usual.
        assert.match(r.stdout.replace(/\u001b\[\d+m/g, ''), /^<stdin>:1:1: error nnet\/unknown-statement: /);
      });

      it('NO_COLOR wins over FORCE_COLOR', () => {
        const r = nnet(['check', '-'], { input: text, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
        assert.ok(!r.stdout.includes(ESC));
        assert.ok(!r.stderr.includes(ESC));
      });
    });
  });

  describe('fmt', () => {
    const messy = 'network   xor\nlayer input I1 bias B1\nlayer output O1 sigmoid\nI1->O1=0.5\nB1 -> O1 = -0.25   # bias\n\n\n';
    const formatted = 'network xor\nlayer input  I1           bias B1\nlayer output O1  sigmoid\nI1 -> O1 =  0.5\nB1 -> O1 = -0.25  # bias\n';

    it('prints the formatted text to stdout and leaves the file alone', () => {
      const file = folder.write('fmt/print.nnet', messy);
      const r = nnet(['fmt', file]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, formatted);
      assert.equal(r.stderr, '');
      assert.equal(fs.readFileSync(file, 'utf8'), messy);
    });

    it('--check names an unformatted file and exits 1', () => {
      const file = folder.write('fmt/check.nnet', messy);
      const r = nnet(['fmt', file, '--check']);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, `${file}\n`);
      assert.match(r.stderr, /is not formatted/);
      assert.equal(fs.readFileSync(file, 'utf8'), messy);
    });

    it('--check on formatted files prints nothing and exits 0', () => {
      const a = folder.write('fmt/ok-a.nnet', formatted);
      const b = folder.write('fmt/ok-b.nnet', formatted);
      const r = nnet(['fmt', '--check', a, b]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, '');
    });

    it('--check on several files names only the unformatted ones', () => {
      const a = folder.write('fmt/many-a.nnet', formatted);
      const b = folder.write('fmt/many-b.nnet', messy);
      const r = nnet(['fmt', '--check', a, b]);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, `${b}\n`);
      assert.match(r.stderr, /1 of 2 files not formatted/);
    });

    it('--write rewrites a changed file in place and names it', () => {
      const file = folder.write('fmt/write.nnet', messy);
      const r = nnet(['fmt', '--write', file]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${file}\n`);
      assert.equal(fs.readFileSync(file, 'utf8'), formatted);
    });

    it('--write leaves an already formatted file untouched', () => {
      const file = folder.write('fmt/untouched.nnet', formatted);
      const old = new Date('2001-02-03T04:05:06Z');
      fs.utimesSync(file, old, old);
      const r = nnet(['fmt', '--write', file]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, '');
      assert.equal(fs.statSync(file).mtime.getTime(), old.getTime());
    });

    it('keeps CRLF files CRLF', () => {
      const file = folder.write('fmt/crlf.nnet', messy.replace(/\n/g, '\r\n'));
      const r = nnet(['fmt', '--write', file]);
      assert.equal(r.status, 0);
      assert.equal(fs.readFileSync(file, 'utf8'), formatted.replace(/\n/g, '\r\n'));
    });

    it('leaves lines with syntax errors as written and says so on stderr', () => {
      const file = folder.write('fmt/broken.nnet', 'network   x\nlayr   oops   \n');
      const r = nnet(['fmt', file]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, 'network x\nlayr   oops   \n');
      assert.match(r.stderr, /has syntax errors; those lines are left as written/);
    });

    it("formats standard input for '-'", () => {
      const r = nnet(['fmt', '-'], { input: messy });
      assert.equal(r.status, 0);
      assert.equal(r.stdout, formatted);
    });

    it('usage errors exit 2', () => {
      const file = folder.write('fmt/usage.nnet', formatted);
      const cases: [string[], RegExp][] = [
        [['fmt'], /fmt needs a FILE/],
        [['fmt', '--check', '--write', file], /not both/],
        [['fmt', file, file], /use --check or --write/],
        [['fmt', '--write', '-'], /cannot rewrite standard input/],
        [['fmt', '--diff', file], /unknown option '--diff'/],
      ];
      for (const [args, message] of cases) {
        const r = nnet(args);
        assert.equal(r.status, 2, args.join(' '));
        assert.match(r.stderr, message);
      }
    });

    it('a missing file exits 2', () => {
      const r = nnet(['fmt', '--check', path.join(folder.dir, 'fmt', 'absent.nnet')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /cannot read .*absent\.nnet: no such file/);
    });
  });
});

describe('createDataReader', () => {
  let dir: string;
  let outside: string;

  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-data-')));
    outside = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-outside-')));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'a.csv'), '\ufeff1,2,3\n');
    fs.writeFileSync(path.join(dir, 'sub', 'b.csv'), '4,5,6\n');
    fs.writeFileSync(path.join(outside, 'secret.csv'), 'secret\n');
    fs.writeFileSync(path.join(dir, 'net.nnet'), '');
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const read = (p: string) => createDataReader(path.join(dir, 'net.nnet'))(p);

  it('reads a file beside the .nnet file, without its byte-order mark', () => {
    assert.deepEqual(read('a.csv'), { ok: true, text: '1,2,3\n' });
  });

  it('reads a file in a subfolder', () => {
    assert.deepEqual(read('sub/b.csv'), { ok: true, text: '4,5,6\n' });
    assert.deepEqual(read('sub/../a.csv'), { ok: true, text: '1,2,3\n' });
  });

  it('works with a relative .nnet path', () => {
    const relative = path.relative(process.cwd(), path.join(dir, 'net.nnet'));
    assert.deepEqual(createDataReader(relative)('a.csv'), { ok: true, text: '1,2,3\n' });
  });

  it('refuses paths that climb out or are absolute', () => {
    for (const p of ['../x.csv', 'sub/../../x.csv', path.join(outside, 'secret.csv'), '/etc/passwd']) {
      const r = read(p);
      assert.equal(r.ok, false, p);
      if (!r.ok) assert.match(r.error, /outside the folder|absolute path/);
    }
  });

  it('refuses a symbolic link that leads outside the folder', function () {
    // Without symlink permission (Windows without developer mode) this fails, never skips.
    fs.symlinkSync(path.join(outside, 'secret.csv'), path.join(dir, 'link.csv'));
    fs.symlinkSync(outside, path.join(dir, 'linkdir'));
    for (const p of ['link.csv', 'linkdir/secret.csv']) {
      const r = read(p);
      assert.equal(r.ok, false, p);
      if (!r.ok) assert.match(r.error, /through a symbolic link/);
    }
  });

  it('follows a symbolic link that stays inside the folder', function () {
    fs.symlinkSync(path.join(dir, 'sub', 'b.csv'), path.join(dir, 'inner-link.csv'));
    assert.deepEqual(read('inner-link.csv'), { ok: true, text: '4,5,6\n' });
  });

  it('explains a missing file, a folder and an empty name', () => {
    const missing = read('nope.csv');
    assert.deepEqual(missing, { ok: false, error: "'nope.csv' does not exist" });
    const folder = read('sub');
    assert.equal(folder.ok, false);
    if (!folder.ok) assert.match(folder.error, /not a regular file|folder/);
    const empty = read('');
    assert.equal(empty.ok, false);
  });

  it('refuses a file over the size limit without reading it', () => {
    const big = path.join(dir, 'big.csv');
    const fd = fs.openSync(big, 'w');
    try {
      fs.ftruncateSync(fd, MAX_DATA_FILE_BYTES + 1); // sparse: takes no disk space
    } finally {
      fs.closeSync(fd);
    }
    const r = read('big.csv');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /too large/);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
