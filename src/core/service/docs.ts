// The reference text hovers and completion items show: one short entry per word of the language.
// Keyed by the vocabulary's own lists, so a word added there without a doc fails to compile.
import {
  ACTIVATIONS,
  TRAIN_OPTIONS,
  type Activation,
  type Convention,
  type InitMethod,
  type Loss,
  type OptionSpec,
  type TrainMethod,
} from '../vocabulary';
import { ACTIVATION_FORMULAS } from '../engine/activations';
import { TRAIN_DEFAULTS } from '../engine/update-rule';

export interface WordDoc {
  /** One line: what the word is (completion `detail`). */
  readonly summary: string;
  /** Markdown: syntax, formulas, advice (hover and completion documentation). */
  readonly body: string;
}

export type StatementKeyword = 'network' | 'convention' | 'layer' | 'weights' | 'loss' | 'train' | 'sample' | 'data' | 'test' | 'validation';

export const KEYWORD_DOCS: Record<StatementKeyword, WordDoc> = {
  network: {
    summary: 'Title of the network',
    body: '`network NAME` or `network "TITLE"`\n\nAn optional title for the file. At most one.',
  },
  convention: {
    summary: 'Sign convention of δ and gradients',
    body:
      '`convention calculus` | `convention heaton`\n\n' +
      'How deltas and gradients are *shown*: `calculus` (the default) uses δ = ∂E/∂net; `heaton` uses Heaton\'s δ = −E·f′, ' +
      'so every δ and gradient has the opposite sign. Training is the same either way. At most one.',
  },
  layer: {
    summary: 'A layer of nodes',
    body:
      '`layer NAME NODES [ACTIVATION] [bias [NAME]]`\n\n' +
      'The first `layer` line is the input layer, the last the output layer; each layer is fully connected to the next.\n\n' +
      '- `NODES`: node names (`H1 H2`), or `x[64]` for the nodes `x1` … `x64`.\n' +
      '- `ACTIVATION`: `linear`, `sigmoid` (the default), `tanh`, `relu`, `leakyrelu`, `softmax`. The input layer takes none.\n' +
      '- `bias`: adds a bias node that feeds the next layer.',
  },
  weights: {
    summary: 'All weights between two layers',
    body:
      '`weights FROM -> TO = [ … ]` or `weights FROM -> TO = init METHOD [seed N]`, optionally followed by `fixed`\n\n' +
      'Gives every weight between two consecutive layers at once. `FROM` and `TO` are layer names (or the name of a node array, `x` for `x[64]`).\n\n' +
      'A matrix has one row per node of `TO` and one column per node of `FROM`, then a column for `FROM`\'s bias. ' +
      'Single weight lines may override entries of an `init`.',
  },
  loss: {
    summary: 'The error function',
    body: '`loss mse` | `loss crossentropy`\n\nThe error E that training minimises and every δ starts from; `mse` when omitted. At most one.',
  },
  train: {
    summary: 'How Train Network trains',
    body:
      '`train METHOD [OPTION [NUMBER]]…`\n\n' +
      'Methods: `backprop`, `rprop`, `adam`. Options depend on the method; `epochs N`, `until E` and `seed N` work with all. ' +
      'Without a `train` line: `backprop` with its defaults. At most one.',
  },
  sample: {
    summary: 'One training pair',
    body:
      '`sample IN… -> OUT…`\n\nOne value per input node (bias excluded), then one target per output node. ' +
      'The first sample is the active one, whose numbers the lenses and hovers show, until another is chosen.',
  },
  data: {
    summary: 'Training pairs from a CSV or IDX file',
    body:
      '`data "FILE.csv" inputs A..B targets C..D` | `data "FILE.csv" inputs A..B labels C` | `data "IMAGES" labels "LABELS" [scale 1/255]`\n\n' +
      'Reads one sample per CSV row from a file in this file\'s folder. Columns are numbered from 1, spans are inclusive ' +
      '(`targets 65` is `65..65`) and must be as wide as the input and output layers. A header line, blank lines and `#` lines are skipped. ' +
      '`labels C` reads a class number (0, 1, …) and makes a one-hot target. IDX files (MNIST, Fashion-MNIST; `.gz` or not) give images as inputs ' +
      'and labels as one-hot targets; `scale` multiplies every input (`1/255` maps bytes to 0…1).',
  },
  test: {
    summary: 'Held-out test data (never trained on)',
    body:
      '`test "FILE" …` (as `data`) | `test split F [seed N]`\n\n' +
      'Samples the network is measured on but never trained on: loss, accuracy and the confusion matrix after every epoch and in `nnet evaluate`. ' +
      '`split 0.1 seed 1` holds out a seeded 10 % of the `data` samples instead of reading a file.',
  },
  validation: {
    summary: 'Held-out validation data for early stopping',
    body:
      '`validation "FILE" …` (as `data`) | `validation split F [seed N]`\n\n' +
      'Samples measured after every epoch and never trained on. With `train … patience N`, training stops once the validation loss ' +
      'has not improved for N epochs and keeps the weights of the best epoch.',
  },
};

