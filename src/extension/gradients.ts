// The gradient explainer's state per document: the active sample, the last good results of
// the forward/backward pass (looked up by node and weight name, so that lenses follow the
// text while it is edited and are only marked stale), trained weights waiting to be applied,
// and the Δw of the last Step.
import * as vscode from 'vscode';
import { allSampleCount, Explainer, weightKey, weightNames, type CheckResult, type Convention, type EpochError, type Network, type NodeDerivation, type TrainResult, type WeightDerivation } from '../core';
import { DocumentChecker, isNnetDocument } from './documents';
import { readSettings } from './settings';

export interface NodeValues {
  readonly net: number;
  readonly out: number;
  readonly fprime: number;
  readonly delta: number;
}

export interface WeightValues {
  readonly value: number;
  readonly gradient: number;
  readonly deltaW: number;
  readonly fixed: boolean;
}

/** One forward/backward pass, by name. */
export interface GradientResults {
  readonly version: number;
  readonly sample: number;
  readonly sampleCount: number;
  readonly convention: Convention;
  readonly error: number;
  readonly nodes: ReadonlyMap<string, NodeValues>;
  /** Keyed `FROM->TO`. */
  readonly weights: ReadonlyMap<string, WeightValues>;
  readonly explainer: Explainer;
}

export interface TrainingOutcome {
  /** Document version the training started from (Apply refuses when it changed). */
  readonly version: number;
  readonly result: TrainResult;
  readonly network: Network;
  /** Trained value by `FROM->TO`. */
  readonly trained: ReadonlyMap<string, number>;
  readonly finalError?: EpochError;
}

interface DocumentState {
  sample: number;
  results?: GradientResults;
  training?: TrainingOutcome;
  /** Δw applied by the last Step, by `FROM->TO`, with the version Step produced. */
  step?: { version: number; applied: ReadonlyMap<string, number> };
}

/** The core's one key for a weight, `FROM->TO`. */
export { weightKey };

export class GradientService implements vscode.Disposable {
  private readonly states = new Map<string, DocumentState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a document's results, sample, training or step state changed. */
  readonly onDidChange = this.changed.event;

  constructor(readonly checker: DocumentChecker) {}

  dispose(): void {
    this.changed.dispose();
  }

  private state(document: vscode.TextDocument): DocumentState {
    const key = document.uri.toString();
    let s = this.states.get(key);
    if (!s) {
      s = { sample: 0 };
      this.states.set(key, s);
    }
    return s;
  }

  forget(document: vscode.TextDocument): void {
    this.states.delete(document.uri.toString());
  }

  results(document: vscode.TextDocument): GradientResults | undefined {
    return this.states.get(document.uri.toString())?.results;
  }

  isStale(document: vscode.TextDocument): boolean {
    const r = this.results(document);
    return !!r && r.version !== document.version;
  }

  activeSample(document: vscode.TextDocument): number {
    return this.states.get(document.uri.toString())?.sample ?? 0;
  }

  training(document: vscode.TextDocument): TrainingOutcome | undefined {
    return this.states.get(document.uri.toString())?.training;
  }

  stepApplied(document: vscode.TextDocument): ReadonlyMap<string, number> | undefined {
    const step = this.states.get(document.uri.toString())?.step;
    return step && step.version === document.version ? step.applied : undefined;
  }

  /** The file's convention, or the default setting when the file names none. */
  convention(document: vscode.TextDocument, check: CheckResult): Convention {
    const explicit = check.tree.statements.some((s) => s.kind === 'convention');
    return explicit && check.network ? check.network.convention : readSettings(document).defaultConvention;
  }

  /**
   * Runs the forward and backward pass for the active sample. Returns a reason when it cannot
   * (errors in the file, no samples); the last good results stay (stale) in that case.
   */
  compute(document: vscode.TextDocument): { ok: true; results: GradientResults } | { ok: false; reason: string } {
    if (!isNnetDocument(document)) return { ok: false, reason: 'not a .nnet document' };
    const check = this.checker.get(document);
    const network = check.network;
    if (!network || check.hasErrors) {
      const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
      return { ok: false, reason: `the file has ${errors} error${errors === 1 ? '' : 's'}; see the Problems panel` };
    }
    if (network.samples.length === 0) return { ok: false, reason: 'the file has no samples' };
    const state = this.state(document);
    if (state.sample >= allSampleCount(network)) state.sample = 0;
    const convention = this.convention(document, check);
    const explainer = new Explainer(network, state.sample, convention);
    const nodes = new Map<string, NodeValues>();
    network.layers.forEach((layer, k) => {
      const v = explainer.result.layers[k];
      layer.nodes.forEach((node, i) => nodes.set(node.name, { net: v.net[i], out: v.out[i], fprime: v.fprime[i], delta: v.delta[i] }));
    });
    const weights = new Map<string, WeightValues>();
    network.weights.forEach((m, k) => {
      for (let i = 0; i < m.values.length; i++) {
        const { from, to } = weightNames(network, k, i);
        const next = explainer.nextUpdateAt(k, i);
        weights.set(weightKey(from, to), { value: m.values[i], gradient: explainer.result.gradients[k][i], deltaW: next.deltaW, fixed: m.fixed[i] === 1 });
      }
    });
    const results: GradientResults = {
      version: document.version,
      sample: state.sample,
      sampleCount: network.samples.length,
      convention,
      error: explainer.result.error,
      nodes,
      weights,
      explainer,
    };
    state.results = results;
    this.changed.fire(document.uri);
    return { ok: true, results };
  }

  setActiveSample(document: vscode.TextDocument, sample: number): void {
    this.state(document).sample = sample;
    this.compute(document);
    this.changed.fire(document.uri);
  }

  setTraining(document: vscode.TextDocument, outcome: TrainingOutcome | undefined): void {
    this.state(document).training = outcome;
    this.changed.fire(document.uri);
  }

  setStep(document: vscode.TextDocument, version: number, applied: ReadonlyMap<string, number>): void {
    this.state(document).step = { version, applied };
    this.changed.fire(document.uri);
  }

  /** Derivations for hovers, from the last results (undefined when none). */
  explainWeight(document: vscode.TextDocument, from: string, to: string): WeightDerivation | undefined {
    return this.results(document)?.explainer.explainWeight(from, to);
  }

  explainNode(document: vscode.TextDocument, name: string): NodeDerivation | undefined {
    return this.results(document)?.explainer.explainNode(name);
  }
}
