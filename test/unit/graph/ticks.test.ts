// The chart tick helper: round values, and termination for every finite range (it used to
// loop forever on [1e17, 1e17 + 16], where a tick step is below the float spacing).
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_TICKS, niceTicks } from '../../../src/core/graph';

const RUNS = Math.max(1, Math.min(20_000, Number(process.env.NNET_PROPERTY_RUNS) || 2000));

/** Everything a tick list must satisfy, whatever the range. */
function assertWellFormed(lo: number, hi: number, count: number): void {
  const { values, step } = niceTicks(lo, hi, count);
  const where = `niceTicks(${lo}, ${hi}, ${count}) = ${JSON.stringify({ values, step })}`;
  assert.ok(values.length <= MAX_TICKS, where);
  assert.ok(Number.isFinite(step) && step >= 0, where);
  for (let i = 0; i < values.length; i++) {
    assert.ok(Number.isFinite(values[i]), where);
    assert.ok(values[i] >= lo - step * 1e-9 && values[i] <= hi + step * 1e-9, `${where}: ${values[i]} outside the range`);
    if (i > 0) assert.ok(values[i] > values[i - 1], `${where}: not increasing`);
  }
}

describe('graph: niceTicks', () => {
  it('gives round values for ordinary ranges', () => {
    assert.deepEqual(niceTicks(0, 1, 5), { values: [0, 0.2, 0.4, 0.6, 0.8, 1], step: 0.2 });
    assert.deepEqual(niceTicks(0, 1000, 5), { values: [0, 200, 400, 600, 800, 1000], step: 200 });
    assert.deepEqual(niceTicks(-1, 1, 4), { values: [-1, -0.5, 0, 0.5, 1], step: 0.5 });
    assert.deepEqual(niceTicks(-7.3, -2.1, 5), { values: [-6, -4], step: 2 });
    assert.deepEqual(niceTicks(-7.3, -2.1, 10), { values: [-7, -6, -5, -4, -3], step: 1 });
    assert.deepEqual(niceTicks(0, 0.7, 4), { values: [0, 0.2, 0.4, 0.6], step: 0.2 });
    assert.deepEqual(niceTicks(0, 2500, 4), { values: [0, 1000, 2000], step: 1000 });
  });

  it('terminates on [1e17, 1e17 + 16], where the step is below the float spacing', () => {
    const t = niceTicks(1e17, 1e17 + 16, 5);
    assert.ok(t.values.length >= 1 && t.values.length <= 2, JSON.stringify(t));
    assertWellFormed(1e17, 1e17 + 16, 5);
    assertWellFormed(-1e17 - 16, -1e17, 4);
    assertWellFormed(2 ** 60, 2 ** 60 + 2 ** 8, 5);
  });

  it('handles equal ends, tiny, huge and extreme ranges', () => {
    assert.deepEqual(niceTicks(3, 3), { values: [3], step: 0 });
    assert.deepEqual(niceTicks(5, 1), { values: [5], step: 0 });
    assert.deepEqual(niceTicks(NaN, 1), { values: [], step: 0 });
    assert.deepEqual(niceTicks(0, Infinity), { values: [], step: 0 });
    for (const [lo, hi] of [
      [0, Number.MIN_VALUE],
      [-Number.MIN_VALUE, Number.MIN_VALUE],
      [1, 1 + Number.EPSILON],
      [1e-300, 2e-300],
      [-Number.MAX_VALUE, Number.MAX_VALUE],
      [0, Number.MAX_VALUE],
      [Number.MAX_VALUE / 2, Number.MAX_VALUE],
      [-1e308, -1e307],
    ]) {
      for (const count of [0, 1, 4, 5, 1e9, NaN]) assertWellFormed(lo, hi, count);
    }
  });

  it('has round ticks (at least two from count 4 up) whenever the range is well above the float spacing', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.double({ min: 1e-6, max: 1e12, noNaN: true }), fc.integer({ min: 2, max: 10 }), (lo, width, count) => {
        const hi = lo + width;
        fc.pre(width > Math.abs(lo) * 1e-6);
        const { values, step } = niceTicks(lo, hi, count);
        assert.ok(values.length >= (count >= 4 ? 2 : 1) && values.length <= 2 * count + 2, JSON.stringify({ lo, hi, count, values }));
        // Every tick is a whole multiple of the step.
        for (const v of values) assert.ok(Math.abs(v / step - Math.round(v / step)) < 1e-6, `${v} / ${step}`);
        const mantissa = step / Math.pow(10, Math.floor(Math.log10(step) + 1e-12));
        assert.ok([1, 2, 2.5, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-9), `step ${step}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('terminates with a well-formed answer for every finite range (property)', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(finite, finite, fc.integer({ min: -3, max: 100 }), (a, b, count) => {
        assertWellFormed(Math.min(a, b), Math.max(a, b), count);
      }),
      { numRuns: RUNS },
    );
    // Near-equal ends at every magnitude: [x, next float above x + k ulps].
    fc.assert(
      fc.property(finite, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 12 }), (x, ulps, count) => {
        let hi = x;
        for (let i = 0; i < ulps; i++) hi = nextUp(hi);
        if (Number.isFinite(hi)) assertWellFormed(x, hi, count);
      }),
      { numRuns: RUNS },
    );
  });
});

/** The next double above x (x finite). */
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const bits = buf.getBigUint64(0);
  buf.setBigUint64(0, x > 0 ? bits + 1n : bits - 1n);
  return buf.getFloat64(0);
}