/** Words with a meaning in one place of a statement. */
export type ContextWord = 'bias' | 'fixed' | 'init' | 'seed' | 'inputs' | 'targets' | 'labels' | 'scale' | 'split';

export const CONTEXT_DOCS: Record<ContextWord, WordDoc> = {
  bias: {
    summary: 'Bias node of this layer',
    body:
      '`bias` or `bias NAME`\n\n' +
      'Adds a bias node to this layer: its output is always 1 and it feeds every node of the **next** layer, so its weights act as those nodes\' thresholds. ' +
      'A bare `bias` is named `B` + the layer\'s position (`B1` for the input layer, as in Heaton). The output layer cannot have one.',
  },
  fixed: {
    summary: 'Excluded from training',
    body: '`… fixed`\n\nTraining leaves this weight (on a `weights` line: every weight of the pair) at its value. Gradients are still shown.',
  },
  init: {
    summary: 'Weights from an initialiser',
    body:
      '`init METHOD [ARGS] [seed N]`\n\n' +
      'Draws the whole layer pair instead of writing the numbers: `zeros`, `uniform A B`, `xavier`, `he`, `nguyen-widrow`. ' +
      'The same seed gives the same numbers on every machine.',
  },
  seed: {
    summary: 'Seed of the initialiser',
    body: '`seed N` (a whole number, 0 … 4294967295; 0 when omitted)\n\nMakes the drawn weights reproducible. One seed gives unrelated numbers for different layer pairs.',
  },
  inputs: {
    summary: 'CSV columns of the inputs',
    body: '`inputs A..B`\n\nThe CSV columns (numbered from 1, inclusive) holding the input values: as many as the input layer has nodes.',
  },
  targets: {
    summary: 'CSV columns of the targets',
    body: '`targets C..D` (or `targets C` for one column)\n\nThe CSV columns (numbered from 1, inclusive) holding the target values: as many as the output layer has nodes.',
  },
  labels: {
    summary: 'Class labels: an IDX label file or a CSV column',
    body:
      '`labels "FILE"` (after an IDX image file) | `labels C` (a CSV column)\n\n' +
      'Each label is a class number 0 … K−1 and becomes a one-hot target over the K output nodes (with one output node, the label itself is the target).',
  },
  scale: {
    summary: 'Factor applied to every input',
    body: '`scale F` or `scale A/B`\n\nMultiplies each input value as it is read: `scale 1/255` turns image bytes 0 … 255 into 0 … 1.',
  },
  split: {
    summary: 'Hold out a share of the training data',
    body:
      '`split F [seed N]` (0 < F < 1)\n\n' +
      'Moves a seeded random share F of the `data` samples out of training into this held-out set. The same seed picks the same samples on every machine.',
  },
};

function formulas(a: Activation): string {
  const f = ACTIVATION_FORMULAS[a];
  return `\`f(net) = ${f.f}\`  \n\`f′(net) = ${f.fprime}\``;
}

const ACTIVATION_TEXT: Record<Activation, { summary: string; text: string }> = {
  linear: {
    summary: 'Identity: out = net',
    text: 'Passes net through unchanged. The input layer\'s behaviour; on the output layer, for predicting unbounded values with `mse`.',
  },
  sigmoid: {
    summary: 'Logistic function, output in (0, 1)',
    text:
      'Squashes any net input into (0, 1). The textbook choice and the default for hidden and output layers. ' +
      'f′ is at most 0.25, so deltas shrink from layer to layer.',
  },
  tanh: {
    summary: 'Hyperbolic tangent, output in (−1, 1)',
    text: 'Like sigmoid but centred on 0 and twice as steep (f′ up to 1); often trains faster in hidden layers.',
  },
  relu: {
    summary: 'Rectified linear: max(0, net)',
    text:
      'Passes positive net inputs, zeroes the rest. Does not saturate for net > 0, but a node whose net stays negative stops learning (f′ = 0). ' +
      'Pair it with `init he`.',
  },
  leakyrelu: {
    summary: 'relu with a small slope for net ≤ 0',
    text: 'Like relu, but with slope 0.01 below zero, so a node never stops learning entirely.',
  },
  softmax: {
    summary: 'Probabilities that sum to 1',
    text:
      'Turns the output layer\'s nets into probabilities: every output in (0, 1), all summing to 1. ' +
      'Output layer only, with `loss crossentropy`; then each output\'s δ is simply out − target.',
  },
};

