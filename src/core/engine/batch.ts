// The fast path, beside the readable reference kernel (kernel.ts): it is register-blocked and
// longer than the 500-line limit on purpose (test/unit/architecture/file-size.test.ts).
// Mini-batches at once: the forward pass, output δ, backward pass and gradient accumulation of
// kernel.ts for up to `capacity` samples together, so that each weight row is loaded once per
// chunk of samples instead of once per sample. Same calculus convention, same formulas:
//   • forward: net[b][r] = Σ_c w[r][c]·out[b][c] (+ bias) as a blocked matrix product, then
//     `activate` from activations.ts on the whole block (softmax: one sample's row at a time).
//   • output δ and E: kernel.ts's `outputDelta` itself, called on a Workspace of views onto
//     sample b's rows, so the formulas are the same code.
//   • backward: δ[b][c] = f′[b][c] · Σ_r w[r][c]·δ_next[b][r].
//   • gradients: G[r][c] += Σ_b δ[b][r]·out[b][c] (+ the bias column).
// Buffers are made once per (spec, capacity) and reused; nothing allocates per sample or batch.
//
// Agreement with the per-sample path: the backward sums (over r, in order) and the gradient sums
// (over the samples, in order) add the same terms in the same order as kernel.ts, so they are
// bit-identical given the same δ and outputs. Only the forward dot products are summed in a
// different order (one chain per node, c = 0, 1, … instead of kernel.ts's four interleaved
// chains), which changes net, and everything after it, in the last bits. The order does not
// depend on a sample's place in the chunk or on the chunk size, so neither changes any result.
// kernel.ts skips terms whose δ is 0; adding 0·x instead changes nothing unless x is not finite,
// so a layer whose outputs (gradients) or weights (backward: detected as a NaN sum) are not all
// finite goes through exact copies of kernel.ts's skipping loops.
import { activate } from './activations';
import { columns, type EngineSpec, outputDelta, type Workspace } from './kernel';

/** Samples processed together at most; larger batches are worked through in chunks of this many. */
export const BATCH_CHUNK = 64;

/**
 * Per layer, `capacity` samples' rows back to back (sample-major: node i of sample b at
 * b·size + i). Layer 0's net is its out (the inputs); its f′ (1) and, unless it is the output
 * layer, its δ (0) are a single row that every sample shares.
 */
export interface BatchWorkspace {
  readonly capacity: number;
  readonly net: readonly Float64Array[];
  readonly out: readonly Float64Array[];
  readonly fprime: readonly Float64Array[];
  readonly delta: readonly Float64Array[];
  /** E of each sample of the last `batchForward`. */
  readonly errors: Float64Array;
  /** Sample b's rows as a kernel Workspace (subarray views, made once). */
  readonly samples: readonly Workspace[];
}

export function createBatchWorkspace(spec: EngineSpec, capacity: number): BatchWorkspace {
  const cap = Math.max(1, Math.floor(capacity));
  const layers = spec.sizes.length;
  const block = (k: number): Float64Array => new Float64Array(cap * spec.sizes[k]);
  const out = spec.sizes.map((_, k) => block(k));
  // Layer 0: net is out (the inputs); f′ = 1 as kernel.ts sets it and δ = 0 (unless it is the
  // output layer) are never written, so every sample shares one row of each.
  const net = spec.sizes.map((_, k) => (k === 0 ? out[0] : block(k)));
  const fprime = spec.sizes.map((n, k) => (k === 0 ? new Float64Array(n).fill(1) : block(k)));
  const delta = spec.sizes.map((n, k) => (k === 0 && layers > 1 ? new Float64Array(n) : block(k)));
  const view = (a: Float64Array, k: number, b: number): Float64Array => {
    const n = spec.sizes[k];
    return a.length === n * cap ? a.subarray(b * n, (b + 1) * n) : a;
  };
  const samples: Workspace[] = [];
  for (let b = 0; b < cap; b++) {
    samples.push({
      net: net.map((a, k) => view(a, k, b)),
      out: out.map((a, k) => view(a, k, b)),
      fprime: fprime.map((a, k) => view(a, k, b)),
      delta: delta.map((a, k) => view(a, k, b)),
    });
  }
  return { capacity: cap, net, out, fprime, delta, errors: new Float64Array(cap), samples };
}

/**
 * Forward pass and output δ for `count` (≤ capacity) samples: sample b is
 * `order[start + b]` (or `start + b` without an order). Sets `bw.errors[b]` to each sample's E
 * and returns the first b whose E is not finite, or −1.
 */
