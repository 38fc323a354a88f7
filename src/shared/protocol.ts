// The one message protocol between the extension (src/extension/graph-panel.ts) and the
// graph panel's webview (webview/main.ts). Both sides import these types and validate every
// message they receive with the guards below; anything unknown or malformed is ignored and
// logged, never trusted. No `vscode` and no DOM here: it compiles into both bundles.

// The view shapes the messages carry are the core's (src/core/graph/view.ts, built by
// src/core/graph/view-model.ts): both sides import them from the core's entry.

/** The webview panel's view type (also in package.json's `onWebviewPanel:` activation event). */
export const GRAPH_VIEW_TYPE = 'nnetGraph';

import type {
  BundleView,
  ColumnView,
  ConfusionView,
  Convention,
  CurveNext,
  CurveView,
  Detail,
  EdgeMetric,
  EdgeView,
  EpochFigures,
  GraphModel,
  ImageView,
  MapSample,
  MapView,
  NodeView,
  Num,
  SampleView,
  SetCurves,
  TrainingView,
} from '../core';

/** Edge ids are weight keys, `FROM->TO`: one spelling, in the core's model lookup. */
export { weightKey as edgeId, splitWeightKey as splitEdgeId } from '../core';

export const EDGE_METRICS: readonly EdgeMetric[] = ['weight', 'gradient'];
const CONVENTIONS: readonly Convention[] = ['calculus', 'heaton'];
const DETAILS: readonly Detail[] = ['full', 'medium', 'compact'];

export type HostMessage =
  | { readonly type: 'model'; readonly model: GraphModel }
  | { readonly type: 'empty'; readonly reason: string }
  | { readonly type: 'training'; readonly training: TrainingView }
  | { readonly type: 'trainingProgress'; readonly uri: string; readonly epoch: number; readonly error: Num; readonly figures: EpochFigures }
  /** `note` says why there is no curve when one was asked for (empty otherwise). */
  | { readonly type: 'curve'; readonly curve: CurveView | null; readonly note: string }
  | { readonly type: 'map'; readonly map: MapView | null }
  | { readonly type: 'highlight'; readonly edge: string | null; readonly node: string | null };

/** Extension commands the panel's buttons run. */
export type PanelCommand = 'step' | 'train' | 'apply' | 'compute' | 'pickSample';
export const PANEL_COMMANDS: readonly PanelCommand[] = ['step', 'train', 'apply', 'compute', 'pickSample'];

/** The panel's own choices, saved with its state and sent with `ready`. */
export interface PanelOptions {
  readonly metric: EdgeMetric;
  /** Output node shown on the input-plane map. */
  readonly output: number;
  /** The E(w) chart's width: a factor on the default interval (1 = default). */
  readonly zoom: number;
}

export type PanelMessage =
  | { readonly type: 'ready'; readonly options: PanelOptions; readonly selected: string | null }
  | { readonly type: 'reveal'; readonly kind: 'node' | 'edge'; readonly id: string }
  | { readonly type: 'select'; readonly edge: string | null }
  | { readonly type: 'run'; readonly command: PanelCommand }
  | { readonly type: 'sample'; readonly index: number }
  | { readonly type: 'options'; readonly options: PanelOptions }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string };

/** How far the E(w) chart zooms in and out (a factor on its default interval). */
export const ZOOM_MIN = 1 / 64;
export const ZOOM_MAX = 64;

/** The panel's options before the user changes any (both sides start from these). */
export const DEFAULT_PANEL_OPTIONS: PanelOptions = { metric: 'weight', output: 0, zoom: 1 };

/** `zoom` held within [ZOOM_MIN, ZOOM_MAX]. */
export function clampZoom(zoom: number): number {
  return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, zoom));
}

// ---- validation -------------------------------------------------------------------------

type Guard<T> = (v: unknown) => v is T;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isIndex = (v: unknown): v is number => isInt(v) && (v as number) >= 0;
const isNum = (v: unknown): v is Num => v === null || isNumber(v);
const isLine = (v: unknown): v is number => isInt(v) && (v as number) >= -1;
const oneOf =
  <T extends string>(values: readonly T[]): Guard<T> =>
  (v: unknown): v is T =>
    isStr(v) && (values as readonly string[]).includes(v);
const arrayOf =
  <T>(guard: Guard<T>): Guard<readonly T[]> =>
  (v: unknown): v is readonly T[] =>
    Array.isArray(v) && v.every((x) => guard(x));
const nullable =
  <T>(guard: Guard<T>): Guard<T | null> =>
  (v: unknown): v is T | null =>
    v === null || guard(v);
