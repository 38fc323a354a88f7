// Generated hostile inputs, one list per class. Each case writes its files into a fresh folder
// and names the command line; the suite (cli.test.ts) runs the bundled CLI on it and asserts
// the exit code, no stack trace, a positioned diagnostic where one is due, and bounded time
// and memory (generous safety bounds: about 10× what a healthy run takes).
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface HostileCase {
  readonly name: string;
  /** Writes the case's files into `dir`; returns the arguments to `nnet`. */
  readonly setup: (dir: string) => string[];
  /** Allowed exit codes (never 3, never a signal). */
  readonly exit: readonly number[];
  /** A `FILE:LINE:COL: error nnet/…` line is required. */
  readonly positioned?: boolean;
  /** Text the output must contain. */
  readonly says?: RegExp;
  /**
   * Safety bounds (defaults: 30 s, 600 MB), about 10× a healthy run on a busy 2-core machine:
   * they catch a hang, a blow-up (quadratic work, reading an endless file) or runaway memory,
   * and never claim a speed (speed is measured by `npm run bench`, as ratios).
   */
  readonly maxMs?: number;
  readonly maxMb?: number;
  /** Extra checks on the finished run. */
  readonly check?: (dir: string, out: { stdout: string; stderr: string }) => void;
  /** Skipped where the platform cannot make the files (FIFOs on Windows). */
  readonly posixOnly?: boolean;
}

const XOR_HEAD = ['layer input I1 I2 bias B1', 'layer hidden H1 H2 sigmoid bias B2', 'layer output O1 sigmoid', 'weights input -> hidden = init xavier seed 1', 'weights hidden -> output = init xavier seed 1'];
const XOR = [...XOR_HEAD, 'sample 1 0 -> 1', 'sample 0 0 -> 0', 'sample 0 1 -> 1', 'sample 1 1 -> 0'].join('\n') + '\n';

