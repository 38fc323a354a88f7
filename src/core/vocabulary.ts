// The words of the language, in one place: parser, model, completion, grammar tests and
// docs all read them from here.

export const STATEMENT_KEYWORDS = [
  'network',
  'convention',
  'layer',
  'weights',
  'loss',
  'train',
  'sample',
  'data',
  'test',
  'validation',
] as const;

export const ACTIVATIONS = ['linear', 'sigmoid', 'tanh', 'relu', 'leakyrelu', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const LOSSES = ['mse', 'crossentropy'] as const;
export type Loss = (typeof LOSSES)[number];

export const CONVENTIONS = ['calculus', 'heaton'] as const;
export type Convention = (typeof CONVENTIONS)[number];

export const INIT_METHODS = ['zeros', 'uniform', 'xavier', 'he', 'nguyen-widrow'] as const;
export type InitMethod = (typeof INIT_METHODS)[number];

export const TRAIN_METHODS = ['backprop', 'rprop', 'adam'] as const;
export type TrainMethod = (typeof TRAIN_METHODS)[number];

/** How each option is written: `flag` takes no number, `number` requires one, `optional` may take one. */
export type OptionArity = 'flag' | 'number' | 'optional';

export interface OptionSpec {
  readonly arity: OptionArity;
  /** Value must be an integer (epochs, seed, batch size). */
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Strictly greater than `min`. */
  readonly exclusiveMin?: boolean;
  readonly doc: string;
}

const COMMON_OPTIONS: Record<string, OptionSpec> = {
  epochs: { arity: 'number', integer: true, min: 1, max: 1e9, doc: 'Stop after this many passes over the samples.' },
  until: { arity: 'number', min: 0, doc: 'Stop as soon as the error falls to this value or below.' },
  seed: { arity: 'number', integer: true, min: 0, max: 4294967295, doc: 'Seed for shuffling, so a run is exactly reproducible.' },
  patience: {
    arity: 'number',
    integer: true,
    min: 1,
    max: 1e9,
    doc: 'Early stopping: stop once the loss on the `validation` samples has not improved for this many epochs, and keep the weights of the best epoch.',
  },
};

/** Options valid for each training method. */
export const TRAIN_OPTIONS: Record<TrainMethod, Record<string, OptionSpec>> = {
  backprop: {
    rate: { arity: 'number', min: 0, exclusiveMin: true, doc: 'Learning rate η.' },
    momentum: { arity: 'number', min: 0, max: 1, doc: 'Momentum α: the share of the previous Δw added to this one.' },
    online: { arity: 'flag', doc: 'Update the weights after every sample (stochastic gradient descent).' },
    batch: { arity: 'optional', integer: true, min: 1, max: 1e9, doc: 'Update once per batch: `batch` alone for the whole set, `batch N` for mini-batches of N.' },
    ...COMMON_OPTIONS,
  },
  rprop: {
    ...COMMON_OPTIONS,
  },
  adam: {
    rate: { arity: 'number', min: 0, exclusiveMin: true, doc: 'Step size α (default 0.001).' },
    beta1: { arity: 'number', min: 0, max: 1, doc: 'Decay of the first-moment estimate (default 0.9).' },
    beta2: { arity: 'number', min: 0, max: 1, doc: 'Decay of the second-moment estimate (default 0.999).' },
    epsilon: { arity: 'number', min: 0, exclusiveMin: true, doc: 'Added to the denominator for stability (default 1e-8).' },
    online: { arity: 'flag', doc: 'Update the weights after every sample.' },
    batch: { arity: 'optional', integer: true, min: 1, max: 1e9, doc: 'Update once per batch: `batch` alone for the whole set, `batch N` for mini-batches of N.' },
    ...COMMON_OPTIONS,
  },
};

/** Every option word of any method (the parser uses it to tell options from values). */
export const ALL_TRAIN_OPTION_NAMES: readonly string[] = [
  ...new Set(Object.values(TRAIN_OPTIONS).flatMap((o) => Object.keys(o))),
];

export function isOneOf<T extends string>(list: readonly T[], word: string): word is T {
  return (list as readonly string[]).includes(word);
}

/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean". */
function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      // `inptu` → `input`: a swap of neighbours is one edit.
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, before[j - 2] + 1);
      cur[j] = d;
    }
    [before, prev, cur] = [prev, cur, before];
  }
  return prev[b.length];
}

/** The closest candidate within a small distance, or undefined. */
export function nearest(word: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  // Long words are no typo of a short name, and comparing them would cost their length squared.
  if (word.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (Math.abs(c.length - word.length) > maxDistance) continue;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(word.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/**
 * Whether the last word of a layer's node list is its activation: a known activation, or a
 * lower-case word without digits close to one (so that `sigmod` is reported as an unknown
 * activation rather than silently becoming a node).
 */
export function isActivationWord(word: string): boolean {
  if (isOneOf(ACTIVATIONS, word)) return true;
  if (!/^[a-z-]+$/.test(word)) return false;
  return nearest(word, ACTIVATIONS, 3) !== undefined;
}
