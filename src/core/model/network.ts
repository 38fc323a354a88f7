// The validated network: what the engine computes on. Names and ranges live here; the
// engine works on indices and Float64Arrays.
import type { Diagnostic, Range } from '../types';
import type { Activation, Convention, InitMethod, Loss, TrainMethod } from '../vocabulary';

export interface NetworkNode {
  /** Full name as written in weight lines (`H1`, `x12`, `B1`). */
  readonly name: string;
  /** Index of the layer the node belongs to. */
  readonly layer: number;
  /** Position within its layer (bias node: after the ordinary nodes). */
  readonly index: number;
  readonly isBias: boolean;
  /** Where the node is declared (the name in the layer line, or the `bias` clause). */
  readonly range: Range;
}

export interface Layer {
  readonly name: string;
  readonly index: number;
  /** Ordinary nodes, in declaration order (bias excluded). */
  readonly nodes: readonly NetworkNode[];
  /** The bias node feeding the next layer, if the layer has one. */
  readonly bias?: NetworkNode;
  /** `linear` for the input layer. */
  readonly activation: Activation;
  /** The whole `layer` statement. */
  readonly range: Range;
  readonly nameRange: Range;
  /** Other names `weights` statements may use for this layer: the base name of a node array (`x` for `x[64]`). */
  readonly aliases: readonly string[];
}

/** Where one weight's value came from in the text. */
export type WeightOrigin =
  | { readonly kind: 'line'; readonly range: Range; readonly valueRange: Range }
  | { readonly kind: 'matrix'; readonly range: Range; readonly valueRange: Range }
  | { readonly kind: 'init'; readonly range: Range };

/**
 * All weights from layer `from` to layer `from + 1`, row-major:
 * row r = destination node r of the next layer, column c = source node c of this layer,
 * the last column (c = sourceCount) is the bias when this layer has one.
 */
export interface WeightMatrix {
  readonly from: number;
  readonly to: number;
  readonly rows: number;
  /** Source nodes plus one for the bias when present. */
  readonly columns: number;
  readonly values: Float64Array;
  /** 1 where the weight is `fixed`. */
  readonly fixed: Uint8Array;
  /** Per entry, where its value came from (same indexing as `values`). */
  readonly origins: readonly (WeightOrigin | undefined)[];
}

export interface InitSpec {
  readonly method: InitMethod;
  readonly args: readonly number[];
  readonly seed: number;
}

export interface TrainSettings {
  readonly method: TrainMethod;
  /** Option values as written, after validation (e.g. `rate`, `momentum`, `epochs`). */
  readonly options: Readonly<Record<string, number | true>>;
  readonly range?: Range;
}

export interface Sample {
  readonly inputs: Float64Array;
  readonly targets: Float64Array;
  /** The `sample` line; for CSV rows, the `data` line. */
  readonly range: Range;
  /** 1-based CSV line for samples read from a data file. */
  readonly csvLine?: number;
  /** 1-based record for samples read from an IDX file. */
  readonly record?: number;
}

export interface Network {
  readonly name?: string;
  readonly convention: Convention;
  readonly loss: Loss;
  readonly layers: readonly Layer[];
  /** Layer pairs: weights[k] connects layers[k] to layers[k + 1]. */
  readonly weights: readonly WeightMatrix[];
  readonly train: TrainSettings;
  /** Training samples: `sample` lines, then `data` sources, less any held-out split. */
  readonly samples: readonly Sample[];
  /** Held-out test samples (`test …`): measured, never trained on. */
  readonly test: readonly Sample[];
  /** Held-out validation samples (`validation …`): measured for early stopping, never trained on. */
  readonly validation: readonly Sample[];
}

export interface ModelResult {
  /** Undefined when the structure is too broken to compute on (no layers, say). */
  readonly network?: Network;
  /** Syntax and semantic diagnostics, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Whether any diagnostic is an error (the engine should not run on the network then). */
  readonly hasErrors: boolean;
}

/** Reads a data file named relative to the .nnet file's folder (the path is already checked to stay inside it). */
export type DataReader = (relativePath: string) => { ok: true; text: string } | { ok: false; error: string };

/**
 * Reads a binary data file (IDX, gunzipped by the adapter when it is gzip) named relative to the
 * .nnet file's folder, handing its bytes to `sink` in order, chunk by chunk.
 */
export type ByteReader = {
  (relativePath: string, sink: (chunk: Uint8Array) => void): { ok: true } | { ok: false; error: string };
  /**
   * Optional: a cheap key that changes whenever the file's content may have (e.g. its real path,
   * size and modification time), or undefined when the file cannot be named so. With it the core
   * keeps the samples decoded from a file across checks of an edited document instead of
   * decoding 60,000 images again on every keystroke.
   */
  contentKey?: (relativePath: string) => string | undefined;
};

export interface BuildOptions {
  /** Missing: `data` statements are reported as unreadable. */
  readonly readData?: DataReader;
  /** Missing: IDX `data` statements are reported as unreadable. */
  readonly readBytes?: ByteReader;
}

/** Data carried by an `nnet/missing-weight` diagnostic for the quick fix. */
export interface MissingWeightsData {
  readonly fromLayer: string;
  readonly toLayer: string;
  /** The missing pairs in the order a fix should insert them: all of them, or the first MAX_MISSING_WEIGHTS_LISTED when `count` is larger. */
  readonly missing: readonly { readonly from: string; readonly to: string }[];
  /** How many weights are missing in all. */
  readonly count: number;
  /** Zero-based line after which the fix inserts weight lines (the last weight line of the pair, or the last layer line). */
  readonly insertAfterLine: number;
}
