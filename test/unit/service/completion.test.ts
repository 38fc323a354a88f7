import * as assert from 'node:assert/strict';
import { ACTIVATIONS, INIT_METHODS } from '../../../src/core';
import { completionsAt, MAX_NODE_ITEMS, type CompletionContext, type CompletionItem, type CompletionResult } from '../../../src/core/service';
import { doc, endOf, linesOf, r, readExample, text, withoutLines } from './helpers';

const XOR = readExample('heaton-xor.nnet');
const DIGITS = readExample('digits.nnet');
const MATRIX = readExample('matrix.nnet');
/** XOR without I1 -> H2, I2 -> H2, B1 -> H2 (lines 11-13) and H2 -> O1 (line 15). */
const PARTIAL = withoutLines(XOR, 11, 12, 13, 15);

/** Completion at the end of `line` appended to `base` (the last line of the result). */
function complete(base: string, line: string, context: CompletionContext = {}): CompletionResult {
  const source = `${base.trimEnd()}\n${line}`;
  const last = linesOf(source).length - 1;
  return completionsAt(doc(source), endOf(source, last), context);
}

function labels(result: CompletionResult | CompletionItem[]): string[] {
  return (Array.isArray(result) ? result : result.items).map((i) => i.label);
}

function item(result: CompletionResult, label: string): CompletionItem {
  const found = result.items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} among ${labels(result).join(', ')}`);
  return found;
}

/** Labels in the order the editor shows them with nothing typed (by sortText). */
function sorted(result: CompletionResult): string[] {
  return [...result.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
}

describe('language service: completion at the start of a line', () => {
  it('offers the statement keywords not yet used and the nodes a weight line can start with', () => {
    const result = complete(XOR, '');
    assert.deepEqual(labels(result), ['layer', 'weights', 'sample', 'data', 'test', 'validation', 'I1', 'I2', 'B1', 'H1', 'H2', 'B2']);
    const last = linesOf(`${XOR.trimEnd()}\n`).length - 1;
    assert.deepEqual(result.insertRange, r(last, 0, last, 0));
    assert.deepEqual(result.replaceRange, r(last, 0, last, 0));
    assert.equal(result.incomplete, false);
  });

  it('offers every keyword in an empty file, with snippets', () => {
    const result = completionsAt(doc(''), { line: 0, character: 0 });
    assert.deepEqual(labels(result), ['network', 'convention', 'layer', 'weights', 'loss', 'train', 'sample', 'data', 'test', 'validation']);
    assert.equal(item(result, 'network').insertText, 'network ${1:name}');
    assert.equal(item(result, 'convention').insertText, 'convention ${1|calculus,heaton|}');
    assert.equal(item(result, 'loss').insertText, 'loss ${1|mse,crossentropy|}');
    assert.equal(item(result, 'train').insertText, 'train ${1|backprop,rprop,adam|} epochs ${2:1000}');
    assert.equal(item(result, 'layer').insertText, 'layer ${1:input} ${2:I1 I2}');
    assert.ok(result.items.every((i) => i.kind === 'keyword' && i.snippet && i.detail && i.documentation));
  });

  it('shapes keyword snippets after the file: layer after the input, sample and data with the right counts', () => {
    assert.equal(item(complete(XOR, ''), 'layer').insertText, 'layer ${1:hidden} ${2:H1 H2} ${3|sigmoid,tanh,relu,leakyrelu,linear,softmax|}');
    assert.equal(item(complete(XOR, ''), 'sample').insertText, 'sample ${1:0} ${2:0} -> ${3:0}');
    assert.equal(item(complete(XOR, ''), 'data').insertText, 'data "${1:data.csv}" inputs ${2:1}..${3:2} targets ${4:3}..${5:3}');
    const digits = item(complete(DIGITS, ''), 'sample').insertText;
    assert.equal(digits, `sample \${1:${Array(64).fill('0').join(' ')}} -> \${2:${Array(10).fill('0').join(' ')}}`);
  });

  it('proposes `weights` for the first layer pair still missing weights, with the init that suits it', () => {
    const layersOnly = text('layer in a b', 'layer mid h[3] relu', 'layer out o', 'sample 1 2 -> 3');
    assert.equal(item(complete(layersOnly, ''), 'weights').insertText, 'weights ${1:in} -> ${2:mid} = init ${3|he,xavier,nguyen-widrow,zeros|} seed ${4:1}');
    const firstDone = text('layer in a b', 'layer mid h[3] relu', 'layer out o', 'weights in -> mid = init he', 'sample 1 2 -> 3');
    assert.equal(item(complete(firstDone, ''), 'weights').insertText, 'weights ${1:mid} -> ${2:out} = init ${3|xavier,he,nguyen-widrow,zeros|} seed ${4:1}');
  });

  it('inserts a source node with ` -> ` and asks for the target next; sources with unwritten weights first', () => {
    const result = complete(PARTIAL, '');
    const i1 = item(result, 'I1');
    assert.equal(i1.insertText, 'I1 -> ');
    assert.equal(i1.retrigger, true);
    assert.equal(i1.detail, 'node of input → hidden');
    assert.equal(i1.documentation, '1 of its 2 weights to `hidden` is not written on a line.');
    assert.equal(item(result, 'B1').detail, 'bias node of input → hidden');
    assert.equal(item(result, 'H1').documentation, 'Every weight from `H1` to `output` is written.');
    assert.deepEqual(sorted(result).slice(6), ['I1', 'I2', 'B1', 'H2', 'H1', 'B2']);
  });

  it('replaces the whole word under the cursor, and inserts plain words in the middle of a line', () => {
    const source = text('layr hidden H1');
    const result = completionsAt(doc(source), { line: 0, character: 2 });
    assert.deepEqual(result.insertRange, r(0, 0, 0, 2));
    assert.deepEqual(result.replaceRange, r(0, 0, 0, 4));
    assert.equal(item(result, 'layer').insertText, 'layer');
    assert.equal(item(result, 'layer').snippet, false);
    const typed = complete(XOR, 'sam');
    assert.deepEqual(typed.insertRange, r(25, 0, 25, 3));
    assert.equal(item(typed, 'sample').insertText, 'sample ${1:0} ${2:0} -> ${3:0}');
  });

  it('offers nothing after a typed space at the start of a line, in comments, in strings, in numbers', () => {
    assert.deepEqual(labels(complete(XOR, ' ', { triggerCharacter: ' ' })), []);
    assert.deepEqual(labels(complete(XOR, '# lay')), []);
    assert.deepEqual(labels(complete(XOR, 'layer h H1 # sig')), []);
    assert.deepEqual(labels(complete(XOR, 'data "la')), []);
    assert.deepEqual(labels(complete(XOR, 'weights input -> hidden = init uniform 0.5e')), []);
  });

  it('offers nothing inside a multi-line matrix', () => {
    assert.deepEqual(labels(completionsAt(doc(MATRIX), { line: 10, character: 0 })), []);
    assert.deepEqual(labels(completionsAt(doc(MATRIX), { line: 12, character: 0 })), []);
  });

  it('lists at most MAX_NODE_ITEMS nodes and says the list is incomplete', () => {
    const big = text('layer input x[2000]', 'layer output y[1]', 'weights x -> y = init zeros', 'sample 1 -> 1');
    const all = complete(big, '');
    assert.equal(all.items.filter((i) => i.kind === 'node').length, MAX_NODE_ITEMS);
    assert.equal(all.incomplete, true);
    const narrowed = complete(big, 'x1999');
    assert.equal(narrowed.incomplete, false);
    assert.ok(labels(narrowed).includes('x1999'));
  });
});

describe('language service: completion on weight lines', () => {
  it('after FROM ->, offers the nodes of the next layer whose weight from FROM is not written yet', () => {
    const result = complete(PARTIAL, 'I1 ->', { triggerCharacter: '>' });
    assert.deepEqual(labels(result), ['H2']);
    const h2 = item(result, 'H2');
    assert.equal(h2.insertText, 'H2 = ');
    assert.equal(h2.detail, 'node of hidden');
    assert.equal(h2.documentation, 'Weight `I1 -> H2`, from layer `input` to `hidden` (sigmoid).');
    assert.deepEqual(labels(complete(PARTIAL, 'H2 -> ', { triggerCharacter: ' ' })), ['O1']);
    assert.deepEqual(labels(complete(PARTIAL, 'B1 -> ')), ['H2']);
    assert.deepEqual(labels(complete(PARTIAL, 'H1 -> ')), []);
  });

  it('keeps the weight the line itself gives (editing an existing line)', () => {
    const line = linesOf(XOR)[14]; // H1 -> O1 = -0.22
    assert.equal(line, 'H1 -> O1 = -0.22');
    assert.deepEqual(labels(completionsAt(doc(XOR), { line: 14, character: 6 })), ['O1']);
    assert.equal(item(completionsAt(doc(XOR), { line: 14, character: 6 }), 'O1').insertText, 'O1');
  });

  it('understands x[3] sources and notes targets an init covers', () => {
    const source = text('layer input x[3]', 'layer output y[2]', 'weights x -> y = init xavier', 'x[2] -> y1 = 0.5', 'sample 1 2 3 -> 1 0');
    const result = complete(source, 'x[2] -> ');
    assert.deepEqual(labels(result), ['y2']);
    assert.equal(item(result, 'y2').detail, 'node of output · overrides the init');
    assert.deepEqual(labels(complete(source, 'x3 -> ')), ['y1', 'y2']);
  });

  it('offers every receiving node for an unknown source, nothing for an output node', () => {
    assert.deepEqual(labels(complete(XOR, 'Q -> ')), ['H1', 'H2', 'O1']);
    assert.deepEqual(labels(complete(XOR, 'O1 -> ')), []);
  });

  it('offers `fixed` after the value, but not on a typed space', () => {
    assert.deepEqual(labels(complete(PARTIAL, 'H2 -> O1 = 0.5 f')), ['fixed']);
    assert.deepEqual(labels(complete(PARTIAL, 'H2 -> O1 = 0.5 ', { triggerCharacter: ' ' })), []);
    assert.deepEqual(labels(complete(PARTIAL, 'H2 -> O1 = 0.5 fixed ')), []);
    assert.deepEqual(labels(complete(PARTIAL, 'H2 -> O1 = ')), []);
  });

  it('ignores a `>` that does not end an arrow', () => {
    assert.deepEqual(labels(complete(XOR, 'I1 >', { triggerCharacter: '>' })), []);
  });
});

describe('language service: completion in statements', () => {
  it('`weights`: source layers, then the next layer, by name or node array', () => {
    const result = complete(DIGITS, 'weights ', { triggerCharacter: ' ' });
    assert.deepEqual(labels(result), ['input', 'x', 'hidden', 'h']);
    assert.equal(item(result, 'input').insertText, 'input -> ');
    assert.equal(item(result, 'x').detail, 'layer input (by its node array x)');
    assert.equal(item(result, 'hidden').detail, 'layer 2 · 32 nodes + bias B2');
    assert.deepEqual(labels(complete(DIGITS, 'weights x -> ', { triggerCharacter: ' ' })), ['hidden', 'h']);
    assert.equal(item(complete(DIGITS, 'weights x -> '), 'h').insertText, 'h = ');
    assert.deepEqual(labels(complete(XOR, 'weights nowhere -> ')), ['hidden', 'output']);
    assert.deepEqual(labels(complete(XOR, 'weights output -> ')), []);
  });

  it('`weights A -> B =`: init (preferred) or a zero matrix of the pair’s shape', () => {
    const result = complete(XOR, 'weights input -> hidden = ', { triggerCharacter: ' ' });
    assert.deepEqual(labels(result), ['init', '[ 2 × 3 ]']);
    assert.equal(item(result, 'init').insertText, 'init ${1|xavier,he,nguyen-widrow,zeros|} seed ${2:1}');
    assert.equal(item(result, '[ 2 × 3 ]').insertText, '[\n  0 0 0\n  0 0 0\n]');
    assert.equal(item(result, '[ 2 × 3 ]').detail, 'matrix of zeros: 2 rows (hidden) × 3 columns (input + bias)');
    assert.equal(item(complete(XOR, 'weights hidden -> output = '), '[ 1 × 3 ]').insertText, '[0 0 0]');
    // A pair too large for a literal matrix gets init only.
    assert.deepEqual(labels(complete(DIGITS, 'weights x -> h = ')), ['init']);
  });

  it('init methods, the one suiting the destination activation preselected', () => {
    const sigmoid = complete(XOR, 'weights input -> hidden = init ', { triggerCharacter: ' ' });
    assert.deepEqual(labels(sigmoid), [...INIT_METHODS]);
    assert.equal(sigmoid.items.find((i) => i.preselect)?.label, 'xavier');
    assert.equal(item(sigmoid, 'uniform').insertText, 'uniform ${1:-0.5} ${2:0.5}');
    assert.equal(complete(DIGITS, 'weights x -> h = init ').items.find((i) => i.preselect)?.label, 'he');
  });

  it('`seed` and `fixed` after the method, `fixed` after the seed or the matrix; not on a typed space', () => {
    assert.deepEqual(labels(complete(XOR, 'weights input -> hidden = init xavier ')), ['seed', 'fixed']);
    assert.equal(item(complete(XOR, 'weights input -> hidden = init xavier '), 'seed').insertText, 'seed ${1:1}');
    assert.deepEqual(labels(complete(XOR, 'weights input -> hidden = init xavier ', { triggerCharacter: ' ' })), []);
    assert.deepEqual(labels(complete(XOR, 'weights input -> hidden = init xavier seed 3 ')), ['fixed']);
    assert.deepEqual(labels(complete(XOR, 'weights input -> hidden = init xavier seed ')), []);
    assert.deepEqual(labels(complete(XOR, 'weights input -> hidden = init uniform -0.5 ')), []);
    assert.deepEqual(labels(complete(XOR, 'weights input -> hidden = init uniform -0.5 0.5 ')), ['seed', 'fixed']);
    assert.deepEqual(labels(complete(XOR, 'weights hidden -> output = [1 2 3] ')), ['fixed']);
    assert.deepEqual(labels(complete(XOR, 'weights hidden -> output = [1 2 ')), []);
  });

  it('`layer`: activations and `bias` after the nodes (bias only on the input layer or after an activation)', () => {
    const hidden = complete(text('layer input I1 I2'), 'layer hidden H1 H2 ');
    assert.deepEqual(labels(hidden), [...ACTIVATIONS, 'bias']);
    assert.equal(hidden.items.find((i) => i.preselect)?.label, 'sigmoid');
    assert.match(item(hidden, 'relu').documentation!, /`f\(net\) = max\(0, net\)`/);
    assert.deepEqual(labels(complete('', 'layer input I1 I2 ')), ['bias']);
    assert.deepEqual(labels(complete(text('layer input I1 I2'), 'layer hidden h[4] tanh ')), ['bias']);
    assert.deepEqual(labels(complete(text('layer input I1 I2'), 'layer hidden H1 si')), [...ACTIVATIONS, 'bias']);
    assert.deepEqual(labels(complete(text('layer input I1 I2'), 'layer hidden H1 H2 ', { triggerCharacter: ' ' })), []);
    assert.deepEqual(labels(complete(text('layer input I1 I2'), 'layer hidden ')), []);
    assert.deepEqual(labels(complete(text('layer input I1 I2'), 'layer hidden H1 bias ')), []);
    assert.deepEqual(labels(complete(text('layer input I1 I2'), 'layer hidden h[')), []);
  });

  it('ranks softmax last except on the last layer', () => {
    const middle = completionsAt(doc(text('layer input I1', 'layer hidden H1 ', 'layer output O1')), { line: 1, character: 16 });
    assert.equal(sorted(middle).at(-2), 'softmax');
    const last = complete(text('layer input I1'), 'layer output O1 ');
    assert.equal(sorted(last)[5], 'softmax');
  });

  it('`loss` and `convention`: their values', () => {
    assert.deepEqual(labels(complete(XOR, 'loss ', { triggerCharacter: ' ' })), ['mse', 'crossentropy']);
    assert.equal(complete(XOR, 'loss ').items.find((i) => i.preselect)?.label, 'mse');
    assert.equal(complete(withoutLines(DIGITS, 8), 'loss ').items.find((i) => i.preselect)?.label, 'crossentropy');
    assert.deepEqual(labels(complete(XOR, 'convention ')), ['calculus', 'heaton']);
    assert.deepEqual(labels(complete(XOR, 'convention heaton ')), []);
    assert.deepEqual(labels(complete(XOR, 'network ')), []);
    assert.deepEqual(labels(complete(XOR, 'sample 1 ')), []);
  });

  it('`train`: methods, then the options of that method not yet used', () => {
    const methods = complete(XOR, 'train ', { triggerCharacter: ' ' });
    assert.deepEqual(labels(methods), ['backprop', 'rprop', 'adam']);
    assert.equal(item(methods, 'backprop').insertText, 'backprop ');
    assert.equal(item(methods, 'backprop').retrigger, true);
    const backprop = complete(XOR, 'train backprop ', { triggerCharacter: ' ' });
    assert.deepEqual(labels(backprop), ['rate', 'momentum', 'online', 'batch', 'epochs', 'until', 'seed', 'patience']);
    assert.equal(item(backprop, 'rate').insertText, 'rate ${1:0.1}');
    assert.equal(item(backprop, 'online').insertText, 'online');
    assert.equal(item(backprop, 'batch').insertText, 'batch${1: 32}');
    assert.match(item(backprop, 'rate').documentation!, /Learning rate η/);
    assert.deepEqual(labels(complete(XOR, 'train backprop rate 0.7 momentum 0.3 online epochs 10000 until 0.01 ')), ['seed', 'patience']);
    assert.deepEqual(labels(complete(XOR, 'train rprop ')), ['epochs', 'until', 'seed', 'patience']);
    assert.deepEqual(labels(complete(XOR, 'train adam batch ')), ['rate', 'beta1', 'beta2', 'epsilon', 'epochs', 'until', 'seed', 'patience']);
    assert.equal(item(complete(XOR, 'train adam '), 'rate').insertText, 'rate ${1:0.001}');
    assert.deepEqual(labels(complete(XOR, 'train backprop rate ')), []);
    assert.deepEqual(labels(complete(XOR, 'train sgd ')), []);
  });

  it('`data "file"`: inputs and targets spans sized for the network', () => {
    const result = complete(XOR, 'data "xor.csv" ', { triggerCharacter: ' ' });
    assert.deepEqual(labels(result), ['inputs', 'targets', 'labels', 'scale']);
    assert.equal(item(result, 'inputs').insertText, 'inputs ${1:1}..${2:2}');
    assert.equal(item(result, 'targets').insertText, 'targets ${1:3}..${2:3}');
    assert.equal(item(complete(DIGITS, 'data "d.csv" '), 'targets').insertText, 'targets ${1:65}..${2:74}');
    assert.deepEqual(labels(complete(XOR, 'data "xor.csv" inputs 1..2 ')), ['targets', 'labels', 'scale']);
    assert.deepEqual(labels(complete(XOR, 'test "xor.csv" inputs 1..2 labels 3 ')), ['scale']);
    assert.deepEqual(labels(complete(XOR, 'data "xor.csv" inputs ')), []);
    assert.deepEqual(labels(complete(XOR, 'data "xor.csv" inputs 1..')), []);
    assert.deepEqual(labels(complete(XOR, 'data ')), []);
  });
});
