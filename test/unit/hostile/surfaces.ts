// Hostile inputs for the surfaces added after the first hostile-input suite: IDX data files
// (lying headers, gzip bombs, NaN pixels), wide CSV tables, ONNX import (files that lie, are not
// protobuf, or carry names that would break the .nnet text) and export (names that would break
// or inject into the generated PyTorch code; outputs that are not regular files). Same shape as
// cases.ts; cli.test.ts runs them.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { onnx } from 'onnx-proto';
import { check } from '../../../src/core';
import { toOnnx } from '../../../src/core/export/onnx';
import { PYTHON } from '../export/python';
import type { HostileCase } from './cases';

function write(dir: string, name: string, content: string | Uint8Array): string {
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

/** An IDX file: magic 00 00 TYPE DIMS, big-endian sizes, then `data`. */
function idx(type: number, dims: readonly number[], data: Uint8Array = new Uint8Array(0)): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

const LABELS = idx(0x08, [2], Uint8Array.from([0, 1]));

/** A 2-input, 2-class network reading `images` and the two-record label file. */
function idxNetwork(dir: string, images: Uint8Array): string {
  write(dir, 'images.idx', images);
  write(dir, 'labels.idx', LABELS);
  return write(dir, 'net.nnet', 'layer input x[2]\nlayer output y[2] softmax\nloss crossentropy\nweights x -> y = init xavier seed 1\ndata "images.idx" labels "labels.idx"\n');
}

function doubles(values: readonly number[]): Uint8Array {
  const b = Buffer.alloc(8 * values.length);
  values.forEach((v, i) => b.writeDoubleBE(v, 8 * i));
  return b;
}

export const IDX: HostileCase[] = [
  { name: 'an IDX header declaring 2^31 records (no data)', setup: (dir) => ['check', idxNetwork(dir, idx(0x08, [2 ** 31, 2, 1]))], exit: [1], positioned: true, says: /the limit is 67,108,864/, maxMb: 300 },
  { name: 'an IDX header whose dimensions multiply beyond 2^64', setup: (dir) => ['check', idxNetwork(dir, idx(0x08, [2 ** 32 - 1, 2 ** 32 - 1, 2 ** 32 - 1]))], exit: [1], positioned: true, says: /the limit is/, maxMb: 300 },
  { name: 'an IDX header of zero records of 2^64 values each', setup: (dir) => ['check', idxNetwork(dir, idx(0x08, [0, 2 ** 32 - 1, 2 ** 32 - 1]))], exit: [1], positioned: true, maxMb: 300 },
  { name: 'an IDX file of 64 Mi doubles declared and none present', setup: (dir) => ['check', idxNetwork(dir, idx(0x0e, [8 * 1024 * 1024, 8, 1]))], exit: [1], positioned: true, says: /incomplete/, maxMb: 400 },
  { name: 'a truncated IDX file', setup: (dir) => ['check', idxNetwork(dir, idx(0x08, [2, 2, 1], Uint8Array.from([1, 2, 3])))], exit: [1], positioned: true, says: /record 2 of 2 is incomplete/ },
  { name: 'an IDX file that is text', setup: (dir) => ['check', idxNetwork(dir, Buffer.from('hello world\n'))], exit: [1], positioned: true, says: /not an IDX file/ },
  { name: 'an empty IDX file', setup: (dir) => ['check', idxNetwork(dir, new Uint8Array(0))], exit: [1], positioned: true, says: /empty/ },
  {
    name: 'NaN and Infinity in a double IDX image file',
    setup: (dir) => ['check', idxNetwork(dir, idx(0x0e, [2, 2, 1], doubles([NaN, 1, Infinity, 2])))],
    exit: [1],
    positioned: true,
    says: /record 1 holds NaN at value 1; inputs must be finite/,
  },
  {
    name: 'a gzip bomb (9 members of 64 MB of zeros: 576 MB unzipped)',
    setup: (dir) => {
      const member = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
      return ['check', idxNetwork(dir, Buffer.concat(Array.from({ length: 9 }, () => member)))];
    },
    exit: [1],
    positioned: true,
    says: /unzips to more than 512 MB/,
    maxMb: 1200,
  },
  { name: 'a gzip file cut short', setup: (dir) => ['check', idxNetwork(dir, zlib.gzipSync(idx(0x08, [2, 2, 1], Uint8Array.from([1, 2, 3, 4]))).subarray(0, 20))], exit: [1], positioned: true, says: /not a valid gzip file/ },
];

export const WIDE_CSV: HostileCase[] = [
  {
    name: 'a CSV whose first row has 100,000 fields, then a million blank lines',
    setup: (dir) => {
      write(dir, 'data.csv', `${'1,'.repeat(99_999)}1\n${'\n'.repeat(1_000_000)}`);
      return ['check', write(dir, 'net.nnet', 'layer input a b\nlayer output o sigmoid\nweights input -> output = init xavier seed 1\ndata "data.csv" inputs 1..2 targets 3\n')];
    },
    exit: [0],
  },
  {
    name: 'a CSV of 70,000 rows × 1,000 columns (70 M numbers, over the sample-value limit)',
    setup: (dir) => {
      write(dir, 'data.csv', `${'1,'.repeat(999)}1\n`.repeat(70_000));
      return ['check', write(dir, 'net.nnet', 'layer input a b\nlayer output o sigmoid\nweights input -> output = init xavier seed 1\ndata "data.csv" inputs 1..2 targets 3\n')];
    },
    exit: [1],
    positioned: true,
    says: /nnet\/too-large: data\.csv:67109: brings the numbers read to more than 67,108,864/,
    maxMb: 1500,
    maxMs: 60_000,
  },
];

const XOR = 'network xor\nlayer input I1 I2 bias B1\nlayer hidden H1 H2 sigmoid bias B2\nlayer output O1 sigmoid\nweights input -> hidden = init xavier seed 1\nweights hidden -> output = init xavier seed 1\nsample 1 0 -> 1\n';

/** nnet's own ONNX export of the XOR network, changed by `edit`. */
function onnxFile(dir: string, edit: (model: onnx.ModelProto, first: onnx.TensorProto) => void): string {
  const model = onnx.ModelProto.decode(toOnnx(check(XOR).network!));
  edit(model, model.graph!.initializer![0] as onnx.TensorProto);
  return write(dir, 'model.onnx', onnx.ModelProto.encode(model).finish());
}

function editMetadata(model: onnx.ModelProto, edit: (meta: { layers: Record<string, unknown>[] }) => void): void {
  const entry = model.metadataProps.find((p) => p.key === 'nnet.layers')!;
  const meta = JSON.parse(entry.value!) as { layers: Record<string, unknown>[] };
  edit(meta);
  entry.value = JSON.stringify(meta);
}

/** The imported file checks without errors (warnings, e.g. no samples, allowed). */
function importedChecksClean(dir: string): void {
  const text = fs.readFileSync(path.join(dir, 'out.nnet'), 'utf8');
  const errors = check(text).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`the imported file has errors: ${errors.map((e) => e.message).join('; ')}\n${text}`);
  if (/^data /m.test(text)) throw new Error(`text from the model's metadata reached the file as a statement:\n${text}`);
}

