// Train Network, Step and Apply Trained Weights. Training runs in a worker thread (never on
// the extension host's thread) with a cancellable progress notification; its result waits
// in memory until Apply writes it as one undoable edit.
import * as vscode from 'vscode';
import {
  describeStop,
  formatNumber,
  heldOutSets,
  maxEpochsOf,
  networkSampleSet,
  stoppingError,
  toEngineSpec,
  trainOptionsOf,
  type EpochError,
  type Network,
  type TrainResult,
} from '../core';
import type { TrainedEditsResult } from '../server/protocol';
import type { UnpackedJob } from '../server/training-job';
import { targetDocument } from './target';
import type { TrainingEvents } from './training-events';
import { toRange } from './convert';
import type { GradientService } from './gradients';
import type { Log } from './log';
import type { Platform } from './platform';
import { readSettings } from './settings';

/** How often a run sends its weights, so pictures (the graph panel's input-plane map) follow training live. */
const WEIGHT_SNAPSHOT_MS = 250;
const TRAINING_CONTEXT = 'nnet.training';

/** Accuracy figures of an epoch, for the progress, the log and the message (classification only). */
function accuracyText(error: EpochError): string {
  const parts: string[] = [];
  if (error.accuracy !== undefined) parts.push(`train accuracy ${(100 * error.accuracy).toFixed(2)} %`);
  if (error.test?.accuracy !== undefined) parts.push(`test accuracy ${(100 * error.test.accuracy).toFixed(2)} %`);
  else if (error.test) parts.push(`test loss ${error.test.loss.toPrecision(4)}`);
  return parts.length ? ` · ${parts.join(' · ')}` : '';
}

const ERRORS = 'NNet: the file has errors; fix them (see the Problems panel) before training.';
const NO_SAMPLES = "NNet: the file has no samples to train on; add 'sample' lines or a 'data' line.";

export class Training {
  private running?: AbortController;
  constructor(
    private readonly service: GradientService,
    private readonly log: Log,
    private readonly runTraining: Platform['runTraining'],
    private readonly events: TrainingEvents,
  ) {}

  /**
   * What a run of the document's current version trains: made by the language server from its
   * check (`nnet/trainingJob`), so this thread neither parses the file nor builds the arrays.
   * Only when the server will not send it (the samples are too many for a message, the
   * document changed meanwhile, the server is away) is the network read here.
   */
  private async prepare(document: vscode.TextDocument): Promise<UnpackedJob | undefined> {
    const job = await this.service.trainingJob(document).catch((e: unknown) => ({ reason: e instanceof Error ? e.message : String(e) }));
    const reason = 'reason' in job ? job.reason : undefined;
    if (!reason) return job as UnpackedJob;
    if (reason === 'errors') return this.refuse(ERRORS);
    if (reason === 'no-samples') return this.refuse(NO_SAMPLES);
    const version = document.version;
    const check = this.service.checker.get(document);
    const network = check.network;
    if (!network || check.hasErrors) return this.refuse(ERRORS);
    if (network.samples.length === 0) return this.refuse(NO_SAMPLES);
    return { version, spec: toEngineSpec(network), data: networkSampleSet(network), held: heldOutSets(network), options: trainOptionsOf(network.train), method: network.train.method };
  }

  private refuse(message: string): undefined {
    void vscode.window.showErrorMessage(message);
    return undefined;
  }

  /** How the run ended, in words; the network (read here, once) names the weight or node only when the run diverged. */
  private howItStopped(document: vscode.TextDocument, version: number, result: TrainResult): string {
    const network = result.stop === 'diverged' && document.version === version ? this.service.checker.get(document).network : undefined;
    if (result.stop === 'diverged' && !network) return `diverged at epoch ${result.divergence?.epoch ?? '?'} (try a smaller rate)`;
    // describeStop reads the network only for a divergence.
    return describeStop(network as Network, result);
  }

  /**
   * The start Train and Step share: the target document, refused while a run is going
   * (`busy` says so), and its job; the run counts as going from here on.
   */
  private async begin(arg: unknown, busy: string): Promise<{ document: vscode.TextDocument; job: UnpackedJob; controller: AbortController } | undefined> {
    const document = await targetDocument(this.service.checker, arg);
    if (!document) return undefined;
    if (this.running) {
      void vscode.window.showWarningMessage(busy);
      return undefined;
    }
    const controller = new AbortController();
    this.running = controller;
    const job = await this.prepare(document);
    if (!job) {
      this.running = undefined;
      return undefined;
    }
    return { document, job, controller };
  }