export function batchForward(
  spec: EngineSpec,
  bw: BatchWorkspace,
  inputs: ArrayLike<number>,
  inputSize: number,
  targets: ArrayLike<number>,
  targetSize: number,
  order: ArrayLike<number> | undefined,
  start: number,
  count: number,
): number {
  if (count > bw.capacity) throw new RangeError(`${count} samples do not fit a batch workspace of ${bw.capacity}`);
  const n0 = spec.sizes[0];
  const x = bw.out[0];
  for (let b = 0; b < count; b++) {
    const s = order ? order[start + b] : start + b;
    const from = s * inputSize;
    const to = b * n0;
    for (let i = 0; i < n0; i++) x[to + i] = inputs[from + i];
  }
  const layers = spec.sizes.length;
  for (let k = 0; k + 1 < layers; k++) {
    const rows = spec.sizes[k + 1];
    forwardLayer(spec.weights[k], columns(spec, k), spec.sizes[k], rows, spec.bias[k], bw.out[k], count, bw.net[k + 1]);
    const activation = spec.activations[k + 1];
    if (activation === 'softmax') {
      // Softmax couples a sample's nodes: one row at a time.
      for (let b = 0; b < count; b++) {
        const ws = bw.samples[b];
        activate(activation, ws.net[k + 1], ws.out[k + 1], ws.fprime[k + 1], rows);
      }
    } else {
      activate(activation, bw.net[k + 1], bw.out[k + 1], bw.fprime[k + 1], count * rows);
    }
  }
  let bad = -1;
  for (let b = 0; b < count; b++) {
    const s = order ? order[start + b] : start + b;
    const e = outputDelta(spec, bw.samples[b], targets, s * targetSize);
    bw.errors[b] = e;
    if (bad < 0 && !Number.isFinite(e)) bad = b;
  }
  return bad;
}

/** Back-propagates the output δ of the last `batchForward` and adds every sample's ∂E/∂w to `grads`. */
export function batchBackward(spec: EngineSpec, bw: BatchWorkspace, grads: readonly Float64Array[], count: number): void {
  const layers = spec.sizes.length;
  for (let k = layers - 2; k >= 1; k--) {
    const w = spec.weights[k];
    const n = spec.sizes[k];
    const cols = columns(spec, k);
    const rows = spec.sizes[k + 1];
    const ok = backwardLayer(w, cols, n, rows, bw.delta[k + 1], count, bw.delta[k], bw.fprime[k]);
    if (!ok) backwardLayerSkipping(w, cols, n, rows, bw.delta[k + 1], count, bw.delta[k], bw.fprime[k]);
  }
  for (let k = 0; k + 1 < layers; k++) {
    const n = spec.sizes[k];
    const rows = spec.sizes[k + 1];
    const cols = columns(spec, k);
    if (allFinite(bw.out[k], count * n)) gradientLayer(grads[k], cols, n, rows, spec.bias[k], bw.out[k], count, bw.delta[k + 1]);
    else gradientLayerSkipping(grads[k], cols, n, rows, spec.bias[k], bw.out[k], count, bw.delta[k + 1]);
  }
}

/**
 * ∂E/∂w summed over samples `order[start … start + count)` (any count: worked through in chunks
 * of the workspace's capacity), added to `grads`. Returns ΣE.
 */
export function batchGradientsInto(
  spec: EngineSpec,
  bw: BatchWorkspace,
  grads: readonly Float64Array[],
  inputs: ArrayLike<number>,
  inputSize: number,
  targets: ArrayLike<number>,
  targetSize: number,
  order: ArrayLike<number> | undefined,
  start: number,
  count: number,
): number {
  let error = 0;
  for (let from = start; from < start + count; from += bw.capacity) {
    const m = Math.min(bw.capacity, start + count - from);
    batchForward(spec, bw, inputs, inputSize, targets, targetSize, order, from, m);
    for (let b = 0; b < m; b++) error += bw.errors[b];
    batchBackward(spec, bw, grads, m);
  }
  return error;
}

/** Whether a[0 … n) are all finite: x·0 is ±0 for a finite x and NaN otherwise (four sums keep the loop fast). */
export function allFinite(a: Float64Array, n: number): boolean {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[i] * 0;
    s1 += a[i + 1] * 0;
    s2 += a[i + 2] * 0;
    s3 += a[i + 3] * 0;
  }
  // The last four again rather than only the 0–3 left over: a tail loop that runs on some calls
  // only made V8 deoptimize this function on every such call.
  for (let j = Math.max(0, n - 4); j < n; j++) s0 += a[j] * 0;
  return s0 + s1 + s2 + s3 === 0;
}