export const ACTIVATION_DOCS: Record<Activation, WordDoc> = Object.fromEntries(
  ACTIVATIONS.map((a) => [a, { summary: ACTIVATION_TEXT[a].summary, body: `${formulas(a)}\n\n${ACTIVATION_TEXT[a].text}` }]),
) as Record<Activation, WordDoc>;

export const LOSS_DOCS: Record<Loss, WordDoc> = {
  mse: {
    summary: 'Squared error: E = ½·Σ(ideal − actual)²',
    body:
      '`E = ½·Σ (ideal − actual)²` per sample\n\n' +
      'The default, and Heaton\'s. At an output node, ∂E/∂out = actual − ideal, so δ = (actual − ideal)·f′(net) (calculus convention). ' +
      '`until` compares the mean of (ideal − actual)² over all outputs and samples, as Encog reports it.',
  },
  crossentropy: {
    summary: 'Cross-entropy, for outputs in (0, 1)',
    body:
      '`E = −Σ ideal·ln(actual)` with `softmax`; `E = −Σ [t·ln o + (1 − t)·ln(1 − o)]` with `sigmoid`\n\n' +
      'For classification. With a softmax or sigmoid output the f′ cancels and δ = actual − ideal at each output, so learning does not stall when an output saturates.',
  },
};

export const CONVENTION_DOCS: Record<Convention, WordDoc> = {
  calculus: {
    summary: 'δ = ∂E/∂net (the default)',
    body:
      '`δ = ∂E/∂net`, `gradient = ∂E/∂w = δ(to)·out(from)`, update `w ← w − η·∂E/∂w`\n\n' +
      'The textbook calculus: a positive gradient means increasing the weight increases the error.',
  },
  heaton: {
    summary: 'Heaton\'s signs: δ = −E·f′',
    body:
      '`E = actual − ideal`, `δ = −E·f′` at an output, `gradient = δ(to)·out(from) = −∂E/∂w`, update `Δw = η·gradient + α·Δw_prev`\n\n' +
      'As in Heaton, *Introduction to the Math of Neural Networks*: every δ and gradient has the opposite sign of the calculus convention, ' +
      'so the numbers match the book. Training is identical.',
  },
};

export const INIT_DOCS: Record<InitMethod, WordDoc> = {
  zeros: {
    summary: 'Every weight 0',
    body: 'Every weight, bias included, is 0.\n\nHidden nodes that start identical stay identical under training, so use it for a single layer pair or a test, not a hidden layer.',
  },
  uniform: {
    summary: 'Uniform in (A, B): uniform A B',
    body: '`uniform A B` with A < B, e.g. `uniform -0.5 0.5`\n\nEach weight, bias included, is drawn uniformly between A and B.',
  },
  xavier: {
    summary: 'Glorot uniform, for sigmoid/tanh/linear',
    body:
      '`U(−l, l)`, `l = √(6 / (fan-in + fan-out))`; bias weights 0\n\n' +
      'Keeps the spread of signals steady from layer to layer for sigmoid, tanh, linear and softmax layers. fan-in: source nodes (bias excluded); fan-out: destination nodes.',
  },
  he: {
    summary: 'He uniform, for relu/leakyrelu',
    body: '`U(−l, l)`, `l = √(6 / fan-in)`; bias weights 0\n\nThe scale relu layers need (half their inputs are zeroed). fan-in: source nodes, bias excluded.',
  },
  'nguyen-widrow': {
    summary: 'Encog\'s default, spreads the nodes\' active ranges',
    body:
      '`U(−0.5, 0.5)`, then each destination node\'s weights rescaled to length `β = 0.7·fan-out^(1/fan-in)`; bias `U(−β, β)`\n\n' +
      'Spreads the hidden nodes\' active regions over the input range (as Encog does), which often speeds up training of small sigmoid networks.',
  },
};

