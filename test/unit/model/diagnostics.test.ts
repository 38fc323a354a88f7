// One test per diagnostic code: code, severity and exact range.
import * as assert from 'node:assert/strict';
import { check, DIAGNOSTIC_CODES, type DataReader, type Diagnostic, type MissingWeightsData, type Range } from '../../../src/core';
import { rangeOn, readExample } from '../helpers';

const XOR = readExample('heaton-xor.nnet');
const XOR_LINES = XOR.split('\n');

/** The XOR example with line `line` (0-based) replaced. */
function xorWith(line: number, replacement: string): string {
  const lines = [...XOR_LINES];
  lines[line] = replacement;
  return lines.join('\n');
}
const lineOf = (prefix: string): number => {
  const i = XOR_LINES.findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(prefix);
  return i;
};

const LAYER_HIDDEN = lineOf('layer hidden');
const LAYER_OUTPUT = lineOf('layer output');
const W_I1_H1 = lineOf('I1 -> H1');
const W_H1_O1 = lineOf('H1 -> O1');
const LOSS = lineOf('loss');
const TRAIN = lineOf('train');
const SAMPLE = lineOf('sample 1 0');
const CONVENTION = lineOf('convention');

interface Case {
  readonly kind: keyof typeof DIAGNOSTIC_CODES;
  readonly text: string;
  /** Where the diagnostic must be. */
  readonly range: (text: string) => Range;
  readonly message?: RegExp;
  readonly readData?: DataReader;
  readonly check?: (d: Diagnostic) => void;
}

const csv = (files: Record<string, string>): DataReader => (p) => (p in files ? { ok: true, text: files[p] } : { ok: false, error: 'no such file' });

