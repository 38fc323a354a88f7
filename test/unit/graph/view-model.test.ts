// The graph panel's view model, built in core from the model and the engine's results: the
// numbers the webview draws (against the design brief's reference figures for Example 1),
// what the E(w) chart and the input-plane map receive, and the training-run bookkeeping.
import * as assert from 'node:assert/strict';
import { Explainer, check, type EpochError, type Network, type TrainResult } from '../../../src/core';
import { TrainingRuns, buildCurveView, buildGraphModel, buildMapView, thinHistory, writtenEdges } from '../../../src/core/graph';
import { isHostMessage } from '../../../src/shared/protocol';
import { readExample } from '../helpers';

const HEATON = readExample('heaton-xor.nnet');

function xor(text = HEATON): Network {
  const result = check(text);
  assert.ok(result.network && !result.hasErrors, JSON.stringify(result.diagnostics));
  return result.network;
}

function model(network: Network, explainer: Explainer | undefined, metric: 'weight' | 'gradient' = 'weight') {
  return buildGraphModel({ network, explainer, convention: 'heaton', metric, precision: 5, uri: 'file:///w/heaton-xor.nnet', fileName: 'heaton-xor.nnet', version: 4, trainedWaiting: false });
}

describe('graph: view model', () => {
  it("carries the brief's reference figures for sample 1 (Heaton) and passes the protocol's validation", () => {
    const network = xor();
    const m = model(network, new Explainer(network, 0, 'heaton'));
    assert.ok(isHostMessage({ type: 'model', model: m }));
    assert.equal(m.nodes.length, 7);
    assert.equal(m.edges.length, 9);
    const node = (name: string) => m.nodes.find((n) => n.name === name)!;
    assert.ok(Math.abs(node('O1').delta! - 0.04522951472920882) < 1e-15);
    assert.ok(Math.abs(node('H1').delta! - -0.002320794571465154) < 1e-15);
    assert.ok(Math.abs(node('H1').out! - 0.37051688803260513) < 1e-15);
    assert.equal(node('I1').delta, null, 'inputs have no δ');
    assert.equal(node('B2').out, 1, 'a bias node puts out 1');
    assert.equal(node('B2').delta, null);
    const edge = m.edges.find((e) => e.id === 'H1->O1')!;
    assert.ok(Math.abs(edge.gradient! - 0.016758299044691328) < 1e-15);
    // Online backprop, rate 0.7, no previous step: Δw = 0.7 · g (Heaton's g = −∂E/∂w).
    assert.ok(Math.abs(edge.deltaW! - 0.7 * 0.016758299044691328) < 1e-15);
    assert.deepEqual([edge.weight, edge.line, edge.source, edge.fixed], [-0.22, 14, 'line', false]);
    assert.equal(m.trainer, 'backprop · rate 0.7 · momentum 0.3 · online · epochs 10000 · until 0.01');
    assert.deepEqual(m.sample, { index: 0, count: 4, inputs: [1, 0], targets: [1], truncated: false });
    assert.ok(Math.abs(m.error! - 0.02994188361410977) < 1e-15);
    assert.deepEqual(m.outputs, ['O1']);
    assert.equal(m.stale, '');
  });

  it('says what is missing for a file without samples', () => {
    const network = xor(HEATON.replace(/^sample .*$/gm, ''));
    const m = model(network, undefined);
    assert.ok(isHostMessage({ type: 'model', model: m }));
    assert.equal(m.sample, null);
    assert.equal(m.error, null);
    assert.ok(m.nodes.every((n) => n.delta === null));
    assert.match(m.stale, /no samples/);
    assert.deepEqual(buildCurveView(network, undefined, 'H1->O1', 1), { curve: null, note: 'E(w) needs samples: add `sample` lines or a `data` line.' });
  });

  it('draws E(w) for the selected weight with the tangent of the gradient, and nothing for an unknown one', () => {
    const network = xor();
    const explainer = new Explainer(network, 0, 'heaton');
    assert.deepEqual(buildCurveView(network, explainer, null, 1), { curve: null, note: '' });
    assert.deepEqual(buildCurveView(network, explainer, 'O1->H1', 1), { curve: null, note: '' });
    const { curve, note } = buildCurveView(network, explainer, 'H1->O1', 1);
    assert.equal(note, '');
    assert.ok(curve && isHostMessage({ type: 'curve', curve, note }));
    assert.equal(curve.basis, 'sample');
    assert.ok(Math.abs(curve.slope! + 0.016758299044691328) < 1e-12, 'calculus slope = −(Heaton g)');
    const wider = buildCurveView(network, explainer, 'H1->O1', 4).curve!;
    assert.ok(Math.abs(wider.halfWidth - 4 * curve.halfWidth) < 1e-12);
  });

  it('maps the output over the input plane for two inputs only, with trained weights when given', () => {
    const network = xor();
    const explainer = new Explainer(network, 0, 'heaton');
    const map = buildMapView(network, explainer, 0);
    assert.ok(map && isHostMessage({ type: 'map', map }));
    assert.equal(map.values.length, map.resolution * map.resolution);
    assert.deepEqual([map.low, map.high, map.weights, map.samples.length], [0, 1, 'file', 4]);
    const zero = network.weights.map((w) => new Float64Array(w.values.length));
    const trained = buildMapView(network, explainer, 0, { values: zero, source: 'training' })!;
    assert.equal(trained.weights, 'training');
    assert.ok(trained.values.every((v) => v === 0.5), 'all-zero weights: sigmoid(0) everywhere');
    assert.equal(buildMapView(network, explainer, 0, { values: [new Float64Array(1)], source: 'trained' })!.weights, 'file', 'weights of the wrong shape are not used');
    const digits = check(readExample('digits.nnet')).network;
    if (digits) assert.equal(buildMapView(digits, undefined, 0), null);
  });

  it('knows which edge is written on which line', () => {
    const lines = writtenEdges(xor());
    assert.deepEqual(lines.get(14)?.map((e) => e.id), ['H1->O1']);
    assert.deepEqual(lines.get(8)?.[0].range, { start: { line: 8, character: 0 }, end: { line: 8, character: 16 } });
    assert.equal(lines.get(19), undefined);
  });
});

