// The `nnet/...` messages: what LSP has no message for (the active sample, computing on
// demand, gradient checking, trained weights and the Δw of a Step for the lenses, the edits
// that write trained weights). One module,
// imported by the server, the VS Code client and the tests; the types come from the core.
// Method names are plain strings so that this module has no runtime dependency (it is used in
// the browser and in Node alike). Documented in docs/server.md.
import type { Convention, EngineSpec, TextEdit, TrainOptions } from '../core';
import type { PackedFloat64 } from './binary';

/** A document the message is about (its URI as the client names it). */
export interface DocumentParams {
  readonly uri: string;
}

/** Where a document's gradients stand: sent after every compute and on request. */
export interface GradientStatus {
  readonly uri: string;
  /** The document version the numbers were computed for. */
  readonly version: number;
  /** 0-based active sample. */
  readonly sample: number;
  /** Training samples. */
  readonly sampleCount: number;
  /** `sample 2/4`, or `test sample 17/10,000` for a held-out sample. */
  readonly label: string;
  /** The sample sets' sizes. */
  readonly samples: { readonly train: number; readonly test: number; readonly validation: number };
  readonly convention: Convention;
  /** E for the active sample. */
  readonly error: number;
  /** The document changed since (the numbers are shown marked stale). */
  readonly stale: boolean;
}

export type ComputeResult = { readonly ok: true; readonly status: GradientStatus } | { readonly ok: false; readonly reason: string };

/** Request client → server: run the forward and backward pass now (any file size). */
export const COMPUTE = 'nnet/compute';
export type ComputeParams = DocumentParams;

/** Request client → server: make `sample` (0-based) the active sample and compute it. */
export const SET_ACTIVE_SAMPLE = 'nnet/setActiveSample';
export interface SetActiveSampleParams extends DocumentParams {
  readonly sample: number;
}

/** Training samples `nnet/samples` lists one by one (60,000 images would be 47 M numbers). */
export const MAX_LISTED_SAMPLES = 1000;

/** Request client → server: the samples, for a picker. */
export const SAMPLES = 'nnet/samples';
export interface SampleInfo {
  /** `1 0 → 1`. */
  readonly description: string;
  /** `line 12` or `CSV line 7`. */
  readonly detail: string;
}
export interface SamplesResult {
  /** The training samples for a picker: all of them up to MAX_LISTED_SAMPLES, none above (a client then asks for a number). */
  readonly samples: readonly SampleInfo[];
  /** Training samples. */
  readonly count: number;
  /** Training, test and validation samples: `nnet/setActiveSample` takes 0 … total − 1 (held-out samples after the training ones). */
  readonly total: number;
  readonly active: number;
}

/** Request client → server: gradient check (backprop against finite differences). */
export const CHECK_GRADIENTS = 'nnet/checkGradients';
export type CheckGradientsResult =
  | {
      readonly ok: true;
      /** Worst relative error is at most the threshold. */
      readonly passed: boolean;
      readonly worst: number;
      readonly from: string;
      readonly to: string;
      readonly analytic: number;
      readonly numeric: number;
      readonly checked: number;
      readonly total: number;
    }
  | { readonly ok: false; readonly reason: string };

/** Notification server → client: a document's gradients were (re)computed, or were dropped (`status` absent). */
export const STATUS = 'nnet/status';
export interface StatusParams extends DocumentParams {
  readonly status?: GradientStatus;
}

/**
 * One layer's numbers: a JSON array, or (what the VS Code client sends: 100k JSON numbers cost
 * its thread up to 180 ms) base64 of the little-endian float64 bytes (binary.ts).
 */
export type NumbersParam = readonly number[] | PackedFloat64;

/**
 * Notification client → server: weights a training run produced for `version` of the
 * document (`weights` indexed like the engine's arrays: `weights[k][i]`), shown as "trained"
 * in lenses until cleared with `weights: null`.
 */
export const SET_TRAINED_WEIGHTS = 'nnet/setTrainedWeights';
export interface SetTrainedWeightsParams extends DocumentParams {
  readonly version: number;
  readonly weights: readonly NumbersParam[] | null;
}

/** Notification client → server: a Step wrote its weights; `version` is the document's version after the edit, `applied[k][i]` each Δw. */
export const SET_STEP_APPLIED = 'nnet/setStepApplied';
export interface SetStepAppliedParams extends DocumentParams {
  readonly version: number;
  readonly applied: readonly NumbersParam[];
}

