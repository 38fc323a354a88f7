// The extension's view of a document's gradients. The numbers live in the language server
// (src/server/): this mirrors what it reports (`nnet/status`: active sample, error, staleness),
// forwards computing and sample changes to it, and tells it about trained weights and Step's Δw
// so the lenses show them. Training gets its input from the server (`nnet/trainingJob`), and so
// do the edits Apply and Step write (`nnet/trainedEdits`); the graph panel still reads the
// network in the host, on demand (`checker`), never on a keystroke.
import * as vscode from 'vscode';
import { conventionOf, weightKey, type CheckResult, type Convention, type EpochError, type TrainResult } from '../core';
import { packFloat64 } from '../server/binary';
import { COMPUTE, SET_ACTIVE_SAMPLE, SET_STEP_APPLIED, SET_TRAINED_WEIGHTS, TRAINED_EDITS, TRAINING_JOB, type ComputeResult, type GradientStatus, type TrainedEditsParams, type TrainedEditsResult, type TrainingJobResult } from '../server/protocol';
import { unpackTrainingJob, type UnpackedJob } from '../server/training-job';
import type { NnetClient } from './client';
import { isNnetDocument, type DocumentChecker } from './documents';
import { readSettings } from './settings';

export interface TrainingOutcome {
  /** Document version the training started from (Apply refuses when it changed). */
  readonly version: number;
  readonly result: TrainResult;
  readonly finalError?: EpochError;
}

interface DocumentState {
  status?: GradientStatus;
  training?: TrainingOutcome;
}

/** The core's one key for a weight, `FROM->TO`. */
export { weightKey };

export class GradientService implements vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Fires when a document's results, sample, training or step state changed. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly checker: DocumentChecker,
    private readonly client: NnetClient,
  ) {
    this.subscriptions.push(
      client.onStatus((p) => {
        this.state(p.uri).status = p.status;
        this.changed.fire(vscode.Uri.parse(p.uri));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.states.delete(d.uri.toString())),
    );
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }

  private state(uri: string): DocumentState {
    let s = this.states.get(uri);
    if (!s) {
      s = {};
      this.states.set(uri, s);
    }
    return s;
  }

  /** What the server last reported for the document (undefined before the first compute). */
  status(document: vscode.TextDocument): GradientStatus | undefined {
    return this.states.get(document.uri.toString())?.status;
  }

  isStale(document: vscode.TextDocument): boolean {
    const s = this.status(document);
    return !!s && s.version !== document.version;
  }

  activeSample(document: vscode.TextDocument): number {
    return this.status(document)?.sample ?? 0;
  }

  training(document: vscode.TextDocument): TrainingOutcome | undefined {
    return this.states.get(document.uri.toString())?.training;
  }

  /** The file's convention, or the default setting when the file names none. */
  convention(document: vscode.TextDocument, check: CheckResult): Convention {
    return conventionOf(check, readSettings(document).defaultConvention);
  }

  /** Asks the server for the forward and backward pass of the active sample. */
  async compute(document: vscode.TextDocument): Promise<ComputeResult> {
    if (!isNnetDocument(document)) return { ok: false, reason: 'not a .nnet document' };
    const result = await this.client.request<ComputeResult>(COMPUTE, { uri: document.uri.toString() });
    if (result.ok) this.record(document, result.status);
    return result;
  }

  async setActiveSample(document: vscode.TextDocument, sample: number): Promise<ComputeResult> {
    const result = await this.client.request<ComputeResult>(SET_ACTIVE_SAMPLE, { uri: document.uri.toString(), sample });
    if (result.ok) this.record(document, result.status);
    return result;
  }

  private record(document: vscode.TextDocument, status: GradientStatus): void {
    this.state(document.uri.toString()).status = status;
    this.changed.fire(document.uri);
  }

  /**
   * What training `version` of the document needs, made by the server from its check (this
   * thread does not parse the file); `reason` when it cannot train (`errors`, `no-samples`) or
   * will not send it (`changed`, `large`: the caller then reads the network itself).
   */
  async trainingJob(document: vscode.TextDocument): Promise<UnpackedJob | { reason: string }> {
    const answer = await this.client.request<TrainingJobResult>(TRAINING_JOB, { uri: document.uri.toString(), version: document.version });
    if (!answer.ok) return { reason: answer.reason };
    return unpackTrainingJob(answer) ?? { reason: 'malformed' };
  }

  /** The edits that write `weights` into `version` of the document, made by the server from its check (this thread does not parse the file). */
  trainedEdits(document: vscode.TextDocument, version: number, weights: readonly Float64Array[]): Promise<TrainedEditsResult> {
    const params: TrainedEditsParams = { uri: document.uri.toString(), version, weights: weights.map(packFloat64) };
    return this.client.request<TrainedEditsResult>(TRAINED_EDITS, params);
  }

  setTraining(document: vscode.TextDocument, outcome: TrainingOutcome | undefined): void {
    this.state(document.uri.toString()).training = outcome;
    const weights = outcome ? outcome.result.weights.map(packFloat64) : null;
    void this.client.notify(SET_TRAINED_WEIGHTS, { uri: document.uri.toString(), version: outcome?.version ?? document.version, weights });
    this.changed.fire(document.uri);
  }

  /** Step wrote its weights: `applied[k][i]` (each Δw, indexed like the engine's arrays) shows in the lenses of `version`. */
  setStep(document: vscode.TextDocument, version: number, applied: readonly Float64Array[]): void {
    void this.client.notify(SET_STEP_APPLIED, { uri: document.uri.toString(), version, applied: applied.map(packFloat64) });
    this.changed.fire(document.uri);
  }
}
