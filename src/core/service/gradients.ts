// The gradient explainer's state as plain data: settings, one forward/backward pass per
// (document version, sample) kept as the engine's arrays, and the weight sets (trained weights,
// the Δw of the last Step) that lenses and hovers show beside the gradients. Editors, the
// language server and tests use this; nothing here knows about VS Code or LSP.
import type { CheckResult } from '../check';
import { conventionSign } from '../engine/compute';
import { batchGradients } from '../engine/gradcheck';
import { allSampleCount } from '../engine/spec';
import { firstMiniBatch, trainOptionsOf } from '../engine/train';
import { updateRule } from '../engine/update-rule';
import { Explainer, withoutMinusZero } from '../explain/derivation';
import type { Network } from '../model/network';
import { weightAt } from '../model/lookup';
import { CONVENTIONS, type Convention } from '../vocabulary';

/** The user's settings for lenses and hovers (`nnet.*` in VS Code, `workspace/configuration` in LSP). */
export interface GradientSettings {
  readonly deltaLenses: boolean;
  readonly gradientLenses: boolean;
  readonly sampleLenses: boolean;
  /** Where weight gradients appear: CodeLens above the line, or inlay hints at its end. */
  readonly gradientDisplay: 'codelens' | 'inlayHints';
  readonly hoverDetail: 'brief' | 'full';
  /** Significant digits. */
  readonly precision: number;
  /** Largest file (in KB) whose gradients are computed automatically on open and save. */
  readonly autoComputeMaxSizeKB: number;
  /** Convention for files without a `convention` line. */
  readonly defaultConvention: Convention;
}

export const DEFAULT_SETTINGS: GradientSettings = {
  deltaLenses: true,
  gradientLenses: true,
  sampleLenses: true,
  gradientDisplay: 'codelens',
  hoverDetail: 'full',
  precision: 5,
  autoComputeMaxSizeKB: 512,
  defaultConvention: 'calculus',
};

/**
 * Settings from the `nnet` configuration section as a client sends it: either nested
 * (`{lenses: {deltas: true}}`) or with dotted keys (`{"lenses.deltas": true}`). Unknown or
 * ill-typed values fall back to the defaults.
 */
export function settingsFrom(section: unknown): GradientSettings {
  const raw = section && typeof section === 'object' ? (section as Record<string, unknown>) : {};
  return settingsWith((path) => {
    if (path in raw) return raw[path];
    let at: unknown = raw;
    for (const part of path.split('.')) {
      if (!at || typeof at !== 'object') return undefined;
      at = (at as Record<string, unknown>)[part];
    }
    return at;
  });
}

/**
 * Settings read one key at a time (`lenses.deltas`, …, as named under `nnet.` in package.json)
 * through `get` — VS Code's `WorkspaceConfiguration.get`, or a section an LSP client sent.
 * The defaults and the checks are these, for every editor.
 */
export function settingsWith(get: (path: string) => unknown): GradientSettings {
  const bool = (path: string, fallback: boolean): boolean => {
    const v = get(path);
    return typeof v === 'boolean' ? v : fallback;
  };
  const oneOf = <T extends string>(path: string, values: readonly T[], fallback: T): T => {
    const v = get(path);
    return typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : fallback;
  };
  const number = (path: string, fallback: number): number => {
    const v = get(path);
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  };
  const d = DEFAULT_SETTINGS;
  return {
    deltaLenses: bool('lenses.deltas', d.deltaLenses),
    gradientLenses: bool('lenses.gradients', d.gradientLenses),
    sampleLenses: bool('lenses.samples', d.sampleLenses),
    gradientDisplay: oneOf('gradients.display', ['codelens', 'inlayHints'] as const, d.gradientDisplay),
    hoverDetail: oneOf('hover.detail', ['brief', 'full'] as const, d.hoverDetail),
    precision: Math.min(17, Math.max(1, Math.round(number('precision', d.precision)))),
    autoComputeMaxSizeKB: Math.max(0, number('autoCompute.maxFileSizeKB', d.autoComputeMaxSizeKB)),
    defaultConvention: oneOf('defaultConvention', CONVENTIONS, d.defaultConvention),
  };
}

/** The file's convention, or the default setting when the file names none. */
export function conventionOf(check: CheckResult, defaultConvention: Convention): Convention {
  const explicit = check.tree.statements.some((s) => s.kind === 'convention');
  return explicit && check.network ? check.network.convention : defaultConvention;
}

/**
 * One forward/backward pass of one sample, for one document version. Node values and
 * gradients stay the engine's arrays (`layers[k].delta[i]`, `gradients[k][i]`); names are
 * looked up through the network's index when a lens or hover needs them.
 */
export class GradientResults {
  readonly sampleCount: number;
  private readonly deltaWs: (Float64Array | undefined)[];

