// The network as an SVG: columns of nodes (names, out and δ), edges coloured by the sign and
// sized by the magnitude of the weight or the gradient, bundles for what a reduced drawing
// left out. Every node and edge is focusable; Enter or a click shows its line in the editor.
import type { EdgeView, GraphModel, NodeView } from '../src/core';
import { r2, s, tooltip } from './dom';
import { fmt } from './format';

export interface GraphHandlers {
  /** Show the node's declaration or the weight's line in the editor. */
  reveal(kind: 'node' | 'edge', id: string): void;
  /** Make the edge the subject of the E(w) chart. */
  select(edge: string): void;
  /** What is under the pointer or the focus, for the details line (empty: nothing). */
  describe(text: string): void;
}

export interface Marks {
  readonly selected: string | null;
  readonly edge: string | null;
  readonly node: string | null;
}

const WIDTH: Record<GraphModel['detail'], [number, number]> = {
  full: [0.8, 6.2],
  medium: [0.6, 4.4],
  compact: [0.35, 2.6],
};

function layerKind(model: GraphModel, node: NodeView): 'input' | 'hidden' | 'output' {
  if (node.layer === 0) return 'input';
  return node.layer === model.columns.length - 1 ? 'output' : 'hidden';
}

function metricOf(model: GraphModel, e: EdgeView): number | null {
  return model.metric === 'weight' ? e.weight : e.gradient;
}

function gradientSymbol(model: GraphModel): string {
  return model.convention === 'heaton' ? 'g' : '∂E/∂w';
}

export function describeNode(model: GraphModel, n: NodeView): string {
  const p = model.precision;
  const column = model.columns[n.layer];
  if (n.bias) return `${n.name}: bias node of ${column?.name ?? 'its layer'}, out = 1 (feeds the next layer through its weights)`;
  const kind = layerKind(model, n);
  const parts = [`${n.name} (${kind}${kind === 'input' ? '' : `, ${column?.activation ?? ''}`})`];
  if (kind === 'input') parts.push(`out = ${fmt(n.out, p)}`);
  else parts.push(`net = ${fmt(n.net, p)}`, `out = ${fmt(n.out, p)}`, `f′ = ${fmt(n.fprime, p)}`, `δ = ${fmt(n.delta, p)}`);
  return parts.join(' · ');
}

export function describeEdge(model: GraphModel, e: EdgeView): string {
  const p = model.precision;
  const parts = [`${e.from} → ${e.to}`, `w = ${fmt(e.weight, p)}${e.fixed ? ' (fixed)' : ''}`, `${gradientSymbol(model)} = ${fmt(e.gradient, p)}`];
  if (e.deltaW !== null) parts.push(`next Δw = ${fmt(e.deltaW, p)}`);
  if (e.line >= 0) parts.push(`line ${e.line + 1}${e.source === 'init' ? ' (init)' : ''}`);
  return parts.join(' · ');
}