// ── kernels ───────────────────────────────────────────────────────────────────────────────
// All three are register-blocked "axpy" loops over tiles of 8 nodes × 8 samples (then 4, then 1
// sample for the rest): the tile's 64 numbers (inputs, or δ) sit in locals, and the inner loop
// streams along rows, loading 8 numbers and updating 8 sums with 64 multiply-adds per step. In
// V8 this runs about twice as fast as dot-product tiles, whose running sums do not fit the
// registers. Layouts: w rows × cols row-major (cols = n, + 1 with the bias last); per-layer
// buffers sample-major (node i of sample b at b·size + i). Letters p, q, s, t, v, x, y, z name
// samples b … b + 7 of a tile, digits 0–7 the tile's nodes.

/**
 * net[b][r] = Σ_c w[r][c]·src[b][c] (+ w[r][n]), c in order. src: m × n, net: m × rows.
 * Tiles of 8 inputs × 8 samples in locals; the inner loop runs down w's rows (8 weights each).
 */
function forwardLayer(w: Float64Array, cols: number, n: number, rows: number, hasBias: boolean, src: Float64Array, m: number, net: Float64Array): void {
  net.fill(0, 0, m * rows);
  let c = 0;
  for (; c + 7 < n; c += 8) {
    let b = 0;
    for (; b + 7 < m; b += 8) {
      const ip = b * n + c;
      const iq = ip + n;
      const is = iq + n;
      const it = is + n;
      const iv = it + n;
      const ix = iv + n;
      const iy = ix + n;
      const iz = iy + n;
      const p0 = src[ip], p1 = src[ip + 1], p2 = src[ip + 2], p3 = src[ip + 3], p4 = src[ip + 4], p5 = src[ip + 5], p6 = src[ip + 6], p7 = src[ip + 7];
      const q0 = src[iq], q1 = src[iq + 1], q2 = src[iq + 2], q3 = src[iq + 3], q4 = src[iq + 4], q5 = src[iq + 5], q6 = src[iq + 6], q7 = src[iq + 7];
      const s0 = src[is], s1 = src[is + 1], s2 = src[is + 2], s3 = src[is + 3], s4 = src[is + 4], s5 = src[is + 5], s6 = src[is + 6], s7 = src[is + 7];
      const t0 = src[it], t1 = src[it + 1], t2 = src[it + 2], t3 = src[it + 3], t4 = src[it + 4], t5 = src[it + 5], t6 = src[it + 6], t7 = src[it + 7];
      const v0 = src[iv], v1 = src[iv + 1], v2 = src[iv + 2], v3 = src[iv + 3], v4 = src[iv + 4], v5 = src[iv + 5], v6 = src[iv + 6], v7 = src[iv + 7];
      const x0 = src[ix], x1 = src[ix + 1], x2 = src[ix + 2], x3 = src[ix + 3], x4 = src[ix + 4], x5 = src[ix + 5], x6 = src[ix + 6], x7 = src[ix + 7];
      const y0 = src[iy], y1 = src[iy + 1], y2 = src[iy + 2], y3 = src[iy + 3], y4 = src[iy + 4], y5 = src[iy + 5], y6 = src[iy + 6], y7 = src[iy + 7];
      const z0 = src[iz], z1 = src[iz + 1], z2 = src[iz + 2], z3 = src[iz + 3], z4 = src[iz + 4], z5 = src[iz + 5], z6 = src[iz + 6], z7 = src[iz + 7];
      const op = b * rows;
      const oq = op + rows;
      const os = oq + rows;
      const ot = os + rows;
      const ov = ot + rows;
      const ox = ov + rows;
      const oy = ox + rows;
      const oz = oy + rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) {
        const u0 = w[i], u1 = w[i + 1], u2 = w[i + 2], u3 = w[i + 3], u4 = w[i + 4], u5 = w[i + 5], u6 = w[i + 6], u7 = w[i + 7];
        net[op + r] = net[op + r] + u0 * p0 + u1 * p1 + u2 * p2 + u3 * p3 + u4 * p4 + u5 * p5 + u6 * p6 + u7 * p7;
        net[oq + r] = net[oq + r] + u0 * q0 + u1 * q1 + u2 * q2 + u3 * q3 + u4 * q4 + u5 * q5 + u6 * q6 + u7 * q7;
        net[os + r] = net[os + r] + u0 * s0 + u1 * s1 + u2 * s2 + u3 * s3 + u4 * s4 + u5 * s5 + u6 * s6 + u7 * s7;
        net[ot + r] = net[ot + r] + u0 * t0 + u1 * t1 + u2 * t2 + u3 * t3 + u4 * t4 + u5 * t5 + u6 * t6 + u7 * t7;
        net[ov + r] = net[ov + r] + u0 * v0 + u1 * v1 + u2 * v2 + u3 * v3 + u4 * v4 + u5 * v5 + u6 * v6 + u7 * v7;
        net[ox + r] = net[ox + r] + u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3 + u4 * x4 + u5 * x5 + u6 * x6 + u7 * x7;
        net[oy + r] = net[oy + r] + u0 * y0 + u1 * y1 + u2 * y2 + u3 * y3 + u4 * y4 + u5 * y5 + u6 * y6 + u7 * y7;
        net[oz + r] = net[oz + r] + u0 * z0 + u1 * z1 + u2 * z2 + u3 * z3 + u4 * z4 + u5 * z5 + u6 * z6 + u7 * z7;
      }
    }
    for (; b + 3 < m; b += 4) {
      const ip = b * n + c;
      const iq = ip + n;
      const is = iq + n;
      const it = is + n;
      const p0 = src[ip], p1 = src[ip + 1], p2 = src[ip + 2], p3 = src[ip + 3], p4 = src[ip + 4], p5 = src[ip + 5], p6 = src[ip + 6], p7 = src[ip + 7];
      const q0 = src[iq], q1 = src[iq + 1], q2 = src[iq + 2], q3 = src[iq + 3], q4 = src[iq + 4], q5 = src[iq + 5], q6 = src[iq + 6], q7 = src[iq + 7];
      const s0 = src[is], s1 = src[is + 1], s2 = src[is + 2], s3 = src[is + 3], s4 = src[is + 4], s5 = src[is + 5], s6 = src[is + 6], s7 = src[is + 7];
      const t0 = src[it], t1 = src[it + 1], t2 = src[it + 2], t3 = src[it + 3], t4 = src[it + 4], t5 = src[it + 5], t6 = src[it + 6], t7 = src[it + 7];
      const op = b * rows;
      const oq = op + rows;
      const os = oq + rows;
      const ot = os + rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) {
        const u0 = w[i], u1 = w[i + 1], u2 = w[i + 2], u3 = w[i + 3], u4 = w[i + 4], u5 = w[i + 5], u6 = w[i + 6], u7 = w[i + 7];
        net[op + r] = net[op + r] + u0 * p0 + u1 * p1 + u2 * p2 + u3 * p3 + u4 * p4 + u5 * p5 + u6 * p6 + u7 * p7;
        net[oq + r] = net[oq + r] + u0 * q0 + u1 * q1 + u2 * q2 + u3 * q3 + u4 * q4 + u5 * q5 + u6 * q6 + u7 * q7;
        net[os + r] = net[os + r] + u0 * s0 + u1 * s1 + u2 * s2 + u3 * s3 + u4 * s4 + u5 * s5 + u6 * s6 + u7 * s7;
        net[ot + r] = net[ot + r] + u0 * t0 + u1 * t1 + u2 * t2 + u3 * t3 + u4 * t4 + u5 * t5 + u6 * t6 + u7 * t7;
      }
    }
    for (; b < m; b++) {
      const ip = b * n + c;
      const p0 = src[ip], p1 = src[ip + 1], p2 = src[ip + 2], p3 = src[ip + 3], p4 = src[ip + 4], p5 = src[ip + 5], p6 = src[ip + 6], p7 = src[ip + 7];
      const op = b * rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) {
        const u0 = w[i], u1 = w[i + 1], u2 = w[i + 2], u3 = w[i + 3], u4 = w[i + 4], u5 = w[i + 5], u6 = w[i + 6], u7 = w[i + 7];
        net[op + r] = net[op + r] + u0 * p0 + u1 * p1 + u2 * p2 + u3 * p3 + u4 * p4 + u5 * p5 + u6 * p6 + u7 * p7;
      }
    }
  }
  for (; c < n; c++) {
    for (let b = 0; b < m; b++) {
      const p = src[b * n + c];
      const o = b * rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) net[o + r] += w[i] * p;
    }
  }
  // The bias comes last, as in kernel.ts.
  if (hasBias) {
    for (let b = 0; b < m; b++) {
      const o = b * rows;
      for (let r = 0; r < rows; r++) net[o + r] += w[r * cols + n];
    }
  }
}

