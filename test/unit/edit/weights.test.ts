// Writing weights back into .nnet text: exact round trips on the examples and on random
// networks in every notation, layout and comments kept, init pairs turned into matrices.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check, format, parsedOf, recheck, reparse, type Network } from '../../../src/core';
import { weightEdits, weightText, writtenValue, writtenWeights } from '../../../src/core/edit/weights';
import { applyEdits, type TextEdit } from '../../../src/core/service/text';
import { Random } from '../../../src/core/model/random';
import { createDataReader } from '../../../src/node/data-reader';
import { ROOT, unitExamples } from '../helpers';

const EXAMPLES = path.join(ROOT, 'examples');

function load(text: string, file = path.join(EXAMPLES, 'x.nnet')): Network {
  const result = check(text, { readData: createDataReader(file) });
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.range.start.line + 1}: ${d.message}`),
    [],
    text,
  );
  assert.ok(result.network);
  return result.network;
}

/** Rewrites `text` to `weights` and returns the new text and its network. */
function rewrite(text: string, weights: readonly Float64Array[], digits?: number, file?: string): { text: string; network: Network; edits: TextEdit[] } {
  const network = load(text, file);
  const edits = weightEdits(text, network, weights, { digits });
  const next = applyEdits(text, edits);
  return { text: next, network: load(next, file), edits };
}

function assertWeights(network: Network, expected: readonly Float64Array[]): void {
  assert.equal(network.weights.length, expected.length);
  network.weights.forEach((m, k) => {
    assert.equal(m.values.length, expected[k].length);
    m.values.forEach((v, i) => {
      assert.ok(v === expected[k][i], `pair ${k}, weight ${i}: read back ${v}, wrote ${expected[k][i]}`);
    });
  });
}

function commentTexts(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l) => /#.*$/.exec(l)?.[0].trimEnd())
    .filter((c): c is string => c !== undefined);
}

/** New weights of every kind of magnitude, from a seeded generator. */
function randomWeights(network: Network, seed: number): Float64Array[] {
  const random = new Random(seed);
  const special = [0, -0, 1, -1, 0.1, 1e-7, -3.5e-12, 5e-324, 1.7976931348623157e308, 123456789.125, -1e21, 2 ** 53 + 2, 0.30000000000000004];
  return network.weights.map((m) =>
    Float64Array.from(m.values, () => {
      const u = random.nextDouble();
      if (u < 0.15) return special[Math.floor(random.nextDouble() * special.length)];
      if (u < 0.3) return Math.round((random.nextDouble() - 0.5) * 200) / 10;
      return (random.nextDouble() - 0.5) * 10 ** Math.floor(random.nextDouble() * 8 - 4);
    }),
  );
}

describe('edit: writing weights', () => {
  describe('weightText', () => {
    it('writes the shortest text that reads back to the same double', () => {
      for (const x of [0.1, -0.07, 1 / 3, 2 / 3, 1e-7, 1e21, -1.7976931348623157e308, 5e-324, 0.30000000000000004, 42]) {
        const text = weightText(x);
        assert.equal(Number(text), x, text);
        assert.equal(text, String(x));
      }
    });

    it('writes -0 as 0', () => {
      assert.equal(weightText(-0), '0');
      assert.equal(weightText(-1e-9, 2), '-1e-9');
    });

    it('rounds to significant digits when asked', () => {
      assert.equal(weightText(3.32871666294728, 4), '3.329');
      assert.equal(weightText(-0.000123456, 2), '-0.00012');
      assert.equal(weightText(123456.7, 3), '123000');
      assert.equal(weightText(-0.0004, 1), '-0.0004');
      assert.equal(writtenValue(1 / 3, { digits: 3 }), 0.333);
      assert.equal(writtenValue(1 / 3), 1 / 3);
      // Rounding the largest double up would overflow: it keeps its digits instead.
      assert.equal(weightText(-1.7976931348623157e308, 3), '-1.7976931348623157e+308');
    });

    it('refuses numbers that are not finite', () => {
      assert.throws(() => weightText(NaN), /not a finite number/);
      assert.throws(() => weightText(Infinity), /not a finite number/);
    });
  });

  describe('applyEdits', () => {
    const at = (line: number, a: number, b = a): TextEdit['range'] => ({ start: { line, character: a }, end: { line, character: b } });

    it('applies edits given in any order', () => {
      const text = 'ab\ncd\nef';
      assert.equal(applyEdits(text, [{ range: at(2, 0, 1), newText: 'E' }, { range: at(0, 1, 2), newText: 'BB' }]), 'aBB\ncd\nEf');
    });

    it('counts lines across \\r\\n, \\r and \\n, and after a byte-order mark', () => {
      assert.equal(applyEdits('\ufeffx\r\ny\rz\nw', [{ range: at(0, 0, 1), newText: 'X' }, { range: at(2, 0, 1), newText: 'Z' }, { range: at(3, 1), newText: '!' }]), '\ufeffX\r\ny\rZ\nw!');
    });

    it('keeps the order of insertions at one position', () => {
      assert.equal(applyEdits('ab', [{ range: at(0, 1), newText: '1' }, { range: at(0, 1), newText: '2' }]), 'a12b');
    });

    it('replaces across lines', () => {
      assert.equal(applyEdits('one\ntwo\nthree', [{ range: { start: { line: 0, character: 1 }, end: { line: 2, character: 2 } }, newText: '-' }]), 'o-ree');
    });

    it('refuses overlapping edits', () => {
      assert.throws(() => applyEdits('abcdef', [{ range: at(0, 0, 3), newText: 'x' }, { range: at(0, 2, 4), newText: 'y' }]), /overlap/);
    });
  });

  describe('the examples', () => {
    for (const name of unitExamples()) {
      it(`${name}: reads back exactly the weights written, comments kept`, () => {
        const file = path.join(EXAMPLES, name);
        const text = fs.readFileSync(file, 'utf8');
        const network = load(text, file);
        for (const seed of [1, 2, 3]) {
          const weights = randomWeights(network, seed);
          const result = rewrite(text, weights, undefined, file);
          assertWeights(result.network, weights);
          assert.deepEqual(commentTexts(result.text), commentTexts(text));
          assert.deepEqual(result.network.samples.length, network.samples.length);
          assert.deepEqual(result.network.train, { ...network.train, range: result.network.train.range });
          // Written again with the same weights, nothing changes.
          assert.deepEqual(weightEdits(result.text, result.network, weights), []);
        }
        const rounded = randomWeights(network, 9);
        assertWeights(rewrite(text, rounded, 5, file).network, writtenWeights(network, rounded, { digits: 5 }));
      });
    }

    it('with the tree an incremental re-check kept (options.tree), makes the edits a fresh parse makes', () => {
      let tested = 0;
      for (const name of unitExamples()) {
        const file = path.join(EXAMPLES, name);
        const original = fs.readFileSync(file, 'utf8');
        const readData = createDataReader(file);
        // An edit inside one line (a comment added to the last weight line), re-checked from the previous tree as the server does.
        const first = check(original, { readData });
        const lines = original.split('\n');
        const at = lines.findIndex((l, i) => i > 0 && /->\s*\S+\s*=/.test(l) && !/#/.test(l));
        if (at < 0) continue;
        lines[at] += ' # edited';
        const text = lines.join('\n');
        // (Only where the re-check splices the tree: an edit on a line that opens a matrix is parsed afresh.)
        if (!reparse(parsedOf(original, first)!, text)) continue;
        const kept = recheck(parsedOf(original, first), text, { readData });
        assert.ok(kept.network && !kept.hasErrors, name);
        tested++;
        const weights = randomWeights(kept.network, 4);
        assert.deepEqual(weightEdits(text, kept.network, weights, { tree: kept.tree }), weightEdits(text, kept.network, weights), name);
      }
      assert.ok(tested >= 3, `${tested} examples have a weight line to edit`);
    });

    it("heaton-xor.nnet: only the numbers of the weight lines change; the rest of each line stays", () => {
      const text = fs.readFileSync(path.join(EXAMPLES, 'heaton-xor.nnet'), 'utf8');
      const network = load(text);
      const weights = network.weights.map((m) => Float64Array.from(m.values));
      weights[0][0] = 3.32871666294728; // I1 -> H1 = -0.07
      weights[1][2] = -2.5; // B2 -> O1 = 0.78
      const result = rewrite(text, weights);
      assert.equal(result.edits.length, 2);
      const before = text.split('\n');
      const after = result.text.split('\n');
      assert.equal(after.length, before.length);
      const changed = after.map((l, i) => (l === before[i] ? -1 : i)).filter((i) => i >= 0);
      assert.deepEqual(
        changed.map((i) => after[i]),
        ['I1 -> H1 = 3.32871666294728', 'B2 -> O1 =  -2.5'],
      );
    });

    it('keeps the spelling of a number whose value stays (0.10 stays 0.10)', () => {
      const text = fs.readFileSync(path.join(EXAMPLES, 'heaton-xor.nnet'), 'utf8');
      const network = load(text);
      assert.deepEqual(weightEdits(text, network, network.weights.map((m) => m.values)), []);
      const weights = network.weights.map((m) => Float64Array.from(m.values));
      weights[0][0] = 1;
      const result = rewrite(text, weights);
      assert.match(result.text, /^B1 -> H2 = {2}0\.10$/m);
    });

    it('rounds only the weights that change: fixed (unchanged) weights keep every digit', () => {
      const text = ['layer in a bias', 'layer out y z', 'a -> y = 0.123456789 fixed', 'B1 -> y = 0.5', 'a -> z = 0.987654321 fixed', 'B1 -> z = 0.25', 'loss mse', 'sample 1 -> 1 1', ''].join('\n');
      const network = load(text);
      const weights = [Float64Array.from([0.123456789, 0.5123456, 0.987654321, 0.3333333])];
      const result = rewrite(text, weights, 2);
      assert.equal(result.text, text.replace('B1 -> y = 0.5', 'B1 -> y = 0.51').replace('B1 -> z = 0.25', 'B1 -> z = 0.33'));
      assert.deepEqual(Array.from(writtenWeights(network, weights, { digits: 2 })[0]), [0.123456789, 0.51, 0.987654321, 0.33]);
      assertWeights(result.network, writtenWeights(network, weights, { digits: 2 }));
    });

    it('matrix.nnet: a multi-line matrix is re-aligned as nnet fmt aligns it; comments stay aligned', () => {
      const text = fs.readFileSync(path.join(EXAMPLES, 'matrix.nnet'), 'utf8');
      assert.equal(format(text), text, 'the example is formatted');
      const weights = [Float64Array.from([106.44622673809214, -112.21, 35.96, 153.77, -794.8234280600692, -117.00683406608498]), Float64Array.from([-10.9, 41.88, 3.4])];
      const result = rewrite(text, weights);
      assert.ok(
        result.text.includes(
          [
            'weights input -> hidden = [',
            '  106.44622673809214  -112.21               35.96              # H1 <- I1 I2 B1',
            '  153.77              -794.8234280600692  -117.00683406608498  # H2 <- I1 I2 B1',
            ']',
            'weights hidden -> output = [-10.9 41.88 3.4]',
          ].join('\n'),
        ),
        result.text,
      );
      assert.equal(format(result.text), result.text, 'still formatted');
    });

    it('matrix.nnet: shorter numbers pull the aligned comments back', () => {
      const text = fs.readFileSync(path.join(EXAMPLES, 'matrix.nnet'), 'utf8');
      const network = load(text);
      const result = rewrite(text, [Float64Array.from([1, 2, 3, 4, 5, 6]), Float64Array.from([7, 8, 9])]);
      assert.ok(result.text.includes('weights input -> hidden = [\n  1  2  3  # H1 <- I1 I2 B1\n  4  5  6  # H2 <- I1 I2 B1\n]\n'), result.text);
      assert.equal(format(result.text), result.text);
      assertWeights(result.network, network.weights.map((_, k) => (k === 0 ? Float64Array.from([1, 2, 3, 4, 5, 6]) : Float64Array.from([7, 8, 9]))));
    });

    it('digits.nnet: each `init` becomes an explicit matrix, rows = destination nodes, columns = sources then bias', () => {
      const file = path.join(EXAMPLES, 'digits.nnet');
      const text = fs.readFileSync(file, 'utf8');
      const network = load(text, file);
      const weights = randomWeights(network, 4);
      const result = rewrite(text, weights, undefined, file);
      const lines = result.text.split('\n');
      const start = lines.indexOf('weights x -> h = [');
      assert.ok(start > 0, result.text.slice(0, 500));
      const rows = lines.slice(start + 1, start + 33);
      assert.equal(lines[start + 33], ']');
      assert.equal(lines[start + 34], 'weights h -> y = [');
      assert.equal(Math.min(...rows.map((r) => r.length - r.trimStart().length)), 2, 'rows indented by two spaces');
      for (const row of rows) {
        assert.equal(row.trim().split(/ +/).length, 64); // x has no bias
      }
      // Columns aligned on the decimal point, as `nnet fmt` prints matrices.
      assert.equal(format(result.text).split('\n').slice(start, start + 34).join('\n'), lines.slice(start, start + 34).join('\n'));
      assert.equal(lines[start + 34 + 11], ']');
      for (const row of lines.slice(start + 35, start + 45)) assert.equal(row.trim().split(/ +/).length, 33); // 32 nodes of h and its bias
      assertWeights(result.network, weights);
      assert.ok(result.network.weights.every((m) => m.origins.every((o) => o?.kind === 'matrix')));
    });
  });

  describe('init pairs', () => {
    const header = ['layer in a b bias', 'layer out y z sigmoid', ''];
    const tail = ['', 'loss mse', 'sample 1 0 -> 1 0', ''];

    it('keeps `fixed` and a trailing comment (which moves to the `[` line)', () => {
      const text = [...header, 'weights in -> out = init uniform -0.5 0.5 seed 3 fixed   # start small', ...tail].join('\n');
      assert.equal(load(text).weights[0].origins[0]?.kind, 'init');
      const weights = [Float64Array.from([0.25, -1.5, 10, 0.125, 2, -3])];
      const result = rewrite(text, weights);
      assert.ok(result.text.includes(['weights in -> out = [  # start small', '  0.25   -1.5  10', '  0.125   2    -3', '] fixed', ''].join('\n')), result.text);
      assertWeights(result.network, weights);
      assert.deepEqual(Array.from(result.network.weights[0].fixed), [1, 1, 1, 1, 1, 1]);
    });

    it('keeps an indented statement indented', () => {
      const text = [...header, '  weights in -> out = init xavier', ...tail].join('\n');
      const weights = [Float64Array.from([1, 2, 3, 4, 5, 6])];
      const result = rewrite(text, weights);
      assert.ok(result.text.includes('  weights in -> out = [\n    1  2  3\n    4  5  6\n  ]\n'), result.text);
      assertWeights(result.network, weights);
    });

    it('a pair whose values all stay keeps its init', () => {
      const text = [...header, 'weights in -> out = init he seed 5', ...tail].join('\n');
      const network = load(text);
      assert.deepEqual(weightEdits(text, network, network.weights.map((m) => m.values)), []);
    });

    it('an init with single lines overriding it becomes weight lines (a matrix would clash with them)', () => {
      const text = [...header, 'weights in -> out = init uniform -1 1 seed 2 fixed  # mostly fixed', 'a -> z = 0.5', 'B1 -> y = 0.75 fixed', ...tail].join('\n');
      const network = load(text);
      assert.deepEqual(Array.from(network.weights[0].fixed), [1, 1, 1, 1, 1, 1]);
      const weights = [Float64Array.from([1.5, 2.5, 3.5, 4.5, 5.5, 6.5])];
      const result = rewrite(text, weights);
      assert.ok(
        result.text.includes(['a -> y  = 1.5 fixed', 'b -> y  = 2.5 fixed', 'b -> z  = 5.5 fixed', 'B1 -> z = 6.5 fixed  # mostly fixed', 'a -> z = 4.5 fixed', 'B1 -> y = 3.5 fixed'].join('\n')),
        result.text,
      );
      assertWeights(result.network, weights);
      assert.deepEqual(Array.from(result.network.weights[0].fixed), [1, 1, 1, 1, 1, 1]);
    });
  });

  describe('line breaks and encodings', () => {
    it('keeps CRLF line breaks, also in a matrix made from an init', () => {
      const text = ['\ufeff# bom and crlf', 'layer in a bias', 'layer out y', 'weights in -> out = init zeros', 'loss mse', 'sample 1 -> 1', ''].join('\r\n');
      const weights = [Float64Array.from([0.5, -0.25])];
      const result = rewrite(text, weights);
      assert.equal(result.text, ['\ufeff# bom and crlf', 'layer in a bias', 'layer out y', 'weights in -> out = [', '  0.5  -0.25', ']', 'loss mse', 'sample 1 -> 1', ''].join('\r\n'));
      assertWeights(result.network, weights);
    });
  });

  describe('bad input', () => {
    const text = fs.readFileSync(path.join(EXAMPLES, 'heaton-xor.nnet'), 'utf8');
    const network = load(text);

    it('refuses non-finite weights, naming the weight', () => {
      const weights = network.weights.map((m) => Float64Array.from(m.values));
      weights[1][1] = NaN;
      assert.throws(() => weightEdits(text, network, weights), /weight H2 -> O1: NaN is not a finite number/);
    });

    it('refuses weights of the wrong shape', () => {
      assert.throws(() => weightEdits(text, network, [network.weights[0].values]), /expected weights for 2 layer pairs/);
      assert.throws(() => weightEdits(text, network, [new Float64Array(6), new Float64Array(2)]), /expected 3 weights, got 2/);
    });

    it('refuses a network that does not belong to the text', () => {
      const other = load(fs.readFileSync(path.join(EXAMPLES, 'matrix.nnet'), 'utf8'));
      assert.throws(() => weightEdits(text, other, other.weights.map((m) => Float64Array.from(m.values, (v) => v + 1))), /no 'weights' statement at line 10/);
    });
  });

  describe('random networks in every notation', () => {
    /** A random network text: 2–4 layers, weights as lines, one-line or multi-line matrices, inits (with overrides), comments, fixed. */
    function randomNetwork(seed: number): string {
      const random = new Random(seed, 7);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random.nextDouble() * items.length)];
      const int = (lo: number, hi: number): number => lo + Math.floor(random.nextDouble() * (hi - lo + 1));
      const num = (): string => pick(['0', '-0.5', '0.10', '1e-3', '.25', '-12', '3.14159', '-0.000007', '+2'])!;
      const layerCount = int(2, 4);
      const layers: { name: string; nodes: string[]; bias?: string }[] = [];
      const lines: string[] = ['# random network', `network r${seed}`];
      for (let k = 0; k < layerCount; k++) {
        const name = k === 0 ? 'input' : k === layerCount - 1 ? 'output' : `hidden${k}`;
        const count = int(1, 4);
        const array = random.nextDouble() < 0.3;
        const nodes = Array.from({ length: count }, (_, i) => (array ? `n${k}x${i + 1}` : `N${k}_${i + 1}`));
        const bias = k < layerCount - 1 && random.nextDouble() < 0.7 ? `B${k + 1}` : undefined;
        layers.push({ name, nodes, bias });
        const spec = array ? `n${k}x[${count}]` : nodes.join(' ');
        lines.push(`layer ${name} ${spec}${k > 0 ? ` ${pick(['sigmoid', 'tanh', 'linear'])}` : ''}${bias ? ` bias ${bias}` : ''}`);
      }
      for (let k = 0; k + 1 < layerCount; k++) {
        const from = layers[k];
        const to = layers[k + 1];
        const sources = [...from.nodes, ...(from.bias ? [from.bias] : [])];
        const style = pick(['lines', 'inline', 'matrix', 'ragged', 'init', 'override']);
        const fixed = random.nextDouble() < 0.25 ? ' fixed' : '';
        const comment = random.nextDouble() < 0.5 ? `  # pair ${k}` : '';
        if (style === 'lines') {
          for (const t of to.nodes) for (const s of sources) lines.push(`${s} -> ${t} = ${num()}${random.nextDouble() < 0.3 ? ' fixed' : ''}${random.nextDouble() < 0.3 ? '   # w' : ''}`);
        } else if (style === 'inline') {
          lines.push(`weights ${from.name} -> ${to.name} = [${to.nodes.map(() => sources.map(num).join(' ')).join('; ')}]${fixed}${comment}`);
        } else if (style === 'matrix' || style === 'ragged') {
          lines.push(`weights ${from.name} -> ${to.name} = [${random.nextDouble() < 0.3 ? '  # open' : ''}`);
          for (const t of to.nodes) {
            const cells = sources.map(num);
            const row = style === 'matrix' ? `  ${cells.join('  ')}` : `${' '.repeat(int(0, 4))}${cells.join(' '.repeat(int(1, 3)))}`;
            lines.push(`${row}${random.nextDouble() < 0.6 ? `  # ${t}` : ''}`);
            if (random.nextDouble() < 0.2) lines.push('  # a comment line inside');
          }
          lines.push(`]${fixed}${comment}`);
        } else {
          lines.push(`weights ${from.name} -> ${to.name} = init ${pick(['zeros', 'xavier', 'he', 'uniform -0.3 0.3'])} seed ${int(0, 99)}${fixed}${comment}`);
          if (style === 'override') {
            lines.push(`${sources[0]} -> ${to.nodes[0]} = ${num()}${random.nextDouble() < 0.5 ? ' fixed' : ''}`);
          }
        }
        if (random.nextDouble() < 0.3) lines.push('');
      }
      lines.push('loss mse', 'train backprop rate 0.5 epochs 3');
      const inputs = layers[0].nodes.map(() => '0.5').join(' ');
      const targets = layers[layers.length - 1].nodes.map(() => '1').join(' ');
      lines.push(`sample ${inputs} -> ${targets}`, '');
      return lines.join(random.nextDouble() < 0.2 ? '\r\n' : '\n');
    }

    it('300 networks: the rewritten text reads back to exactly the written weights, fixed flags and comments kept', () => {
      let conversions = 0;
      let aligned = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const text = randomNetwork(seed);
        const network = load(text);
        const weights = randomWeights(network, seed);
        const result = rewrite(text, weights);
        assertWeights(result.network, weights);
        result.network.weights.forEach((m, k) => assert.deepEqual(Array.from(m.fixed), Array.from(network.weights[k].fixed), `fixed flags, seed ${seed}`));
        assert.deepEqual(commentTexts(result.text), commentTexts(text), `comments, seed ${seed}`);
        assert.equal(result.text.includes('\r\n'), text.includes('\r\n'));
        if (text.includes('\r\n')) assert.doesNotMatch(result.text.replace(/\r\n/g, ''), /[\r\n]/, 'only CRLF');
        assert.deepEqual(weightEdits(result.text, result.network, weights), [], `idempotent, seed ${seed}`);
        const rounded = rewrite(text, weights, 3);
        assertWeights(rounded.network, writtenWeights(network, weights, { digits: 3 }));
        if (network.weights.some((m) => m.origins.some((o) => o?.kind === 'init'))) conversions++;
        if (/\n {2}\S.*\n {2}\S/.test(result.text)) aligned++;
      }
      // The generator did exercise the interesting cases.
      assert.ok(conversions > 50, `${conversions} networks with init`);
      assert.ok(aligned > 50, `${aligned} networks with multi-line matrices`);
    });
  });
});
