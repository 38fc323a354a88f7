import * as assert from 'node:assert/strict';
import { check, type Network } from '../../../src/core';
import { readExample } from '../helpers';

function network(text: string, files: Record<string, string> = {}): Network {
  const result = check(text, { readData: (p) => (p in files ? { ok: true, text: files[p] } : { ok: false, error: 'missing' }) });
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
  assert.ok(result.network);
  return result.network;
}

describe('model builder', () => {
  it('builds the XOR example: layers, bias nodes, weights row-major with the bias last', () => {
    const n = network(readExample('heaton-xor.nnet'));
    assert.equal(n.name, 'xor');
    assert.equal(n.convention, 'heaton');
    assert.equal(n.loss, 'mse');
    assert.deepEqual(
      n.layers.map((l) => [l.name, l.nodes.map((x) => x.name), l.bias?.name, l.activation]),
      [
        ['input', ['I1', 'I2'], 'B1', 'linear'],
        ['hidden', ['H1', 'H2'], 'B2', 'sigmoid'],
        ['output', ['O1'], undefined, 'sigmoid'],
      ],
    );
    assert.deepEqual([...n.weights[0].values], [-0.07, 0.22, -0.46, 0.94, 0.46, 0.1]);
    assert.deepEqual([...n.weights[1].values], [-0.22, 0.58, 0.78]);
    assert.equal(n.weights[0].columns, 3);
    assert.equal(n.weights[0].rows, 2);
    assert.deepEqual(n.train, { method: 'backprop', options: { rate: 0.7, momentum: 0.3, online: true, epochs: 10000, until: 0.01 }, range: n.train.range });
    assert.equal(n.samples.length, 4);
    assert.deepEqual([...n.samples[0].inputs, ...n.samples[0].targets], [1, 0, 1]);
  });

  it('the matrix example gives the same weights as the line example', () => {
    const lines = network(readExample('heaton-xor.nnet'));
    const matrix = network(readExample('matrix.nnet'));
    assert.deepEqual(matrix.weights.map((w) => [...w.values]), lines.weights.map((w) => [...w.values]));
    assert.equal(matrix.weights[0].origins[2]?.kind, 'matrix');
    assert.equal(lines.weights[0].origins[2]?.kind, 'line');
  });

  it('keeps the source range of each weight value', () => {
    const text = readExample('heaton-xor.nnet');
    const n = network(text);
    const origin = n.weights[1].origins[0];
    assert.ok(origin && origin.kind === 'line');
    const line = text.split('\n')[origin.valueRange.start.line];
    assert.equal(line.slice(origin.valueRange.start.character, origin.valueRange.end.character), '-0.22');
  });

  it('expands name[N], names unnamed biases B<k> and accepts array names as layer names', () => {
    const n = network(
      ['layer input x[3] bias', 'layer hidden h[2] tanh bias', 'layer output y[1] linear', 'weights x -> h = init uniform -1 1 seed 4', 'weights hidden -> y = init zeros', 'sample 1 2 3 -> 4'].join('\n'),
    );
    assert.deepEqual(n.layers[0].nodes.map((x) => x.name), ['x1', 'x2', 'x3']);
    assert.equal(n.layers[0].bias?.name, 'B1');
    assert.equal(n.layers[1].bias?.name, 'B2');
    assert.deepEqual(n.layers[0].aliases, ['x']);
    assert.equal(n.weights[0].values.length, 2 * 4);
    assert.ok([...n.weights[0].values].every((v) => v >= -1 && v < 1 && v !== 0));
    assert.deepEqual([...n.weights[1].values], [0, 0, 0]);
  });

  it('lets a weight line override one entry of an init, and marks fixed weights', () => {
    const base = ['layer input a b', 'layer output o', 'weights input -> output = init uniform 0 1 seed 3', 'sample 1 1 -> 1'];
    const plain = network(base.join('\n'));
    const overridden = network([...base, 'b -> o = 0.25 fixed'].join('\n'));
    assert.equal(overridden.weights[0].values[0], plain.weights[0].values[0]);
    assert.equal(overridden.weights[0].values[1], 0.25);
    assert.deepEqual([...overridden.weights[0].fixed], [0, 1]);
  });

  it('reads samples from a CSV with a header, keeping CSV line numbers', () => {
    const n = network('layer input a b\nlayer output o\na -> o = 1\nb -> o = 1\ndata "d/xor.csv" inputs 2..3 targets 1', {
      'd/xor.csv': 'y,a,b\n\n1,1,0\n0,0,0\n',
    });
    assert.deepEqual(
      n.samples.map((s) => [[...s.inputs], [...s.targets], s.csvLine]),
      [
        [[1, 0], [1], 3],
        [[0, 0], [0], 4],
      ],
    );
  });

  it('reads the digits example with its CSV', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fs = require('node:fs') as typeof import('node:fs');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const path = require('node:path') as typeof import('node:path');
    const dir = path.resolve(__dirname, '../../../../examples');
    const n = network(readExample('digits.nnet'), { 'digits.csv': fs.readFileSync(path.join(dir, 'digits.csv'), 'utf8') });
    assert.equal(n.layers[0].nodes.length, 64);
    assert.equal(n.layers[2].activation, 'softmax');
    assert.equal(n.samples.length, 300);
    assert.equal(n.samples[0].inputs.length, 64);
    assert.equal(n.samples[0].targets.reduce((a, b) => a + b, 0), 1);
  });

  it('reports each problem once and still builds the rest', () => {
    const result = check(['layer input a', 'layer output o', 'a -> q = 1', 'a -> o = 2', 'sample 1 -> 1'].join('\n'));
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['nnet/unknown-node']);
    assert.equal(result.network?.weights[0].values[0], 2);
  });
});
