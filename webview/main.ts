// The graph panel's webview: receives validated messages from the extension
// (src/extension/graph-panel.ts, protocol in src/shared/protocol.ts), draws the network, the
// E(w) chart, the training curve and the input-plane map, and posts the user's clicks back.
// State (options, selection, the last pictures) is kept with setState so that the panel
// comes back as it was after a window reload.
import type { CurveView, EdgeMetric, GraphModel, MapView, TrainingView } from '../src/core';
import {
  DEFAULT_PANEL_OPTIONS,
  clampZoom,
  describeMessage,
  isGraphModel,
  isHostMessage,
  isPanelOptions,
  type HostMessage,
  type PanelCommand,
  type PanelMessage,
  type PanelOptions,
} from '../src/shared/protocol';
import { renderCurve, renderTraining } from './charts';
import { h } from './dom';
import { fmt } from './format';
import { applyMarks, renderGraph, type Marks } from './graph';
import { renderConfusion, renderImage, renderSetCurves } from './data';
import { renderMap } from './map';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** What survives a reload (validated again when read back). */
interface Saved {
  readonly uri?: string;
  readonly options: PanelOptions;
  readonly selected: string | null;
  readonly model?: GraphModel;
  readonly training?: TrainingView;
  readonly curve?: CurveView | null;
  readonly map?: MapView | null;
}

const state: {
  model?: GraphModel;
  empty?: string;
  training?: TrainingView;
  curve: CurveView | null;
  curveNote: string;
  map: MapView | null;
  options: PanelOptions;
  marks: { selected: string | null; edge: string | null; node: string | null };
} = {
  curve: null,
  curveNote: '',
  map: null,
  options: DEFAULT_PANEL_OPTIONS,
  marks: { selected: null, edge: null, node: null },
};

function post(message: PanelMessage): void {
  vscode.postMessage(message);
}

function log(level: 'info' | 'warn' | 'error', message: string): void {
  if (level === 'error') console.error(`[nnet graph] ${message}`);
  else console.warn(`[nnet graph] ${message}`);
  post({ type: 'log', level, message: message.slice(0, 4000) });
}

// ---- restoring -----------------------------------------------------------------------------

function restore(): void {
  const saved = vscode.getState() as Partial<Saved> | undefined;
  if (!saved || typeof saved !== 'object') return;
  if (isPanelOptions(saved.options)) state.options = saved.options;
  if (typeof saved.selected === 'string') state.marks.selected = saved.selected;
  if (isGraphModel(saved.model)) state.model = saved.model;
  if (saved.training && isHostMessage({ type: 'training', training: saved.training })) state.training = saved.training;
  if (saved.curve && isHostMessage({ type: 'curve', curve: saved.curve, note: '' })) state.curve = saved.curve;
  if (saved.map && isHostMessage({ type: 'map', map: saved.map })) state.map = saved.map;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function save(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    const saved: Saved = {
      uri: state.model?.uri,
      options: state.options,
      selected: state.marks.selected,
      model: state.model,
      training: state.training,
      curve: state.curve,
      map: state.map,
    };
    // Big pictures are recomputed by the extension after a reload anyway; keep the state small.
    const text = JSON.stringify(saved);
    vscode.setState(text.length < 2_000_000 ? saved : { uri: saved.uri, options: saved.options, selected: saved.selected });
  }, 200);
}

// ---- the page --------------------------------------------------------------------------------

const button = (id: string, label: string, title: string, extra: Record<string, string> = {}): HTMLButtonElement =>
  h('button', { id, type: 'button', title, ...extra }, label);

