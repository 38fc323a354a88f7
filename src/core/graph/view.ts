// What the graph panel's webview draws, as plain data: the view model the extension posts
// (src/shared/protocol.ts carries it and validates it). Each shape is derived from the core
// type it shows (the layout's nodes, columns and bundles; the engine's node values; the
// E(w) curve; the output map), with numbers that may be missing or non-finite as `Num`.
import type { LayerValues } from '../engine/compute';
import type { Convention } from '../vocabulary';
import type { GraphLayout, LayoutBundle, LayoutColumn, LayoutDetail, LayoutNode } from './layout';
import type { OutputMap } from './output-map';
import type { WeightCurve } from './curve';

/** A number that may be missing: not computed, or not finite (posted as null). */
export type Num = number | null;

/** `x` when it is a finite number, else null. */
export const num = (x: number | undefined): Num => (x !== undefined && Number.isFinite(x) ? x : null);

/** What sizes the edges: |weight| or |gradient| of the active sample. */
export type EdgeMetric = 'weight' | 'gradient';
export type Detail = LayoutDetail;
export type { Convention };

/** One node's entries of the engine's per-layer values, finite or null (δ: null for inputs and bias nodes). */
type NodeNumbers = { readonly [K in keyof LayerValues]: Num };

export interface NodeView extends Pick<LayoutNode, 'name' | 'layer' | 'index' | 'bias' | 'x' | 'y' | 'r'>, NodeNumbers {}

export interface EdgeView {
  /** `FROM->TO` (`weightKey`). */
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly layer: number;
  readonly index: number;
  readonly weight: Num;
  /** The active sample's gradient in the file's convention. */
  readonly gradient: Num;
  /** The next Δw of the file's trainer. */
  readonly deltaW: Num;
  readonly fixed: boolean;
  /** Zero-based line the value is written on (the `init` line for initialised weights); −1 when unknown. */
  readonly line: number;
  readonly source: 'line' | 'matrix' | 'init' | 'none';
}

export interface ColumnView extends Omit<LayoutColumn, 'moreY'> {
  readonly activation: string;
  /** Where the "N more" marker goes, when nodes were left out. */
  readonly moreY: Num;
}

export interface BundleView extends LayoutBundle {
  readonly fromX: number;
  readonly toX: number;
}

export interface SampleView {
  /** Zero-based. */
  readonly index: number;
  readonly count: number;
  /** The first few inputs and targets (at most 8 each) and whether there are more. */
  readonly inputs: readonly number[];
  readonly targets: readonly number[];
  readonly truncated: boolean;
}

export interface GraphModel extends Pick<GraphLayout, 'width' | 'height' | 'detail'> {
  readonly uri: string;
  readonly fileName: string;
  readonly version: number;
  readonly title: string;
  readonly convention: Convention;
  readonly loss: string;
  /** The `train` line in words, e.g. `backprop · rate 0.7 · momentum 0.3`. */
  readonly trainer: string;
  /** Significant digits (the `nnet.precision` setting). */
  readonly precision: number;
  readonly metric: EdgeMetric;
  readonly nodes: readonly NodeView[];
  readonly edges: readonly EdgeView[];
  readonly columns: readonly ColumnView[];
  readonly bundles: readonly BundleView[];
  /** What a reduced drawing left out, in words; empty when everything is drawn. */
  readonly reduction: string;
  readonly sample: SampleView | null;
  /** E of the active sample. */
  readonly error: Num;
  /** Why the numbers may be out of date (e.g. the file has errors now); empty when current. */
  readonly stale: string;
  /** Trained weights are waiting to be applied. */
  readonly trainedWaiting: boolean;
  readonly outputs: readonly string[];
  /** The active sample drawn as an image with its saliency, when the inputs form a square. */
  readonly image: ImageView | null;
}