/**
 * δ[b][c] = f′[b][c] · Σ_r w[r][c]·next[b][r] for c < n (the bias has no δ), r in order from
 * +0 as kernel.ts adds them. next: m × rows, delta and fp: m × n. Tiles of 8 rows' δ × 8
 * samples in locals; the inner loop runs along the columns (8 weights, 8 sums). Returns false if
 * a sum came out NaN, where kernel.ts's skipping of δ = 0 might have given a number (w not finite).
 */
function backwardLayer(w: Float64Array, cols: number, n: number, rows: number, next: Float64Array, m: number, delta: Float64Array, fp: Float64Array): boolean {
  delta.fill(0, 0, m * n);
  let r = 0;
  for (; r + 7 < rows; r += 8) {
    const w0 = r * cols;
    const w1 = w0 + cols;
    const w2 = w1 + cols;
    const w3 = w2 + cols;
    const w4 = w3 + cols;
    const w5 = w4 + cols;
    const w6 = w5 + cols;
    const w7 = w6 + cols;
    let b = 0;
    for (; b + 7 < m; b += 8) {
      const ep = b * rows + r;
      const eq = ep + rows;
      const es = eq + rows;
      const et = es + rows;
      const ev = et + rows;
      const ex = ev + rows;
      const ey = ex + rows;
      const ez = ey + rows;
      if (zeroTile(next, ep, rows, 8)) continue;
      const p0 = next[ep], p1 = next[ep + 1], p2 = next[ep + 2], p3 = next[ep + 3], p4 = next[ep + 4], p5 = next[ep + 5], p6 = next[ep + 6], p7 = next[ep + 7];
      const q0 = next[eq], q1 = next[eq + 1], q2 = next[eq + 2], q3 = next[eq + 3], q4 = next[eq + 4], q5 = next[eq + 5], q6 = next[eq + 6], q7 = next[eq + 7];
      const s0 = next[es], s1 = next[es + 1], s2 = next[es + 2], s3 = next[es + 3], s4 = next[es + 4], s5 = next[es + 5], s6 = next[es + 6], s7 = next[es + 7];
      const t0 = next[et], t1 = next[et + 1], t2 = next[et + 2], t3 = next[et + 3], t4 = next[et + 4], t5 = next[et + 5], t6 = next[et + 6], t7 = next[et + 7];
      const v0 = next[ev], v1 = next[ev + 1], v2 = next[ev + 2], v3 = next[ev + 3], v4 = next[ev + 4], v5 = next[ev + 5], v6 = next[ev + 6], v7 = next[ev + 7];
      const x0 = next[ex], x1 = next[ex + 1], x2 = next[ex + 2], x3 = next[ex + 3], x4 = next[ex + 4], x5 = next[ex + 5], x6 = next[ex + 6], x7 = next[ex + 7];
      const y0 = next[ey], y1 = next[ey + 1], y2 = next[ey + 2], y3 = next[ey + 3], y4 = next[ey + 4], y5 = next[ey + 5], y6 = next[ey + 6], y7 = next[ey + 7];
      const z0 = next[ez], z1 = next[ez + 1], z2 = next[ez + 2], z3 = next[ez + 3], z4 = next[ez + 4], z5 = next[ez + 5], z6 = next[ez + 6], z7 = next[ez + 7];
      const dp = b * n;
      const dq = dp + n;
      const ds = dq + n;
      const dt = ds + n;
      const dv = dt + n;
      const dx = dv + n;
      const dy = dx + n;
      const dz = dy + n;
      for (let c = 0; c < n; c++) {
        const u0 = w[w0 + c], u1 = w[w1 + c], u2 = w[w2 + c], u3 = w[w3 + c], u4 = w[w4 + c], u5 = w[w5 + c], u6 = w[w6 + c], u7 = w[w7 + c];
        delta[dp + c] = delta[dp + c] + u0 * p0 + u1 * p1 + u2 * p2 + u3 * p3 + u4 * p4 + u5 * p5 + u6 * p6 + u7 * p7;
        delta[dq + c] = delta[dq + c] + u0 * q0 + u1 * q1 + u2 * q2 + u3 * q3 + u4 * q4 + u5 * q5 + u6 * q6 + u7 * q7;
        delta[ds + c] = delta[ds + c] + u0 * s0 + u1 * s1 + u2 * s2 + u3 * s3 + u4 * s4 + u5 * s5 + u6 * s6 + u7 * s7;
        delta[dt + c] = delta[dt + c] + u0 * t0 + u1 * t1 + u2 * t2 + u3 * t3 + u4 * t4 + u5 * t5 + u6 * t6 + u7 * t7;
        delta[dv + c] = delta[dv + c] + u0 * v0 + u1 * v1 + u2 * v2 + u3 * v3 + u4 * v4 + u5 * v5 + u6 * v6 + u7 * v7;
        delta[dx + c] = delta[dx + c] + u0 * x0 + u1 * x1 + u2 * x2 + u3 * x3 + u4 * x4 + u5 * x5 + u6 * x6 + u7 * x7;
        delta[dy + c] = delta[dy + c] + u0 * y0 + u1 * y1 + u2 * y2 + u3 * y3 + u4 * y4 + u5 * y5 + u6 * y6 + u7 * y7;
        delta[dz + c] = delta[dz + c] + u0 * z0 + u1 * z1 + u2 * z2 + u3 * z3 + u4 * z4 + u5 * z5 + u6 * z6 + u7 * z7;
      }
    }
    for (; b + 3 < m; b += 4) {
      const ep = b * rows + r;
      const eq = ep + rows;
      const es = eq + rows;
      const et = es + rows;
      if (zeroTile(next, ep, rows, 4)) continue;
      const p0 = next[ep], p1 = next[ep + 1], p2 = next[ep + 2], p3 = next[ep + 3], p4 = next[ep + 4], p5 = next[ep + 5], p6 = next[ep + 6], p7 = next[ep + 7];
      const q0 = next[eq], q1 = next[eq + 1], q2 = next[eq + 2], q3 = next[eq + 3], q4 = next[eq + 4], q5 = next[eq + 5], q6 = next[eq + 6], q7 = next[eq + 7];
      const s0 = next[es], s1 = next[es + 1], s2 = next[es + 2], s3 = next[es + 3], s4 = next[es + 4], s5 = next[es + 5], s6 = next[es + 6], s7 = next[es + 7];
      const t0 = next[et], t1 = next[et + 1], t2 = next[et + 2], t3 = next[et + 3], t4 = next[et + 4], t5 = next[et + 5], t6 = next[et + 6], t7 = next[et + 7];
      const dp = b * n;
      const dq = dp + n;
      const ds = dq + n;
      const dt = ds + n;
      for (let c = 0; c < n; c++) {
        const u0 = w[w0 + c], u1 = w[w1 + c], u2 = w[w2 + c], u3 = w[w3 + c], u4 = w[w4 + c], u5 = w[w5 + c], u6 = w[w6 + c], u7 = w[w7 + c];
        delta[dp + c] = delta[dp + c] + u0 * p0 + u1 * p1 + u2 * p2 + u3 * p3 + u4 * p4 + u5 * p5 + u6 * p6 + u7 * p7;
        delta[dq + c] = delta[dq + c] + u0 * q0 + u1 * q1 + u2 * q2 + u3 * q3 + u4 * q4 + u5 * q5 + u6 * q6 + u7 * q7;
        delta[ds + c] = delta[ds + c] + u0 * s0 + u1 * s1 + u2 * s2 + u3 * s3 + u4 * s4 + u5 * s5 + u6 * s6 + u7 * s7;
        delta[dt + c] = delta[dt + c] + u0 * t0 + u1 * t1 + u2 * t2 + u3 * t3 + u4 * t4 + u5 * t5 + u6 * t6 + u7 * t7;
      }
    }
    for (; b < m; b++) {
      const ep = b * rows + r;
      if (zeroTile(next, ep, rows, 1)) continue;
      const p0 = next[ep], p1 = next[ep + 1], p2 = next[ep + 2], p3 = next[ep + 3], p4 = next[ep + 4], p5 = next[ep + 5], p6 = next[ep + 6], p7 = next[ep + 7];
      const dp = b * n;
      for (let c = 0; c < n; c++) {
        const u0 = w[w0 + c], u1 = w[w1 + c], u2 = w[w2 + c], u3 = w[w3 + c], u4 = w[w4 + c], u5 = w[w5 + c], u6 = w[w6 + c], u7 = w[w7 + c];
        delta[dp + c] = delta[dp + c] + u0 * p0 + u1 * p1 + u2 * p2 + u3 * p3 + u4 * p4 + u5 * p5 + u6 * p6 + u7 * p7;
      }
    }
  }
  for (; r < rows; r++) {
    const w0 = r * cols;
    for (let b = 0; b < m; b++) {
      const p = next[b * rows + r];
      if (p === 0) continue;
      const d = b * n;
      for (let c = 0; c < n; c++) delta[d + c] += w[w0 + c] * p;
    }
  }
  let nan = false;
  for (let i = 0; i < m * n; i++) {
    const v = delta[i];
    if (v !== v) nan = true;
    delta[i] = v * fp[i];
  }
  return !nan;
}

