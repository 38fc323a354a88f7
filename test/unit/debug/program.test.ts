// The debugger's program: the order of one training step, where each step stops, and that every
// number is the engine's own (the same as `computeSample` and the Explainer behind the lenses).
import * as assert from 'node:assert/strict';
import { check, computeSample, Explainer, type Network } from '../../../src/core';
import { BackpropProgram, contextAt, evaluateExpression, inlineValues, placeBreakpoint, resolveAt, stepsOnLine, stopLines } from '../../../src/core/debug';
import * as path from 'node:path';
import { createDataReader } from '../../../src/node/data-reader';
import { readExample, ROOT } from '../helpers';

function network(text: string): Network {
  const r = check(text);
  assert.ok(r.network && !r.hasErrors, JSON.stringify(r.diagnostics));
  return r.network;
}

const XOR = readExample('heaton-xor.nnet');
const LAYER_OUTPUT = 6; // 0-based line of `layer output O1`
const LAYER_HIDDEN = 5;
const H1_O1 = 14; // `H1 -> O1 = -0.22`
const SAMPLE_1 = 21;

describe('debug: the program of one training step (heaton-xor, sample 1)', () => {
  const program = new BackpropProgram(network(XOR), { sample: 0 });
  const steps = Array.from({ length: program.length }, (_, i) => program.step(i));

  it('runs forward node by node, the error, backward, 9 gradients, 9 updates', () => {
    assert.equal(program.length, 5 + 1 + 3 + 9 + 9);
    assert.deepEqual(
      steps.map((s) => s.phase),
      [...Array(5).fill('forward'), 'error', ...Array(3).fill('backward'), ...Array(9).fill('gradient'), ...Array(9).fill('update')],
    );
    assert.deepEqual(
      steps.filter((s) => s.phase === 'backward').map((s) => s.node!.name),
      ['O1', 'H1', 'H2'],
    );
    assert.deepEqual(
      steps.filter((s) => s.phase === 'gradient').map((s) => `${s.weight!.from}->${s.weight!.to}`),
      ['I1->H1', 'I2->H1', 'B1->H1', 'I1->H2', 'I2->H2', 'B1->H2', 'H1->O1', 'H2->O1', 'B2->O1'],
    );
  });

  it('stops on the node name in its layer line, the weight line and the sample line', () => {
    const forwardH1 = steps.find((s) => s.phase === 'forward' && s.node?.name === 'H1')!;
    assert.equal(forwardH1.range.start.line, LAYER_HIDDEN);
    assert.equal(XOR.split('\n')[LAYER_HIDDEN].slice(forwardH1.range.start.character, forwardH1.range.end.character), 'H1');
    assert.equal(steps.find((s) => s.phase === 'backward' && s.node?.name === 'O1')!.range.start.line, LAYER_OUTPUT);
    assert.equal(steps.find((s) => s.phase === 'error')!.range.start.line, SAMPLE_1);
    const g = steps.filter((s) => s.weight?.from === 'H1' && s.weight.to === 'O1');
    assert.deepEqual(
      g.map((s) => [s.phase, s.range.start.line]),
      [
        ['gradient', H1_O1],
        ['update', H1_O1],
      ],
    );
    assert.deepEqual(stopLines(program), [4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, SAMPLE_1]);
  });

  it('holds the engine\u2019s numbers exactly, which are the reference figures', () => {
    const r = computeSample(program.network, 0);
    const o1 = steps.find((s) => s.phase === 'backward' && s.node?.name === 'O1')!;
    const delta = o1.variables.find((v) => v.name === 'δ')!;
    assert.equal(delta.value, r.layers[2].delta[0]);
    assert.ok(Math.abs(delta.value - 0.0452295) < 5e-8);
    assert.equal(o1.operations[o1.operations.length - 1].value, r.layers[2].delta[0]);
    const g = steps.find((s) => s.phase === 'gradient' && s.weight?.from === 'H1' && s.weight.to === 'O1')!;
    assert.equal(g.variables.find((v) => v.name === 'g')!.value, r.gradients[1][0]);
    assert.ok(Math.abs(r.gradients[1][0] - 0.0167583) < 5e-8);
    const h1 = steps.find((s) => s.phase === 'backward' && s.node?.name === 'H1')!;
    assert.equal(h1.variables.find((v) => v.name === 'δ')!.value, r.layers[1].delta[0]);
    const e = steps.find((s) => s.phase === 'error')!;
    assert.equal(e.variables.find((v) => v.name === 'E')!.value, 0.02994188361410977);
  });

  it('its operations add up: terms to net, Σ w·δ times f′ to δ', () => {
    const r = computeSample(program.network, 0);
    const fwd = steps.find((s) => s.phase === 'forward' && s.node?.name === 'H1')!;
    // I1 -> H1 · 1, I2 -> H1 · 0, B1 -> H1 · 1
    assert.deepEqual(
      fwd.operations.slice(0, 3).map((o) => o.value),
      [-0.07, 0, -0.46],
    );
    assert.equal(fwd.operations[3].value, r.layers[1].net[0]);
    assert.ok(Math.abs(fwd.operations[3].value - -0.53) < 1e-12);
    const h1 = steps.find((s) => s.phase === 'backward' && s.node?.name === 'H1')!;
    const [term, sum, fprime, delta] = h1.operations;
    assert.equal(term.value, -0.22 * r.layers[2].delta[0]);
    assert.equal(sum.value, term.value);
    assert.equal(fprime.value, r.layers[1].fprime[0]);
    assert.equal(delta.value, fprime.value * sum.value);
    assert.equal(delta.value, r.layers[1].delta[0]);
  });

  it('updates through the file\u2019s trainer (backprop, η 0.7, momentum with no previous Δw): the lenses\u2019 Δw', () => {
    const u = steps.find((s) => s.phase === 'update' && s.weight?.from === 'H1' && s.weight.to === 'O1')!;
    const dw = u.variables.find((v) => v.name === 'Δw')!.value;
    assert.equal(dw, new Explainer(program.network, 0).nextUpdateAt(1, 0).deltaW);
    // Heaton: Δw = η·g + α·Δw_prev = 0.7 × 0.016758299044691328 (the brief's gradient) + 0.3 × 0.
    assert.ok(Math.abs(dw - 0.7 * 0.016758299044691328) < 1e-15);
    assert.ok(Math.abs(u.variables.find((v) => v.name === 'w + Δw')!.value - (-0.22 + 0.7 * 0.016758299044691328)) < 1e-15);
  });

  it('shows the chain rule as a stack: δ(H1) ← δ(O1) via w(H1→O1), then δ(O1), then E', () => {
    const h1 = steps.find((s) => s.phase === 'backward' && s.node?.name === 'H1')!;
    assert.deepEqual(
      h1.stack.map((l) => [l.label.split(' = ')[0], l.range.start.line]),
      [
        ['δ(H1)', LAYER_HIDDEN],
        ['δ(H1) ← δ(O1) via w(H1→O1)', H1_O1],
        ['δ(O1)', LAYER_OUTPUT],
        ['E', SAMPLE_1],
      ],
    );
    const g = steps.find((s) => s.phase === 'gradient' && s.weight?.from === 'I1' && s.weight.to === 'H1')!;
    assert.deepEqual(
      g.stack.map((l) => l.label.split(' = ')[0]),
      ['g(I1→H1)', 'g(I1→H1) ← δ(H1) · out(I1)', 'δ(H1) ← δ(O1) via w(H1→O1)', 'δ(O1)', 'E'],
    );
  });

  it('knows a quantity only once its step has run', () => {
    const backwardO1 = program.backwardIndex(2, 0);
    const before = resolveAt(program, backwardO1 - 1, { kind: 'node', quantity: 'delta', node: 'O1' });
    assert.ok(typeof before !== 'number' && /not computed yet \(backward pass, step 7 of 27\)/.test(before.error), JSON.stringify(before));
    assert.equal(resolveAt(program, backwardO1, { kind: 'node', quantity: 'delta', node: 'O1' }), computeSample(program.network, 0).layers[2].delta[0]);
    const r = evaluateExpression('out(O1) - ideal(O1)', contextAt(program, program.errorStep));
    assert.deepEqual(r, { ok: true, value: computeSample(program.network, 0).layers[2].out[0] - 1 });
    const atG = program.gradientIndex(1, 0);
    assert.deepEqual(evaluateExpression('grad', contextAt(program, atG)), { ok: true, value: computeSample(program.network, 0).gradients[1][0] });
    assert.deepEqual(evaluateExpression('delta > 0.01', contextAt(program, backwardO1)), { ok: true, value: true });
    assert.deepEqual(evaluateExpression('delta > 0.01', contextAt(program, backwardO1 + 1)), { ok: true, value: false });
    const early = evaluateExpression('1 + delta(H1)', contextAt(program, 0));
    assert.equal(early.ok, false);
    assert.equal(!early.ok && early.offset, 4);
  });

  it('inline values grow with the position', () => {
    const start = inlineValues(program, 0);
    assert.deepEqual(
      start.map((v) => [v.range.start.line, v.text]),
      [[4, 'I1: out 1']],
    );
    const all = inlineValues(program, program.length - 1, (n) => n.toFixed(4));
    const byLine = new Map(all.map((v) => [v.range.start.line, v.text]));
    assert.equal(byLine.get(LAYER_OUTPUT), 'O1: out 0.7553, δ 0.0452');
    assert.equal(byLine.get(H1_O1), 'g 0.0168, Δw 0.0117');
    assert.equal(byLine.get(SAMPLE_1), 'E 0.0299');
  });

  it('places breakpoints on computing lines, moves them from blank lines, refuses other samples', () => {
    const lines = stopLines(program);
    assert.deepEqual(placeBreakpoint(program, lines, H1_O1), { verified: true, line: H1_O1, moved: false });
    assert.deepEqual(placeBreakpoint(program, lines, 7), { verified: true, line: 8, moved: true });
    assert.equal(placeBreakpoint(program, lines, 22).verified, false);
    assert.equal(placeBreakpoint(program, lines, 30).verified, false);
    assert.deepEqual(stepsOnLine(program, LAYER_OUTPUT), [4, 6]);
  });
});

