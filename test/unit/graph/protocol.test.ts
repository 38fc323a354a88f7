// The panel's message protocol: every well-formed message passes, anything else is rejected.
import * as assert from 'node:assert/strict';
import type { GraphModel } from '../../../src/core';
import { describeMessage, edgeId, isHostMessage, isPanelMessage, splitEdgeId, type HostMessage, type PanelMessage } from '../../../src/shared/protocol';

const model: GraphModel = {
  uri: 'file:///x/heaton-xor.nnet',
  fileName: 'heaton-xor.nnet',
  version: 3,
  title: 'xor',
  convention: 'heaton',
  loss: 'mse',
  trainer: 'backprop, rate 0.7',
  precision: 5,
  metric: 'weight',
  width: 600,
  height: 400,
  detail: 'full',
  nodes: [
    { name: 'I1', layer: 0, index: 0, bias: false, x: 90, y: 80, r: 22, net: 1, out: 1, fprime: 1, delta: null },
    { name: 'O1', layer: 1, index: 0, bias: false, x: 320, y: 80, r: 22, net: 0.5, out: 0.62, fprime: 0.23, delta: 0.04 },
  ],
  edges: [{ id: 'I1->O1', from: 'I1', to: 'O1', layer: 0, index: 0, weight: -0.07, gradient: 0.01, deltaW: null, fixed: false, line: 8, source: 'line' }],
  columns: [{ layer: 0, name: 'input', activation: 'linear', x: 90, total: 1, shown: 1, hasBias: false, moreY: null }],
  bundles: [],
  reduction: '',
  sample: { index: 0, count: 4, inputs: [1, 0], targets: [1], truncated: false },
  error: 0.03,
  stale: '',
  trainedWaiting: false,
  outputs: ['O1'],
  image: null,
};

const curves = { trainLoss: [0.4, 0.3], testLoss: [0.5, null], trainAccuracy: [0.5, 0.75], testAccuracy: [0.5, null] };
const confusion = { set: 'test' as const, classes: ['a', 'b'], counts: [3, 1, 0, 4], count: 8, accuracy: 0.875, weights: 'trained' as const };
const image = { side: 2, pixels: [0, 0.5, 1, null], saliency: [0.1, -0.2, 0, null], low: 0, high: 1, saliencyMax: 0.2, caption: 'test sample 3' };

const validHost: HostMessage[] = [
  { type: 'model', model },
  { type: 'empty', reason: 'Open a .nnet file.' },
  { type: 'training', training: { uri: 'u', running: true, maxEpochs: 100, measure: 'MSE', until: 0.01, epochs: [1, 2], errors: [0.3, null], stop: '', curves, confusion: null } },
  { type: 'trainingProgress', uri: 'u', epoch: 5, error: 0.2, figures: { trainLoss: 0.2, testLoss: null, trainAccuracy: 0.9, testAccuracy: null } },
  { type: 'curve', curve: null, note: '' },
  {
    type: 'curve',
    curve: {
      edge: 'H1->O1',
      from: 'H1',
      to: 'O1',
      basis: 'sample',
      caption: 'E of sample 1',
      convention: 'heaton',
      value: -0.22,
      error: 0.03,
      slope: -0.0168,
      gradient: 0.0168,
      fixed: false,
      next: { value: -0.208, error: 0.0298, deltaW: 0.0117, formula: 'Δw = η · g' },
      halfWidth: 1,
      values: [-1.22, 0.78],
      errors: [0.04, 0.02],
    },
    note: '',
  },
  { type: 'map', map: null },
  {
    type: 'map',
    map: {
      output: 0,
      outputName: 'O1',
      xName: 'I1',
      yName: 'I2',
      x: [-0.25, 1.25],
      y: [-0.25, 1.25],
      resolution: 2,
      values: [0.1, 0.2, null, 0.4],
      low: 0,
      high: 1,
      samples: [{ x: 1, y: 0, target: 1, active: true }],
      weights: 'file',
    },
  },
  { type: 'highlight', edge: 'H1->O1', node: null },
  // Real data (issue 16): the active sample as an image, a finished run with its confusion matrix.
  { type: 'model', model: { ...model, image } },
  { type: 'training', training: { uri: 'u', running: false, maxEpochs: 100, measure: 'MSE', until: 0.01, epochs: [1, 2], errors: [0.3, null], stop: 'done', curves, confusion } },
];

const validPanel: PanelMessage[] = [
  { type: 'ready', options: { metric: 'gradient', output: 0, zoom: 1 }, selected: null },
  { type: 'reveal', kind: 'edge', id: 'H1->O1' },
  { type: 'reveal', kind: 'node', id: 'H1' },
  { type: 'select', edge: 'I1->H1' },
  { type: 'select', edge: null },
  { type: 'run', command: 'step' },
  { type: 'run', command: 'train' },
  { type: 'sample', index: 2 },
  { type: 'options', options: { metric: 'weight', output: 1, zoom: 0.5 } },
  { type: 'log', level: 'warn', message: 'x' },
];