/** Draws the model. `marks` says which edge is selected and what the editor's cursor is on. */
export function renderGraph(model: GraphModel, marks: Marks, handlers: GraphHandlers): SVGSVGElement {
  const p = model.precision;
  const svg = s('svg', {
    class: `graph detail-${model.detail}`,
    viewBox: `0 0 ${r2(model.width)} ${r2(model.height)}`,
    preserveAspectRatio: 'xMidYMin meet',
    role: 'group',
    'aria-label': `Network ${model.title || model.fileName}: ${model.columns.map((c) => `${c.name} ${c.total}`).join(', ')}`,
  });

  // Column titles.
  const titles = s('g', { class: 'column-titles', 'aria-hidden': 'true' });
  for (const c of model.columns) {
    titles.appendChild(s('text', { class: 'column-title', x: c.x, y: 22, 'text-anchor': 'middle' }, c.name));
    const sub = c.layer === 0 ? `input · ${c.total}` : `${c.activation} · ${c.total}`;
    titles.appendChild(s('text', { class: 'column-sub', x: c.x, y: 38, 'text-anchor': 'middle' }, sub));
  }
  svg.appendChild(titles);

  // Bundles behind everything.
  const r0 = model.nodes[0]?.r ?? 10;
  for (const b of model.bundles) {
    const x1 = b.fromX + r0 + 6;
    const x2 = b.toX - r0 - 6;
    const share = b.total ? Math.round((100 * b.positive) / b.total) : 0;
    const text = `${model.columns[b.layer]?.name} → ${model.columns[b.layer + 1]?.name}: ${b.total.toLocaleString('en-US')} weights, ${b.drawn.toLocaleString('en-US')} drawn · mean |w| ${fmt(b.meanAbs, p)} · largest |w| ${fmt(b.maxAbs, p)} · ${share}% positive`;
    svg.appendChild(
      s(
        'polygon',
        { class: 'bundle', points: [[x1, b.fromTop - r0], [x2, b.toTop - r0], [x2, b.toBottom + r0], [x1, b.fromBottom + r0]].map(([x, y]) => `${r2(x)},${r2(y)}`).join(' ') },
        tooltip(text),
      ),
    );
  }

  const byName = new Map(model.nodes.map((n) => [n.name, n]));
  let maxAbs = 0;
  for (const e of model.edges) {
    const v = metricOf(model, e);
    if (v !== null) maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const [w0, w1] = WIDTH[model.detail];

  const edgeGroup = (e: EdgeView): SVGGElement | undefined => {
    const a = byName.get(e.from);
    const b = byName.get(e.to);
    if (!a || !b) return undefined;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len;
    const uy = dy / len;
    const x1 = a.x + ux * (a.r + 2);
    const y1 = a.y + uy * (a.r + 2);
    const x2 = b.x - ux * (b.r + 2);
    const y2 = b.y - uy * (b.r + 2);
    const v = metricOf(model, e);
    const sign = v === null ? 'unknown' : v > 0 ? 'pos' : v < 0 ? 'neg' : 'zero';
    const width = v === null || maxAbs === 0 ? w0 : w0 + (w1 * Math.abs(v)) / maxAbs;
    const label = `Weight ${e.from} to ${e.to}: ${fmt(e.weight, p)}; ${model.convention === 'heaton' ? 'gradient g' : 'gradient ∂E/∂w'} ${fmt(e.gradient, p)}. Enter shows its line.`;
    const g = s('g', {
      class: `edge ${sign}${e.fixed ? ' fixed' : ''}`,
      'data-edge': e.id,
      tabindex: 0,
      role: 'button',
      'aria-label': label,
    });
    const coords = { x1: r2(x1), y1: r2(y1), x2: r2(x2), y2: r2(y2) };
    g.appendChild(s('line', { class: 'edge-line', ...coords, 'stroke-width': r2(width) }));
    g.appendChild(s('line', { class: 'edge-hit', ...coords }));
    g.appendChild(tooltip(describeEdge(model, e)));
    return g;
  };

  const nodeGroup = (n: NodeView): SVGGElement => {
    const kind = layerKind(model, n);
    const label = n.bias ? `Bias node ${n.name}, out 1. Enter shows its declaration.` : `${describeNode(model, n)}. Enter shows its declaration.`;
    const g = s('g', { class: `node ${kind}${n.bias ? ' bias' : ''}`, 'data-node': n.name, tabindex: 0, role: 'button', 'aria-label': label });
    if (n.bias) {
      const side = n.r * 1.7;
      g.appendChild(s('rect', { class: 'node-shape', x: r2(n.x - side / 2), y: r2(n.y - side / 2), width: r2(side), height: r2(side), rx: r2(side * 0.18) }));
    } else {
      g.appendChild(s('circle', { class: 'node-shape', cx: r2(n.x), cy: r2(n.y), r: r2(n.r) }));
    }
    if (model.detail !== 'compact') {
      const size = model.detail === 'full' ? (n.name.length > 4 ? 10 : 13) : n.name.length > 3 ? 7 : 9;
      g.appendChild(s('text', { class: 'node-name', x: r2(n.x), y: r2(n.y + size * 0.36), 'text-anchor': 'middle', 'font-size': size }, n.name));
    }
    if (model.detail === 'full') {
      g.appendChild(s('text', { class: 'node-value node-out', x: r2(n.x), y: r2(n.y + n.r + 14), 'text-anchor': 'middle' }, `out ${fmt(n.out, p)}`));
      if (n.delta !== null) g.appendChild(s('text', { class: 'node-value node-delta', x: r2(n.x), y: r2(n.y + n.r + 29), 'text-anchor': 'middle' }, `δ ${fmt(n.delta, p)}`));
    }
    g.appendChild(tooltip(describeNode(model, n)));
    return g;
  };

  // Painted (and tabbed) layer by layer: the nodes of a layer, then the edges leaving it.
  const edgesByLayer = new Map<number, EdgeView[]>();
  for (const e of model.edges) {
    const list = edgesByLayer.get(e.layer);
    if (list) list.push(e);
    else edgesByLayer.set(e.layer, [e]);
  }
  for (const c of model.columns) {
    const nodes = s('g', { class: 'nodes' });
    for (const n of model.nodes) if (n.layer === c.layer) nodes.appendChild(nodeGroup(n));
    if (c.moreY !== null) {
      const hidden = c.total - c.shown;
      nodes.appendChild(
        s(
          'text',
          { class: 'more', x: c.x, y: r2(c.moreY + 4), 'text-anchor': 'middle' },
          `⋮ ${hidden.toLocaleString('en-US')} more`,
          tooltip(`${hidden.toLocaleString('en-US')} of the ${c.total.toLocaleString('en-US')} nodes of ${c.name} are not drawn`),
        ),
      );
    }
    svg.appendChild(nodes);
    const list = edgesByLayer.get(c.layer);
    if (list) {
      const edges = s('g', { class: 'edges' });
      for (const e of list) {
        const g = edgeGroup(e);
        if (g) edges.appendChild(g);
      }
      svg.appendChild(edges);
    }
  }
  attachEvents(svg, model, handlers);
  applyMarks(svg, model, marks);
  return svg;
}

function attachEvents(svg: SVGSVGElement, model: GraphModel, handlers: GraphHandlers): void {
  const targetOf = (t: EventTarget | null): { kind: 'node' | 'edge'; id: string } | undefined => {
    const el = t instanceof Element ? t.closest('[data-edge], [data-node]') : null;
    if (!el) return undefined;
    const edge = el.getAttribute('data-edge');
    if (edge) return { kind: 'edge', id: edge };
    const node = el.getAttribute('data-node');
    return node ? { kind: 'node', id: node } : undefined;
  };
  const activate = (target: { kind: 'node' | 'edge'; id: string }): void => {
    if (target.kind === 'edge') handlers.select(target.id);
    handlers.reveal(target.kind, target.id);
  };
  const describe = (target: { kind: 'node' | 'edge'; id: string } | undefined): void => {
    if (!target) return handlers.describe('');
    if (target.kind === 'edge') {
      const e = model.edges.find((x) => x.id === target.id);
      handlers.describe(e ? describeEdge(model, e) : '');
    } else {
      const n = model.nodes.find((x) => x.name === target.id);
      handlers.describe(n ? describeNode(model, n) : '');
    }
  };
  svg.addEventListener('click', (ev) => {
    const target = targetOf(ev.target);
    if (target) activate(target);
  });
  svg.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter' && ev.key !== ' ') return;
    const target = targetOf(ev.target);
    if (!target) return;
    ev.preventDefault();
    activate(target);
  });
  svg.addEventListener('mouseover', (ev) => describe(targetOf(ev.target)));
  svg.addEventListener('mouseleave', () => describe(targetOf(document.activeElement)));
  svg.addEventListener('focusin', (ev) => describe(targetOf(ev.target)));
}

