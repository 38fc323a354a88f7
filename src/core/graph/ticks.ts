// Round tick values for a linear chart axis. Pure: used by the graph panel's charts.

/** The most ticks an axis ever gets, whatever the inputs. */
export const MAX_TICKS = 50;

export interface Ticks {
  /** Increasing tick values inside [lo, hi] (up to rounding: at most step·1e-9 beyond hi), all finite. */
  readonly values: number[];
  /** The distance between neighbouring ticks (0 when there is only one value or none). */
  readonly step: number;
}

/**
 * About `count` round tick values (multiples of 1, 2, 2.5 or 5 × 10^k) covering [lo, hi].
 * Terminates for every input: the loop runs over an integer index bounded by MAX_TICKS,
 * never by adding `step` to a float (which stalls where step is below the float spacing,
 * e.g. [1e17, 1e17 + 16]).
 */
export function niceTicks(lo: number, hi: number, count = 5): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return { values: [], step: 0 };
  if (!(hi > lo)) return { values: [lo], step: 0 };
  const n = Number.isFinite(count) ? Math.min(MAX_TICKS, Math.max(1, Math.floor(count))) : 5;
  // hi/n - lo/n instead of (hi - lo)/n: the difference of two huge numbers may overflow.
  const raw = hi / n - lo / n;
  const exponent = Math.floor(Math.log10(raw));
  const magnitude = Math.pow(10, exponent);
  const multiple = [1, 2, 2.5, 5].find((m) => m * magnitude >= raw) ?? 10;
  const step = multiple * magnitude;
  // k·step as k·multiple / 10^-exponent where that is exact-ish (3 × 0.2 gives 0.6, not 0.6000000000000001).
  const divisor = exponent < 0 && exponent > -300 ? Math.pow(10, -exponent) : 0;
  const at = (k: number): number => (divisor ? (k * multiple) / divisor : k * step);
  if (!(step > 0) || !Number.isFinite(step)) return { values: [lo, hi], step: 0 };
  const first = Math.ceil(lo / step);
  const last = Math.floor(hi / step + 1e-9);
  // Mathematically last - first ≤ n + 1; float rounding can only make it wrong, never large.
  const span = Math.min(MAX_TICKS - 1, Math.max(-1, last - first));
  const values: number[] = [];
  for (let i = 0; i <= span; i++) {
    let v = at(first + i);
    if (Math.abs(v) < step * 1e-9) v = 0;
    // Where step is below the float spacing near lo, neighbouring indices round to one value.
    if (v < lo - step * 1e-9 || v > hi + step * 1e-9) continue;
    if (values.length > 0 && v <= values[values.length - 1]) continue;
    values.push(v);
  }
  return { values, step };
}