/**
 * Request client → server: what a training run of `version` of the document needs — the
 * engine's network (weights as base64 float64), the samples, the trainer's options — made from
 * the server's check, so the client's thread never parses the file to train it. The client
 * passes it on to its training worker.
 */
export const TRAINING_JOB = 'nnet/trainingJob';
export interface TrainingJobParams extends DocumentParams {
  readonly version: number;
}
/** A sample set: `count` samples, inputs and targets flat (sample s's inputs start at s·inputSize). */
export interface PackedSampleSet {
  readonly count: number;
  readonly inputSize: number;
  readonly targetSize: number;
  readonly inputs: PackedFloat64;
  readonly targets: PackedFloat64;
}
export interface TrainingJob {
  readonly ok: true;
  readonly version: number;
  readonly spec: Omit<EngineSpec, 'weights' | 'fixed'> & {
    readonly weights: readonly PackedFloat64[];
    /** Per weight 1 when it is fixed (`!`), as base64 bytes. */
    readonly fixed: readonly string[];
  };
  readonly options: TrainOptions;
  readonly data: PackedSampleSet;
  readonly held: { readonly test?: PackedSampleSet; readonly validation?: PackedSampleSet };
  /** The `train` line's method. */
  readonly method: string;
}
/**
 * `errors`: the file has errors; `no-samples`: nothing to train on; `changed`: the document is
 * not at `version` (or not open); `large`: the samples are too many to send (the client then
 * reads the network itself).
 */
export type TrainingJobResult = TrainingJob | { readonly ok: false; readonly reason: 'errors' | 'no-samples' | 'changed' | 'large' };
/** Bytes of samples a training job carries at most (above, `large`). */
export const MAX_JOB_SAMPLE_BYTES = 32 * 1024 * 1024;

/**
 * Request client → server: the edits that write `weights` (one array per layer pair, indexed
 * like the engine's arrays, each as in `nnet/setTrainedWeights`) into `version` of the document
 * — what Apply Trained Weights and Step write — made from the server's check of that version,
 * so the client's thread neither checks nor parses the file. The client applies them to that
 * version only. Neighbouring edits come joined into one (`joinEdits`: 101,770 one-number edits
 * on 100k weight lines were 10.8 MB of JSON, joined they are 2.3 MB). `changed`: the document
 * is not at `version` (or not open); `errors`: the file has errors; `mismatch`: the arrays do
 * not fit the network's layer pairs; `invalid`: a weight is not a finite number (`message`
 * names it).
 */
export const TRAINED_EDITS = 'nnet/trainedEdits';
export interface TrainedEditsParams extends DocumentParams {
  readonly version: number;
  readonly weights: readonly NumbersParam[];
}
export type TrainedEditsResult =
  | { readonly ok: true; readonly version: number; readonly edits: readonly TextEdit[] }
  | { readonly ok: false; readonly reason: 'changed' | 'errors' | 'mismatch' | 'invalid'; readonly message?: string };

/**
 * Request client → server: the code lenses on the lines of `range` only, complete (no
 * `codeLens/resolve` needed); `null` when the document changed meanwhile. The VS Code client
 * asks this for big files with the visible lines and a margin, and asks again on scrolling.
 */
export const CODE_LENS_RANGE = 'nnet/codeLens';
export interface CodeLensRangeParams {
  readonly textDocument: DocumentParams;
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
}

/** What the server reads from `initializationOptions`. */
export interface InitializationOptions {
  /**
   * The client runs the lens commands (`nnet.computeGradients`, `nnet.useSample`,
   * `nnet.showExplanation`) itself; otherwise the server offers them through
   * `workspace/executeCommand`.
   */
  readonly clientCommands?: boolean;
  /** Settings for clients without `workspace/configuration` (same shape as the `nnet` section). */
  readonly settings?: unknown;
  /**
   * The client answers `nnet/readData` for the data files the server cannot read itself (the
   * web, where the server runs in a Web Worker without file access; virtual file systems).
   */
  readonly dataFiles?: boolean;
}

/**
 * Request server → client (only when `initializationOptions.dataFiles`): the data files a
 * document names that the server could not read, `paths` as the document's `data` lines name
 * them (relative to its folder). The client answers each with its text or the reason it cannot
 * be read; the server re-checks the document with them.
 */
export const READ_DATA = 'nnet/readData';
export interface ReadDataParams extends DocumentParams {
  readonly paths: readonly string[];
}
export type DataFileRead = { readonly path: string } & ({ readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: string });
export interface ReadDataResult {
  readonly files: readonly DataFileRead[];
}

/** The `workspace/configuration` section the server asks for. */
export const SETTINGS_SECTION = 'nnet';