/** Marks the selected edge, the cursor's edge or node and the highlighted edge's ends. */
export function applyMarks(svg: SVGSVGElement, model: GraphModel, marks: Marks): void {
  for (const el of svg.querySelectorAll('.selected, .highlight, .endpoint')) el.classList.remove('selected', 'highlight', 'endpoint');
  for (const chip of svg.querySelectorAll('.edge-chip')) chip.remove();
  const edgeEl = (id: string | null): Element | null => (id ? svg.querySelector(`[data-edge="${CSS.escape(id)}"]`) : null);
  const nodeEl = (id: string | null): Element | null => (id ? svg.querySelector(`[data-node="${CSS.escape(id)}"]`) : null);
  const selected = edgeEl(marks.selected);
  selected?.classList.add('selected');
  const cursorEdge = edgeEl(marks.edge);
  cursorEdge?.classList.add('highlight');
  nodeEl(marks.node)?.classList.add('highlight');
  for (const id of [marks.selected, marks.edge]) {
    const e = id ? model.edges.find((x) => x.id === id) : undefined;
    if (!e) continue;
    nodeEl(e.from)?.classList.add('endpoint');
    nodeEl(e.to)?.classList.add('endpoint');
  }
  // A value chip on the selected (or cursor) edge, in the roomier drawings.
  const chipEdge = model.detail !== 'compact' ? model.edges.find((x) => x.id === (marks.edge ?? marks.selected)) : undefined;
  const a = chipEdge && model.nodes.find((n) => n.name === chipEdge.from);
  const b = chipEdge && model.nodes.find((n) => n.name === chipEdge.to);
  if (chipEdge && a && b) {
    const text = `w ${fmt(chipEdge.weight, model.precision)}`;
    const x = a.x + (b.x - a.x) * 0.62;
    const y = a.y + (b.y - a.y) * 0.62;
    const width = text.length * 6.6 + 10;
    const chip = s('g', { class: 'edge-chip', 'aria-hidden': 'true' });
    chip.appendChild(s('rect', { x: r2(x - width / 2), y: r2(y - 10), width: r2(width), height: 18, rx: 4 }));
    chip.appendChild(s('text', { x: r2(x), y: r2(y + 3.5), 'text-anchor': 'middle' }, text));
    svg.appendChild(chip);
  }
}
