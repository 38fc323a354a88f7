// The core's public API: the one entry point for everything outside src/core (CLI, extension,
// language server, debugger, platform adapters, webview). It exports what those callers use
// and nothing else; `npm run lint` (no-restricted-imports in eslint.config.mjs) refuses an
// import of a core file from outside the core. No `vscode` import here or below.
export { maxOf, minOf, pushAll } from './arrays';
export { check, textTooLarge, type CheckResult } from './check';
export { placeBreakpoint, stopLines } from './debug/breakpoints';
export { describeEvaluationError, evaluateExpression, truthy } from './debug/evaluate';
export { BackpropProgram, type ProgramStep, type Quantity } from './debug/program';
export { contextAt, findNode, inlineValues, layerQuantities, resolveAt, weightsInto } from './debug/state';
export { DIAGNOSTIC_CODES } from './diagnostic-codes';
export { weightEdits, writtenWeights } from './edit/weights';
export { joinEdits, JOIN_GAP_LIMIT } from './edit/join';
export { ACTIVATION_FORMULAS } from './engine/activations';
export { computeSample, computeSampleWith } from './engine/compute';
export {
  GRADCHECK_STEP,
  GRADCHECK_THRESHOLD,
  gradientCheck,
  RESOLUTION_FACTOR,
  resolutionFloor,
  totalError,
  type GradientCheckEntry,
} from './engine/gradcheck';
export { createWorkspace, forward, type EngineSpec } from './engine/kernel';
export { classCount, evaluate, taskOf, type Evaluation, type Task } from './engine/metrics';
export { imageSide, inputGradient } from './engine/saliency';
export { allSampleCount, heldOutSets, networkSampleSet, sampleLabel, toEngineSpec, toSampleSet, type SampleSet } from './engine/spec';
export {
  DEFAULT_PROGRESS_INTERVAL_MS,
  errorReply,
  newTrainJob,
  notStarted,
  takeReply,
  TrainSession,
  type TrainingHooks,
  type TrainingProgress,
  type TrainJob,
  type TrainReply,
} from './engine/train-session';
export {
  ErrorHistory,
  maxEpochsOf,
  stoppingError,
  train,
  trainOptionsOf,
  type Divergence,
  type EpochError,
  type HeldOutSets,
  type TrainOptions,
  type TrainResult,
} from './engine/train';
export { ruleParameters } from './engine/update-rule';
export { Explainer, type Derivation, type NodeDerivation, type WeightDerivation } from './explain/derivation';
export { formatNumber } from './explain/format-number';
export { renderText } from './explain/render';
export { EXPORT_FORMAT_INFO, EXPORT_FORMATS, exportNetwork, type ExportDtype, type ExportFormat } from './export/index';
export { fromOnnx } from './export/onnx-import';
export { epochFigures } from './graph/data-views';
export { TrainingRuns } from './graph/runs';
export { niceTicks } from './graph/ticks';
export { buildCurveView, buildGraphModel, buildMapView, writtenEdges, type WrittenEdge } from './graph/view-model';
// The graph panel's view model, all of its shapes (src/shared/protocol.ts carries them to the webview).
export type * from './graph/view';
export { dataFileTooLarge, formatBytes, MAX_DATA_FILE_BYTES, MAX_TEXT_CHARS } from './limits';
export { nodeRefName } from './model/build';
export { normaliseDataPath } from './model/data-file';
export { nodeByName, splitWeightKey, weightAt, weightKey, weightNames } from './model/lookup';
export type { ByteReader, DataReader, MissingWeightsData, Network, Sample } from './model/network';
export type { CompletionItem, CompletionKind } from './service/completion-items';
export { completionsAt } from './service/completion';
export type { ServiceDocument } from './service/document';
export { codeFixes, findDiagnostic } from './service/fixes';
export { foldingRanges, type FoldingRange } from './service/folding';
export { hoverFor } from './service/gradient-hover';
export {
  computeGradients,
  conventionOf,
  DEFAULT_SETTINGS,
  GradientResults,
  settingsFrom,
  settingsWith,
  type ComputeOutcome,
  type GradientSettings,
  type GradientView,
  type WeightSet,
} from './service/gradients';
export { GRADIENT_COMMANDS, gradientInlayHints, gradientLenses, weightLens, type LensData, type LensOrPending, type WeightLensKey } from './service/lenses';
export { liveCheck } from './service/live';
export { parsedOf, recheck, reparse, type Parsed } from './service/incremental';
export { dataLines } from './service/data-lines';
export { className, misclassifiedSamples, sampleOrigin } from './service/misclassified';
export { definitionAt, highlightsAt, prepareRename, referencesAt, renameAt } from './service/navigation';
export { documentSymbols, type DocumentSymbol, type SymbolKind } from './service/symbols';
export { targetAt, type Target } from './service/targets';
export { applyEdits, type TextEdit } from './service/text';
export { detectEol, format, formatLines } from './syntax/format';
export { parse } from './syntax/parser';
export type { Diagnostic, Position, Range, Severity } from './types';
export { ACTIVATIONS, CONVENTIONS, INIT_METHODS, LOSSES, nearest, STATEMENT_KEYWORDS, TRAIN_METHODS, TRAIN_OPTIONS, type Convention } from './vocabulary';
export { describeStop, errorCount, hasErrorsText, plural } from './wording';
