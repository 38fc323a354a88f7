// The two line charts: E as a function of one weight (with the tangent and the next step),
// and the error curve of the last training run. Plain SVG, themed by CSS classes.

import { h, r2, s, tooltip } from './dom';
import { fmt, fmtTick } from './format';
import { maxOf, minOf, niceTicks, type CurveView, type TrainingView } from '../src/core';

export const W = 360;
export const H = 210;
export const PAD = { left: 54, right: 14, top: 12, bottom: 34 };

interface Scale {
  (v: number): number;
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
}

export function linear(lo: number, hi: number, from: number, to: number): Scale {
  const span = hi - lo || 1;
  const f = ((v: number) => from + ((v - lo) / span) * (to - from)) as Scale;
  return Object.assign(f, { lo, hi, log: false });
}

function logarithmic(lo: number, hi: number, from: number, to: number): Scale {
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const span = b - a || 1;
  const f = ((v: number) => from + ((Math.log10(Math.max(v, lo)) - a) / span) * (to - from)) as Scale;
  return Object.assign(f, { lo, hi, log: true });
}

function logTicks(lo: number, hi: number): number[] {
  const values: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    const v = Math.pow(10, e);
    if (v >= lo * 0.999 && v <= hi * 1.001) values.push(v);
  }
  return values;
}