export const TRAIN_METHOD_DOCS: Record<TrainMethod, WordDoc> = {
  backprop: {
    summary: 'Gradient descent with momentum',
    body:
      '`Δw = −η·∂E/∂w + α·Δw_prev`\n\n' +
      `Classic backpropagation. Options: \`rate\` η (default ${TRAIN_DEFAULTS.backprop.rate}), \`momentum\` α (default ${TRAIN_DEFAULTS.backprop.momentum}), ` +
      '`online` (the default: update after every sample, in file order) or `batch` / `batch N`, and `epochs`, `until`, `seed`.',
  },
  rprop: {
    summary: 'Resilient propagation (iRPROP+)',
    body:
      'Each weight has its own step size: ×1.2 while its gradient keeps its sign, ×0.5 when the sign flips (and the last step is taken back if the error rose). ' +
      `Only the gradient's sign is used, so there is no learning rate to tune. Steps start at ${TRAIN_DEFAULTS.rprop.initialStep} and stay within ` +
      `${TRAIN_DEFAULTS.rprop.minStep} … ${TRAIN_DEFAULTS.rprop.maxStep} (Encog's defaults). Updates once per pass over all samples. Options: \`epochs\`, \`until\`, \`seed\`.`,
  },
  adam: {
    summary: 'Adam: adaptive steps from gradient averages',
    body:
      'Steps scaled by running averages of each weight\'s gradient (β1) and squared gradient (β2). ' +
      `Options: \`rate\` α (default ${TRAIN_DEFAULTS.adam.rate}), \`beta1\` (${TRAIN_DEFAULTS.adam.beta1}), \`beta2\` (${TRAIN_DEFAULTS.adam.beta2}), ` +
      `\`epsilon\` (${TRAIN_DEFAULTS.adam.epsilon}), \`online\` or \`batch\` / \`batch N\` (default: the whole set per update), and \`epochs\`, \`until\`, \`seed\`.`,
  },
};

/** What the option's value must be, in words. */
function optionValueText(spec: OptionSpec): string {
  if (spec.arity === 'flag') return 'no value';
  const kind = spec.integer ? 'a whole number' : 'a number';
  let bounds = '';
  if (spec.min !== undefined && spec.max !== undefined) bounds = ` from ${spec.min} to ${spec.max}`;
  else if (spec.min !== undefined) bounds = spec.exclusiveMin ? ` > ${spec.min}` : ` ≥ ${spec.min}`;
  if (spec.max !== undefined && spec.max >= 1e9) bounds = spec.min !== undefined ? ` ≥ ${spec.min}` : '';
  return spec.arity === 'optional' ? `optionally ${kind}${bounds}` : `${kind}${bounds}`;
}

const OPTION_DEFAULTS: Partial<Record<TrainMethod, Record<string, string>>> = {
  backprop: { rate: String(TRAIN_DEFAULTS.backprop.rate), momentum: String(TRAIN_DEFAULTS.backprop.momentum) },
  adam: {
    rate: String(TRAIN_DEFAULTS.adam.rate),
    beta1: String(TRAIN_DEFAULTS.adam.beta1),
    beta2: String(TRAIN_DEFAULTS.adam.beta2),
    epsilon: String(TRAIN_DEFAULTS.adam.epsilon),
  },
};

const COMMON_DEFAULTS: Record<string, string> = { epochs: String(TRAIN_DEFAULTS.epochs), seed: '0' };

/** Extra words for options whose vocabulary doc leaves something out. */
const OPTION_NOTES: Record<string, string> = {
  until: 'With `loss mse` the error compared is the mean of (ideal − actual)² over all outputs and samples (as Encog reports it); otherwise the mean loss.',
  seed: 'Only mini-batches (`batch N`) are shuffled; online and whole-set training go through the samples in file order.',
  online: 'Excludes `batch`.',
  batch: 'Excludes `online`.',
};

/** The doc of `option` for `method`, or undefined when the method does not take it. */
export function optionDoc(method: TrainMethod, option: string): WordDoc | undefined {
  const spec: OptionSpec | undefined = TRAIN_OPTIONS[method][option];
  if (!spec) return undefined;
  const syntax = spec.arity === 'flag' ? `\`${option}\`` : spec.arity === 'optional' ? `\`${option}\` or \`${option} N\`` : `\`${option} N\``;
  const fallback = OPTION_DEFAULTS[method]?.[option] ?? COMMON_DEFAULTS[option];
  const parts = [`${syntax} — ${optionValueText(spec)}${fallback !== undefined ? `; default ${fallback}` : ''}`, spec.doc];
  if (OPTION_NOTES[option]) parts.push(OPTION_NOTES[option]);
  return { summary: `${method} option: ${optionValueText(spec)}`, body: parts.join('\n\n') };
}

/** Methods that take `option`. */
export function methodsWithOption(option: string): TrainMethod[] {
  return (Object.keys(TRAIN_OPTIONS) as TrainMethod[]).filter((m) => TRAIN_OPTIONS[m][option] !== undefined);
}

/** Markdown for a hover: the word and its kind as a title, then the body. */
export function hoverMarkdown(word: string, kind: string, doc: WordDoc): string {
  return `**${word}** — ${kind}\n\n${doc.body}`;
}