/** Protobuf nested 30,000 levels deep (graph → node → attribute → graph …), written by hand. */
function deepProtobuf(): Buffer {
  const tags = [0x0a, 0x2a, 0x32];
  const varint = (n: number): number[] => {
    const b: number[] = [];
    while (n > 127) {
      b.push((n & 127) | 128);
      n = Math.floor(n / 128);
    }
    b.push(n);
    return b;
  };
  const levels = 90_000;
  const lengths: number[] = [];
  let length = 0;
  for (let i = 0; i < levels; i++) {
    lengths.push(length);
    length += 1 + varint(length).length;
  }
  const out: number[] = [0x3a, ...varint(length)];
  for (let i = levels - 1; i >= 0; i--) out.push(tags[(levels - 1 - i) % 3], ...varint(lengths[i]));
  return Buffer.from(out);
}

export const IMPORT: HostileCase[] = [
  { name: 'import: a 0-byte file', setup: (dir) => ['import', write(dir, 'm.onnx', ''), '-o', 'out.nnet'], exit: [1], says: /has no graph/ },
  { name: 'import: a text file', setup: (dir) => ['import', write(dir, 'm.onnx', 'hello, this is not protobuf at all\n'), '-o', 'out.nnet'], exit: [1], says: /is not an ONNX model/ },
  { name: 'import: protobuf nested 90,000 levels deep', setup: (dir) => ['import', write(dir, 'm.onnx', deepProtobuf()), '-o', 'out.nnet'], exit: [1], says: /is not an ONNX model/ },
  {
    name: 'import: a weight tensor claiming 10^12 values',
    setup: (dir) => ['import', onnxFile(dir, (_m, t) => ((t.dims = [1e6, 1e6]), (t.rawData = new Uint8Array(0)))), '-o', 'out.nnet'],
    exit: [1],
    says: /has 0 values for shape \[1000000, 1000000\]/,
    maxMb: 300,
  },
  {
    name: 'import: NaN and Infinity weights',
    setup: (dir) =>
      [
        'import',
        onnxFile(dir, (_m, t) => {
          const v = new Float32Array(Uint8Array.from(t.rawData!).buffer);
          v[0] = NaN;
          v[1] = Infinity;
          t.rawData = new Uint8Array(v.buffer);
        }),
        '-o',
        'out.nnet',
      ],
    exit: [1],
    says: /holds NaN at position 1; weights must be finite/,
    check: (dir) => {
      if (fs.existsSync(path.join(dir, 'out.nnet'))) throw new Error('a file was written');
    },
  },
  {
    name: "import: a line break in the metadata's bias name cannot add statements",
    setup: (dir) => ['import', onnxFile(dir, (m) => editMetadata(m, (meta) => (meta.layers[0].bias = 'B1\ndata "x.csv" inputs 1..2 targets 3\n#'))), '-o', 'out.nnet'],
    exit: [0],
    check: importedChecksClean,
  },
  {
    name: 'import: metadata naming a node twice, or after an activation',
    setup: (dir) => ['import', onnxFile(dir, (m) => editMetadata(m, (meta) => ((meta.layers[2].nodes = ['I1']), (meta.layers[1].nodes = ['sigmoid', 'H2'])))), '-o', 'out.nnet'],
    exit: [0],
    check: importedChecksClean,
  },
  { name: 'import: metadata of nulls', setup: (dir) => ['import', onnxFile(dir, (m) => editMetadata(m, (meta) => (meta.layers = [null, null, null] as never))), '-o', 'out.nnet'], exit: [0], check: importedChecksClean },
  {
    name: 'import: a line break in the model file name stays in the comment',
    posixOnly: true,
    setup: (dir) => {
      fs.renameSync(path.join(dir, onnxFile(dir, () => undefined)), path.join(dir, 'm\ndata "x.csv" inputs 1..2 targets 3\n.onnx'));
      return ['import', 'm\ndata "x.csv" inputs 1..2 targets 3\n.onnx', '-o', 'out.nnet'];
    },
    exit: [0],
    check: importedChecksClean,
  },
  {
    name: 'import: a FIFO as the model',
    posixOnly: true,
    setup: (dir) => (execFileSync('mkfifo', [path.join(dir, 'm.onnx')]), ['import', 'm.onnx', '-o', 'out.nnet']),
    exit: [2],
    says: /is not a regular file/,
    maxMs: 20_000,
  },
  { name: 'import: /dev/zero as the model', posixOnly: true, setup: () => ['import', '/dev/zero', '-o', 'out.nnet'], exit: [2], says: /is not a regular file/, maxMs: 20_000 },
  { name: 'import: a folder as the model', setup: (dir) => (fs.mkdirSync(path.join(dir, 'm.onnx')), ['import', 'm.onnx', '-o', 'out.nnet']), exit: [2], says: /is a directory/ },
];

