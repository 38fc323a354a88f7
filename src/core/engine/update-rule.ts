// One update rule per training method: what a trainer does with the gradients once a batch
// is summed. Training (train.ts) applies it to every weight; the explanations
// (explain/derivation.ts) apply the same rule to one weight with fresh state to show the
// next Δw, so the number in a hover is the number training will produce. Defaults come from
// TRAIN_DEFAULTS only. Everything is in the calculus convention (g = ∂E/∂w).
import type { TrainMethod } from '../vocabulary';
import type { EngineSpec } from './kernel';

/** Defaults the brief and the cited sources give for each method (the only place they are written). */
export const TRAIN_DEFAULTS = {
  backprop: { rate: 0.1, momentum: 0 },
  rprop: { initialStep: 0.1, maxStep: 50, minStep: 1e-6, increase: 1.2, decrease: 0.5 },
  adam: { rate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  epochs: 1000,
} as const;

/** The options an update rule reads (a file's `train` line, as TrainOptions carries them). */
export interface RuleOptions {
  readonly rate?: number;
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** The rule's parameters with the defaults filled in. */
export type RuleParameters =
  | { readonly method: 'backprop'; readonly rate: number; readonly momentum: number }
  | ({ readonly method: 'rprop' } & typeof TRAIN_DEFAULTS.rprop)
  | { readonly method: 'adam'; readonly rate: number; readonly beta1: number; readonly beta2: number; readonly epsilon: number };

/** Per-weight memory of a rule between updates (same layout as the weights). */
export interface RuleState {
  /** Previous Δw (momentum), previous gradient (rprop) or first moment (adam); empty arrays when unused. */
  readonly a: Float64Array[];
  /** rprop step sizes or adam second moment; empty arrays when unused. */
  readonly b: Float64Array[];
  /** rprop: the last Δw of each weight (for backtracking). */
  readonly c: Float64Array[];
  /** Per layer pair, whether any weight is fixed. */
  readonly anyFixed: readonly boolean[];
  /** Updates done so far (adam's t). */
  steps: number;
}

export interface UpdateRule {
  readonly parameters: RuleParameters;
  /** Fresh state for the weights of `spec` (only what the rule reads). */
  createState(spec: Pick<EngineSpec, 'weights' | 'fixed'>): RuleState;
  /**
   * One update of `spec.weights` in place from the summed gradients `grads` (fixed weights
   * stay). `errorRose`: whether E grew since the last epoch (iRPROP+ backtracks only then).
   */
  apply(spec: Pick<EngineSpec, 'weights' | 'fixed'>, grads: readonly Float64Array[], state: RuleState, errorRose: boolean): void;
}

/** The parameters of `method` with `options` over the defaults. */
export function ruleParameters(method: TrainMethod, options: RuleOptions = {}): RuleParameters {
  switch (method) {
    case 'backprop': {
      const d = TRAIN_DEFAULTS.backprop;
      return { method, rate: options.rate ?? d.rate, momentum: options.momentum ?? d.momentum };
    }
    case 'rprop':
      return { method, ...TRAIN_DEFAULTS.rprop };
    case 'adam': {
      const d = TRAIN_DEFAULTS.adam;
      return { method, rate: options.rate ?? d.rate, beta1: options.beta1 ?? d.beta1, beta2: options.beta2 ?? d.beta2, epsilon: options.epsilon ?? d.epsilon };
    }
  }
}

const sized = (spec: Pick<EngineSpec, 'weights'>, used: boolean, fill = 0): Float64Array[] =>
  spec.weights.map((w) => (used ? new Float64Array(w.length).fill(fill) : new Float64Array(0)));

/** The update rule of `method` with `options` (defaults from TRAIN_DEFAULTS). */
export function updateRule(method: TrainMethod, options: RuleOptions = {}): UpdateRule {
  const p = ruleParameters(method, options);
  return {
    parameters: p,
    createState(spec) {
      // Only what the method reads: plain backprop keeps no state, momentum keeps Δw_prev.
      const momentum = p.method === 'backprop' && p.momentum !== 0;
      return {
        a: sized(spec, p.method !== 'backprop' || momentum),
        b: sized(spec, p.method !== 'backprop', p.method === 'rprop' ? p.initialStep : 0),
        c: sized(spec, p.method === 'rprop'),
        anyFixed: spec.fixed.map((f) => f.some((x) => x !== 0)),
        steps: 0,
      };
    },
    apply(spec, grads, state, errorRose) {
      state.steps++;
      if (p.method === 'backprop') backprop(p, spec, grads, state);
      else if (p.method === 'rprop') rprop(p, spec, grads, state, errorRose);
      else adam(p, spec, grads, state);
    },
  };
}

/**
 * Δw of one weight on the rule's first update from calculus gradient `g` (fresh state): the
 * rule itself applied to a one-weight network, so explanations never re-derive it.
 */
export function firstDeltaW(rule: UpdateRule, g: number): number {
  const spec = { weights: [new Float64Array(1)], fixed: [new Uint8Array(1)] };
  rule.apply(spec, [Float64Array.of(g)], rule.createState(spec), false);
  return spec.weights[0][0];
}

type Spec = Pick<EngineSpec, 'weights' | 'fixed'>;

/** Δw = −η·g + α·Δw_prev. */
function backprop(p: Extract<RuleParameters, { method: 'backprop' }>, spec: Spec, grads: readonly Float64Array[], state: RuleState): void {
  const { rate, momentum } = p;
  const { weights, fixed } = spec;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    const g = grads[k];
    const f = fixed[k];
    if (momentum === 0) {
      // Without momentum Δw_prev is never read, so it is not kept: Δw = −η·g (one array less to stream).
      if (state.anyFixed[k]) {
        for (let i = 0; i < w.length; i++) if (!f[i]) w[i] += -rate * g[i];
      } else {
        for (let i = 0; i < w.length; i++) w[i] += -rate * g[i];
      }
      continue;
    }
    const prev = state.a[k];
    for (let i = 0; i < w.length; i++) {
      if (f[i]) continue;
      const dw = -rate * g[i] + momentum * prev[i];
      w[i] += dw;
      prev[i] = dw;
    }
  }
}

/** iRPROP+ (Igel & Hüsken 2000) with Encog's constants. */
function rprop(p: Extract<RuleParameters, { method: 'rprop' }>, spec: Spec, grads: readonly Float64Array[], state: RuleState, errorRose: boolean): void {
  const { increase, decrease, maxStep, minStep } = p;
  for (let k = 0; k < spec.weights.length; k++) {
    const w = spec.weights[k];
    const g = grads[k];
    const prevGradient = state.a[k];
    const step = state.b[k];
    const lastDelta = state.c[k];
    const fixed = spec.fixed[k];
    for (let i = 0; i < w.length; i++) {
      if (fixed[i]) continue;
      const change = prevGradient[i] * g[i];
      if (change > 0) {
        step[i] = Math.min(step[i] * increase, maxStep);
        const dw = -Math.sign(g[i]) * step[i];
        w[i] += dw;
        lastDelta[i] = dw;
        prevGradient[i] = g[i];
      } else if (change < 0) {
        step[i] = Math.max(step[i] * decrease, minStep);
        // Backtrack only when the error grew (the "+" of iRPROP+).
        if (errorRose) w[i] -= lastDelta[i];
        lastDelta[i] = 0;
        prevGradient[i] = 0;
      } else {
        const dw = -Math.sign(g[i]) * step[i];
        w[i] += dw;
        lastDelta[i] = dw;
        prevGradient[i] = g[i];
      }
    }
  }
}

/** Adam (Kingma & Ba 2015, Algorithm 1). */
function adam(p: Extract<RuleParameters, { method: 'adam' }>, spec: Spec, grads: readonly Float64Array[], state: RuleState): void {
  const { rate, beta1, beta2, epsilon } = p;
  const t = state.steps;
  const c1 = 1 - Math.pow(beta1, t);
  const c2 = 1 - Math.pow(beta2, t);
  for (let k = 0; k < spec.weights.length; k++) {
    const w = spec.weights[k];
    const g = grads[k];
    const m = state.a[k];
    const v = state.b[k];
    const fixed = spec.fixed[k];
    for (let i = 0; i < w.length; i++) {
      if (fixed[i]) continue;
      m[i] = beta1 * m[i] + (1 - beta1) * g[i];
      v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
      w[i] -= (rate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
    }
  }
}
