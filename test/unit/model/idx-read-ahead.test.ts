// The editor's way of reading IDX files: read ahead off the thread (loadBinaryFiles), then a
// synchronous check that serves only what was read (createByteReader's onlyLoaded), and the
// core keeping decoded sources across checks by the reader's content key.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { check, type ByteReader } from '../../../src/core';
import { binaryPathsOf, createByteReader, loadBinaryFiles } from '../../../src/node/byte-reader';

function idxBytes(dims: number[], values: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + values.length);
  const view = new DataView(bytes.buffer);
  bytes[2] = 0x08;
  bytes[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  bytes.set(values, 4 + 4 * dims.length);
  return bytes;
}

const IMAGES = idxBytes([3, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0]);
const LABELS = idxBytes([3], [2, 0, 1]);
const NET = `layer input x[4]
layer output y[3] softmax
weights x -> y = init zeros
loss crossentropy
`;

describe('IDX files in the editor: read ahead, then checked from memory', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nnet-idx-ahead-'));
    file = path.join(dir, 'net.nnet');
    fs.writeFileSync(path.join(dir, 'img.gz'), zlib.gzipSync(IMAGES));
    fs.writeFileSync(path.join(dir, 'lab'), LABELS);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names the IDX files of data, test and validation lines (not CSV files, not paths that leave the folder)', () => {
    const text = `${NET}data "img.gz" labels "lab"\ntest "t.gz" labels "./tl"\nvalidation split 0.1 seed 1\ndata "d.csv" inputs 1..4 labels 5\ndata "../x" labels "../y"\n`;
    assert.deepEqual(binaryPathsOf(text).sort(), ['img.gz', 'lab', 't.gz', 'tl']);
  });

  it('asks for a read before the files are loaded, then checks from memory after loadBinaryFiles', async () => {
    const text = `${NET}data "img.gz" labels "lab" scale 1/255\n`;
    let asked = 0;
    const before = check(text, { readBytes: createByteReader(file, { onlyLoaded: () => asked++ }) });
    assert.ok(asked >= 1, 'the check asked for a read');
    assert.match(before.diagnostics[0].message, /'img\.gz' is being read/);

    assert.equal(await loadBinaryFiles(file, text), true, 'new bytes arrived');
    assert.equal(await loadBinaryFiles(file, text), false, 'nothing new the second time');
    asked = 0;
    const after = check(text, { readBytes: createByteReader(file, { onlyLoaded: () => asked++ }) });
    assert.equal(asked, 0);
    assert.deepEqual(after.diagnostics, []);
    assert.equal(after.network!.samples.length, 3);
    assert.deepEqual([...after.network!.samples[0].inputs], [0, 1, 0.2, 0.4]);
    assert.deepEqual([...after.network!.samples[0].targets], [0, 0, 1]);
  });

  it('reports a file that is not gzip after all, a missing file and a folder, with their names', async () => {
    fs.writeFileSync(path.join(dir, 'bad.gz'), new Uint8Array([0x1f, 0x8b, 1, 2, 3]));
    fs.mkdirSync(path.join(dir, 'folder'));
    const text = `${NET}data "bad.gz" labels "lab"\ntest "gone.gz" labels "lab"\nvalidation "folder" labels "lab"\n`;
    await loadBinaryFiles(file, text);
    const result = check(text, { readBytes: createByteReader(file, { onlyLoaded: () => assert.fail('nothing is left to read') }) });
    const messages = result.diagnostics.map((d) => d.message);
    assert.ok(messages.some((m) => /cannot read 'bad\.gz'.*not a valid gzip file/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /'gone\.gz' does not exist/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /'folder' is a folder, not a regular file/.test(m)), messages.join('\n'));
  });

  it('reads a file again once it changed on disk (new content key)', async () => {
    const text = `${NET}data "img.gz" labels "lab"\n`;
    await loadBinaryFiles(file, text);
    const first = check(text, { readBytes: createByteReader(file, { onlyLoaded: () => {} }) });
    assert.deepEqual([...first.network!.samples[0].targets], [0, 0, 1]);
    fs.writeFileSync(path.join(dir, 'lab'), idxBytes([3], [1, 0, 1]));
    let asked = 0;
    const stale = check(text, { readBytes: createByteReader(file, { onlyLoaded: () => asked++ }) });
    assert.ok(asked >= 1, 'the changed label file is read again');
    assert.ok(stale.hasErrors);
    assert.equal(await loadBinaryFiles(file, text), true);
    const second = check(text, { readBytes: createByteReader(file, { onlyLoaded: () => {} }) });
    assert.deepEqual([...second.network!.samples[0].targets], [0, 1, 0]);
  });
});

describe('decoded IDX sources kept across checks', () => {
  function counting(files: Record<string, Uint8Array>, keys: Record<string, string>): { reader: ByteReader; reads: string[] } {
    const reads: string[] = [];
    const reader: ByteReader = (p, sink) => {
      reads.push(p);
      sink(files[p]);
      return { ok: true };
    };
    reader.contentKey = (p) => keys[p];
    return { reader, reads };
  }

  it('decodes once per content key; an edited document gets the same numbers and its own line ranges', () => {
    const files = { 'i.idx': IMAGES, 'l.idx': LABELS };
    const keys = { 'i.idx': `i-${Math.random()}`, 'l.idx': `l-${Math.random()}` };
    const { reader, reads } = counting(files, keys);
    const text = `${NET}data "i.idx" labels "l.idx" scale 1/255\n`;
    const first = check(text, { readBytes: reader });
    assert.deepEqual(reads, ['i.idx', 'l.idx']);
    const edited = check(`# a comment\n${text}`, { readBytes: reader });
    assert.deepEqual(reads, ['i.idx', 'l.idx'], 'not read again');
    assert.deepEqual(edited.network!.samples.map((s) => [...s.inputs]), first.network!.samples.map((s) => [...s.inputs]));
    assert.equal(edited.network!.samples[0].range.start.line, first.network!.samples[0].range.start.line + 1);

    const rescaled = check(`${NET}data "i.idx" labels "l.idx"\n`, { readBytes: reader });
    assert.equal(reads.length, 4, 'another scale decodes again');
    assert.equal(rescaled.network!.samples[0].inputs[1], 255);
    keys['l.idx'] = 'changed';
    check(text, { readBytes: reader });
    assert.equal(reads.length, 6, 'a new content key decodes again');
  });

  it('keeps nothing when the reader gives no key', () => {
    const { reader, reads } = counting({ 'i.idx': IMAGES, 'l.idx': LABELS }, {});
    const text = `${NET}data "i.idx" labels "l.idx"\n`;
    check(text, { readBytes: reader });
    check(text, { readBytes: reader });
    assert.equal(reads.length, 4);
  });
});