const ui = {
  file: h('h1', { class: 'file' }),
  meta: h('span', { class: 'meta' }),
  prev: button('prev-sample', '‹', 'Previous sample', { 'aria-label': 'Previous sample', class: 'icon' }),
  sample: button('sample', '', 'Choose the active sample (NNet: Choose Active Sample)', { class: 'sample-label' }),
  next: button('next-sample', '›', 'Next sample', { 'aria-label': 'Next sample', class: 'icon' }),
  error: h('span', { class: 'error-value', title: 'E of the active sample' }),
  weight: button('metric-weight', '|weight|', 'Edge thickness from |weight|', { 'data-metric': 'weight', class: 'segment' }),
  gradient: button('metric-gradient', '|gradient|', 'Edge thickness from |gradient| of the active sample', { 'data-metric': 'gradient', class: 'segment' }),
  step: button('step', 'Step', 'One epoch of the file’s trainer, written into the file (NNet: Step); Undo goes back', { class: 'primary' }),
  train: button('train', 'Train', 'Train with the file’s `train` line (NNet: Train Network); the error curve appears below'),
  apply: button('apply', 'Apply trained weights', 'Write the trained weights into the file (NNet: Apply Trained Weights)'),
  banner: h('div', { class: 'banner', role: 'status', hidden: true }),
  graphHost: h('div', { class: 'graph-host' }),
  details: h('p', { class: 'details', 'aria-live': 'polite' }),
  reduction: h('p', { class: 'note reduction', hidden: true }),
  legend: h(
    'div',
    { class: 'legend', 'aria-hidden': 'true' },
    h('span', { class: 'swatch pos' }),
    'positive',
    h('span', { class: 'swatch neg' }),
    'negative',
    h('span', { class: 'swatch bias-key' }),
    'bias node',
    h('span', { class: 'legend-metric' }),
  ),
  curveTitle: h('h2', {}, 'E as a function of one weight'),
  curveBody: h('div', { class: 'card-body' }),
  zoomIn: button('zoom-in', '+', 'Narrower range of w', { 'aria-label': 'Zoom in on w', class: 'icon' }),
  zoomOut: button('zoom-out', '−', 'Wider range of w', { 'aria-label': 'Zoom out', class: 'icon' }),
  trainingBody: h('div', { class: 'card-body' }),
  mapTitle: h('h2', {}, 'Output over the input plane'),
  mapOutput: h('select', { 'aria-label': 'Output node shown on the map', hidden: true }),
  mapBody: h('div', { class: 'card-body' }),
  mapCard: h('section', { class: 'card', id: 'map-card', 'aria-labelledby': 'map-title', hidden: true }),
  setsBody: h('div', { class: 'card-body' }),
  setsCard: h('section', { class: 'card', id: 'sets-card', 'aria-label': 'Training and test curves', hidden: true }),
  confusionBody: h('div', { class: 'card-body' }),
  confusionCard: h('section', { class: 'card', id: 'confusion-card', 'aria-label': 'Confusion matrix', hidden: true }),
  imageBody: h('div', { class: 'card-body' }),
  imageCard: h('section', { class: 'card', id: 'image-card', 'aria-label': 'The active sample as an image, with its saliency map', hidden: true }),
  main: h('main', { class: 'content' }),
  empty: h('div', { class: 'empty', role: 'status', hidden: true }),
};

