import * as assert from 'node:assert/strict';
import { ACTIVATIONS, ACTIVATION_FORMULAS, CONVENTIONS, INIT_METHODS, LOSSES, STATEMENT_KEYWORDS, TRAIN_METHODS, TRAIN_OPTIONS } from '../../../src/core';
import { docs, hoverAt, type HoverInfo } from '../../../src/core/service';
import { at, doc, linesOf, rangeOn, readExample, text } from './helpers';

const XOR = readExample('heaton-xor.nnet');
const DIGITS = readExample('digits.nnet');

function hover(source: string, line: number, needle: string, offset = 0, occurrence = 1): HoverInfo | undefined {
  return hoverAt(doc(source), at(source, line, needle, offset, occurrence));
}

function must(info: HoverInfo | undefined): HoverInfo {
  assert.ok(info, 'no hover');
  return info;
}

describe('language service: hover', () => {
  it('documents statement keywords, over the keyword', () => {
    const h = must(hover(XOR, 4, 'layer', 2));
    assert.deepEqual(h.range, rangeOn(XOR, 4, 'layer'));
    assert.match(h.markdown, /^\*\*layer\*\* — statement\n\n`layer NAME NODES \[ACTIVATION\] \[bias \[NAME\]\]`/);
    for (const [line, keyword] of [
      [1, 'network'],
      [2, 'convention'],
      [18, 'loss'],
      [19, 'train'],
      [21, 'sample'],
    ] as const) {
      assert.match(must(hover(XOR, line, keyword)).markdown, new RegExp(`^\\*\\*${keyword}\\*\\* — statement`));
    }
    assert.match(must(hover(DIGITS, 6, 'weights')).markdown, /^\*\*weights\*\* — statement/);
    assert.match(must(hover(DIGITS, 10, 'data')).markdown, /^\*\*data\*\* — statement/);
  });

  it('shows an activation’s f and f′', () => {
    const h = must(hover(XOR, 5, 'sigmoid', 3));
    assert.deepEqual(h.range, rangeOn(XOR, 5, 'sigmoid'));
    assert.match(h.markdown, /^\*\*sigmoid\*\* — activation\n\n`f\(net\) = 1 \/ \(1 \+ e\^\(−net\)\)`  \n`f′\(net\) = out · \(1 − out\)`\n\n/);
    const relu = must(hover(DIGITS, 4, 'relu'));
    assert.match(relu.markdown, /`f\(net\) = max\(0, net\)`/);
    assert.match(relu.markdown, /`f′\(net\) = 1 if net > 0, else 0`/);
    assert.match(must(hover(DIGITS, 5, 'softmax')).markdown, /crossentropy/);
  });

  it('documents the loss, the convention and `bias`', () => {
    assert.match(must(hover(XOR, 18, 'mse')).markdown, /^\*\*mse\*\* — loss\n\n`E = ½·Σ \(ideal − actual\)²`/);
    const heaton = must(hover(XOR, 2, 'heaton'));
    assert.deepEqual(heaton.range, rangeOn(XOR, 2, 'heaton'));
    assert.match(heaton.markdown, /δ = −E·f′/);
    const bias = must(hover(XOR, 4, 'bias'));
    assert.deepEqual(bias.range, rangeOn(XOR, 4, 'bias'));
    assert.match(bias.markdown, /^\*\*bias\*\* — bias node\n\n/);
  });

  it('documents training methods and options, with value ranges and defaults', () => {
    assert.match(must(hover(XOR, 19, 'backprop')).markdown, /^\*\*backprop\*\* — training method\n\n`Δw = −η·∂E\/∂w \+ α·Δw_prev`/);
    const rate = must(hover(XOR, 19, 'rate'));
    assert.deepEqual(rate.range, rangeOn(XOR, 19, 'rate'));
    assert.equal(rate.markdown, '**rate** — backprop option\n\n`rate N` — a number > 0; default 0.1\n\nLearning rate η.');
    assert.equal(
      must(hover(XOR, 19, 'momentum')).markdown,
      '**momentum** — backprop option\n\n`momentum N` — a number from 0 to 1; default 0\n\nMomentum α: the share of the previous Δw added to this one.',
    );
    assert.match(must(hover(XOR, 19, 'online')).markdown, /`online` — no value\n\n.*Excludes `batch`\./s);
    assert.match(must(hover(XOR, 19, 'epochs')).markdown, /`epochs N` — a whole number ≥ 1; default 1000/);
    assert.match(must(hover(XOR, 19, 'until')).markdown, /mean of \(ideal − actual\)²/);
    assert.match(must(hover(DIGITS, 9, 'batch')).markdown, /`batch` or `batch N` — optionally a whole number ≥ 1/);
  });

  it('explains an option the method does not take, and says where it belongs', () => {
    const source = `${XOR.replace('train backprop', 'train rprop')}`;
    const h = must(hover(source, 19, 'rate'));
    assert.match(h.markdown, /^\*\*rate\*\* — training option/);
    assert.match(h.markdown, /\*Not an option of `rprop`; it belongs to `backprop`, `adam`\.\*$/);
    assert.equal(hover(text('layer a b', 'layer c d', 'train rprop bogus 1'), 2, 'bogus'), undefined);
  });

  it('documents init, its method, `seed`, `fixed` and the data columns', () => {
    assert.match(must(hover(DIGITS, 6, 'init')).markdown, /^\*\*init\*\* — initialiser/);
    const he = must(hover(DIGITS, 6, 'he'));
    assert.deepEqual(he.range, rangeOn(DIGITS, 6, 'he'));
    assert.match(he.markdown, /^\*\*he\*\* — init method\n\n`U\(−l, l\)`, `l = √\(6 \/ fan-in\)`/);
    assert.match(must(hover(DIGITS, 7, 'xavier')).markdown, /√\(6 \/ \(fan-in \+ fan-out\)\)/);
    assert.match(must(hover(DIGITS, 6, 'seed')).markdown, /^\*\*seed\*\* — initialiser seed/);
    const fixed = `${DIGITS.trimEnd().replace('init he seed 7', 'init he seed 7 fixed')}\n`;
    assert.match(must(hover(fixed, 6, 'fixed')).markdown, /^\*\*fixed\*\* — modifier/);
    assert.match(must(hover(DIGITS, 10, 'inputs')).markdown, /^\*\*inputs\*\* — data columns/);
    assert.match(must(hover(DIGITS, 10, 'targets')).markdown, /^\*\*targets\*\* — data columns/);
  });

  it('stays silent on weight lines, node and layer names, numbers, comments and misspelt words', () => {
    const silent: [string, number, string][] = [
      [XOR, 8, 'I1'],
      [XOR, 8, '->'],
      [XOR, 8, '-0.07'],
      [XOR, 4, 'I1'],
      [XOR, 4, 'B1'],
      [XOR, 4, 'input'],
      [XOR, 1, 'xor'],
      [XOR, 0, 'XOR'],
      [XOR, 21, '1'],
      [DIGITS, 6, 'x'],
      [DIGITS, 9, '0.001'],
      [text('layer a b', 'layer c d sigmod'), 1, 'sigmod'],
      [text('loss msee'), 0, 'msee'],
    ];
    for (const [source, line, needle] of silent) assert.equal(hover(source, line, needle), undefined, `${linesOf(source)[line]}: ${needle}`);
    const fixedLine = `${XOR.trimEnd()}\nH1 -> O1 = 1 fixed\n`;
    assert.equal(hover(fixedLine, 25, 'fixed'), undefined, 'weight lines belong to the gradient hover');
  });

  it('has a doc for every word of the vocabulary', () => {
    for (const k of STATEMENT_KEYWORDS) assert.ok(docs.KEYWORD_DOCS[k].body.length > 40, k);
    for (const a of ACTIVATIONS) {
      assert.ok(docs.ACTIVATION_DOCS[a].body.includes(`\`f(net) = ${ACTIVATION_FORMULAS[a].f}\``), a);
      assert.ok(docs.ACTIVATION_DOCS[a].body.includes(`\`f′(net) = ${ACTIVATION_FORMULAS[a].fprime}\``), a);
    }
    for (const l of LOSSES) assert.ok(docs.LOSS_DOCS[l].summary, l);
    for (const c of CONVENTIONS) assert.ok(docs.CONVENTION_DOCS[c].summary, c);
    for (const m of INIT_METHODS) assert.ok(docs.INIT_DOCS[m].summary, m);
    for (const m of TRAIN_METHODS) {
      assert.ok(docs.TRAIN_METHOD_DOCS[m].summary, m);
      for (const option of Object.keys(TRAIN_OPTIONS[m])) {
        const d = docs.optionDoc(m, option);
        assert.ok(d && d.body.includes(TRAIN_OPTIONS[m][option].doc), `${m} ${option}`);
      }
    }
  });
});