describe('graph: training runs', () => {
  const epoch = (mse: number): EpochError => ({ loss: mse * 2, mse });

  it('follows a run live and keeps the thinned curve and the reason it stopped', () => {
    const network = xor();
    const runs = new TrainingRuns();
    assert.equal(runs.progress('u', 1, epoch(0.5)), undefined, 'no run started');
    const started = runs.start('u', network, 100);
    assert.deepEqual([started.running, started.measure, started.until, started.maxEpochs], [true, 'MSE', 0.01, 100]);
    assert.equal(runs.progress('u', 1, epoch(0.25)), 0.25, 'MSE for an mse network');
    assert.deepEqual(runs.view('u')!.errors, [0.25]);
    const result = { stop: 'until', epochs: 2, history: [epoch(0.25), epoch(0.005)], historyEpochs: [1, 2], weights: [] } as unknown as TrainResult;
    const ended = runs.end('u', network, result)!;
    assert.ok(isHostMessage({ type: 'training', training: ended }));
    assert.deepEqual([ended.running, ended.epochs, ended.errors, ended.stop], [false, [1, 2], [0.25, 0.005], 'the target error was reached']);
    assert.equal(runs.end('u', network, undefined)!.stop, 'training failed (see the NNet output channel)');
  });

  it('thins a long history evenly, first and last kept', () => {
    const history = Array.from({ length: 10_001 }, (_, i) => epoch(i));
    const { epochs, errors } = thinHistory(history, history.map((_, i) => i + 1), 'mse', 100);
    assert.ok(epochs.length <= 100 && epochs.length >= 99);
    assert.deepEqual([epochs[0], epochs[epochs.length - 1]], [1, 10_001]);
    assert.deepEqual([errors[0], errors[errors.length - 1]], [0, 10_000]);
    assert.ok(epochs.every((e, i) => i === 0 || e > epochs[i - 1]));
  });
});