describe('debug: other files', () => {
  it('stops on the matrix entry\u2019s row for matrix weights', () => {
    const text = readExample('matrix.nnet');
    const program = new BackpropProgram(network(text), { sample: 0 });
    const g = program.step(program.gradientIndex(0, 3)); // I1 -> H2: row 2 of the first matrix
    assert.equal(`${g.weight!.from}->${g.weight!.to}`, 'I1->H2');
    assert.equal(text.split('\n')[g.range.start.line].trim().slice(0, 4), '0.94');
    assert.equal(g.variables.find((v) => v.name === 'g')!.value, computeSample(program.network, 0).gradients[0][3]);
  });

  it('uses the calculus convention when asked, and Adam\u2019s update from the engine', () => {
    const text = XOR.replace('train backprop rate 0.7 momentum 0.3 online', 'train adam rate 0.01 online');
    const program = new BackpropProgram(network(text), { sample: 1, convention: 'calculus' });
    const r = computeSample(program.network, 1, 'calculus');
    const g = program.step(program.gradientIndex(1, 0));
    assert.equal(g.variables.find((v) => v.name === '∂E/∂w')!.value, r.gradients[1][0]);
    const u = program.step(program.updateIndex(1, 0));
    assert.equal(u.variables.find((v) => v.name === 'Δw')!.value, new Explainer(program.network, 1, 'calculus').nextUpdateAt(1, 0).deltaW);
    // Adam's first step moves by −α·sign(g) (up to ε).
    assert.ok(Math.abs(u.variables.find((v) => v.name === 'Δw')!.value - -0.01 * Math.sign(r.gradients[1][0])) < 1e-6);
    assert.equal(program.sampleRange().start.line, SAMPLE_1 + 1);
  });

  it('digits.nnet (CSV data, init matrices, softmax with cross-entropy, Adam in batches): the engine’s numbers, stops on the data and weights lines', () => {
    const text = readExample('digits.nnet');
    const r = check(text, { readData: createDataReader(path.join(ROOT, 'examples', 'digits.nnet')) });
    assert.ok(r.network && !r.hasErrors, JSON.stringify(r.diagnostics.slice(0, 3)));
    const program = new BackpropProgram(r.network, { sample: 4 });
    assert.equal(program.length, 64 + 32 + 10 + 1 + 10 + 32 + 2 * (32 * 64 + 10 * 33));
    const reference = computeSample(r.network, 4);
    const lines = text.split('\n');
    const error = program.step(program.errorStep);
    assert.match(lines[error.range.start.line], /^data "digits.csv"/);
    assert.equal(error.variables.find((v) => v.name === 'E')!.value, reference.error);
    assert.match(error.title, /^E = −Σ ideal · ln out$/);
    const y3 = program.step(program.backwardIndex(2, 3));
    assert.equal(y3.variables.find((v) => v.name === 'δ')!.value, reference.layers[2].delta[3]);
    const g = program.step(program.gradientIndex(0, 100));
    assert.match(lines[g.range.start.line], /^weights x -> h = init he seed 7/);
    assert.equal(g.variables.find((v) => v.name === '∂E/∂w')!.value, reference.gradients[0][100]);
    const u = program.step(program.updateIndex(1, 7));
    assert.equal(u.variables.find((v) => v.name === 'Δw')!.value, new Explainer(r.network, 4).nextUpdateAt(1, 7).deltaW);
    assert.deepEqual(stopLines(program), [3, 4, 5, 6, 7, 10]);
  });

  it('handles a deeper network: the chain passes through both hidden layers', () => {
    const text = [
      'layer input a b bias c',
      'layer h1 p q tanh bias r',
      'layer h2 s t sigmoid',
      'layer output o linear',
      'weights input -> h1 = init xavier seed 3',
      'weights h1 -> h2 = init xavier seed 4',
      's -> o = 0.5',
      't -> o = -0.25',
      'sample 0.5 -0.5 -> 1',
    ].join('\n');
    const program = new BackpropProgram(network(text), { sample: 0, convention: 'calculus' });
    const r = computeSample(program.network, 0, 'calculus');
    const p = program.step(program.backwardIndex(1, 0));
    assert.equal(p.variables.find((v) => v.name === 'δ')!.value, r.layers[1].delta[0]);
    assert.equal(p.stack.length, 5);
    assert.match(p.stack[1].label, /^δ\(p\) ← δ\([st]\) via w\(p→[st]\)$/);
    assert.match(p.stack[2].label, /^δ\([st]\) ← δ\(o\) via w\([st]→o\)$/);
    assert.equal(p.stack[1].range.start.line, 5); // weights h1 -> h2 = init …
    for (let i = 0; i < program.length; i++) assert.ok(program.step(i).title.length > 0);
  });
});