function build(): void {
  const app = document.getElementById('app');
  if (!app) return;
  app.replaceChildren();
  app.removeAttribute('aria-busy');
  ui.mapTitle.id = 'map-title';
  const toolbar = h(
    'header',
    { class: 'toolbar' },
    h('div', { class: 'title-block' }, ui.file, ui.meta),
    h('div', { class: 'sample-nav', role: 'group', 'aria-label': 'Active sample' }, ui.prev, ui.sample, ui.next, ui.error),
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'Edge thickness' }, h('span', { class: 'segmented-label' }, 'Edges:'), ui.weight, ui.gradient),
    h('div', { class: 'actions' }, ui.step, ui.train, ui.apply),
  );
  const graphCard = h('section', { class: 'graph-card', 'aria-label': 'Network graph' }, ui.graphHost, ui.details, ui.legend, ui.reduction);
  const curveCard = h('section', { class: 'card', 'aria-label': 'E as a function of the selected weight' }, h('header', {}, ui.curveTitle, h('div', { class: 'card-tools' }, ui.zoomOut, ui.zoomIn)), ui.curveBody);
  const trainingCard = h('section', { class: 'card', 'aria-label': 'Training error' }, h('header', {}, h('h2', {}, 'Training error')), ui.trainingBody);
  ui.mapCard.append(h('header', {}, ui.mapTitle, h('div', { class: 'card-tools' }, ui.mapOutput)), ui.mapBody);
  ui.setsCard.append(h('header', {}, h('h2', {}, 'Training and test')), ui.setsBody);
  ui.confusionCard.append(h('header', {}, h('h2', {}, 'Confusion matrix')), ui.confusionBody);
  ui.imageCard.append(h('header', {}, h('h2', {}, 'Active sample and saliency ∂E/∂x')), ui.imageBody);
  ui.main.append(ui.banner, graphCard, h('div', { class: 'cards' }, curveCard, trainingCard, ui.setsCard, ui.confusionCard, ui.imageCard, ui.mapCard));
  app.append(toolbar, ui.main, ui.empty);

  ui.prev.addEventListener('click', () => state.model?.sample && post({ type: 'sample', index: Math.max(0, state.model.sample.index - 1) }));
  ui.next.addEventListener('click', () => state.model?.sample && post({ type: 'sample', index: Math.min(state.model.sample.count - 1, state.model.sample.index + 1) }));
  ui.sample.addEventListener('click', () => run('pickSample'));
  for (const b of [ui.weight, ui.gradient]) b.addEventListener('click', () => setMetric(b.dataset.metric === 'gradient' ? 'gradient' : 'weight'));
  ui.step.addEventListener('click', () => run('step'));
  ui.train.addEventListener('click', () => run('train'));
  ui.apply.addEventListener('click', () => run('apply'));
  ui.zoomIn.addEventListener('click', () => setOptions({ ...state.options, zoom: clampZoom(state.options.zoom / 2) }));
  ui.zoomOut.addEventListener('click', () => setOptions({ ...state.options, zoom: clampZoom(state.options.zoom * 2) }));
  ui.mapOutput.addEventListener('change', () => setOptions({ ...state.options, output: Number(ui.mapOutput.value) || 0 }));
}

function run(command: PanelCommand): void {
  post({ type: 'run', command });
}

function setOptions(options: PanelOptions): void {
  state.options = options;
  post({ type: 'options', options });
  renderToolbar();
  save();
}

function setMetric(metric: EdgeMetric): void {
  if (metric === state.options.metric) return;
  setOptions({ ...state.options, metric });
}

// ---- rendering ---------------------------------------------------------------------------------

function renderToolbar(): void {
  const m = state.model;
  const p = m?.precision ?? 5;
  ui.file.textContent = m ? m.fileName : 'Network graph';
  const meta = m ? [m.title, m.convention === 'heaton' ? 'Heaton convention' : 'calculus convention', m.loss, m.trainer].filter(Boolean).join(' · ') : '';
  ui.meta.textContent = meta;
  ui.meta.title = meta;
  const sample = m?.sample;
  const values = (list: readonly number[], more: boolean): string => {
    const shown = list.slice(0, 4).map((x) => fmt(x, p));
    return shown.join(' ') + (more || list.length > 4 ? ' …' : '');
  };
  ui.sample.textContent = sample
    ? `Sample ${sample.index + 1} of ${sample.count}: ${values(sample.inputs, sample.truncated)} → ${values(sample.targets, sample.truncated && sample.targets.length >= 8)}`
    : 'No samples';
  ui.sample.title = sample
    ? `Active sample ${sample.index + 1}: ${sample.inputs.map((x) => fmt(x, p)).join(' ')}${sample.truncated ? ' …' : ''} → ${sample.targets.map((x) => fmt(x, p)).join(' ')}. Click to choose another (NNet: Choose Active Sample).`
    : '';
  ui.sample.disabled = !sample;
  ui.prev.disabled = !sample || sample.index === 0;
  ui.next.disabled = !sample || sample.index >= sample.count - 1;
  ui.error.textContent = m && m.error !== null ? `E ${fmt(m.error, p)}` : '';
  for (const b of [ui.weight, ui.gradient]) b.setAttribute('aria-pressed', String(b.dataset.metric === state.options.metric));
  const running = !!(state.training?.running && state.training.uri === m?.uri);
  ui.step.disabled = !m || running || !sample;
  ui.train.disabled = !m || running || !sample;
  ui.train.textContent = running ? 'Training…' : 'Train';
  ui.apply.hidden = !m?.trainedWaiting;
  const legendMetric = ui.legend.querySelector('.legend-metric');
  if (legendMetric) legendMetric.textContent = `thickness: ${state.options.metric === 'gradient' ? `|gradient| of sample ${sample ? sample.index + 1 : ''}` : '|weight|'}`;
}

