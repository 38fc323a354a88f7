// Loops for what `push(...xs)` and `Math.max(...xs)` would do: a spread puts every element on
// the stack and throws beyond ~100k elements, so data-sized arrays go through these instead
// (test/unit/hostile/no-spread.test.ts fails on any spread into a call).

/** Appends every item of `items` to `target` (like `target.push(...items)`); returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `empty` when there are none (like `Math.max(...values)`, NaN included). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = -Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (Number.isNaN(v)) return NaN;
    if (v > max) max = v;
  }
  return any ? max : empty;
}

/** The smallest of `values`, or `empty` when there are none (like `Math.min(...values)`, NaN included). */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let min = Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (Number.isNaN(v)) return NaN;
    if (v < min) min = v;
  }
  return any ? min : empty;
}