/** Whether nodes at … at + 7 of `samples` consecutive samples (rows `stride` apart) are all 0: nothing to add. */
function zeroTile(a: Float64Array, at: number, stride: number, samples: number): boolean {
  for (let j = 0, o = at; j < samples; j++, o += stride) for (let i = 0; i < 8; i++) if (a[o + i] !== 0) return false;
  return true;
}

/** kernel.ts's `backward` for one layer, sample by sample: rows whose δ is 0 are skipped. */
function backwardLayerSkipping(w: Float64Array, cols: number, n: number, rows: number, next: Float64Array, m: number, delta: Float64Array, fp: Float64Array): void {
  for (let b = 0; b < m; b++) {
    const e = b * rows;
    const o = b * n;
    delta.fill(0, o, o + n);
    for (let r = 0; r < rows; r++) {
      const d = next[e + r];
      if (d === 0) continue;
      const base = r * cols;
      for (let c = 0; c < n; c++) delta[o + c] += w[base + c] * d;
    }
    for (let c = 0; c < n; c++) delta[o + c] *= fp[o + c];
  }
}

/**
 * g[r][c] += Σ_b delta[b][r]·src[b][c] and g[r][n] += Σ_b delta[b][r] (with a bias), each
 * element adding the samples in order b = 0, 1, … as kernel.ts's per-sample loop does.
 * src: m × n, delta: m × rows. Tiles of 8 inputs × 8 samples in locals, as in forwardLayer; the
 * inner loop runs down the rows (8 δ, 8 gradients).
 */
