// dataLines (src/core/service/data-lines.ts): the lines kept hold every data statement of the
// text, as the whole text's parse has them, so the data-file readers can parse those alone.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { dataLines } from '../../../src/core';
import { parse } from '../../../src/core/syntax/parser';
import { binaryPathsOf } from '../../../src/node/byte-reader';
import { readExample } from './helpers';

/** The data statements of a text, positions aside. */
function dataStatements(text: string): unknown[] {
  return parse(text)
    .statements.filter((s) => s.kind === 'data')
    .map((s) => (s.kind === 'data' ? { role: s.role, file: s.file?.value, labels: s.labels?.file?.value ?? s.labels?.column?.text, inputs: s.inputs?.from.text, split: s.split?.fraction.text } : undefined));
}

const LINES = [
  'data "train.csv" inputs 1..4 targets 5..5',
  '  data "a b.csv" inputs 1..2 labels 3 scale 1/8',
  'data "images.gz" labels "labels.gz" scale 1/255',
  '\ttest "t10k.gz" labels "t10k-labels.gz"',
  'test split 0.2 seed 1',
  'validation "v.csv" inputs 1..4 targets 5..5',
  'test -> h1 = 0.5',
  'data',
  'data "unterminated',
  '# data "commented.csv" inputs 1..2 targets 3..3',
  'x1 -> h1 = 0.25 # data "x.csv"',
  'weights a -> b = [',
  '  1 2 3',
  ']',
  'layer data x[3]',
  'datas "no.csv"',
  'sample 1 0 -> 1',
  '',
];

describe('dataLines (core/service/data-lines)', () => {
  it('keeps the data statements of the examples, and the IDX paths they name', () => {
    for (const name of ['fashion-mnist.nnet', 'digits.nnet', 'iris.nnet', 'heaton-xor.nnet', 'matrix.nnet']) {
      const text = readExample(name);
      assert.deepEqual(dataStatements(dataLines(text)), dataStatements(text), name);
      assert.deepEqual(binaryPathsOf(dataLines(text)), binaryPathsOf(text), name);
    }
    assert.equal(binaryPathsOf(dataLines(readExample('fashion-mnist.nnet'))).length, 4);
  });

  it('keeps every data statement of texts made of data, weight, matrix and comment lines, with any line breaks', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...LINES), fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 30 }), (lines) => {
        const text = lines.map(([line, eol]) => line + eol).join('');
        assert.deepEqual(dataStatements(dataLines(text)), dataStatements(text));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out the lines that cannot hold one', () => {
    assert.equal(dataLines('x1 -> h1 = 0.5\ndata "a.csv" inputs 1..1 targets 2..2\r\nweights a -> b = [\n 1 2\n]\n'), 'data "a.csv" inputs 1..1 targets 2..2');
  });
});