/** A copy of `v` with `path` set to `value` (`undefined` deletes). */
function withField(v: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

describe('graph: message protocol', () => {
  it('accepts every well-formed host message', () => {
    for (const m of validHost) assert.ok(isHostMessage(m), `host ${m.type}: ${JSON.stringify(m).slice(0, 200)}`);
  });

  it('accepts every well-formed panel message', () => {
    for (const m of validPanel) assert.ok(isPanelMessage(m), `panel ${m.type}`);
  });

  it('survives a JSON round trip (what postMessage does)', () => {
    for (const m of validHost) assert.ok(isHostMessage(JSON.parse(JSON.stringify(m))));
    for (const m of validPanel) assert.ok(isPanelMessage(JSON.parse(JSON.stringify(m))));
  });

  it('rejects what is not a message at all', () => {
    for (const v of [undefined, null, 0, 'model', [], [{ type: 'model' }], {}, { type: 42 }, { type: 'toString' }, { type: '__proto__' }, { type: 'constructor' }]) {
      assert.equal(isHostMessage(v), false, `host: ${JSON.stringify(v)}`);
      assert.equal(isPanelMessage(v), false, `panel: ${JSON.stringify(v)}`);
    }
  });

  it('rejects unknown types and messages sent the wrong way', () => {
    assert.equal(isHostMessage({ type: 'exec', command: 'rm -rf /' }), false);
    assert.equal(isPanelMessage({ type: 'model', model }), false, 'a host message is not a panel message');
    assert.equal(isHostMessage({ type: 'reveal', kind: 'edge', id: 'a->b' }), false, 'a panel message is not a host message');
  });

  it('rejects panel messages with missing, mistyped or out-of-range fields', () => {
    const bad: unknown[] = [
      { type: 'reveal', kind: 'line', id: 'H1' },
      { type: 'reveal', kind: 'node' },
      { type: 'reveal', kind: 'node', id: 7 },
      { type: 'run', command: 'workbench.action.terminal.new' },
      { type: 'run' },
      { type: 'sample', index: -1 },
      { type: 'sample', index: 1.5 },
      { type: 'sample', index: '2' },
      { type: 'select', edge: 3 },
      { type: 'select' },
      { type: 'options', options: { metric: 'size', output: 0, zoom: 1 } },
      { type: 'options', options: { metric: 'weight', output: 0, zoom: 0 } },
      { type: 'options', options: { metric: 'weight', output: 0, zoom: Infinity } },
      { type: 'options', options: { metric: 'weight', output: 0 } },
      { type: 'ready', options: null, selected: null },
      { type: 'log', level: 'debug', message: 'x' },
      { type: 'log', level: 'info', message: 'x'.repeat(5000) },
    ];
    for (const m of bad) assert.equal(isPanelMessage(m), false, JSON.stringify(m).slice(0, 120));
  });

  it('rejects host messages with a damaged field anywhere in the model', () => {
    const damaged: unknown[] = [
      withField(validHost[0], ['model', 'nodes', 0, 'x'], 'left'),
      withField(validHost[0], ['model', 'nodes', 1, 'delta'], undefined),
      withField(validHost[0], ['model', 'nodes', 1, 'layer'], -1),
      withField(validHost[0], ['model', 'edges', 0, 'source'], 'guess'),
      withField(validHost[0], ['model', 'edges', 0, 'line'], -2),
      withField(validHost[0], ['model', 'edges'], {}),
      withField(validHost[0], ['model', 'convention'], 'other'),
      withField(validHost[0], ['model', 'precision'], 40),
      withField(validHost[0], ['model', 'sample', 'inputs', 1], 'one'),
      withField(validHost[0], ['model'], undefined),
      withField(validHost[2], ['training', 'errors'], [0.3]),
      withField(validHost[2], ['training', 'curves', 'testLoss'], [0.5]),
      withField(validHost[3], ['figures'], undefined),
      withField(validHost[9], ['model', 'image', 'pixels'], [0, 1, 2]),
      withField(validHost[9], ['model', 'image', 'saliency', 0], 'hot'),
      withField(validHost[10], ['training', 'confusion', 'counts'], [1, 2, 3]),
      withField(validHost[10], ['training', 'confusion', 'counts', 0], -1),
      withField(validHost[5], ['curve', 'values'], [1]),
      withField(validHost[5], ['curve', 'errors'], [1]),
      withField(validHost[5], ['curve', 'halfWidth'], 0),
      withField(validHost[5], ['curve', 'next', 'value'], null),
      withField(validHost[7], ['map', 'values'], [1, 2, 3]),
      withField(validHost[7], ['map', 'x'], [0]),
      withField(validHost[7], ['map', 'weights'], 'theirs'),
      withField(validHost[8], ['edge'], 5),
      withField(validHost[4], ['note'], undefined),
      { type: 'trainingProgress', uri: 'u', epoch: 1, error: 'high' },
    ];
    for (const m of damaged) assert.equal(isHostMessage(m), false, JSON.stringify(m).slice(0, 160));
  });

  it('treats non-finite numbers as damage (JSON would have turned them into null)', () => {
    assert.equal(isHostMessage(withField(validHost[0], ['model', 'nodes', 0, 'out'], Number.NaN)), false);
    assert.equal(isHostMessage(withField(validHost[0], ['model', 'nodes', 0, 'out'], null)), true);
  });

  it('describes rejected messages briefly for the log', () => {
    assert.equal(describeMessage({ type: 'nope' }), "'nope'");
    assert.equal(describeMessage({}), 'an object without a type');
    assert.equal(describeMessage(null), 'null');
    assert.equal(describeMessage([1]), 'an array');
    assert.equal(describeMessage(3), 'number');
  });

  it('splits edge ids', () => {
    assert.equal(edgeId('H1', 'O1'), 'H1->O1');
    assert.deepEqual(splitEdgeId('H1->O1'), { from: 'H1', to: 'O1' });
    assert.equal(splitEdgeId('H1O1'), undefined);
    assert.equal(splitEdgeId('->O1'), undefined);
    assert.equal(splitEdgeId('H1->'), undefined);
  });
});