const CASES: Case[] = [
  {
    kind: 'tooLarge',
    text: xorWith(LAYER_HIDDEN, 'layer hidden h[200000] sigmoid bias B2'),
    range: (t) => rangeOn(t, LAYER_HIDDEN, '200000'),
    message: /'h\[200000\]' declares 200,000 nodes; the limit is 100,000 per layer/,
  },
  { kind: 'syntax', text: xorWith(W_I1_H1, 'I1 -> H1 -0.07'), range: (t) => rangeOn(t, W_I1_H1, '-0.07'), message: /expected '='/ },
  { kind: 'unclosedBracket', text: `${XOR}\n]`, range: (t) => rangeOn(t, XOR_LINES.length, ']') },
  { kind: 'unterminatedString', text: xorWith(1, 'network "xor'), range: (t) => rangeOn(t, 1, '"xor') },
  { kind: 'unknownStatement', text: xorWith(LOSS, 'los mse'), range: (t) => rangeOn(t, LOSS, 'los'), message: /did you mean 'loss'/ },
  {
    kind: 'unknownNode',
    text: xorWith(W_I1_H1, 'I1 -> H9 = -0.07'),
    range: (t) => rangeOn(t, W_I1_H1, 'H9'),
    message: /unknown node 'H9'; did you mean 'H1'/,
    check: (d) => assert.deepEqual(d.data, { name: 'H9', suggestion: 'H1' }),
  },
  {
    kind: 'unknownLayer',
    text: XOR.replace(/^I1 -> H1.*\n/m, '').replace(/^[IB]\d -> H\d.*\n/gm, '') + '\nweights input -> hiden = init zeros\n',
    range: (t) => rangeOn(t, t.split('\n').length - 2, 'hiden'),
    message: /did you mean 'hidden'/,
  },
  {
    kind: 'duplicateNode',
    text: xorWith(LAYER_HIDDEN, 'layer hidden H1 I2 sigmoid bias B2'),
    range: (t) => rangeOn(t, LAYER_HIDDEN, 'I2'),
    check: (d) => assert.equal(d.related?.[0].range.start.line, lineOf('layer input')),
  },
  { kind: 'duplicateLayer', text: `${XOR}\nlayer hidden Z1`, range: (t) => rangeOn(t, XOR_LINES.length, 'hidden') },
  {
    kind: 'nonAdjacentWeight',
    text: xorWith(W_H1_O1, 'O1 -> H1 = -0.22'),
    range: (t) => rangeOn(t, W_H1_O1, 'O1 -> H1'),
    message: /run forward/,
  },
  { kind: 'invalidWeightTarget', text: xorWith(W_H1_O1, 'I1 -> B2 = -0.22'), range: (t) => rangeOn(t, W_H1_O1, 'B2') },
  {
    kind: 'duplicateWeight',
    text: xorWith(W_H1_O1 + 1, 'H1 -> O1 = 0.5'),
    range: (t) => rangeOn(t, W_H1_O1 + 1, 'H1 -> O1 = 0.5'),
    check: (d) => assert.deepEqual(d.related?.[0].range, rangeOn(XOR, W_H1_O1, 'H1 -> O1 = -0.22')),
  },
  {
    kind: 'missingWeight',
    text: xorWith(W_H1_O1, ''),
    range: (t) => rangeOn(t, LAYER_OUTPUT, 'output'),
    message: /1 weight from 'hidden' to 'output' is missing: H1 -> O1/,
    check: (d) => {
      const data = d.data as MissingWeightsData;
      assert.deepEqual(data.missing, [{ from: 'H1', to: 'O1' }]);
      assert.equal(data.insertAfterLine, W_H1_O1 + 2);
    },
  },
  {
    kind: 'sampleArity',
    text: xorWith(SAMPLE, 'sample 1 0 1 -> 1'),
    range: (t) => rangeOn(t, SAMPLE, '1 0 1'),
    check: (d) => assert.deepEqual(d.data, { expectedInputs: 2, expectedTargets: 1 }),
  },
  {
    kind: 'matrixShape',
    text: XOR.replace(/^[IB]\d -> H\d.*\n/gm, '').replace('loss mse', 'weights input -> hidden = [\n  1 2 3\n  4 5\n]\nloss mse'),
    range: (t) => rangeOn(t, t.split('\n').indexOf('  4 5'), '4 5'),
    message: /row has 2 values; expected 3: I1, I2, bias B1/,
  },
  { kind: 'unknownActivation', text: xorWith(LAYER_OUTPUT, 'layer output O1 sigmod'), range: (t) => rangeOn(t, LAYER_OUTPUT, 'sigmod'), message: /did you mean 'sigmoid'/ },
  { kind: 'unknownLoss', text: xorWith(LOSS, 'loss mae'), range: (t) => rangeOn(t, LOSS, 'mae') },
  { kind: 'unknownConvention', text: xorWith(CONVENTION, 'convention heatn'), range: (t) => rangeOn(t, CONVENTION, 'heatn') },
  {
    kind: 'unknownInitMethod',
    text: `${XOR.replace(/^[IB]\d -> H\d.*\n/gm, '')}\nweights input -> hidden = init glorot\n`,
    range: (t) => rangeOn(t, t.split('\n').length - 2, 'glorot'),
  },
  {
    kind: 'initArguments',
    text: `${XOR.replace(/^[IB]\d -> H\d.*\n/gm, '')}\nweights input -> hidden = init uniform 0.5\n`,
    range: (t) => rangeOn(t, t.split('\n').length - 2, '0.5'),
  },
  { kind: 'unknownTrainMethod', text: xorWith(TRAIN, 'train backprob rate 0.7'), range: (t) => rangeOn(t, TRAIN, 'backprob'), message: /did you mean 'backprop'/ },
  { kind: 'unknownOption', text: xorWith(TRAIN, 'train rprop rate 0.7'), range: (t) => rangeOn(t, TRAIN, 'rate'), message: /not an option of rprop/ },
  { kind: 'optionValue', text: xorWith(TRAIN, 'train backprop online 3'), range: (t) => rangeOn(t, TRAIN, '3'), message: /takes no value/ },
  {
    kind: 'softmaxPlacement',
    text: xorWith(LAYER_OUTPUT, 'layer output O1 softmax'),
    range: (t) => rangeOn(t, LAYER_OUTPUT, 'softmax'),
    message: /needs 'loss crossentropy'/,
  },
  { kind: 'numberRange', text: xorWith(W_I1_H1, 'I1 -> H1 = 1e400'), range: (t) => rangeOn(t, W_I1_H1, '1e400') },
  { kind: 'layerStructure', text: xorWith(lineOf('layer input'), 'layer input I1 I2 relu bias B1'), range: (t) => rangeOn(t, lineOf('layer input'), 'relu') },
  { kind: 'duplicateStatement', text: xorWith(LOSS, 'loss mse'.padEnd(8)) + '\nloss crossentropy', range: (t) => rangeOn(t, XOR_LINES.length, 'loss') },
  {
    kind: 'dataPath',
    text: XOR.replace(/^sample.*\n?/gm, '') + '\ndata "../secret.csv" inputs 1..2 targets 3..3\n',
    range: (t) => rangeOn(t, t.split('\n').length - 2, '"../secret.csv"'),
  },
  {
    kind: 'dataFile',
    text: XOR.replace(/^sample.*\n?/gm, '') + '\ndata "xor.csv" inputs 1..2 targets 3..3\n',
    readData: csv({ 'xor.csv': 'a,b,y\n1,0,1\n0,0,0\n0,x,1\n' }),
    range: (t) => rangeOn(t, t.split('\n').length - 2, '"xor.csv"'),
    message: /^xor\.csv:4: column 2 is not a number \('x'\)$/,
    check: (d) => assert.deepEqual(d.data, { csvLine: 4, csvColumn: 2 }),
  },
  {
    kind: 'dataColumns',
    text: XOR.replace(/^sample.*\n?/gm, '') + '\ndata "xor.csv" inputs 1..3 targets 4..4\n',
    readData: csv({ 'xor.csv': '1,0,1\n' }),
    range: (t) => rangeOn(t, t.split('\n').length - 2, 'inputs 1..3'),
  },
  { kind: 'noSamples', text: XOR.replace(/^sample.*\n?/gm, ''), range: (t) => rangeOn(t, LAYER_OUTPUT, 'output') },
  {
    kind: 'lossActivation',
    text: xorWith(LAYER_OUTPUT, 'layer output O1 linear').replace('loss mse', 'loss crossentropy'),
    range: (t) => rangeOn(t, LAYER_OUTPUT, 'linear'),
  },
];