/** One epoch's figures on the training and the test samples (null where not measured: no test set, or regression). */
export interface EpochFigures {
  /** Mean loss over the training samples during the epoch's passes. */
  readonly trainLoss: Num;
  /** Mean loss over the test samples after the epoch. */
  readonly testLoss: Num;
  readonly trainAccuracy: Num;
  readonly testAccuracy: Num;
}

/** Per-epoch figures of a run, one entry per point of the error curve. */
export type SetCurves = { readonly [K in keyof EpochFigures]: readonly Num[] };

/** Counts of (true class, predicted class) on a held-out set (or the training set when there is none). */
export interface ConfusionView {
  readonly set: 'test' | 'validation' | 'training';
  /** Class names: the output nodes (or 0 and 1 for one sigmoid output). */
  readonly classes: readonly string[];
  /** classes² counts, row = true class, column = predicted class. */
  readonly counts: readonly number[];
  /** Samples counted (at most CONFUSION_MAX_SAMPLES of the set, the first ones). */
  readonly count: number;
  readonly accuracy: Num;
  /** Whose weights: those of the run that just ended. */
  readonly weights: 'trained';
}

/** An image input (a square number of inputs) of the active sample, and its saliency ∂E/∂x. */
export interface ImageView {
  /** Pixels per side (28 for 784 inputs). */
  readonly side: number;
  /** side² input values, row by row. */
  readonly pixels: readonly Num[];
  /** side² values of ∂E/∂x (calculus convention: where E grows when the pixel brightens). */
  readonly saliency: readonly Num[];
  /** The pixels' range, for the grey scale. */
  readonly low: number;
  readonly high: number;
  /** max |∂E/∂x|, for the heat map's scale (0 when all are 0). */
  readonly saliencyMax: number;
  /** e.g. `test sample 17 · true: coat · predicted: shirt (0.61)`. */
  readonly caption: string;
}

/** The error curve of the last training run of a document. */
export interface TrainingView {
  readonly uri: string;
  readonly running: boolean;
  readonly maxEpochs: number;
  /** What the errors measure, e.g. `MSE` or `mean cross-entropy`. */
  readonly measure: string;
  /** The `until` target, if any. */
  readonly until: Num;
  readonly epochs: readonly number[];
  readonly errors: readonly Num[];
  /** Why it stopped, in words (empty while running). */
  readonly stop: string;
  /** Training and test loss and accuracy per point of `epochs`. */
  readonly curves: SetCurves;
  /** After the run: the trained weights' confusion matrix (classification only). */
  readonly confusion: ConfusionView | null;
}

type CurveNextOf<T> = T extends { readonly error: number } ? Omit<T, 'error'> & { readonly error: Num } : never;
export type CurveNext = CurveNextOf<NonNullable<WeightCurve['next']>>;

/** E as a function of one weight, for the selected edge. */
export interface CurveView extends Pick<WeightCurve, 'from' | 'to' | 'basis' | 'convention' | 'value' | 'fixed' | 'halfWidth'> {
  readonly edge: string;
  readonly caption: string;
  readonly error: Num;
  /** ∂E/∂w (calculus), the tangent's slope. */
  readonly slope: Num;
  /** The gradient in the file's convention. */
  readonly gradient: Num;
  readonly next: CurveNext | null;
  readonly values: readonly number[];
  readonly errors: readonly Num[];
}

export interface MapSample {
  readonly x: number;
  readonly y: number;
  readonly target: Num;
  readonly active: boolean;
}

/** The network's output over the plane of its two inputs. */
export interface MapView extends Pick<OutputMap, 'output' | 'resolution'> {
  readonly outputName: string;
  readonly xName: string;
  readonly yName: string;
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  /** resolution² values, row 0 at the top. */
  readonly values: readonly Num[];
  /** The colour scale's ends (the activation's range, or the values' extent). */
  readonly low: number;
  readonly high: number;
  readonly samples: readonly MapSample[];
  /** Whose weights: the file's, or trained weights not yet applied. */
  readonly weights: 'file' | 'trained' | 'training';
}
