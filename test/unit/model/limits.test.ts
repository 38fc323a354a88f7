// Size limits (src/core/limits.ts): files beyond them get `nnet/too-large` with a position, and
// files within them — MNIST-sized ones included — still work. No timing asserts: the point of
// each case is that it finishes at all instead of exhausting memory.
import * as assert from 'node:assert/strict';
import { check, type DataReader } from '../../../src/core';
import { parseCsv, readCsvNumber } from '../../../src/core/model/data-file';
import {
  MAX_CSV_COLUMNS,
  MAX_LAYERS,
  MAX_NODES,
  MAX_NODES_PER_LAYER,
  MAX_SAMPLE_VALUES,
  MAX_TEXT_CHARS,
  MAX_WEIGHTS,
} from '../../../src/core/limits';

const tooLarge = (text: string, readData?: DataReader) => check(text, { readData }).diagnostics.filter((d) => d.code === 'nnet/too-large');

describe('model limits', () => {
  it('the 402-byte file of 21 layers alternating x[100000] / y[50] is refused with a position', () => {
    const lines: string[] = [];
    for (let i = 0; i < 21; i++) lines.push(`layer l${i} ${i % 2 === 0 ? 'x' : 'y'}${i}[${i % 2 === 0 ? 100000 : 50}]`);
    const text = lines.join('\n') + '\n';
    assert.equal(text.length, 402);
    const result = check(text);
    assert.equal(result.network, undefined);
    assert.ok(result.hasErrors);
    const found = result.diagnostics.filter((d) => d.code === 'nnet/too-large');
    assert.ok(found.length >= 1, JSON.stringify(result.diagnostics));
    // Nodes: 100,050 after l1, 200,100 after l3, over 250,000 at l4 (300,100).
    assert.ok(found.some((d) => d.range.start.line === 4 && /300,100 nodes up to layer 'l4'; the limit is 250,000/.test(d.message)), JSON.stringify(found));
    // Weights: 5,000,000 per pair; the sum passes 5,000,000 at l2.
    assert.ok(found.some((d) => d.range.start.line === 2 && /10,000,000 weights up to layer 'l2'/.test(d.message)), JSON.stringify(found));
  });

  it('one array over the per-layer limit is refused at its count', () => {
    const [d] = tooLarge('layer input x[10000000]\nlayer output y');
    assert.match(d.message, /declares 10,000,000 nodes; the limit is 100,000 per layer/);
    assert.deepEqual(d.range, { start: { line: 0, character: 14 }, end: { line: 0, character: 22 } });
  });

  it('a layer whose arrays add up past the per-layer limit is refused at its name', () => {
    const [d] = tooLarge(`layer input a[${MAX_NODES_PER_LAYER}] b[1]\nlayer output y`);
    assert.match(d.message, /layer 'input' has 100,001 nodes/);
    assert.equal(d.range.start.character, 6);
  });

  it('too many layers', () => {
    const text = Array.from({ length: MAX_LAYERS + 1 }, (_, i) => `layer l${i} n${i}`).join('\n');
    const [d] = tooLarge(text);
    assert.equal(d.range.start.line, MAX_LAYERS);
  });

  it('weights: just within the limit builds, one more layer pair beyond it is refused', () => {
    // 1000 × 5000 = exactly MAX_WEIGHTS.
    assert.equal(1000 * 5000, MAX_WEIGHTS);
    const within = check('layer input x[1000]\nlayer output y[5000] linear\nweights x -> y = init zeros\nsample ' + '0 '.repeat(1000) + '-> ' + '0 '.repeat(5000));
    assert.deepEqual(within.diagnostics, []);
    assert.equal(within.network?.weights[0].values.length, MAX_WEIGHTS);
    const beyond = tooLarge('layer input x[1000] bias\nlayer output y[5000] linear');
    assert.equal(beyond.length, 1);
    assert.match(beyond[0].message, /5,005,000 weights/);
  });

  it('node limit across the network', () => {
    const layers = 2 * Math.ceil(MAX_NODES / MAX_NODES_PER_LAYER) - 1;
    const text = Array.from({ length: layers }, (_, i) => `layer l${i} n${i}_[${i % 2 ? 1 : MAX_NODES_PER_LAYER}]`).join('\n');
    assert.ok(tooLarge(text).some((d) => /nodes up to layer/.test(d.message)));
  });

  it('text beyond the limit is refused before parsing, at the start of the file', () => {
    const text = 'sample 1 -> 1\n'.repeat(Math.ceil((MAX_TEXT_CHARS + 1) / 14));
    const result = check(text);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0].code, 'nnet/too-large');
    assert.deepEqual(result.diagnostics[0].range.start, { line: 0, character: 0 });
    assert.equal(result.tree.statements.length, 0);
  });

  it('784-128-10 with 60,000 CSV samples builds (MNIST-sized)', function () {
    this.timeout(120_000);
    const row = `${'0,'.repeat(783)}1,${'0,'.repeat(9)}1\n`;
    const csv = row.repeat(60_000);
    const text = [
      'layer input x[784]',
      'layer hidden h[128] relu bias',
      'layer output y[10] softmax',
      'loss crossentropy',
      'weights x -> h = init he seed 1',
      'weights h -> y = init xavier seed 1',
      'data "mnist.csv" inputs 1..784 targets 785..794',
    ].join('\n');
    const result = check(text, { readData: () => ({ ok: true, text: csv }) });
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.network?.samples.length, 60_000);
    assert.equal(result.network?.samples[59_999].inputs[783], 1);
    assert.equal(result.network?.samples[59_999].targets[9], 1);
    assert.ok(60_000 * 794 < MAX_SAMPLE_VALUES);
  });

  it('a missing-weight diagnostic of a huge pair counts them all but lists a bounded number', () => {
    const result = check('layer input x[1000]\nlayer output y[1000]\nsample ' + '0 '.repeat(1000) + '-> ' + '0 '.repeat(1000));
    const d = result.diagnostics.find((x) => x.code === 'nnet/missing-weight');
    assert.ok(d);
    const data = d.data as { missing: unknown[]; count: number };
    assert.equal(data.count, 1_000_000);
    assert.equal(data.missing.length, 10_000);
    assert.match(d.message, /^1,000,000 weights from 'input' to 'output' are missing: x1 -> y1, x2 -> y1, .*\(1,000,000 in all\)/);
  });
});