describe('model diagnostics', () => {
  it('has a test for every diagnostic code', () => {
    const tested = new Set(CASES.map((c) => c.kind));
    const untested = Object.keys(DIAGNOSTIC_CODES).filter((k) => !tested.has(k as keyof typeof DIAGNOSTIC_CODES));
    assert.deepEqual(untested, []);
  });

  it('the examples are clean', () => {
    for (const name of ['heaton-xor.nnet', 'matrix.nnet']) {
      assert.deepEqual(check(readExample(name)).diagnostics, [], name);
    }
  });

  for (const c of CASES) {
    const { code, severity } = DIAGNOSTIC_CODES[c.kind];
    it(`${code} (${severity})`, () => {
      const result = check(c.text, { readData: c.readData });
      const found = result.diagnostics.filter((d) => d.code === code);
      assert.equal(found.length, 1, `expected one ${code}, got: ${JSON.stringify(result.diagnostics, null, 1)}`);
      const d = found[0];
      assert.equal(d.severity, severity);
      assert.deepEqual(d.range, c.range(c.text));
      if (c.message) assert.match(d.message, c.message);
      c.check?.(d);
      assert.equal(result.hasErrors, result.diagnostics.some((x) => x.severity === 'error'));
    });
  }
});

describe('model diagnostics: no pile-ups', () => {
  it('one bad value in a matrix gives one syntax error, no shape error', () => {
    const text = readExample('matrix.nnet').replace('-0.07  0.22', '-0.07  oops');
    const codes = check(text).diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['nnet/syntax']);
  });

  it('refuses a layer pair beyond the weight limit instead of running out of memory', () => {
    const result = check('layer a x[50000]\nlayer b y[50000] sigmoid\nweights a -> b = init he seed 1\nsample 1 -> 1');
    const d = result.diagnostics.find((x) => x.code === 'nnet/too-large');
    assert.ok(d);
    assert.match(d.message, /2,500,000,000 weights/);
    assert.ok(result.hasErrors);
  });

  it('x[03] refers to node x3', () => {
    const result = check('layer input x[3]\nlayer output y linear\nweights input -> output = init zeros\nx[03] -> y = 1\nsample 1 2 3 -> 4');
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.network?.weights[0].values[2], 1);
  });
});