  constructor(
    readonly version: number,
    readonly network: Network,
    readonly explainer: Explainer,
  ) {
    this.sampleCount = network.samples.length;
    this.deltaWs = network.weights.map(() => undefined);
  }

  get sample(): number {
    return this.explainer.sample;
  }

  get convention(): Convention {
    return this.explainer.convention;
  }

  get error(): number {
    return this.explainer.result.error;
  }

  /**
   * The next Δw of every weight of layer pair `k` (computed on first use, then kept): what
   * `explainer.nextUpdateAt(k, i).deltaW` says of each weight, from one pass of the file's
   * update rule over the layer's gradient array (not 100k derivations with their formulas).
   */
  deltaW(k: number): Float64Array {
    let d = this.deltaWs[k];
    if (!d) {
      d = this.nextDeltaWs(k);
      this.deltaWs[k] = d;
    }
    return d;
  }

  private batchGradients?: Float64Array[];

  private nextDeltaWs(k: number): Float64Array {
    const explainer = this.explainer;
    const n = this.network.weights[k].values.length;
    if (n === 0) return new Float64Array(0);
    const options = trainOptionsOf(this.network.train);
    // The gradient the update uses (in the calculus convention): this sample's, or the first mini-batch's sum.
    let grads: Float64Array;
    if (explainer.nextUpdateAt(k, 0).basis === 'sample') {
      const sign = conventionSign(explainer.convention);
      grads = Float64Array.from(explainer.result.gradients[k], (g) => g * sign);
    } else {
      this.batchGradients ??= batchGradients(explainer.spec, firstMiniBatch(explainer.data, options) ?? explainer.data);
      grads = this.batchGradients[k];
    }
    // The training rule applied once with fresh state, to zeros: the weights become the Δw (fixed ones stay 0).
    const rule = updateRule(options.method, options);
    const spec = { weights: [new Float64Array(n)], fixed: [this.network.weights[k].fixed] };
    rule.apply(spec, [grads], rule.createState(spec), false);
    const d = spec.weights[0];
    for (let i = 0; i < n; i++) d[i] = withoutMinusZero(d[i]);
    return d;
  }

  /** A weight's numbers by its node names (undefined when the results' network has no such weight). */
  weight(from: string, to: string): { layer: number; index: number; value: number; gradient: number; fixed: boolean } | undefined {
    const at = weightAt(this.network, from, to);
    if (!at) return undefined;
    const m = this.network.weights[at.layer];
    return { ...at, value: m.values[at.index], gradient: this.explainer.result.gradients[at.layer][at.index], fixed: m.fixed[at.index] === 1 };
  }
}

export type ComputeOutcome = { readonly ok: true; readonly results: GradientResults } | { readonly ok: false; readonly reason: string };

/** The forward and backward pass for `sample` (0 when there is no such sample), or why it cannot run. */
export function computeGradients(check: CheckResult, version: number, sample: number, convention: Convention): ComputeOutcome {
  const network = check.network;
  if (!network || check.hasErrors) {
    const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
    return { ok: false, reason: `the file has ${errors} error${errors === 1 ? '' : 's'}; see the Problems panel` };
  }
  if (network.samples.length === 0) return { ok: false, reason: 'the file has no samples' };
  // Past the training samples come the held-out ones (test, then validation).
  const s = sample >= 0 && sample < allSampleCount(network) ? sample : 0;
  return { ok: true, results: new GradientResults(version, network, new Explainer(network, s, convention)) };
}

/** Weight values for a network (trained weights, or a Step's Δw), indexed like the engine's arrays. */
export interface WeightSet {
  /** The network the arrays belong to (names are looked up there). */
  readonly network: Network;
  readonly weights: readonly ArrayLike<number>[];
}

/** The value of `from → to` in a weight set. */
export function weightIn(set: WeightSet | undefined, from: string, to: string): number | undefined {
  if (!set) return undefined;
  const at = weightAt(set.network, from, to);
  return at ? set.weights[at.layer]?.[at.index] : undefined;
}

/** Everything lenses, hovers and inlay hints of one document show, at one moment. */
export interface GradientView {
  /** The document's URI as the client names it (lens commands carry it). */
  readonly uri: string;
  /** The document version the syntax tree belongs to. */
  readonly version: number;
  readonly check: CheckResult;
  readonly settings: GradientSettings;
  /** The last good results (possibly for an older version: then they are shown as stale). */
  readonly results?: GradientResults;
  readonly activeSample: number;
  readonly trained?: WeightSet;
  /** Δw the last Step applied (only for the version Step produced). */
  readonly applied?: WeightSet;
}

export function isStale(view: GradientView): boolean {
  return !!view.results && view.results.version !== view.version;
}
