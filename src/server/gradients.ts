// The gradient explainer over LSP: code lenses (lenses.ts), derivation hovers, inlay hints, computing on open/save, and the `nnet/...` requests.
import { MarkupKind, type Hover, type InlayHint } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  allSampleCount,
  GRADCHECK_STEP,
  GRADCHECK_THRESHOLD,
  GRADIENT_COMMANDS,
  gradientCheck,
  gradientInlayHints,
  hoverFor,
  networkSampleSet,
  resolutionFloor,
  toEngineSpec,
  totalError,
  weightNames,
  type CheckResult,
} from '../core';
import { toRange } from './convert';
import { registerLenses } from './lenses';
import {
  CHECK_GRADIENTS,
  COMPUTE,
  MAX_LISTED_SAMPLES,
  SAMPLES,
  SET_ACTIVE_SAMPLE,
  SET_STEP_APPLIED,
  SET_TRAINED_WEIGHTS,
  STATUS,
  TRAINED_EDITS,
  TRAINING_JOB,
  type CheckGradientsResult,
  type ComputeParams,
  type ComputeResult,
  type SamplesResult,
  type SetActiveSampleParams,
  type SetStepAppliedParams,
  type SetTrainedWeightsParams,
  type StatusParams,
  type TrainedEditsParams,
  type TrainedEditsResult,
  type TrainingJobParams,
  type TrainingJobResult,
} from './protocol';
import type { ServerContext } from './server';
import { trainedEdits } from './trained-edits';
import { packTrainingJob } from './training-job';

/** Gradient checking re-runs every sample twice per weight; above this many weights an evenly spread selection is checked. */
export const GRADCHECK_MAX_WEIGHTS = 400;