/** Axes with ticks and labels into `g`; returns the plot's clip path id. */
export function axes(g: SVGGElement, x: Scale, y: Scale, xLabel: string, yLabel: string, clipId: string): void {
  const left = PAD.left;
  const right = W - PAD.right;
  const top = PAD.top;
  const bottom = H - PAD.bottom;
  g.appendChild(s('defs', {}, s('clipPath', { id: clipId }, s('rect', { x: left, y: top, width: right - left, height: bottom - top }))));
  g.appendChild(s('rect', { class: 'plot-area', x: left, y: top, width: right - left, height: bottom - top }));
  const xt = x.log ? { values: logTicks(x.lo, x.hi), step: 0 } : niceTicks(x.lo, x.hi, 5);
  for (const v of xt.values) {
    const px = r2(x(v));
    g.appendChild(s('line', { class: 'grid', x1: px, x2: px, y1: top, y2: bottom }));
    g.appendChild(s('text', { class: 'tick', x: px, y: bottom + 14, 'text-anchor': 'middle' }, x.log ? fmt(v, 2) : fmtTick(v, xt.step)));
  }
  const yt = y.log ? { values: logTicks(y.lo, y.hi), step: 0 } : niceTicks(y.lo, y.hi, 4);
  for (const v of yt.values) {
    const py = r2(y(v));
    g.appendChild(s('line', { class: 'grid', x1: left, x2: right, y1: py, y2: py }));
    g.appendChild(s('text', { class: 'tick', x: left - 5, y: py + 3.5, 'text-anchor': 'end' }, y.log ? fmt(v, 2) : fmtTick(v, yt.step)));
  }
  g.appendChild(s('text', { class: 'axis-label', x: (left + right) / 2, y: H - 4, 'text-anchor': 'middle' }, xLabel));
  g.appendChild(s('text', { class: 'axis-label', x: 12, y: (top + bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(top + bottom) / 2})` }, yLabel));
}

export function path(points: readonly (readonly [number, number] | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${r2(p[0])},${r2(p[1])}`;
    pen = true;
  }
  return d;
}

let clipCounter = 0;

/** E(w) for the selected weight: the curve, the tangent at w, the next step. */
export function renderCurve(curve: CurveView, precision: number): { chart: SVGSVGElement; facts: HTMLElement } {
  const clipId = `clip-curve-${++clipCounter}`;
  const svg = s('svg', { class: 'chart curve-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `E as a function of w(${curve.from}→${curve.to})` });
  const finite = curve.errors.filter((e): e is number => e !== null);
  const extra = [curve.error, curve.next?.error].filter((e): e is number => e !== null && e !== undefined);
  let lo = minOf(finite.concat(extra));
  let hi = maxOf(finite.concat(extra));
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    lo = 0;
    hi = 1;
  }
  const margin = (hi - lo) * 0.08 || Math.max(Math.abs(hi) * 0.1, 1e-6);
  const x = linear(curve.values[0], curve.values[curve.values.length - 1], PAD.left, W - PAD.right);
  const y = linear(lo - margin, hi + margin, H - PAD.bottom, PAD.top);
  const g = s('g');
  axes(g, x, y, `w(${curve.from}→${curve.to})`, 'E', clipId);
  const plot = s('g', { 'clip-path': `url(#${clipId})` });
  plot.appendChild(s('path', { class: 'curve-line', d: path(curve.values.map((v, i) => (curve.errors[i] === null ? null : [x(v), y(curve.errors[i]!)]))) }));
  if (curve.error !== null && curve.slope !== null) {
    const span = (x.hi - x.lo) * 0.32;
    const t = (w: number): [number, number] => [x(w), y(curve.error! + curve.slope! * (w - curve.value))];
    plot.appendChild(s('path', { class: 'tangent', d: path([t(curve.value - span), t(curve.value + span)]) }, tooltip(`tangent: slope ∂E/∂w = ${fmt(curve.slope, precision)}`)));
  }
  if (curve.next && curve.next.error !== null && curve.error !== null) {
    const from = [x(curve.value), y(curve.error)] as const;
    const to = [x(curve.next.value), y(curve.next.error)] as const;
    // The step along w, drawn at the bottom of the plot, and the point it reaches on the curve.
    const base = H - PAD.bottom - 6;
    plot.appendChild(s('path', { class: 'step-arrow', d: path([[from[0], base], [to[0], base]]) }));
    plot.appendChild(s('path', { class: 'step-drop', d: path([[to[0], base], to]) }));
    plot.appendChild(
      s('circle', { class: 'next-point', cx: r2(to[0]), cy: r2(to[1]), r: 7 }, tooltip(`after the next step: w = ${fmt(curve.next.value, precision)}, E = ${fmt(curve.next.error, precision)}`)),
    );
  }
  if (curve.error !== null) {
    plot.appendChild(s('circle', { class: 'current-point', cx: r2(x(curve.value)), cy: r2(y(curve.error)), r: 4.5 }, tooltip(`now: w = ${fmt(curve.value, precision)}, E = ${fmt(curve.error, precision)}`)));
  }
  g.appendChild(plot);
  svg.appendChild(g);

  const heaton = curve.convention === 'heaton';
  const facts = h(
    'div',
    { class: 'facts' },
    h('p', {}, h('span', { class: 'swatch current' }), `now: w = ${fmt(curve.value, precision)}, E = ${fmt(curve.error, precision)}`),
    h(
      'p',
      {},
      h('span', { class: 'swatch tangent' }),
      `tangent slope ∂E/∂w = ${fmt(curve.slope, precision)}`,
      heaton ? ` (Heaton’s g = −∂E/∂w = ${fmt(curve.gradient, precision)})` : '',
    ),
    curve.next
      ? h(
          'p',
          {},
          h('span', { class: 'swatch next' }),
          `next step: Δw = ${fmt(curve.next.deltaW, precision)} → w = ${fmt(curve.next.value, precision)}, E = ${fmt(curve.next.error, precision)}`,
        )
      : h('p', {}, curve.fixed ? 'This weight is fixed: training leaves it where it is.' : 'No next step.'),
    h('p', { class: 'caption' }, `${curve.caption}. All other weights held.`),
  );
  return { chart: svg, facts };
}

/** The error of each epoch of the last training run. */
export function renderTraining(run: TrainingView, precision: number): { chart: SVGSVGElement; facts: HTMLElement } {
  const clipId = `clip-train-${++clipCounter}`;
  const svg = s('svg', { class: 'chart training-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Training error (${run.measure}) per epoch` });
  const points: [number, number][] = [];
  run.epochs.forEach((e, i) => {
    const v = run.errors[i];
    if (v !== null) points.push([e, v]);
  });
  const lastEpoch = run.epochs.length ? run.epochs[run.epochs.length - 1] : 0;
  const xHi = Math.max(run.running ? Math.min(run.maxEpochs, Math.max(lastEpoch * 1.25, 10)) : lastEpoch, 1);
  const values = points.map((p) => p[1]);
  if (run.until !== null) values.push(run.until);
  let lo = minOf(values, 0);
  let hi = maxOf(values, 1);
  const useLog = lo > 0 && hi / lo > 20;
  let y: Scale;
  if (useLog) {
    lo = Math.pow(10, Math.floor(Math.log10(lo)));
    hi = Math.pow(10, Math.ceil(Math.log10(hi)));
    y = logarithmic(lo, hi, H - PAD.bottom, PAD.top);
  } else {
    if (!(hi > lo)) {
      hi = lo + (Math.abs(lo) || 1);
      lo = Math.min(0, lo);
    }
    y = linear(Math.min(0, lo), hi * 1.05, H - PAD.bottom, PAD.top);
  }
  const x = linear(points.length ? Math.min(1, points[0][0]) : 0, xHi, PAD.left, W - PAD.right);
  const g = s('g');
  axes(g, x, y, 'epoch', `${run.measure}${useLog ? ' (log)' : ''}`, clipId);
  const plot = s('g', { 'clip-path': `url(#${clipId})` });
  if (run.until !== null && run.until > 0) {
    const py = y(run.until);
    plot.appendChild(s('line', { class: 'until-line', x1: PAD.left, x2: W - PAD.right, y1: r2(py), y2: r2(py) }, tooltip(`target error (until) ${fmt(run.until, precision)}`)));
  }
  plot.appendChild(s('path', { class: 'training-line', d: path(points.map(([e, v]) => [x(e), y(v)])) }));
  g.appendChild(plot);
  svg.appendChild(g);
  const last = points.length ? points[points.length - 1] : undefined;
  const state = run.running ? `training… epoch ${lastEpoch.toLocaleString('en-US')} of ${run.maxEpochs.toLocaleString('en-US')}` : `${lastEpoch.toLocaleString('en-US')} epochs; ${run.stop}`;
  const facts = h(
    'div',
    { class: 'facts' },
    h('p', { 'aria-live': 'polite' }, state),
    last ? h('p', {}, `${run.measure} ${fmt(last[1], precision)}${run.until !== null ? ` (target ${fmt(run.until, precision)})` : ''}`) : null,
  );
  return { chart: svg, facts };
}