function gradientLayer(g: Float64Array, cols: number, n: number, rows: number, hasBias: boolean, src: Float64Array, m: number, delta: Float64Array): void {
  let c = 0;
  for (; c + 7 < n; c += 8) {
    let b = 0;
    for (; b + 7 < m; b += 8) {
      const ip = b * n + c;
      const iq = ip + n;
      const is = iq + n;
      const it = is + n;
      const iv = it + n;
      const ix = iv + n;
      const iy = ix + n;
      const iz = iy + n;
      const p0 = src[ip], p1 = src[ip + 1], p2 = src[ip + 2], p3 = src[ip + 3], p4 = src[ip + 4], p5 = src[ip + 5], p6 = src[ip + 6], p7 = src[ip + 7];
      const q0 = src[iq], q1 = src[iq + 1], q2 = src[iq + 2], q3 = src[iq + 3], q4 = src[iq + 4], q5 = src[iq + 5], q6 = src[iq + 6], q7 = src[iq + 7];
      const s0 = src[is], s1 = src[is + 1], s2 = src[is + 2], s3 = src[is + 3], s4 = src[is + 4], s5 = src[is + 5], s6 = src[is + 6], s7 = src[is + 7];
      const t0 = src[it], t1 = src[it + 1], t2 = src[it + 2], t3 = src[it + 3], t4 = src[it + 4], t5 = src[it + 5], t6 = src[it + 6], t7 = src[it + 7];
      const v0 = src[iv], v1 = src[iv + 1], v2 = src[iv + 2], v3 = src[iv + 3], v4 = src[iv + 4], v5 = src[iv + 5], v6 = src[iv + 6], v7 = src[iv + 7];
      const x0 = src[ix], x1 = src[ix + 1], x2 = src[ix + 2], x3 = src[ix + 3], x4 = src[ix + 4], x5 = src[ix + 5], x6 = src[ix + 6], x7 = src[ix + 7];
      const y0 = src[iy], y1 = src[iy + 1], y2 = src[iy + 2], y3 = src[iy + 3], y4 = src[iy + 4], y5 = src[iy + 5], y6 = src[iy + 6], y7 = src[iy + 7];
      const z0 = src[iz], z1 = src[iz + 1], z2 = src[iz + 2], z3 = src[iz + 3], z4 = src[iz + 4], z5 = src[iz + 5], z6 = src[iz + 6], z7 = src[iz + 7];
      const ep = b * rows;
      const eq = ep + rows;
      const es = eq + rows;
      const et = es + rows;
      const ev = et + rows;
      const ex = ev + rows;
      const ey = ex + rows;
      const ez = ey + rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) {
        const dp = delta[ep + r], dq = delta[eq + r], ds = delta[es + r], dt = delta[et + r], dv = delta[ev + r], dx = delta[ex + r], dy = delta[ey + r], dz = delta[ez + r];
        g[i] = g[i] + dp * p0 + dq * q0 + ds * s0 + dt * t0 + dv * v0 + dx * x0 + dy * y0 + dz * z0;
        g[i + 1] = g[i + 1] + dp * p1 + dq * q1 + ds * s1 + dt * t1 + dv * v1 + dx * x1 + dy * y1 + dz * z1;
        g[i + 2] = g[i + 2] + dp * p2 + dq * q2 + ds * s2 + dt * t2 + dv * v2 + dx * x2 + dy * y2 + dz * z2;
        g[i + 3] = g[i + 3] + dp * p3 + dq * q3 + ds * s3 + dt * t3 + dv * v3 + dx * x3 + dy * y3 + dz * z3;
        g[i + 4] = g[i + 4] + dp * p4 + dq * q4 + ds * s4 + dt * t4 + dv * v4 + dx * x4 + dy * y4 + dz * z4;
        g[i + 5] = g[i + 5] + dp * p5 + dq * q5 + ds * s5 + dt * t5 + dv * v5 + dx * x5 + dy * y5 + dz * z5;
        g[i + 6] = g[i + 6] + dp * p6 + dq * q6 + ds * s6 + dt * t6 + dv * v6 + dx * x6 + dy * y6 + dz * z6;
        g[i + 7] = g[i + 7] + dp * p7 + dq * q7 + ds * s7 + dt * t7 + dv * v7 + dx * x7 + dy * y7 + dz * z7;
      }
    }
    for (; b + 3 < m; b += 4) {
      const ip = b * n + c;
      const iq = ip + n;
      const is = iq + n;
      const it = is + n;
      const p0 = src[ip], p1 = src[ip + 1], p2 = src[ip + 2], p3 = src[ip + 3], p4 = src[ip + 4], p5 = src[ip + 5], p6 = src[ip + 6], p7 = src[ip + 7];
      const q0 = src[iq], q1 = src[iq + 1], q2 = src[iq + 2], q3 = src[iq + 3], q4 = src[iq + 4], q5 = src[iq + 5], q6 = src[iq + 6], q7 = src[iq + 7];
      const s0 = src[is], s1 = src[is + 1], s2 = src[is + 2], s3 = src[is + 3], s4 = src[is + 4], s5 = src[is + 5], s6 = src[is + 6], s7 = src[is + 7];
      const t0 = src[it], t1 = src[it + 1], t2 = src[it + 2], t3 = src[it + 3], t4 = src[it + 4], t5 = src[it + 5], t6 = src[it + 6], t7 = src[it + 7];
      const ep = b * rows;
      const eq = ep + rows;
      const es = eq + rows;
      const et = es + rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) {
        const dp = delta[ep + r], dq = delta[eq + r], ds = delta[es + r], dt = delta[et + r];
        g[i] = g[i] + dp * p0 + dq * q0 + ds * s0 + dt * t0;
        g[i + 1] = g[i + 1] + dp * p1 + dq * q1 + ds * s1 + dt * t1;
        g[i + 2] = g[i + 2] + dp * p2 + dq * q2 + ds * s2 + dt * t2;
        g[i + 3] = g[i + 3] + dp * p3 + dq * q3 + ds * s3 + dt * t3;
        g[i + 4] = g[i + 4] + dp * p4 + dq * q4 + ds * s4 + dt * t4;
        g[i + 5] = g[i + 5] + dp * p5 + dq * q5 + ds * s5 + dt * t5;
        g[i + 6] = g[i + 6] + dp * p6 + dq * q6 + ds * s6 + dt * t6;
        g[i + 7] = g[i + 7] + dp * p7 + dq * q7 + ds * s7 + dt * t7;
      }
    }
    for (; b < m; b++) {
      const ip = b * n + c;
      const p0 = src[ip], p1 = src[ip + 1], p2 = src[ip + 2], p3 = src[ip + 3], p4 = src[ip + 4], p5 = src[ip + 5], p6 = src[ip + 6], p7 = src[ip + 7];
      const ep = b * rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) {
        const dp = delta[ep + r];
        g[i] = g[i] + dp * p0;
        g[i + 1] = g[i + 1] + dp * p1;
        g[i + 2] = g[i + 2] + dp * p2;
        g[i + 3] = g[i + 3] + dp * p3;
        g[i + 4] = g[i + 4] + dp * p4;
        g[i + 5] = g[i + 5] + dp * p5;
        g[i + 6] = g[i + 6] + dp * p6;
        g[i + 7] = g[i + 7] + dp * p7;
      }
    }
  }
  for (; c < n; c++) {
    for (let b = 0; b < m; b++) {
      const p = src[b * n + c];
      const e = b * rows;
      for (let r = 0, i = c; r < rows; r++, i += cols) g[i] += delta[e + r] * p;
    }
  }
  if (hasBias) {
    for (let r = 0; r < rows; r++) {
      let sum = g[r * cols + n];
      for (let b = 0; b < m; b++) sum += delta[b * rows + r];
      g[r * cols + n] = sum;
    }
  }
}

/** kernel.ts's `accumulateGradients` for one layer, sample by sample: rows whose δ is 0 are skipped. */
function gradientLayerSkipping(g: Float64Array, cols: number, n: number, rows: number, hasBias: boolean, src: Float64Array, m: number, delta: Float64Array): void {
  for (let b = 0; b < m; b++) {
    const x = b * n;
    for (let r = 0; r < rows; r++) {
      const d = delta[b * rows + r];
      if (d === 0) continue;
      const base = r * cols;
      for (let c = 0; c < n; c++) g[base + c] += d * src[x + c];
      if (hasBias) g[base + n] += d;
    }
  }
}