function renderBanner(): void {
  const m = state.model;
  const text = m?.stale ?? '';
  ui.banner.hidden = !text;
  ui.banner.textContent = text;
}

function marks(): Marks {
  return state.marks;
}

function renderGraphArea(): void {
  const m = state.model;
  if (!m) {
    ui.graphHost.replaceChildren();
    return;
  }
  // Keep the keyboard focus on the same node or edge across redraws.
  const focused = document.activeElement instanceof Element ? document.activeElement.closest('[data-edge], [data-node]') : null;
  const focusKey = focused ? (focused.hasAttribute('data-edge') ? `[data-edge="${CSS.escape(focused.getAttribute('data-edge')!)}"]` : `[data-node="${CSS.escape(focused.getAttribute('data-node')!)}"]`) : undefined;
  const svg = renderGraph(m, marks(), {
    reveal: (kind, id) => post({ type: 'reveal', kind, id }),
    select: (edge) => {
      state.marks.selected = edge;
      applyMarks(svg, m, marks());
      post({ type: 'select', edge });
      save();
    },
    describe: (text) => {
      ui.details.textContent = text || defaultDetails(m);
    },
  });
  ui.graphHost.replaceChildren(svg);
  ui.details.textContent = defaultDetails(m);
  ui.reduction.hidden = !m.reduction;
  ui.reduction.textContent = m.reduction;
  if (focusKey) (svg.querySelector(focusKey) as SVGElement | null)?.focus();
}

function defaultDetails(m: GraphModel): string {
  return m.edges.length ? 'Point at a node or an edge for its numbers; click it (or Tab to it and press Enter) to show its line.' : '';
}

function renderCurveArea(): void {
  const c = state.curve;
  const p = state.model?.precision ?? 5;
  ui.zoomIn.disabled = !c;
  ui.zoomOut.disabled = !c;
  if (!c) {
    ui.curveTitle.textContent = 'E as a function of one weight';
    ui.curveBody.replaceChildren(h('p', { class: 'placeholder' }, state.curveNote || 'Click an edge, or put the cursor on a weight line, to see the error E as a function of that weight: the tangent’s slope is the gradient ∂E/∂w, and the next training step moves down it.'));
    return;
  }
  ui.curveTitle.textContent = `E as a function of w(${c.from}→${c.to})`;
  const { chart, facts } = renderCurve(c, p);
  ui.curveBody.replaceChildren(chart, facts);
}

let trainingFrame = 0;
function renderTrainingArea(): void {
  trainingFrame = 0;
  const t = state.training;
  const p = state.model?.precision ?? 5;
  if (!t || (state.model && t.uri !== state.model.uri)) {
    ui.trainingBody.replaceChildren(h('p', { class: 'placeholder' }, 'No training run yet. Train runs the file’s trainer; the error of each epoch is drawn here while it runs.'));
    renderDataCards();
    return;
  }
  const { chart, facts } = renderTraining(t, p);
  ui.trainingBody.replaceChildren(chart, facts);
  renderDataCards();
}

/** Training/test curves and the confusion matrix of the current document's last run. */
function renderDataCards(): void {
  const t = state.training && (!state.model || state.training.uri === state.model.uri) ? state.training : undefined;
  const sets = t ? renderSetCurves(t, state.model?.precision ?? 5) : null;
  ui.setsCard.hidden = !sets;
  if (sets) ui.setsBody.replaceChildren(sets);
  else ui.setsBody.replaceChildren();
  const confusion = t?.confusion;
  ui.confusionCard.hidden = !confusion;
  if (confusion) ui.confusionBody.replaceChildren(renderConfusion(confusion));
  else ui.confusionBody.replaceChildren();
}

