// The real-data cards of the graph panel: training and test curves (loss, and accuracy for
// classification), the confusion matrix of the last run's weights, and the active sample drawn
// as an image with its saliency map ∂E/∂x over it. Everything drawn comes from the view model
// (src/core/graph/data-views.ts); nothing is computed here but pixels and positions.
import type { ConfusionView, ImageView, Num, TrainingView } from '../src/core';
import { axes, H, linear, PAD, path, W } from './charts';
import { h, s, tooltip } from './dom';
import { fmt } from './format';

let clipCounter = 0;

function series(epochs: readonly number[], values: readonly Num[]): [number, number][] {
  const points: [number, number][] = [];
  epochs.forEach((e, i) => {
    const v = values[i];
    if (v !== null && v !== undefined) points.push([e, v]);
  });
  return points;
}

function lineChart(label: string, yLabel: string, epochs: readonly number[], lines: { name: string; cls: string; points: [number, number][] }[], yRange?: [number, number]): SVGSVGElement {
  const clipId = `clip-sets-${++clipCounter}`;
  const svg = s('svg', { class: 'chart sets-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label });
  let lo = yRange ? yRange[0] : Infinity;
  let hi = yRange ? yRange[1] : -Infinity;
  if (!yRange) for (const l of lines) for (const p of l.points) [lo, hi] = [Math.min(lo, p[1]), Math.max(hi, p[1])];
  if (!(hi > lo)) [lo, hi] = [Math.min(0, lo) || 0, (hi || 0) + 1];
  if (!yRange) lo = Math.min(0, lo);
  const last = epochs.length ? epochs[epochs.length - 1] : 1;
  const x = linear(epochs.length ? Math.min(1, epochs[0]) : 0, Math.max(last, 1), PAD.left, W - PAD.right);
  const y = linear(lo, yRange ? hi : hi * 1.05, H - PAD.bottom, PAD.top);
  const g = s('g');
  axes(g, x, y, 'epoch', yLabel, clipId);
  const plot = s('g', { 'clip-path': `url(#${clipId})` });
  for (const l of lines) plot.appendChild(s('path', { class: `set-line ${l.cls}`, 'data-set': l.name, d: path(l.points.map(([e, v]) => [x(e), y(v)])) }, tooltip(l.name)));
  g.appendChild(plot);
  svg.appendChild(g);
  return svg;
}

/** Training and test loss (and accuracy) per epoch; null when the run has neither test figures nor accuracy. */
export function renderSetCurves(run: TrainingView, precision: number): HTMLElement | null {
  const c = run.curves;
  const hasTest = c.testLoss.some((v) => v !== null);
  const hasAccuracy = c.trainAccuracy.some((v) => v !== null) || c.testAccuracy.some((v) => v !== null);
  if (!hasTest && !hasAccuracy) return null;
  const loss = lineChart('Training and test loss per epoch', 'mean loss', run.epochs, [
    { name: 'training', cls: 'train', points: series(run.epochs, c.trainLoss) },
    { name: 'test', cls: 'test', points: series(run.epochs, c.testLoss) },
  ]);
  const charts: Element[] = [loss];
  if (hasAccuracy) {
    charts.push(
      lineChart('Training and test accuracy per epoch', 'accuracy', run.epochs, [
        { name: 'training', cls: 'train', points: series(run.epochs, c.trainAccuracy) },
        { name: 'test', cls: 'test', points: series(run.epochs, c.testAccuracy) },
      ], [0, 1]),
    );
  }
  const lastOf = (values: readonly Num[]): Num => (values.length ? values[values.length - 1] : null);
  const pct = (v: Num): string => (v === null ? '—' : `${(100 * v).toFixed(2)} %`);
  const facts = h(
    'div',
    { class: 'facts set-facts' },
    h('p', {}, h('span', { class: 'key train' }), 'training ', h('span', { class: 'key test' }), 'test'),
    h('p', { class: 'set-last' }, `last epoch: loss ${fmt(lastOf(c.trainLoss), precision)} (training), ${fmt(lastOf(c.testLoss), precision)} (test)`),
    hasAccuracy ? h('p', { class: 'set-accuracy' }, `accuracy ${pct(lastOf(c.trainAccuracy))} (training), ${pct(lastOf(c.testAccuracy))} (test)`) : null,
  );
  const box = h('div', { class: 'sets' });
  for (const c of charts) box.appendChild(c);
  box.appendChild(facts);
  return box;
}

/** The confusion matrix as a table: rows the true classes, columns the predicted ones. */
export function renderConfusion(confusion: ConfusionView): HTMLElement {
  const n = confusion.classes.length;
  const rowTotals = confusion.classes.map((_, r) => {
    let t = 0;
    for (let c = 0; c < n; c++) t += confusion.counts[r * n + c];
    return t;
  });
  const head = h('tr', {}, h('th', { scope: 'col', class: 'corner' }, 'true ↓ predicted →'));
  for (const name of confusion.classes) head.appendChild(h('th', { scope: 'col' }, name));
  const body = h('tbody');
  confusion.classes.forEach((name, r) => {
    const row = h('tr', {}, h('th', { scope: 'row' }, name));
    for (let c = 0; c < n; c++) {
      const count = confusion.counts[r * n + c];
      const share = rowTotals[r] ? count / rowTotals[r] : 0;
      // Five shades of the row's share, as classes (the CSP allows no inline styles).
      const shade = count === 0 ? 0 : Math.min(5, 1 + Math.floor(share * 5));
      row.appendChild(h('td', { class: `cell shade-${shade}${r === c ? ' hit' : ''}`, title: `true ${name}, predicted ${confusion.classes[c]}: ${count}` }, String(count)));
    }
    body.appendChild(row);
  });
  const accuracy = confusion.accuracy === null ? '—' : `${(100 * confusion.accuracy).toFixed(2)} %`;
  return h(
    'div',
    { class: 'confusion' },
    h('table', { class: 'confusion-table', 'aria-label': `Confusion matrix on the ${confusion.set} set` }, h('thead', {}, head), body),
    h('p', { class: 'facts confusion-facts' }, `${confusion.count.toLocaleString('en-US')} ${confusion.set} samples, accuracy ${accuracy} (the trained weights of the last run)`),
  );
}

/** The active sample as a grey image, and the same image under a red/blue heat map of ∂E/∂x. */
export function renderImage(image: ImageView): HTMLElement {
  const n = image.side;
  const canvas = document.createElement('canvas');
  canvas.width = n;
  canvas.height = n;
  const heat = document.createElement('canvas');
  heat.width = n;
  heat.height = n;
  const ctx = canvas.getContext('2d');
  const hctx = heat.getContext('2d');
  if (ctx && hctx) {
    const grey = ctx.createImageData(n, n);
    const over = hctx.createImageData(n, n);
    const span = image.high - image.low || 1;
    for (let i = 0; i < n * n; i++) {
      const p = image.pixels[i];
      const v = p === null ? 0 : Math.round(255 * ((p - image.low) / span));
      grey.data.set([v, v, v, 255], 4 * i);
      // Saliency: red where brightening the pixel raises E, blue where it lowers E; the grey image shows through.
      const g = image.saliency[i];
      const t = g === null || image.saliencyMax === 0 ? 0 : Math.abs(g) / image.saliencyMax;
      const base = Math.round(v * 0.45);
      const red = g !== null && g > 0;
      over.data.set([red ? Math.round(base + (255 - base) * t) : Math.round(base * (1 - t)), Math.round(base * (1 - t)), red ? Math.round(base * (1 - t)) : Math.round(base + (255 - base) * t), 255], 4 * i);
    }
    ctx.putImageData(grey, 0, 0);
    hctx.putImageData(over, 0, 0);
  }
  const size = 168;
  const picture = (c: HTMLCanvasElement, label: string, cls: string): SVGSVGElement =>
    s('svg', { class: `sample-image ${cls}`, viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': label }, s('image', { href: c.toDataURL('image/png'), x: 0, y: 0, width: size, height: size, preserveAspectRatio: 'none', class: 'pixelated' }));
  return h(
    'div',
    { class: 'image-view' },
    h('div', { class: 'image-pair' }, picture(canvas, `The active sample as a ${n}×${n} image`, 'pixels'), picture(heat, `Saliency ∂E/∂x over the image (largest |∂E/∂x| ${fmt(image.saliencyMax, 3)})`, 'saliency')),
    h('p', { class: 'facts image-caption' }, image.caption),
    h('p', { class: 'note' }, `Right: ∂E/∂x per pixel — red where brightening the pixel raises the error, blue where it lowers it (largest |∂E/∂x| ${fmt(image.saliencyMax, 3)}).`),
  );
}