describe('CSV reading', () => {
  it('reads the language numbers and nothing else', () => {
    const ok = ['0', '42', '-0.07', '+2', '.5', '5.', '1e-3', '-1.5E+10', '00012', '12345678901234567890'];
    for (const t of ok) assert.equal(readCsvNumber(t, 0, t.length), Number(t), t);
    const bad = ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'NaN', '', '.', '-', '1e', '1e+', '1.2.3', '1_000', ' 1', '١', '1,5', 'e5', '+-1'];
    for (const t of bad) assert.ok(Number.isNaN(readCsvNumber(t, 0, t.length)), t);
    assert.equal(readCsvNumber('1e999', 0, 5), Infinity);
  });

  it('names line and column of a bad cell: hex, binary, octal, Infinity, empty', () => {
    for (const cell of ['0x10', '0b1', '0o7', 'Infinity', 'NaN']) {
      const { errors } = parseCsv(`1,2\n3,${cell}\n`);
      assert.deepEqual(errors, [{ line: 2, column: 2, message: `column 2 is not a number ('${cell}')` }], cell);
    }
    assert.deepEqual(parseCsv('1,2\n3,\n').errors, [{ line: 2, column: 2, message: 'column 2 is empty' }]);
    assert.deepEqual(parseCsv('1,2\n3,1e999\n').errors, [{ line: 2, column: 2, message: "column 2 is out of range ('1e999')" }]);
  });

  it('keeps header, quotes, comments, blank lines, CRLF and CR', () => {
    const { table, errors } = parseCsv('"a","b"\r\n# note\r\n\r\n "1" , 2 \r3,4\n');
    assert.deepEqual(errors, []);
    assert.equal(table.header, true);
    assert.deepEqual([...table.values], [1, 2, 3, 4]);
    assert.deepEqual([...table.lines], [4, 5]);
  });

  it('stops at the row and column limits with a too-large error', () => {
    const { table, errors } = parseCsv('1\n2\n3\n4\n', { maxRows: 2 });
    assert.equal(table.rowCount, 2);
    assert.deepEqual(errors, [{ line: 3, message: 'has more than 2 data rows; the limit is 2', tooLarge: true }]);
    const wide = parseCsv('1,'.repeat(MAX_CSV_COLUMNS) + '1\n');
    assert.equal(wide.errors[0].tooLarge, true);
  });

  it('counts every bad line but keeps only the first hundred', () => {
    const { errors, errorCount } = parseCsv('1\n' + 'x\n'.repeat(100_000));
    assert.equal(errorCount, 100_000);
    assert.equal(errors.length, 100);
  });

  it('a CSV of 130,000 rows builds (no spread onto the stack)', () => {
    const csv = '1,0,1\n'.repeat(130_000);
    const result = check('layer input a b\nlayer output o\na -> o = 1\nb -> o = 1\ndata "d.csv" inputs 1..2 targets 3', { readData: () => ({ ok: true, text: csv }) });
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.network?.samples.length, 130_000);
  });
});
