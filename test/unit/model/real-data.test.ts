// IDX decoding (whole and in arbitrary chunks), IDX/CSV-label data sources, `scale`, and the
// held-out `test` / `validation` sources with seeded splits.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { check, parse, type ByteReader, type Network } from '../../../src/core';
import { decodeIdx, IdxDecoder } from '../../../src/core/model/idx';
import { splitSamples } from '../../../src/core/model/sources';
import { format } from '../../../src/core/syntax/format';
import { dataReaders } from '../../../src/node/byte-reader';

/** An IDX file: type byte, dims, then the values big-endian. */
function idx(type: number, dims: number[], values: number[]): Uint8Array {
  const size = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[type]!;
  const bytes = new Uint8Array(4 + 4 * dims.length + size * values.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = type;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const at = 4 + 4 * dims.length;
  values.forEach((v, i) => {
    const o = at + i * size;
    if (type === 0x08) view.setUint8(o, v);
    else if (type === 0x09) view.setInt8(o, v);
    else if (type === 0x0b) view.setInt16(o, v, false);
    else if (type === 0x0c) view.setInt32(o, v, false);
    else if (type === 0x0d) view.setFloat32(o, v, false);
    else view.setFloat64(o, v, false);
  });
  return bytes;
}

function bytesReader(files: Record<string, Uint8Array>): ByteReader {
  return (p, sink) => {
    const f = files[p];
    if (!f) return { ok: false, error: 'missing' };
    // Odd chunk sizes, so headers and values are split across chunks.
    for (let i = 0; i < f.length; i += 3) sink(f.subarray(i, Math.min(f.length, i + 3)));
    return { ok: true };
  };
}

const IMAGES = idx(0x08, [3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0]);
const LABELS = idx(0x08, [3], [2, 0, 1]);

const NET = `layer input x[4]
layer output y[3] softmax
weights x -> y = init zeros
loss crossentropy
`;

function build(text: string, files: Record<string, Uint8Array> = {}, csv: Record<string, string> = {}): ReturnType<typeof check> {
  return check(text, { readBytes: bytesReader(files), readData: (p) => (p in csv ? { ok: true, text: csv[p] } : { ok: false, error: 'missing' }) });
}

function ok(text: string, files: Record<string, Uint8Array> = {}, csv: Record<string, string> = {}): Network {
  const result = build(text, files, csv);
  assert.deepEqual(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return result.network!;
}

describe('IDX decoding', () => {
  it('decodes every element type, big-endian, whole or byte by byte', () => {
    const cases: [number, number[]][] = [
      [0x08, [0, 1, 200, 255]],
      [0x09, [-128, -1, 0, 127]],
      [0x0b, [-30000, -2, 3, 30000]],
      [0x0c, [-2e9, -5, 6, 2e9]],
      [0x0d, [1.5, -0.25, 1e10, 0]],
      [0x0e, [Math.PI, -1e-300, 1e300, 0.1]],
    ];
    for (const [type, values] of cases) {
      const file = idx(type, [2, 2], values);
      const whole = decodeIdx(file, 1e6);
      assert.ok(whole.ok, `type ${type}`);
      assert.deepEqual(whole.idx.dims, [2, 2]);
      assert.equal(whole.idx.records, 2);
      assert.equal(whole.idx.recordSize, 2);
      assert.deepEqual([...whole.idx.values], values, `type ${type}`);
      const d = new IdxDecoder(1e6);
      for (let i = 0; i < file.length; i++) d.push(file.subarray(i, i + 1));
      const split = d.finish();
      assert.ok(split.ok);
      assert.deepEqual([...split.idx.values], values, `type ${type} byte by byte`);
    }
  });

  it('reports a bad magic, a truncated record, trailing bytes and a size over the limit', () => {
    const notIdx = decodeIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 100);
    assert.ok(!notIdx.ok && /not an IDX file.*50 4b 03 04/.test(notIdx.error), JSON.stringify(notIdx));
    const truncated = decodeIdx(IMAGES.subarray(0, IMAGES.length - 5), 100);
    assert.ok(!truncated.ok && /record 2 of 3 is incomplete/.test(truncated.error), JSON.stringify(truncated));
    const trailing = decodeIdx(new Uint8Array([...IMAGES, 9, 9]), 100);
    assert.ok(!trailing.ok && /2 bytes follow the last record/.test(trailing.error));
    const big = decodeIdx(idx(0x08, [60000, 28, 28], []), 1000);
    assert.ok(!big.ok && /60000 × 28 × 28 = 47,040,000 values; the limit is 1,000/.test(big.error), JSON.stringify(big));
    const empty = decodeIdx(new Uint8Array(0), 100);
    assert.ok(!empty.ok && /empty/.test(empty.error));
  });
});

describe('data sources: IDX, labels, scale, test and validation', () => {
  it('reads IDX images as scaled inputs and labels as one-hot targets', () => {
    const n = ok(`${NET}data "img" labels "lab" scale 1/255\n`, { img: IMAGES, lab: LABELS });
    assert.equal(n.samples.length, 3);
    assert.deepEqual([...n.samples[0].inputs], [0, 1, 0.2, 0.4]);
    assert.deepEqual([...n.samples[0].targets], [0, 0, 1]);
    assert.deepEqual([...n.samples[1].targets], [1, 0, 0]);
    assert.deepEqual([...n.samples[2].inputs], [1, 1, 0, 0]);
    assert.equal(n.samples[2].record, 3);
    assert.deepEqual(n.test, []);
  });

  it('names the file and record of a bad label, and refuses shapes that do not fit', () => {
    const bad = build(`${NET}data "img" labels "lab"\n`, { img: IMAGES, lab: idx(0x08, [3], [2, 7, 1]) });
    const message = bad.diagnostics.find((d) => d.code === 'nnet/data-file')!.message;
    assert.match(message, /lab: record 2 has the label 7; with 3 output nodes a label must be a class number 0 … 2/);
    const shape = build(`layer input x[5]\nlayer output y[3] softmax\nweights x -> y = init zeros\nloss crossentropy\ndata "img" labels "lab"\n`, { img: IMAGES, lab: LABELS });
    assert.match(shape.diagnostics.find((d) => d.code === 'nnet/data-file')!.message, /records of 2×2 = 4 values; the input layer has 5 nodes/);
    const count = build(`${NET}data "img" labels "lab"\n`, { img: IMAGES, lab: idx(0x08, [2], [0, 1]) });
    assert.match(count.diagnostics.find((d) => d.code === 'nnet/data-file')!.message, /img has 3 records but lab has 2/);
    const missing = build(`${NET}data "img" labels "lab"\n`, { img: IMAGES });
    assert.match(missing.diagnostics.find((d) => d.code === 'nnet/data-file')!.message, /cannot read 'lab': missing/);
  });

  it('reads a CSV class column as one-hot targets, scaled inputs, and reports a bad class with its line', () => {
    const csv = 'a,b,c,d,class\n1,2,3,4,0\n5,6,7,8,2\n';
    const n = ok(`${NET}data "d.csv" inputs 1..4 labels 5 scale 0.5\n`, {}, { 'd.csv': csv });
    assert.deepEqual([...n.samples[1].inputs], [2.5, 3, 3.5, 4]);
    assert.deepEqual([...n.samples[1].targets], [0, 0, 1]);
    const bad = build(`${NET}data "d.csv" inputs 1..4 labels 5\n`, {}, { 'd.csv': 'a,b,c,d,class\n1,2,3,4,0\n5,6,7,8,3\n' });
    assert.match(bad.diagnostics.find((d) => d.code === 'nnet/data-file')!.message, /d\.csv:3: the label 3 in column 5 is not a class number 0 … 2/);
  });

  it('keeps test and validation files out of the training samples', () => {
    const n = ok(`${NET}data "img" labels "lab"\ntest "timg" labels "tlab"\nvalidation "img" labels "lab"\n`, {
      img: IMAGES,
      lab: LABELS,
      timg: idx(0x08, [1, 2, 2], [9, 9, 9, 9]),
      tlab: idx(0x08, [1], [1]),
    });
    assert.equal(n.samples.length, 3);
    assert.equal(n.test.length, 1);
    assert.deepEqual([...n.test[0].inputs], [9, 9, 9, 9]);
    assert.equal(n.validation.length, 3);
  });

  it('splits a seeded share off the training data: reproducible, disjoint, order kept', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `sample ${i} 0 0 0 -> 1 0 0`).join('\n');
    const text = `${NET}${lines}\ntest split 0.25 seed 3\nvalidation split 0.2 seed 4\n`;
    const a = ok(text);
    const b = ok(text);
    assert.equal(a.test.length, 5);
    assert.equal(a.validation.length, 3); // 20 % of the 15 left
    assert.equal(a.samples.length, 12);
    const first = (n: Network, which: 'samples' | 'test' | 'validation'): number[] => n[which].map((s) => s.inputs[0]);
    assert.deepEqual(first(a, 'test'), first(b, 'test'));
    const all = [...first(a, 'samples'), ...first(a, 'test'), ...first(a, 'validation')].sort((x, y) => x - y);
    assert.deepEqual(all, Array.from({ length: 20 }, (_, i) => i));
    for (const which of ['samples', 'test', 'validation'] as const) {
      const v = first(a, which);
      assert.deepEqual(v, [...v].sort((x, y) => x - y), `${which} keeps file order`);
    }
    const other = ok(text.replace('seed 3', 'seed 5'));
    assert.notDeepEqual(first(other, 'test'), first(a, 'test'));
    const samples = a.samples;
    assert.equal(splitSamples(samples, 0.5, 1).held.length, 6);
  });

  it('reports a split share outside (0, 1) and patience without validation samples', () => {
    const lines = 'sample 1 0 0 0 -> 1 0 0\nsample 0 1 0 0 -> 0 1 0\n';
    const share = build(`${NET}${lines}test split 1.5\n`);
    assert.match(share.diagnostics.find((d) => d.code === 'nnet/number-range')!.message, /between 0 and 1/);
    const patience = build(`${NET}train adam patience 3\n${lines}`);
    assert.match(patience.diagnostics.find((d) => d.code === 'nnet/option-value')!.message, /'patience' stops on the validation loss/);
  });

  it('parses, formats and recovers: test/validation lines, scale A/B, and nodes named test', () => {
    const text = 'data  "a.gz"   scale 1/255  labels "b.gz"\ntest   split 0.1   seed 1\nvalidation "v.csv" inputs 1..2   labels 3\n';
    const tree = parse(text);
    assert.deepEqual(tree.diagnostics, []);
    assert.equal(format(text), 'data "a.gz" scale 1/255 labels "b.gz"\ntest split 0.1 seed 1\nvalidation "v.csv" inputs 1..2 labels 3\n');
    const named = parse('layer input test\nlayer output o\ntest -> o = 1\n');
    assert.deepEqual(named.diagnostics, []);
    assert.equal(named.statements[2].kind, 'weight');
    const broken = parse('data "a.csv" inputs 1..2\ntest "x" inputs 1..2 labels "y"\nsample 1 -> 1\n');
    assert.equal(broken.diagnostics.length, 2);
    assert.equal(broken.statements[2].kind, 'sample');
  });

  it('reads gzip and plain IDX files from disk through the Node adapter, inside the folder only', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-idx-'));
    try {
      fs.writeFileSync(path.join(dir, 'img.gz'), zlib.gzipSync(IMAGES));
      fs.writeFileSync(path.join(dir, 'lab'), LABELS);
      fs.writeFileSync(path.join(dir, 'bad.gz'), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
      const file = path.join(dir, 'net.nnet');
      const result = check(`${NET}data "img.gz" labels "lab" scale 1/255\n`, dataReaders(file));
      assert.deepEqual(result.diagnostics, []);
      assert.deepEqual([...result.network!.samples[0].inputs], [0, 1, 0.2, 0.4]);
      const bad = check(`${NET}data "bad.gz" labels "lab"\n`, dataReaders(file));
      assert.match(bad.diagnostics[0].message, /not a valid gzip file/);
      const outside = check(`${NET}data "../img.gz" labels "lab"\n`, dataReaders(file));
      assert.equal(outside.diagnostics[0].code, 'nnet/data-path');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
