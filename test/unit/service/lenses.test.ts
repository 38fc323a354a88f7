// Lens, inlay-hint and derivation-hover presentation as plain data (src/core/service), checked
// on Heaton's XOR against the brief's figures: δ(O1) 0.0452295, g(H1→O1) 0.0167583.
import * as assert from 'node:assert/strict';
import { check } from '../../../src/core';
import {
  computeGradients,
  conventionOf,
  DEFAULT_SETTINGS,
  gradientHoverAt,
  gradientInlayHints,
  gradientLenses,
  hoverFor,
  settingsFrom,
  weightLens,
  type GradientResults,
  type GradientView,
  type LensData,
  type LensOrPending,
} from '../../../src/core/service';
import { readExample } from '../helpers';

const XOR = readExample('heaton-xor.nnet');
const URI = 'file:///xor.nnet';
const SETTINGS = { ...DEFAULT_SETTINGS, precision: 6 };

function results(text: string, version = 1, sample = 0): GradientResults {
  const c = check(text);
  const outcome = computeGradients(c, version, sample, conventionOf(c, 'calculus'));
  assert.ok(outcome.ok);
  return outcome.results;
}

function view(text: string, extra: Partial<GradientView> = {}): GradientView {
  return { uri: URI, version: 1, check: check(text), settings: SETTINGS, results: results(text), activeSample: 0, ...extra };
}

const titles = (lenses: readonly LensOrPending[], line: number): string[] =>
  lenses.filter((l): l is LensData => 'title' in l && l.range.start.line === line).map((l) => l.title);