function renderImageArea(): void {
  const image = state.model?.image;
  ui.imageCard.hidden = !image;
  if (image) ui.imageBody.replaceChildren(renderImage(image));
  else ui.imageBody.replaceChildren();
}

function scheduleTraining(): void {
  if (!trainingFrame) trainingFrame = requestAnimationFrame(renderTrainingArea);
}

function renderMapArea(): void {
  const m = state.map;
  ui.mapCard.hidden = !m;
  if (!m) return;
  const p = state.model?.precision ?? 5;
  ui.mapTitle.textContent = `Output ${m.outputName} over the input plane`;
  const outputs = state.model?.outputs ?? [];
  ui.mapOutput.hidden = outputs.length < 2;
  if (outputs.length >= 2) {
    ui.mapOutput.replaceChildren();
    outputs.forEach((name, i) => ui.mapOutput.appendChild(h('option', { value: String(i), selected: i === m.output }, name)));
  }
  const { chart, facts } = renderMap(m, p);
  ui.mapBody.replaceChildren(chart, facts);
}

function renderEmpty(): void {
  const empty = state.empty;
  ui.empty.hidden = !empty;
  ui.main.hidden = !!empty;
  ui.empty.textContent = empty ?? '';
}

function renderAll(): void {
  renderEmpty();
  renderToolbar();
  renderBanner();
  renderGraphArea();
  renderCurveArea();
  renderTrainingArea();
  renderImageArea();
  renderMapArea();
}

// ---- messages ----------------------------------------------------------------------------------

function onMessage(message: HostMessage): void {
  switch (message.type) {
    case 'model': {
      const switched = state.model?.uri !== message.model.uri;
      state.model = message.model;
      state.empty = undefined;
      if (switched) {
        window.scrollTo(0, 0);
        state.marks = { selected: null, edge: null, node: null };
        if (state.training && state.training.uri !== message.model.uri) state.training = undefined;
      }
      renderEmpty();
      renderToolbar();
      renderBanner();
      renderGraphArea();
      renderTrainingArea();
      renderImageArea();
      break;
    }
    case 'empty':
      state.empty = message.reason;
      state.model = undefined;
      state.curve = null;
      state.map = null;
      renderAll();
      break;
    case 'training':
      state.training = message.training;
      renderToolbar();
      renderTrainingArea();
      break;
    case 'trainingProgress': {
      const t = state.training;
      if (!t || t.uri !== message.uri || !t.running) return;
      const c = t.curves;
      const f = message.figures;
      const curves = { trainLoss: [...c.trainLoss, f.trainLoss], testLoss: [...c.testLoss, f.testLoss], trainAccuracy: [...c.trainAccuracy, f.trainAccuracy], testAccuracy: [...c.testAccuracy, f.testAccuracy] };
      state.training = { ...t, epochs: [...t.epochs, message.epoch], errors: [...t.errors, message.error], curves };
      scheduleTraining();
      break;
    }
    case 'curve':
      state.curve = message.curve;
      state.curveNote = message.note;
      state.marks.selected = message.curve ? message.curve.edge : state.marks.selected;
      renderCurveArea();
      remark();
      break;
    case 'map':
      state.map = message.map;
      renderMapArea();
      break;
    case 'highlight':
      state.marks.edge = message.edge;
      state.marks.node = message.node;
      remark();
      break;
  }
  save();
}

function remark(): void {
  const svg = ui.graphHost.querySelector('svg');
  if (svg && state.model) applyMarks(svg, state.model, marks());
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data;
  if (!isHostMessage(data)) {
    log('warn', `ignored a malformed or unknown message: ${describeMessage(data)}`);
    return;
  }
  try {
    onMessage(data);
  } catch (e) {
    log('error', `drawing '${data.type}' failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
});

window.addEventListener('error', (event) => log('error', `${event.message} (${event.filename}:${event.lineno})`));

// Theme changes restyle everything through CSS variables except the map's pixels.
new MutationObserver(() => renderMapArea()).observe(document.body, { attributes: true, attributeFilter: ['class'] });

restore();
build();
renderAll();
post({ type: 'ready', options: state.options, selected: state.marks.selected });