export function registerGradientFeatures(ctx: ServerContext): void {
  const { connection, documents, states } = ctx;

  const sendStatus = (document: TextDocument): void => {
    const params: StatusParams = { uri: document.uri, status: states.status(document) };
    void connection.sendNotification(STATUS, params);
  };

  const compute = async (uri: string): Promise<ComputeResult> => {
    const document = documents.get(uri);
    if (!document) return { ok: false, reason: 'the document is not open' };
    // Data files the check asked the client for come first (the web reads them through the workspace).
    states.check(document);
    await ctx.dataReady(uri);
    const version = document.version;
    const settings = await ctx.settings(uri);
    const current = ctx.current(uri, version);
    if (!current) return { ok: false, reason: 'the document changed while computing; run it again' };
    const outcome = states.compute(current, settings);
    if (!outcome.ok) return outcome;
    sendStatus(current);
    ctx.refresh(uri);
    return { ok: true, status: states.status(current)! };
  };

  // Lenses are there without asking for files up to the size limit; bigger files wait for a compute request.
  const autoCompute = async (document: TextDocument): Promise<void> => {
    const settings = await ctx.settings(document.uri);
    if (document.getText().length > settings.autoComputeMaxSizeKB * 1024) return;
    await compute(document.uri);
  };
  documents.onDidOpen((e) => void autoCompute(e.document));
  ctx.onDataRead((uri) => {
    const document = documents.get(uri);
    if (document) void autoCompute(document);
  });
  documents.onDidSave((e) => void autoCompute(e.document));
  // Typing marks the numbers stale (the status says so); they are recomputed on save.
  documents.onDidChangeContent((e) => states.results(e.document.uri) && sendStatus(e.document));

  connection.onRequest(COMPUTE, (params: ComputeParams) => compute(params.uri));

  connection.onRequest(SET_ACTIVE_SAMPLE, async (params: SetActiveSampleParams): Promise<ComputeResult> => {
    states.setActiveSample(params.uri, params.sample);
    return compute(params.uri);
  });

  /** The open document's check once the data files it names have arrived (undefined when it is not open). */
  const checkedWithData = async (uri: string): Promise<{ document: TextDocument; result: CheckResult } | undefined> => {
    const first = documents.get(uri);
    if (!first) return undefined;
    states.check(first);
    await ctx.dataReady(uri);
    const document = documents.get(uri);
    return document ? { document, result: states.check(document) } : undefined;
  };

  connection.onRequest(SAMPLES, async (params: ComputeParams): Promise<SamplesResult> => {
    const network = (await checkedWithData(params.uri))?.result.network;
    const all = network?.samples ?? [];
    const samples = all.length > MAX_LISTED_SAMPLES ? [] : all.map((s) => ({
      description: `${Array.from(s.inputs).join(' ')} → ${Array.from(s.targets).join(' ')}`,
      detail: s.csvLine ? `CSV line ${s.csvLine}` : `line ${s.range.start.line + 1}`,
    }));
    return { samples, count: all.length, total: network ? allSampleCount(network) : 0, active: states.activeSample(params.uri) };
  });

  connection.onRequest(CHECK_GRADIENTS, async (params: ComputeParams): Promise<CheckGradientsResult> => {
    const checked = await checkedWithData(params.uri);
    if (!checked) return { ok: false, reason: 'the document is not open' };
    const result = checked.result;
    const network = result.network;
    if (!network || result.hasErrors || network.samples.length === 0) return { ok: false, reason: 'fix the errors (and add samples) before checking gradients' };
    const spec = toEngineSpec(network);
    const data = networkSampleSet(network);
    const total = spec.weights.reduce((n, w) => n + w.length, 0);
    const floor = resolutionFloor(totalError(spec, data));
    const entries = gradientCheck(spec, data, GRADCHECK_STEP, floor, total > GRADCHECK_MAX_WEIGHTS ? GRADCHECK_MAX_WEIGHTS : undefined);
    if (entries.length === 0) return { ok: false, reason: 'the network has no weights' };
    let worst = entries[0];
    for (const e of entries) if (e.relativeError > worst.relativeError) worst = e;
    const names = weightNames(network, worst.layer, worst.index);
    return { ok: true, passed: worst.relativeError <= GRADCHECK_THRESHOLD, worst: worst.relativeError, from: names.from, to: names.to, analytic: worst.analytic, numeric: worst.numeric, checked: entries.length, total };
  });

  // What the client's training worker needs, from this check (the client's thread does not parse the file).
  connection.onRequest(TRAINING_JOB, async (params: TrainingJobParams): Promise<TrainingJobResult> => {
    const checked = await checkedWithData(params.uri);
    if (!checked || checked.document.version !== params.version) return { ok: false, reason: 'changed' };
    return packTrainingJob(checked.result, params.version);
  });

  // Apply and Step: the edits that write weights into that version of the document (the client only applies them).
  connection.onRequest(TRAINED_EDITS, async (params: TrainedEditsParams): Promise<TrainedEditsResult> => {
    const checked = await checkedWithData(params.uri);
    if (!checked || checked.document.version !== params.version) return { ok: false, reason: 'changed' };
    return trainedEdits(checked.result, checked.document.getText(), params.version, params.weights);
  });

  connection.onNotification(SET_TRAINED_WEIGHTS, (params: SetTrainedWeightsParams) => {
    const document = documents.get(params.uri);
    if (document && states.setTrained(document, params.version, params.weights)) ctx.refresh(params.uri);
  });

  connection.onNotification(SET_STEP_APPLIED, (params: SetStepAppliedParams) => {
    const document = documents.get(params.uri);
    if (document && states.setStep(document, params.version, params.applied)) void compute(params.uri);
  });

  // For editors that run lens commands through the server (VS Code runs its own).
  connection.onExecuteCommand(async (params) => {
    const [uri, arg] = (params.arguments ?? []) as [unknown, unknown];
    if (typeof uri !== 'string') return null;
    if (params.command === GRADIENT_COMMANDS.compute) return compute(uri);
    if (params.command === GRADIENT_COMMANDS.useSample && typeof arg === 'number') {
      states.setActiveSample(uri, arg);
      return compute(uri);
    }
    return null;
  });

  registerLenses(ctx);

  connection.onHover(async (params, token): Promise<Hover | null> => {
    const at = await ctx.atRequest(params.textDocument.uri, token);
    if (!at) return null;
    const { document: current, settings } = at;
    const hover = hoverFor(states.view(current, settings), current.getText(), params.position);
    return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(hover.range) } : null;
  });

  connection.languages.inlayHint.on(async (params, token): Promise<InlayHint[] | null> => {
    const at = await ctx.atRequest(params.textDocument.uri, token);
    if (!at) return null;
    const { document: current, settings } = at;
    const lineEnd = (line: number): number => current.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - current.offsetAt({ line, character: 0 });
    return gradientInlayHints(states.view(current, settings), { start: params.range.start.line, end: params.range.end.line }, lineEnd).map((h) => ({
      position: h.position,
      label: h.label,
      paddingLeft: true,
    }));
  });
}