describe('service/lenses', () => {
  it('reads settings nested or dotted, falling back on bad values', () => {
    assert.deepEqual(settingsFrom(undefined), DEFAULT_SETTINGS);
    const s = settingsFrom({ lenses: { deltas: false }, 'gradients.display': 'inlayHints', precision: 40, defaultConvention: 'nope', hover: { detail: 'brief' } });
    assert.equal(s.deltaLenses, false);
    assert.equal(s.gradientDisplay, 'inlayHints');
    assert.equal(s.precision, 17);
    assert.equal(s.defaultConvention, 'calculus');
    assert.equal(s.hoverDetail, 'brief');
  });

  it('keeps results as the engine arrays and finds a weight by name', () => {
    const r = results(XOR);
    assert.equal(r.weight('H1', 'O1')?.gradient.toFixed(7), '0.0167583');
    assert.equal(r.weight('H1', 'I1'), undefined);
    assert.equal(r.deltaW(1), r.deltaW(1), 'Δw computed once per layer pair');
    assert.equal(r.deltaW(1)[r.weight('H1', 'O1')!.index].toFixed(7), '0.0117308');
  });

  it('Δw of a whole layer pair at once is what the derivation says of each weight (every method, batch or online, fixed weights, either convention)', () => {
    const trains = ['train backprop rate 0.7 momentum 0.3 online', 'train backprop rate 0.2 batch 2', 'train backprop rate 0.5', 'train rprop', 'train adam rate 0.01 batch 3', 'train adam online'];
    let compared = 0;
    for (const convention of ['heaton', 'calculus']) {
      for (const train of trains) {
        const text = XOR.replace(/^train .*$/m, train).replace('convention heaton', `convention ${convention}`).replace('H2 -> O1 =  0.58', 'H2 -> O1 =  0.58 fixed');
        for (const sample of [0, 3]) {
          const r = results(text, 1, sample);
          for (let k = 0; k < r.network.weights.length; k++) {
            const bulk = r.deltaW(k);
            assert.equal(bulk.length, r.network.weights[k].values.length);
            bulk.forEach((d, i) => {
              assert.ok(Object.is(d, r.explainer.nextUpdateAt(k, i).deltaW), `${convention}, ${train}, sample ${sample}: Δw[${k}][${i}] ${d} vs ${r.explainer.nextUpdateAt(k, i).deltaW}`);
              compared++;
            });
          }
        }
      }
    }
    assert.equal(compared, 2 * trains.length * 2 * 9);
  });

  it('δ per node, inputs, sample lenses, and pending weight lenses', () => {
    const lenses = gradientLenses(view(XOR), { lazyWeights: true });
    assert.deepEqual(titles(lenses, 6), ['δ(O1) 0.0452295']);
    assert.deepEqual(titles(lenses, 4), ['I1 = 1', 'I2 = 0']);
    assert.deepEqual(titles(lenses, 21), ['● active sample · E 0.0299419']);
    const pending = lenses.filter((l) => 'pending' in l);
    assert.equal(pending.length, 9);
    const h1o1 = pending.find((l) => l.range.start.line === 14)!;
    assert.ok('pending' in h1o1);
    const lens = weightLens(view(XOR), h1o1.range, h1o1.pending);
    assert.equal(lens?.title, 'g 0.0167583 · next Δw 0.0117308');
    assert.deepEqual(lens?.command, { id: 'nnet.showExplanation', arguments: [URI, { line: 14, character: 11 }] });
  });

  it('lenses of a range of lines: the full list\u2019s lenses on those lines, sample numbering kept', () => {
    const all = gradientLenses(view(XOR));
    for (const lines of [{ start: 14, end: 16 }, { start: 20, end: 22 }, { start: 0, end: 6 }]) {
      const some = gradientLenses(view(XOR), { lines });
      const on = (l: LensOrPending): boolean => l.range.start.line >= lines.start && l.range.start.line <= lines.end;
      assert.deepEqual(some.filter(on), all.filter(on), `lines ${lines.start}-${lines.end}`);
      assert.ok(some.length < all.length);
    }
    const samples = gradientLenses(view(XOR), { lines: { start: 22, end: 22 } });
    assert.deepEqual(samples.map((l) => ('command' in l ? l.command?.arguments : undefined)), [[URI, 1]], 'the second sample is sample 1');
  });

  it('offers Compute before any results, and marks results of an older version stale', () => {
    const none = gradientLenses({ ...view(XOR), results: undefined });
    assert.deepEqual(none.map((l) => ('title' in l ? l.title : '')), ['$(play) Compute gradients', '● active sample', 'Use this sample', 'Use this sample', 'Use this sample']);
    const moved = `# new first line\n${XOR}`;
    const stale = gradientLenses({ ...view(moved), version: 2, results: results(XOR, 1) });
    assert.deepEqual(titles(stale, 7), ['δ(O1) 0.0452295 (stale)'], 'placed by the current tree, filled by name');
  });

  it('matrix lenses: the summary and one row lens per destination', () => {
    const text = readExample('matrix.nnet');
    const lenses = gradientLenses(view(text));
    const summary = lenses.find((l) => 'title' in l && /largest \|/.test(l.title));
    assert.ok(summary, JSON.stringify(lenses));
    assert.ok(lenses.some((l) => 'title' in l && /^H1: .*\[/.test(l.title)));
    // Each row lists its destination's gradients in column order (sources, then the bias), as found by name.
    const r = results(text);
    const row = (dest: string, sources: string[]): string => `${dest}: g [${sources.map((src) => r.weight(src, dest)!.gradient.toPrecision(6).replace(/\.?0+$/, '')).join(', ')}]`;
    assert.deepEqual(titles(lenses, 10), [row('H1', ['I1', 'I2', 'B1'])]);
    assert.deepEqual(titles(lenses, 11), [row('H2', ['I1', 'I2', 'B1'])]);
    // Stale results of another shape (a node added since) are read by name: the new node's column is NaN.
    const grown = text.replace('layer input  I1 I2 ', 'layer input  I1 I2 I3').replace(/(-?\d\.\d\d)(\s+# H)/g, '$1 0$2').replace(/^sample (\d) (\d) ->/gm, 'sample $1 $2 0 ->');
    const grownCheck = check(grown);
    assert.equal(grownCheck.hasErrors, false, JSON.stringify(grownCheck.diagnostics));
    const stale = gradientLenses({ uri: URI, version: 2, check: grownCheck, settings: SETTINGS, results: r, activeSample: 0 });
    assert.match(titles(stale, 10)[0], /^H1: g \[[^,]+, [^,]+, NaN, [^,]+\] \(stale\)$/, JSON.stringify(titles(stale, 10)));
  });

  it('inlay hints only when the setting asks for them, at the end of the line', () => {
    const v = view(XOR);
    assert.deepEqual(gradientInlayHints(v, { start: 0, end: 30 }, () => 0), []);
    const lines = XOR.split('\n');
    const hints = gradientInlayHints({ ...v, settings: { ...SETTINGS, gradientDisplay: 'inlayHints' } }, { start: 14, end: 14 }, (l) => lines[l].length);
    assert.deepEqual(hints, [{ position: { line: 14, character: 16 }, label: 'g 0.0167583 · next Δw 0.0117308' }]);
  });

  it('hovers: the derivation on a weight line and a matrix entry, keyword docs elsewhere', () => {
    const v = view(XOR);
    const weight = gradientHoverAt(v, { line: 14, character: 12 });
    assert.match(weight?.markdown ?? '', /0\.0167583/);
    assert.equal(gradientHoverAt({ ...v, results: undefined }, { line: 14, character: 12 })?.commands[0], 'nnet.computeGradients');
    assert.match(hoverFor(v, XOR, { line: 5, character: 22 })?.markdown ?? '', /sigmoid/);
    const stale = gradientHoverAt({ ...v, version: 3 }, { line: 14, character: 12 });
    assert.match(stale?.markdown ?? '', /Stale/);
  });
});
