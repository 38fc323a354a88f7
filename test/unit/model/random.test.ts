import * as assert from 'node:assert/strict';
import { Random } from '../../../src/core/model/random';
import { initialise } from '../../../src/core/model/init';

// Expected values printed by the reference C implementation of xoshiro128** 1.1
// (prng.di.unimi.it) seeded through splitmix32 with the constants documented in random.ts,
// compiled with gcc on 2026-11-26 (see docs/language.md, "Initialisers").
const REFERENCE: Record<number, number[]> = {
  0: [3809008728, 1133695204, 53579671, 2891528803, 139681546, 2203266335],
  7: [1004282400, 2200021487, 1928073449, 741806228, 2429532727, 2033801169],
  4294967295: [835879718, 1921286648, 2356205009, 1885780724, 980451116, 1053911718],
};

describe('model/random', () => {
  for (const [seed, expected] of Object.entries(REFERENCE)) {
    it(`matches the C reference for seed ${seed}`, () => {
      const random = new Random(Number(seed));
      assert.deepEqual(expected.map(() => random.nextUint32()), expected);
    });
  }

  it('mixes the stream number into the seed', () => {
    const random = new Random(7, 1);
    assert.deepEqual([random.nextUint32(), random.nextUint32(), random.nextUint32()], [4206691405, 2688601978, 1579418019]);
  });

  it('builds doubles from 53 bits exactly as the reference does', () => {
    const random = new Random(7);
    assert.deepEqual([random.nextDouble(), random.nextDouble(), random.nextDouble()], [0.2338277214186818, 0.44891458133395923, 0.5656696667785289]);
  });

  it('stays in [0, 1) over many draws', () => {
    const random = new Random(123);
    let min = 1;
    let max = 0;
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const x = random.nextDouble();
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    assert.ok(min >= 0 && max < 1);
    assert.ok(Math.abs(sum / n - 0.5) < 0.01, `mean ${sum / n}`);
  });
});

describe('model/init', () => {
  const shape = { rows: 4, sources: 3, hasBias: true };

  it('zeros', () => {
    assert.deepEqual([...initialise('zeros', [], 1, shape)], new Array(16).fill(0));
  });

  it('uniform A B stays within [A, B) and is reproducible', () => {
    const a = initialise('uniform', [-0.5, 0.5], 9, shape);
    const b = initialise('uniform', [-0.5, 0.5], 9, shape);
    assert.deepEqual(a, b);
    assert.ok([...a].every((v) => v >= -0.5 && v < 0.5));
    assert.notDeepEqual(a, initialise('uniform', [-0.5, 0.5], 10, shape));
  });

  it('xavier and he use their limits and zero biases', () => {
    const xavier = initialise('xavier', [], 3, shape);
    const he = initialise('he', [], 3, shape);
    const xavierLimit = Math.sqrt(6 / (3 + 4));
    const heLimit = Math.sqrt(6 / 3);
    for (let r = 0; r < 4; r++) {
      assert.equal(xavier[r * 4 + 3], 0);
      assert.equal(he[r * 4 + 3], 0);
      for (let c = 0; c < 3; c++) {
        assert.ok(Math.abs(xavier[r * 4 + c]) < xavierLimit);
        // Same draws, other limit: the ratio is the ratio of limits.
        assert.ok(Math.abs(he[r * 4 + c] / xavier[r * 4 + c] - heLimit / xavierLimit) < 1e-12);
      }
    }
  });

  it('nguyen-widrow gives every row a source-weight norm of β and biases within ±β', () => {
    const values = initialise('nguyen-widrow', [], 5, shape);
    const beta = 0.7 * Math.pow(4, 1 / 3);
    for (let r = 0; r < 4; r++) {
      const norm = Math.hypot(values[r * 4], values[r * 4 + 1], values[r * 4 + 2]);
      assert.ok(Math.abs(norm - beta) < 1e-12, `row ${r}: ${norm} vs ${beta}`);
      assert.ok(Math.abs(values[r * 4 + 3]) <= beta);
    }
  });

  it('different streams give unrelated matrices for one seed', () => {
    const a = initialise('uniform', [0, 1], 7, shape, 0);
    const b = initialise('uniform', [0, 1], 7, shape, 1);
    assert.notDeepEqual(a, b);
  });
});