function write(dir: string, name: string, content: string | Buffer): string {
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

/** A network reading `data.csv` with 2 inputs and 1 target. */
function withCsv(dir: string, csv: string | Buffer, dataLine = 'data "data.csv" inputs 1..2 targets 3'): string {
  write(dir, 'data.csv', csv);
  return write(dir, 'net.nnet', [...XOR_HEAD, dataLine].join('\n') + '\n');
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

export const SIZE: HostileCase[] = [
  {
    name: 'the 402-byte file of 21 layers alternating x[100000] / y[50]',
    setup: (dir) => [
      'check',
      write(dir, 'big.nnet', Array.from({ length: 21 }, (_, i) => `layer l${i} ${i % 2 === 0 ? 'x' : 'y'}${i}[${i % 2 === 0 ? 100000 : 50}]`).join('\n') + '\n'),
    ],
    exit: [1],
    positioned: true,
    says: /nnet\/too-large/,
    maxMb: 300,
  },
  { name: 'one layer x[10000000]', setup: (dir) => ['check', write(dir, 'x.nnet', 'layer input x[10000000]\nlayer output y\n')], exit: [1], positioned: true, says: /too-large/, maxMb: 300 },
  {
    name: 'a 50 MB file of sample lines',
    setup: (dir) => ['check', write(dir, 's.nnet', XOR_HEAD.join('\n') + '\n' + 'sample 0.12345 0.67891 -> 0.5\n'.repeat(1_700_000))],
    exit: [1],
    positioned: true,
    says: /too-large/,
    maxMb: 800,
  },
  {
    name: 'a 5 MB file of sample lines (within the text limit) is checked',
    setup: (dir) => ['check', write(dir, 's.nnet', XOR_HEAD.slice(0, 3).join('\n') + '\n' + XOR_HEAD.slice(3).join('\n') + '\n' + 'sample 0.1 0.2 -> 0.3\n'.repeat(230_000))],
    exit: [0],
    maxMb: 1500,
    maxMs: 120_000,
  },
  {
    name: 'a CSV of 130,000 rows',
    setup: (dir) => ['check', withCsv(dir, '1,0,1\n'.repeat(130_000))],
    exit: [0],
  },
  {
    name: 'train --write on 784→256 written with init plus one explicit weight',
    setup: (dir) => [
      'train',
      '--write',
      write(dir, 'w.nnet', ['layer input x[784]', 'layer output y[256] sigmoid', 'weights x -> y = init xavier seed 1', 'x1 -> y1 = 0.5', 'train backprop rate 0.1 epochs 1', `sample ${'1 '.repeat(784)}-> ${'0 '.repeat(256)}`].join('\n') + '\n'),
    ],
    exit: [0],
    maxMs: 90_000,
    check: (dir) => {
      // The init is written out weight by weight (the pair already had a weight line), trained.
      const text = fs.readFileSync(path.join(dir, 'w.nnet'), 'utf8');
      if (/init xavier/.test(text) || !/^x1 -> y1 += +-?0\.\d+/m.test(text) || /^x1 -> y1 += +0\.5$/m.test(text)) throw new Error('the trained weights were not written');
    },
  },
  {
    name: 'fmt --check on a 200k-row one-line matrix',
    setup: (dir) => ['fmt', '--check', write(dir, 'm.nnet', `layer input a\nlayer output b[200000] linear\nweights a -> b = [ ${Array(200_000).fill('0.5').join(' ; ')} ]\n`)],
    exit: [0, 1],
    maxMs: 120_000,
    maxMb: 1500,
  },
  { name: 'a 10 MB single line', setup: (dir) => ['check', write(dir, 'l.nnet', `network ${'n'.repeat(10 * 1024 * 1024)}\n`)], exit: [1], positioned: true, says: /too-large/ },
  { name: 'one sample line with a million numbers', setup: (dir) => ['check', write(dir, 'n.nnet', XOR_HEAD.join('\n') + `\nsample ${'1 '.repeat(1_000_000)}-> 1\n`)], exit: [1], positioned: true, says: /sample-arity/, maxMb: 1200, maxMs: 60_000 },
  { name: 'a million empty lines', setup: (dir) => ['check', write(dir, 'e.nnet', XOR + '\n'.repeat(1_000_000))], exit: [0] },
  { name: 'a 1001-layer network', setup: (dir) => ['check', write(dir, 'l.nnet', Array.from({ length: 1001 }, (_, i) => `layer l${i} n${i}`).join('\n') + '\n')], exit: [1], positioned: true, says: /1,001 layers/ },
];

export const STRUCTURE: HostileCase[] = [
  { name: '100k nested [ on one line', setup: (dir) => ['check', write(dir, 'b.nnet', `weights a -> b = ${'['.repeat(100_000)}\n`)], exit: [1], positioned: true },
  { name: '100k lines of an unclosed matrix', setup: (dir) => ['check', write(dir, 'u.nnet', `layer input a\nlayer output b\nweights a -> b = [\n${'1\n'.repeat(100_000)}`)], exit: [1], positioned: true },
  { name: 'an empty file', setup: (dir) => ['check', write(dir, 'empty.nnet', '')], exit: [1], positioned: true, says: /no layers/ },
  { name: 'an empty file: train says the same', setup: (dir) => ['train', write(dir, 'empty.nnet', '')], exit: [1], positioned: true, says: /no layers/ },
  { name: 'an empty file: explain says the same', setup: (dir) => ['explain', write(dir, 'empty.nnet', '')], exit: [1], positioned: true, says: /no layers/ },
  { name: 'only comments', setup: (dir) => ['check', write(dir, 'c.nnet', '# nothing\n# here\n')], exit: [1], positioned: true, says: /no layers/ },
  { name: 'a missing-weight pair of a million weights', setup: (dir) => ['check', write(dir, 'm.nnet', `layer input x[1000]\nlayer output y[1000]\n`)], exit: [1], positioned: true, says: /1,000,000 weights/ },
];

export const CSV: HostileCase[] = [
  ...['0x10', '0b1', '0o7', 'Infinity', 'NaN', '', '1e999', '1_0'].map(
    (cell): HostileCase => ({
      name: `a CSV cell '${cell}'`,
      setup: (dir) => ['check', withCsv(dir, `1,0,1\n0,${cell},1\n`)],
      exit: [1],
      positioned: true,
      says: /data\.csv:2: column 2/,
    }),
  ),
  { name: 'a CSV with more than a million rows', setup: (dir) => ['check', withCsv(dir, '1,0,1\n'.repeat(1_000_001))], exit: [1], positioned: true, says: /more than 1,000,000 data rows/, maxMb: 900 },
  { name: 'a CSV row with 100,001 fields', setup: (dir) => ['check', withCsv(dir, '1,'.repeat(100_000) + '1\n')], exit: [1], positioned: true, says: /more than 100,000 columns/ },
  { name: 'an empty CSV', setup: (dir) => ['check', withCsv(dir, '')], exit: [1], positioned: true, says: /no data rows/ },
  { name: 'a CSV of NUL bytes', setup: (dir) => ['check', withCsv(dir, Buffer.alloc(100_000))], exit: [1], positioned: true },
  { name: 'a CSV with CRLF, quotes, a header and a BOM', setup: (dir) => ['check', withCsv(dir, '\ufeff"a","b","y"\r\n"1", 0 ,1\r\n0,0,0\r\n')], exit: [0] },
];

export const PATHS: HostileCase[] = [
  {
    name: 'a data file that is a FIFO',
    posixOnly: true,
    setup: (dir) => {
      mkfifo(path.join(dir, 'data.csv'));
      return ['check', write(dir, 'net.nnet', [...XOR_HEAD, 'data "data.csv" inputs 1..2 targets 3'].join('\n') + '\n')];
    },
    exit: [1],
    positioned: true,
    says: /named pipe/,
    maxMs: 20_000,
  },
  {
    name: 'a data file that is a link to a FIFO',
    posixOnly: true,
    setup: (dir) => {
      mkfifo(path.join(dir, 'pipe'));
      fs.symlinkSync('pipe', path.join(dir, 'data.csv'));
      return ['check', write(dir, 'net.nnet', [...XOR_HEAD, 'data "data.csv" inputs 1..2 targets 3'].join('\n') + '\n')];
    },
    exit: [1],
    positioned: true,
    says: /named pipe/,
    maxMs: 20_000,
  },
  {
    name: 'a data file that is a folder',
    setup: (dir) => {
      fs.mkdirSync(path.join(dir, 'data.csv'));
      return ['check', write(dir, 'net.nnet', [...XOR_HEAD, 'data "data.csv" inputs 1..2 targets 3'].join('\n') + '\n')];
    },
    exit: [1],
    positioned: true,
    says: /folder/,
  },
  {
    name: 'a data file linked to /dev/zero',
    posixOnly: true,
    setup: (dir) => {
      fs.symlinkSync('/dev/zero', path.join(dir, 'data.csv'));
      return ['check', write(dir, 'net.nnet', [...XOR_HEAD, 'data "data.csv" inputs 1..2 targets 3'].join('\n') + '\n')];
    },
    exit: [1],
    positioned: true,
    maxMs: 20_000,
  },
  { name: "a data path with '..'", setup: (dir) => ['check', write(dir, 'net.nnet', [...XOR_HEAD, 'data "../x.csv" inputs 1..2 targets 3'].join('\n') + '\n')], exit: [1], positioned: true, says: /data-path/ },
  { name: 'an absolute data path', setup: (dir) => ['check', write(dir, 'net.nnet', [...XOR_HEAD, 'data "/etc/passwd" inputs 1..2 targets 3'].join('\n') + '\n')], exit: [1], positioned: true, says: /data-path/ },
  {
    name: 'the .nnet file itself is a FIFO with a writer',
    posixOnly: true,
    setup: (dir) => {
      mkfifo(path.join(dir, 'net.nnet'));
      // A writer that ends: the CLI reads it like standard input.
      const writer = spawn('sh', ['-c', `printf 'layer input a\\nlayer output b\\n' > net.nnet`], { cwd: dir, stdio: 'ignore' });
      writer.unref();
      return ['check', 'net.nnet'];
    },
    exit: [1],
    positioned: true,
    maxMs: 20_000,
  },
  { name: 'the .nnet file is a folder', setup: (dir) => (fs.mkdirSync(path.join(dir, 'f.nnet')), ['check', 'f.nnet']), exit: [2], says: /is a directory|folder/ },
  { name: 'the .nnet file is /dev/zero', posixOnly: true, setup: () => ['check', '/dev/zero'], exit: [2], says: /device/, maxMs: 20_000 },
];

export const ENCODINGS: HostileCase[] = [
  { name: 'a UTF-8 BOM', setup: (dir) => ['check', write(dir, 'bom.nnet', '\ufeff' + XOR)], exit: [0] },
  { name: 'CRLF line ends', setup: (dir) => ['check', write(dir, 'crlf.nnet', XOR.replace(/\n/g, '\r\n'))], exit: [0] },
  { name: 'lone CR line ends', setup: (dir) => ['check', write(dir, 'cr.nnet', XOR.replace(/\n/g, '\r'))], exit: [0] },
  { name: 'UTF-16LE with a BOM', setup: (dir) => ['check', write(dir, 'u16.nnet', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XOR, 'utf16le')]))], exit: [1], positioned: true },
  { name: 'NUL bytes', setup: (dir) => ['check', write(dir, 'nul.nnet', XOR.replace('layer hidden', 'layer\0hidden'))], exit: [1], positioned: true },
  { name: 'invalid UTF-8', setup: (dir) => ['check', write(dir, 'bad.nnet', Buffer.concat([Buffer.from(XOR), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0x0a])]))], exit: [1], positioned: true },
  { name: 'a megabyte of binary junk', setup: (dir) => ['check', write(dir, 'junk.nnet', Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24)))], exit: [1], positioned: true },
];