const pair = (v: unknown): v is readonly [number, number] => Array.isArray(v) && v.length === 2 && isNumber(v[0]) && isNumber(v[1]);

/** An object whose listed fields all pass their guards (other fields are not allowed to matter: they are ignored). */
function shape<T>(fields: { readonly [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  const entries = Object.entries(fields) as [string, Guard<unknown>][];
  return (v: unknown): v is T => isObj(v) && entries.every(([key, guard]) => guard(v[key]));
}

const isMetric = oneOf(EDGE_METRICS);
const isConvention = oneOf(CONVENTIONS);

export const isNodeView = shape<NodeView>({
  name: isStr,
  layer: isIndex,
  index: isIndex,
  bias: isBool,
  x: isNumber,
  y: isNumber,
  r: isNumber,
  net: isNum,
  out: isNum,
  fprime: isNum,
  delta: isNum,
});

export const isEdgeView = shape<EdgeView>({
  id: isStr,
  from: isStr,
  to: isStr,
  layer: isIndex,
  index: isIndex,
  weight: isNum,
  gradient: isNum,
  deltaW: isNum,
  fixed: isBool,
  line: isLine,
  source: oneOf(['line', 'matrix', 'init', 'none'] as const),
});

const isColumnView = shape<ColumnView>({
  layer: isIndex,
  name: isStr,
  activation: isStr,
  x: isNumber,
  total: isIndex,
  shown: isIndex,
  hasBias: isBool,
  moreY: isNum,
});

const isBundleView = shape<BundleView>({
  layer: isIndex,
  total: isIndex,
  drawn: isIndex,
  meanAbs: isNumber,
  maxAbs: isNumber,
  positive: isIndex,
  fromX: isNumber,
  toX: isNumber,
  fromTop: isNumber,
  fromBottom: isNumber,
  toTop: isNumber,
  toBottom: isNumber,
});

const isSampleView = shape<SampleView>({
  index: isIndex,
  count: isIndex,
  inputs: arrayOf(isNumber),
  targets: arrayOf(isNumber),
  truncated: isBool,
});

const isNumList = arrayOf(isNum);

export const isImageView = (v: unknown): v is ImageView =>
  shape<ImageView>({
    side: (x): x is number => isInt(x) && (x as number) >= 2 && (x as number) <= 1024,
    pixels: isNumList,
    saliency: isNumList,
    low: isNumber,
    high: isNumber,
    saliencyMax: isNumber,
    caption: isStr,
  })(v) && v.pixels.length === v.side * v.side && v.saliency.length === v.side * v.side;

export const isConfusionView = (v: unknown): v is ConfusionView =>
  shape<ConfusionView>({
    set: oneOf(['test', 'validation', 'training'] as const),
    classes: arrayOf(isStr),
    counts: arrayOf(isIndex),
    count: isIndex,
    accuracy: isNum,
    weights: oneOf(['trained'] as const),
  })(v) && v.counts.length === v.classes.length * v.classes.length;

const isEpochFigures = shape<EpochFigures>({ trainLoss: isNum, testLoss: isNum, trainAccuracy: isNum, testAccuracy: isNum });

const isSetCurves = shape<SetCurves>({ trainLoss: isNumList, testLoss: isNumList, trainAccuracy: isNumList, testAccuracy: isNumList });

export const isGraphModel = shape<GraphModel>({
  uri: isStr,
  fileName: isStr,
  version: isInt,
  title: isStr,
  convention: isConvention,
  loss: isStr,
  trainer: isStr,
  precision: (v): v is number => isInt(v) && (v as number) >= 1 && (v as number) <= 17,
  metric: isMetric,
  width: isNumber,
  height: isNumber,
  detail: oneOf(DETAILS),
  nodes: arrayOf(isNodeView),
  edges: arrayOf(isEdgeView),
  columns: arrayOf(isColumnView),
  bundles: arrayOf(isBundleView),
  reduction: isStr,
  sample: nullable(isSampleView),
  error: isNum,
  stale: isStr,
  trainedWaiting: isBool,
  outputs: arrayOf(isStr),
  image: nullable(isImageView),
});

const isTrainingView = (v: unknown): v is TrainingView =>
  shape<TrainingView>({
    uri: isStr,
    running: isBool,
    maxEpochs: isIndex,
    measure: isStr,
    until: isNum,
    epochs: arrayOf(isIndex),
    errors: arrayOf(isNum),
    stop: isStr,
    curves: isSetCurves,
    confusion: nullable(isConfusionView),
  })(v) &&
  v.epochs.length === v.errors.length &&
  Object.values(v.curves).every((c: readonly Num[]) => c.length === v.epochs.length);

const isCurveNext = shape<CurveNext>({ value: isNumber, error: isNum, deltaW: isNumber, formula: isStr });

const isCurveView = (v: unknown): v is CurveView =>
  shape<CurveView>({
    edge: isStr,
    from: isStr,
    to: isStr,
    basis: oneOf(['sample', 'set'] as const),
    caption: isStr,
    convention: isConvention,
    value: isNumber,
    error: isNum,
    slope: isNum,
    gradient: isNum,
    fixed: isBool,
    next: nullable(isCurveNext),
    halfWidth: (x): x is number => isNumber(x) && x > 0,
    values: arrayOf(isNumber),
    errors: arrayOf(isNum),
  })(v) && v.values.length === v.errors.length && v.values.length >= 2;

const isMapSample = shape<MapSample>({ x: isNumber, y: isNumber, target: isNum, active: isBool });

const isMapView = (v: unknown): v is MapView =>
  shape<MapView>({
    output: isIndex,
    outputName: isStr,
    xName: isStr,
    yName: isStr,
    x: pair,
    y: pair,
    resolution: (x): x is number => isInt(x) && (x as number) >= 2 && (x as number) <= 256,
    values: arrayOf(isNum),
    low: isNumber,
    high: isNumber,
    samples: arrayOf(isMapSample),
    weights: oneOf(['file', 'trained', 'training'] as const),
  })(v) && v.values.length === v.resolution * v.resolution;

const HOST_GUARDS: { readonly [K in HostMessage['type']]: Guard<Extract<HostMessage, { type: K }>> } = {
  model: shape({ type: oneOf(['model'] as const), model: isGraphModel }),
  empty: shape({ type: oneOf(['empty'] as const), reason: isStr }),
  training: shape({ type: oneOf(['training'] as const), training: isTrainingView }),
  trainingProgress: shape({ type: oneOf(['trainingProgress'] as const), uri: isStr, epoch: isIndex, error: isNum, figures: isEpochFigures }),
  curve: shape({ type: oneOf(['curve'] as const), curve: nullable(isCurveView), note: isStr }),
  map: shape({ type: oneOf(['map'] as const), map: nullable(isMapView) }),
  highlight: shape({ type: oneOf(['highlight'] as const), edge: nullable(isStr), node: nullable(isStr) }),
};

export const isPanelOptions = shape<PanelOptions>({
  metric: isMetric,
  output: isIndex,
  zoom: (v): v is number => isNumber(v) && v >= ZOOM_MIN && v <= ZOOM_MAX,
});

const PANEL_GUARDS: { readonly [K in PanelMessage['type']]: Guard<Extract<PanelMessage, { type: K }>> } = {
  ready: shape({ type: oneOf(['ready'] as const), options: isPanelOptions, selected: nullable(isStr) }),
  reveal: shape({ type: oneOf(['reveal'] as const), kind: oneOf(['node', 'edge'] as const), id: isStr }),
  select: shape({ type: oneOf(['select'] as const), edge: nullable(isStr) }),
  run: shape({ type: oneOf(['run'] as const), command: oneOf(PANEL_COMMANDS) }),
  sample: shape({ type: oneOf(['sample'] as const), index: isIndex }),
  options: shape({ type: oneOf(['options'] as const), options: isPanelOptions }),
  log: shape({ type: oneOf(['log'] as const), level: oneOf(['info', 'warn', 'error'] as const), message: (v): v is string => isStr(v) && v.length <= 4000 }),
};

function dispatchGuard(guards: Readonly<Record<string, Guard<unknown>>>, v: unknown): boolean {
  if (!isObj(v) || !isStr(v.type) || !Object.prototype.hasOwnProperty.call(guards, v.type)) return false;
  return guards[v.type](v);
}

/** A message from the extension, as the webview receives it. */
export function isHostMessage(v: unknown): v is HostMessage {
  return dispatchGuard(HOST_GUARDS as unknown as Record<string, Guard<unknown>>, v);
}

/** A message from the webview, as the extension receives it. */
export function isPanelMessage(v: unknown): v is PanelMessage {
  return dispatchGuard(PANEL_GUARDS as unknown as Record<string, Guard<unknown>>, v);
}

/** A short description of a rejected message for the log (its type, or what it was). */
export function describeMessage(v: unknown): string {
  if (isObj(v)) return isStr(v.type) ? `'${v.type.slice(0, 40)}'` : 'an object without a type';
  if (Array.isArray(v)) return 'an array';
  return v === null ? 'null' : typeof v;
}