/** Loads the exported file's model in PyTorch and lists its modules (`name:Type`). */
function torchModules(dir: string, file: string): string[] {
  const script = `import runpy, sys\nsys.argv = ['x']\nns = runpy.run_path(${JSON.stringify(file)}, run_name='nnet_export')\nprint(' '.join(f'{n}:{type(m).__name__}' for n, m in ns['model'].named_children()))\n`;
  const r = spawnSync(PYTHON, ['-c', script], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1' } });
  if (r.status !== 0) throw new Error(`the exported file does not load in PyTorch:\n${r.stderr}`);
  return r.stdout.trim().split(' ');
}

/** A case's check: the exported `file` loads in PyTorch with exactly these modules (`name:Type`, in order). */
function loadsWithModules(file: string, expected: string): (dir: string) => void {
  return (dir) => {
    const modules = torchModules(dir, file);
    if (modules.join(' ') !== expected) throw new Error(`modules: ${modules.join(' ')}`);
  };
}

export const EXPORT: HostileCase[] = [
  {
    name: "export: layers named after Python keywords and nn.Module attributes ('class', 'forward', 'training')",
    setup: (dir) => [
      'export',
      write(dir, 'k.nnet', 'layer class I1 I2 bias B1\nlayer forward H1 H2 relu bias B2\nlayer training O1 sigmoid\nweights class -> forward = init xavier seed 1\nweights forward -> training = init xavier seed 1\n'),
      '--format',
      'pytorch',
      '-o',
      'k.py',
    ],
    exit: [0],
    maxMs: 120_000,
    check: loadsWithModules('k.py', 'forward_layer:Linear forward_layer_relu:ReLU training_layer:Linear training_layer_sigmoid:Sigmoid'),
  },
  {
    name: "export: a layer 'h_relu' after a relu layer 'h' keeps both activations",
    setup: (dir) => ['export', write(dir, 'c.nnet', 'layer input I1 I2\nlayer h H1 H2 relu\nlayer h_relu O1 sigmoid\nweights input -> h = init xavier seed 1\nweights h -> h_relu = init xavier seed 1\n'), '--format', 'pytorch', '-o', 'c.py'],
    exit: [0],
    maxMs: 120_000,
    check: loadsWithModules('c.py', 'h:Linear h_relu_2:ReLU h_relu:Linear h_relu_sigmoid:Sigmoid'),
  },
  {
    name: 'export: line breaks in the source and output file names cannot inject Python',
    posixOnly: true,
    setup: (dir) => {
      write(dir, 'x\nimport sys; sys.exit(42)\n#.nnet', XOR);
      return ['export', 'x\nimport sys; sys.exit(42)\n#.nnet', '--format', 'pytorch', '-o', 'o\rimport sys; sys.exit(43)\r#.py'];
    },
    exit: [0],
    maxMs: 120_000,
    check: (dir) => {
      const text = fs.readFileSync(path.join(dir, 'o\rimport sys; sys.exit(43)\r#.py'), 'utf8');
      if (/^[^#\n]*sys\.exit\(4[23]\)/m.test(text) || /[\r\u2028]/.test(text)) throw new Error('a file name broke out of its comment');
      torchModules(dir, 'o\rimport sys; sys.exit(43)\r#.py');
    },
  },
  {
    name: 'export: -o a FIFO is refused and the FIFO kept',
    posixOnly: true,
    setup: (dir) => (execFileSync('mkfifo', [path.join(dir, 'out.onnx')]), ['export', write(dir, 'x.nnet', XOR), '--format', 'onnx', '-o', 'out.onnx']),
    exit: [2],
    says: /not a regular file/,
    maxMs: 20_000,
    check: (dir) => {
      if (!fs.lstatSync(path.join(dir, 'out.onnx')).isFIFO()) throw new Error('the FIFO was replaced');
    },
  },
  {
    name: 'export: -o through a symbolic link writes the target and keeps the link',
    posixOnly: true,
    setup: (dir) => (write(dir, 'real.onnx', 'old'), fs.symlinkSync('real.onnx', path.join(dir, 'link.onnx')), ['export', write(dir, 'x.nnet', XOR), '--format', 'onnx', '-o', 'link.onnx']),
    exit: [0],
    check: (dir) => {
      if (!fs.lstatSync(path.join(dir, 'link.onnx')).isSymbolicLink()) throw new Error('the link was replaced by a file');
      if (fs.readFileSync(path.join(dir, 'real.onnx')).length < 100) throw new Error('the target was not written');
    },
  },
];