const ESC_RAW = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const noRawControls = (_dir: string, out: { stdout: string; stderr: string }): void => {
  if (ESC_RAW.test(out.stdout) || ESC_RAW.test(out.stderr)) throw new Error(`raw control characters in the output: ${JSON.stringify(out.stderr.slice(0, 300))}`);
};

export const CONTROL: HostileCase[] = [
  { name: 'an escape sequence in an unknown token', setup: (dir) => ['check', write(dir, 'e.nnet', XOR + '\u001b]0;pwned\u0007 \u001b[2K\n')], exit: [1], positioned: true, says: /\\x1b/, check: noRawControls },
  { name: 'an escape sequence in a data path', setup: (dir) => ['check', write(dir, 'e.nnet', [...XOR_HEAD, 'data "\u001b[2Kx\u0007.csv" inputs 1..2 targets 3'].join('\n') + '\n')], exit: [1], positioned: true, says: /\\x1b\[2K/, check: noRawControls },
  { name: 'an escape sequence in the network title (explain)', setup: (dir) => ['explain', write(dir, 'e.nnet', 'network "\u001b]0;title\u0007"\n' + XOR)], exit: [0], check: noRawControls },
  { name: 'an escape sequence in the file name', setup: (dir) => ['check', write(dir, '\u001b[31mred.nnet', 'layr\n')], exit: [1], check: noRawControls },
  { name: 'bidi overrides in a data path', setup: (dir) => ['check', write(dir, 'b.nnet', [...XOR_HEAD, 'data "evil\u202ecsv.exe" inputs 1..2 targets 3'].join('\n') + '\n')], exit: [1], positioned: true, says: /\\u\{202e\}/ },
];

export const NUMBERS: HostileCase[] = [
  { name: 'a learning rate of 1e308 on a linear output diverges and says where', setup: (dir) => ['train', write(dir, 'r.nnet', 'layer input a\nlayer output o linear\na -> o = 1\nsample 1 -> 2\ntrain backprop rate 1e308 epochs 10\n')], exit: [1], says: /diverged/ },
  { name: 'a learning rate of 1e308 on sigmoids saturates without NaN', setup: (dir) => ['train', write(dir, 'r.nnet', XOR + 'train backprop rate 1e308 epochs 10\n')], exit: [0], check: (_d, out) => {
      if (/NaN/.test(out.stdout)) throw new Error('NaN in the output');
    } },
  {
    name: 'a forward pass that overflows: gradcheck fails instead of passing on NaN',
    setup: (dir) => ['gradcheck', write(dir, 'w.nnet', 'layer input a\nlayer output o linear\na -> o = 1e300\nsample 1e300 -> 1\n')],
    exit: [1],
    says: /FAIL: the error E is/,
  },
  { name: 'a number beyond a double', setup: (dir) => ['check', write(dir, 'n.nnet', XOR + 'sample 1e999 0 -> 1\n')], exit: [1], positioned: true, says: /number-range/ },
  { name: "'epochs 1000000000' in the file, --epochs 2000 on the command line", setup: (dir) => ['train', '--epochs', '2000', write(dir, 'e.nnet', XOR + 'train backprop rate 0.7 momentum 0.3 epochs 1000000000\n')], exit: [0] },
  { name: 'train --epochs 300000 keeps a bounded history (--json)', setup: (dir) => ['train', '--json', '--epochs', '300000', write(dir, 'e.nnet', XOR)], exit: [0], maxMs: 120_000, check: (_d, out) => {
      const history = (JSON.parse(out.stdout) as { history: unknown[] }).history;
      if (history.length > 10_000) throw new Error(`history of ${history.length} points`);
    } },
  { name: 'a seed beyond 32 bits', setup: (dir) => ['check', write(dir, 's.nnet', XOR.replace('init xavier seed 1', 'init xavier seed 99999999999'))], exit: [1], positioned: true },
  { name: 'explain on 784-128-10 (linear in the weights)', setup: (dir) => ['explain', write(dir, 'x.nnet', ['layer input x[784]', 'layer hidden h[128] relu bias', 'layer output y[10] softmax', 'loss crossentropy', 'weights x -> h = init he seed 1', 'weights h -> y = init xavier seed 1', `sample ${'0.5 '.repeat(784)}-> 1 0 0 0 0 0 0 0 0 0`].join('\n') + '\n')], exit: [0], maxMs: 30_000 },
];

export const WRITES: HostileCase[] = [
  {
    name: 'fmt --write keeps CRLF and the file mode, and leaves no temporary file',
    posixOnly: true,
    setup: (dir) => {
      const file = write(dir, 'f.nnet', 'layer   input  a\r\nlayer output b\r\na->b=1\r\nsample 1 -> 1\r\n');
      fs.chmodSync(path.join(dir, file), 0o640);
      return ['fmt', '--write', file];
    },
    exit: [0],
    check: (dir) => {
      const text = fs.readFileSync(path.join(dir, 'f.nnet'), 'utf8');
      if (!text.includes('\r\n') || /[^\r]\n/.test(text)) throw new Error('line ends changed');
      if ((fs.statSync(path.join(dir, 'f.nnet')).mode & 0o777) !== 0o640) throw new Error('mode changed');
      const left = fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      if (left.length) throw new Error(`temporary files left: ${left.join(' ')}`);
    },
  },
  {
    name: 'train --write through a symbolic link keeps the link',
    posixOnly: true,
    setup: (dir) => {
      write(dir, 'real.nnet', XOR + 'train backprop rate 0.7 epochs 5\n');
      fs.symlinkSync('real.nnet', path.join(dir, 'link.nnet'));
      return ['train', '--write', 'link.nnet'];
    },
    exit: [0],
    check: (dir) => {
      if (!fs.lstatSync(path.join(dir, 'link.nnet')).isSymbolicLink()) throw new Error('the link was replaced by a file');
      if (!/weights input -> hidden = \[/.test(fs.readFileSync(path.join(dir, 'real.nnet'), 'utf8'))) throw new Error('the target was not written');
    },
  },
  {
    name: 'fmt --write on a read-only folder fails cleanly and keeps the file',
    posixOnly: true,
    setup: (dir) => {
      fs.mkdirSync(path.join(dir, 'ro'));
      write(dir, 'ro/f.nnet', 'layer   input a\n');
      fs.chmodSync(path.join(dir, 'ro'), 0o555);
      return ['fmt', '--write', 'ro/f.nnet'];
    },
    exit: [0, 2],
    check: (dir) => {
      fs.chmodSync(path.join(dir, 'ro'), 0o755);
      const text = fs.readFileSync(path.join(dir, 'ro/f.nnet'), 'utf8');
      if (text !== 'layer   input a\n' && text !== 'layer input a\n') throw new Error(`file damaged: ${JSON.stringify(text)}`);
    },
  },
];

export const ALL: Record<string, HostileCase[]> = { size: SIZE, structure: STRUCTURE, csv: CSV, paths: PATHS, encodings: ENCODINGS, 'control characters': CONTROL, 'numeric extremes': NUMBERS, 'write-back': WRITES };
