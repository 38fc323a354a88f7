// The network's output over the plane of its two inputs, with the samples on it: a small
// image (one pixel per grid cell, smoothed when scaled) under an SVG with axes and points.

import { niceTicks, type MapView } from '../src/core';
import { cssVar, h, parseColor, r2, s, tooltip } from './dom';
import { fmt, fmtTick } from './format';

const SIZE = 220;
const PAD = { left: 40, right: 10, top: 8, bottom: 34 };

type RGB = [number, number, number];

function themeColor(name: string, fallback: RGB): RGB {
  return parseColor(cssVar(name)) ?? fallback;
}

/** low → background → high, the background in the middle so that 0.5 reads as "undecided". */
function ramp(t: number, low: RGB, mid: RGB, high: RGB): RGB {
  const u = Math.max(0, Math.min(1, t));
  const [a, b, f] = u < 0.5 ? [low, mid, u * 2] : [mid, high, (u - 0.5) * 2];
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * f)) as RGB;
}

export function renderMap(map: MapView, precision: number): { chart: SVGSVGElement; facts: HTMLElement } {
  const low = themeColor('--vscode-charts-orange', [209, 134, 22]);
  const high = themeColor('--vscode-charts-blue', [55, 148, 255]);
  const mid = themeColor('--vscode-editor-background', [30, 30, 30]);
  const n = map.resolution;
  const canvas = document.createElement('canvas');
  canvas.width = n;
  canvas.height = n;
  const ctx = canvas.getContext('2d');
  const span = map.high - map.low || 1;
  const scale = (v: number): number => (v - map.low) / span;
  if (ctx) {
    const image = ctx.createImageData(n, n);
    for (let i = 0; i < n * n; i++) {
      const v = map.values[i];
      const [r, g, b] = v === null ? mid : ramp(scale(v), low, mid, high);
      image.data[4 * i] = r;
      image.data[4 * i + 1] = g;
      image.data[4 * i + 2] = b;
      image.data[4 * i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }
  const plot = SIZE - PAD.left - PAD.right;
  const W = SIZE;
  const H = PAD.top + plot + PAD.bottom;
  const px = (x: number): number => PAD.left + ((x - map.x[0]) / (map.x[1] - map.x[0])) * plot;
  const py = (y: number): number => PAD.top + ((map.y[1] - y) / (map.y[1] - map.y[0])) * plot;
  const svg = s('svg', {
    class: 'chart map-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `Output ${map.outputName} over the plane of ${map.xName} and ${map.yName}, with ${map.samples.length} samples`,
  });
  svg.appendChild(s('image', { href: canvas.toDataURL('image/png'), x: PAD.left, y: PAD.top, width: plot, height: plot, preserveAspectRatio: 'none', class: 'map-image' }));
  svg.appendChild(s('rect', { class: 'map-frame', x: PAD.left, y: PAD.top, width: plot, height: plot }));
  const xt = niceTicks(map.x[0], map.x[1], 4);
  for (const v of xt.values) svg.appendChild(s('text', { class: 'tick', x: r2(px(v)), y: PAD.top + plot + 13, 'text-anchor': 'middle' }, fmtTick(v, xt.step)));
  const yt = niceTicks(map.y[0], map.y[1], 4);
  for (const v of yt.values) svg.appendChild(s('text', { class: 'tick', x: PAD.left - 4, y: r2(py(v) + 3.5), 'text-anchor': 'end' }, fmtTick(v, yt.step)));
  svg.appendChild(s('text', { class: 'axis-label', x: PAD.left + plot / 2, y: H - 5, 'text-anchor': 'middle' }, map.xName));
  svg.appendChild(s('text', { class: 'axis-label', x: 11, y: PAD.top + plot / 2, 'text-anchor': 'middle', transform: `rotate(-90 11 ${PAD.top + plot / 2})` }, map.yName));
  for (const sample of map.samples) {
    const t = sample.target === null ? 0.5 : scale(sample.target);
    const [r, g, b] = ramp(t, low, mid, high);
    const circle = s(
      'circle',
      { class: `map-sample${sample.active ? ' active' : ''}`, cx: r2(px(sample.x)), cy: r2(py(sample.y)), r: sample.active ? 6 : 4.5 },
      tooltip(`${map.xName} = ${fmt(sample.x, precision)}, ${map.yName} = ${fmt(sample.y, precision)} → target ${fmt(sample.target, precision)}${sample.active ? ' (active sample)' : ''}`),
    );
    // A presentation attribute, not a style: allowed by the panel's CSP.
    circle.setAttribute('fill', `rgb(${r}, ${g}, ${b})`);
    svg.appendChild(circle);
  }
  const legend = h(
    'div',
    { class: 'map-legend' },
    h('span', { class: 'swatch map-low' }),
    ` ${fmt(map.low, precision)}`,
    h('span', { class: 'legend-gap' }),
    h('span', { class: 'swatch map-high' }),
    ` ${fmt(map.high, precision)}`,
  );
  const facts = h(
    'div',
    { class: 'facts' },
    legend,
    h(
      'p',
      { class: 'caption' },
      map.weights === 'training'
        ? 'Training: the weights of the run in progress. Points are the samples, coloured by their target.'
        : map.weights === 'trained'
          ? 'With the trained weights (not yet applied to the file). Points are the samples, coloured by their target.'
          : 'With the weights in the file. Points are the samples, coloured by their target; the ringed one is active.',
    ),
  );
  return { chart: svg, facts };
}