  async train(arg?: unknown): Promise<{ epochs: number; error?: EpochError; stop: string } | undefined> {
    const begun = await this.begin(arg, 'NNet: a training run is already going; cancel it from its notification first.');
    if (!begun) return undefined;
    const { document, job, controller } = begun;
    const { version, spec, options, held } = job;
    const epochs = maxEpochsOf(options);
    const name = vscode.workspace.asRelativePath(document.uri);
    const precision = readSettings(document).precision;
    const heldText = [held.test && `${held.test.count.toLocaleString('en-US')} test`, held.validation && `${held.validation.count.toLocaleString('en-US')} validation`].filter(Boolean).join(', ');
    this.log.line(`Training ${name}: ${job.method}, ${epochs} epochs at most${options.until !== undefined ? `, until error ≤ ${options.until}` : ''}, ${job.data.count.toLocaleString('en-US')} samples${heldText ? ` (held out: ${heldText})` : ''}.`);
    void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT, true);
    const started = Date.now();
    this.events.fire({ kind: 'start', uri: document.uri, epochs });
    let finished: TrainResult | undefined;
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `NNet: training ${name}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = 0;
          return this.runTraining(spec, job.data, options, {
            signal: controller.signal,
            weightSnapshotIntervalMs: WEIGHT_SNAPSHOT_MS,
            onProgress: ({ epoch, error, weights }) => {
              this.events.fire({ kind: 'progress', uri: document.uri, epoch, error, weights });
              const percent = (100 * epoch) / epochs;
              progress.report({
                message: `epoch ${epoch}/${epochs} · error ${formatNumber(stoppingError(spec, error), precision)}${accuracyText(error)}`,
                increment: percent - reported,
              });
              reported = percent;
            },
          }, held);
        },
      );
      finished = result;
      const last = result.history[result.history.length - 1];
      const errorText = last ? formatNumber(stoppingError(spec, last), precision) : 'n/a';
      const how = this.howItStopped(document, version, result);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.log.line(`Finished ${name}: ${result.epochs} epochs in ${seconds} s, error ${errorText}${last ? accuracyText(last) : ''}; ${how}.`);
      if (result.stop === 'diverged') {
        this.service.setTraining(document, undefined);
        void vscode.window.showErrorMessage(`NNet: training ${how}.`);
        return { epochs: result.epochs, error: last, stop: result.stop };
      }
      this.service.setTraining(document, { version, result, finalError: last });
      void vscode.window
        .showInformationMessage(`NNet: trained ${result.epochs} epochs, error ${errorText}${last ? accuracyText(last) : ''} (${how}). The lenses show the trained weights.`, 'Apply Trained Weights', 'Show Log')
        .then((choice) => {
          if (choice === 'Apply Trained Weights') void vscode.commands.executeCommand('nnet.applyTrainedWeights', document.uri);
          else if (choice === 'Show Log') this.log.show();
        });
      return { epochs: result.epochs, error: last, stop: result.stop };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`Training ${name} failed: ${message}`);
      void vscode.window.showErrorMessage(`NNet: training failed: ${message}`);
      return undefined;
    } finally {
      this.events.fire({ kind: 'end', uri: document.uri, result: finished });
      this.running = undefined;
      void vscode.commands.executeCommand('setContext', TRAINING_CONTEXT, false);
    }
  }

  /** Writes the trained weights into the document as one undoable edit. */
  async apply(arg?: unknown): Promise<boolean> {
    const document = await targetDocument(this.service.checker, arg);
    if (!document) return false;
    const outcome = this.service.training(document);
    if (!outcome) {
      void vscode.window.showWarningMessage('NNet: there are no trained weights for this file; run NNet: Train Network first.');
      return false;
    }
    if (document.version !== outcome.version) {
      void vscode.window.showErrorMessage('NNet: the file changed since training began, so the trained weights may no longer fit it. Train again to apply.');
      return false;
    }
    const ok = await this.writeWeights(document, outcome.result.weights, outcome.version);
    if (ok) {
      this.service.setTraining(document, undefined);
      this.log.line(`Applied trained weights to ${vscode.workspace.asRelativePath(document.uri)}.`);
      void this.service.compute(document);
    }
    return ok;
  }

  /**
   * One epoch of the file's trainer, written into the document (undo goes back); lenses show
   * each Δw. Cancellable from its notification; refused when the document changed while the
   * step was computed (its edits were made for the old text).
   */
  async step(arg?: unknown): Promise<{ applied: number; error?: EpochError } | undefined> {
    const begun = await this.begin(arg, 'NNet: a training run is going; cancel it from its notification first.');
    if (!begun) return undefined;
    const { document, job, controller } = begun;
    const { version, spec } = job;
    let result: TrainResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'NNet: one training step', cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return this.runTraining(spec, job.data, { ...job.options, epochs: 1, until: undefined }, { signal: controller.signal });
        },
      );
    } catch (e) {
      void vscode.window.showErrorMessage(`NNet: the step failed: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    } finally {
      this.running = undefined;
    }
    if (result.stop === 'cancelled') {
      void vscode.window.showInformationMessage('NNet: step cancelled; the document is unchanged.');
      return undefined;
    }
    if (document.version !== version) {
      void vscode.window.showWarningMessage('NNet: the file changed while the step was computed, so it was not applied (nothing you typed was touched). Run Step again.');
      return undefined;
    }
    if (result.stop === 'diverged') {
      void vscode.window.showErrorMessage(`NNet: the step ${this.howItStopped(document, version, result)}.`);
      return undefined;
    }
    // Δw by index, like the engine's arrays (runTraining trains a copy: spec keeps the weights it started from).
    const applied = result.weights.map((w, k) => w.map((x, i) => x - spec.weights[k][i]));
    if (!(await this.writeWeights(document, result.weights, version))) return undefined;
    this.service.setStep(document, document.version, applied);
    void this.service.compute(document);
    const e = result.history[0];
    this.log.line(`Step on ${vscode.workspace.asRelativePath(document.uri)}: one epoch, error before the step ${e ? formatNumber(stoppingError(spec, e), 6) : 'n/a'}.`);
    return { applied: applied.reduce((n, w) => n + w.length, 0), error: e };
  }

  /**
   * Writes `weights` as one edit made by the language server from its check of `version`, the
   * version the weights were trained from (`nnet/trainedEdits`: this thread neither checks nor
   * parses the file). Refused (with a message) when the document has moved on: edits computed
   * for other text would garble what was typed meanwhile. VS Code checks the version once more
   * as it applies the edit (a WorkspaceEdit carries the version it was made for).
   */
  private async writeWeights(document: vscode.TextDocument, weights: readonly Float64Array[], version: number): Promise<boolean> {
    const changed = (): boolean => {
      void vscode.window.showWarningMessage('NNet: the file changed meanwhile, so the weights were not written (nothing you typed was touched).');
      return false;
    };
    if (document.version !== version) return changed();
    let answer: TrainedEditsResult;
    try {
      answer = await this.service.trainedEdits(document, version, weights);
    } catch (e) {
      void vscode.window.showErrorMessage(`NNet: the weights could not be written: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
    if (!answer.ok) {
      if (answer.reason === 'changed') return changed();
      void vscode.window.showErrorMessage(answer.reason === 'errors' ? ERRORS.replace('before training', 'before writing weights') : `NNet: the weights could not be written: ${answer.message ?? 'they do not fit the network'}.`);
      return false;
    }
    if (document.version !== answer.version) return changed();
    const edit = new vscode.WorkspaceEdit();
    for (const e of answer.edits) edit.replace(document.uri, toRange(e.range), e.newText);
    if (edit.size === 0) return true;
    const ok = await vscode.workspace.applyEdit(edit);
    if (!ok) void vscode.window.showErrorMessage('NNet: VS Code refused the edit; the document is unchanged.');
    return ok;
  }

  dispose(): void {
    this.running?.abort();
  }
}

export function registerTraining(context: vscode.ExtensionContext, service: GradientService, log: Log, runTraining: Platform['runTraining'], events: TrainingEvents): Training {
  const training = new Training(service, log, runTraining, events);
  context.subscriptions.push(
    training,
    vscode.commands.registerCommand('nnet.train', (arg?: unknown) => training.train(arg)),
    vscode.commands.registerCommand('nnet.applyTrainedWeights', (arg?: unknown) => training.apply(arg)),
    vscode.commands.registerCommand('nnet.step', (arg?: unknown) => training.step(arg)),
    vscode.commands.registerCommand('nnet.showLog', () => log.show()),
  );
  return training;
}
