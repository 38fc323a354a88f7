// `nnet train FILE`: trains with the file's `train` settings in a worker thread (runTraining),
// draws a progress bar on a terminal, reports how training stopped and the trained weights,
// and with --write puts the new weight values into the file (weightEdits), keeping its layout.
import {
  applyEdits,
  check,
  evaluate,
  formatNumber,
  heldOutSets,
  MAX_TEXT_CHARS,
  maxEpochsOf,
  networkSampleSet,
  pushAll,
  ruleParameters,
  stoppingError,
  taskOf,
  toEngineSpec,
  trainOptionsOf,
  weightEdits,
  weightNames,
  writtenWeights,
  type Divergence,
  type EngineSpec,
  type EpochError,
  type Network,
  type SampleSet,
  type Task,
  type TrainOptions,
  type TrainResult,
} from '../core';
import { dataReaders } from '../node/byte-reader';
import { runTraining, type TrainingProgress } from '../node/training';
import { DEFAULT_PRECISION } from './explain';
import { displayName, integerOption, INTERNAL, INTERRUPTED, json, loadNetwork, OK, paint, parseOptions, plural, PROBLEMS, singleFile, STDIN, table, UsageError, type Io } from './common';
import { writeFileAtomic } from '../node/atomic-write';

/** Above this many weights the text report summarises each layer pair instead of listing every weight (--all lists them). */
const LIST_LIMIT = 60;

export const TRAIN_HELP = `Usage: nnet train FILE [--epochs N] [--write] [--precision N] [--all] [--json]

Trains the network with the file's 'train' settings (method, rate, momentum,
batch, epochs, until, seed) and prints how training stopped, the error, and the
trained weights. On a terminal a progress bar on standard error shows the epoch,
the error and the speed. Ctrl-C stops training and reports what was reached.

Options:
  --epochs N       train for at most N epochs instead of the file's 'epochs'
  --write          write the trained weights into FILE, keeping its layout and
                   comments ('weights … = init …' becomes an explicit matrix);
                   refused when training diverged or was interrupted
  --precision N    significant digits of the numbers shown (default ${DEFAULT_PRECISION}); with
                   --write, the weights are also written with N digits (default:
                   every digit, so the file holds exactly the trained values)
  --all            list every weight even when there are more than ${LIST_LIMIT}
  --progress       draw the progress bar even when standard error is not a terminal
  --no-progress    never draw it
  --json           print the result as JSON (full precision, the whole error history)

Exit codes: 0 trained, 1 the file has errors or no samples, training diverged or
the file could not be written, 2 usage error or unreadable file, 130 interrupted.
`;

export async function runTrain(args: readonly string[], io: Io): Promise<number> {
  const { files, flags, values } = parseOptions(args, 'train', {
    flags: ['--json', '--write', '--all', '--progress', '--no-progress'],
    values: ['--epochs', '--precision'],
  });
  const file = singleFile(files, 'train');
  const epochsOverride = integerOption(values, '--epochs', 1, 1e9, 'train');
  const precisionOption = integerOption(values, '--precision', 1, 17, 'train');
  const precision = precisionOption ?? DEFAULT_PRECISION;
  const write = flags.has('--write');
  if (write && file === STDIN) throw new UsageError("train --write cannot rewrite standard input ('-')", 'train');
  if (flags.has('--progress') && flags.has('--no-progress')) throw new UsageError('train takes --progress or --no-progress, not both', 'train');

  const loaded = loadNetwork(file, io, 'train');
  if ('exit' in loaded) return loaded.exit;
  const { network, text, name } = loaded;
  const spec = toEngineSpec(network);
  const data = networkSampleSet(network);
  const held = heldOutSets(network);
  const fileOptions = trainOptionsOf(network.train);
  const options: TrainOptions = epochsOverride === undefined ? fileOptions : { ...fileOptions, epochs: epochsOverride };
  const maxEpochs = maxEpochsOf(options);

  // Progress bar and Ctrl-C.
  const showProgress = flags.has('--progress') || (!flags.has('--no-progress') && !!io.errIsTTY);
  const bar = showProgress ? new ProgressBar(io, spec, precision) : undefined;
  const controller = new AbortController();
  const stopListening = io.onInterrupt?.(() => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: the user does not want to wait for the epoch to finish.
      bar?.clear();
      process.exit(INTERRUPTED);
    }
    controller.abort();
    bar?.note('stopping…');
  });
  const started = performance.now();
  bar?.start(maxEpochs);
  let result: TrainResult;
  try {
    result = await runTraining(spec, data, options, {
      signal: controller.signal,
      onProgress: bar ? (p) => bar.update(p) : undefined,
    }, held);
  } catch (e) {
    // The worker could not start or failed: an installation problem or a bug, not the user's.
    io.err(`nnet: training failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return INTERNAL;
  } finally {
    stopListening?.();
    bar?.clear();
  }
  const seconds = (performance.now() - started) / 1000;

  const trained: EngineSpec = { ...spec, weights: result.weights };
  const task = taskOf(spec, data);
  const before = measure(spec, data, task);
  const after = measure(trained, data, task);
  const testAfter = held.test ? measure(trained, held.test, task) : undefined;
  const validationAfter = held.validation ? measure(trained, held.validation, task) : undefined;
  const last = result.history[result.history.length - 1];
  const measureName = spec.loss === 'mse' ? 'mse' : 'loss';
  const divergence = result.divergence && describeDivergence(network, result.divergence, result.weights);

  // --write
  let written: { digits?: number; changed: number } | undefined;
  let writeError: string | undefined;
  if (write) {
    if (result.stop === 'diverged') writeError = `not writing ${name}: training diverged`;
    else if (result.stop === 'cancelled') writeError = `not writing ${name}: training was interrupted`;
    else {
      const outcome = writeWeights(file, text, network, result.weights, precisionOption);
      if ('error' in outcome) writeError = outcome.error;
      else written = { digits: precisionOption, changed: outcome.changed };
    }
  }

  if (flags.has('--json')) {
    const weights = allWeights(network, spec, result.weights);
    io.out(
      json({
        file: name,
        method: options.method,
        options,
        stop: result.stop,
        epochs: result.epochs,
        error: last ? stoppingError(spec, last) : null,
        errorMeasure: measureName,
        loss: last?.loss ?? null,
        mse: last?.mse ?? null,
        task: task.kind,
        before,
        after,
        test: testAfter ?? null,
        validation: validationAfter ?? null,
        bestEpoch: result.bestEpoch ?? null,
        history: result.history,
        historyEpochs: result.historyEpochs,
        divergence: divergence ?? null,
        seconds,
        weights: weights.map((w) => ({ from: w.from, to: w.to, value: w.value, initial: w.initial, fixed: w.fixed })),
        written: !!written,
      }),
    );
  } else {
    io.out(renderReport({ name, network, spec, options, result, seconds, precision, after, testAfter, validationAfter, divergence, listAll: flags.has('--all'), color: io.colorOut }));
    if (written) {
      const how = written.digits === undefined ? 'exactly' : `to ${plural(written.digits, 'significant digit')}`;
      io.out(written.changed === 0 ? `\n${name} already holds these weights; not changed\n` : `\nwrote the trained weights to ${name} (${how})\n`);
    }
  }
  if (writeError) io.err(`nnet: ${writeError}\n`);

  if (result.stop === 'cancelled') return INTERRUPTED;
  if (result.stop === 'diverged' || writeError) return PROBLEMS;
  return OK;
}

// ── numbers ──────────────────────────────────────────────────────────────────────────────────

/** Mean loss, Heaton's MSE and (classification) accuracy over a set at the spec's weights. */
function measure(spec: EngineSpec, data: SampleSet, task: Task): EpochError {
  const e = evaluate(spec, data, task);
  return e.accuracy === undefined ? { loss: e.loss, mse: e.mse } : { loss: e.loss, mse: e.mse, accuracy: e.accuracy };
}

interface WeightRow {
  readonly from: string;
  readonly to: string;
  readonly initial: number;
  readonly value: number;
  readonly fixed: boolean;
}

function allWeights(network: Network, spec: EngineSpec, trained: readonly Float64Array[]): WeightRow[] {
  const rows: WeightRow[] = [];
  network.weights.forEach((m, k) => {
    for (let i = 0; i < m.values.length; i++) {
      const { from, to } = weightNames(network, k, i);
      rows.push({ from, to, initial: spec.weights[k][i], value: trained[k][i], fixed: spec.fixed[k][i] === 1 });
    }
  });
  return rows;
}

interface DivergenceReport {
  /** 1-based. */
  readonly epoch: number;
  /** 1-based. */
  readonly sample: number;
  readonly what: { kind: 'weight'; from: string; to: string; value: string } | { kind: 'node'; node: string } | { kind: 'error' };
}

function describeDivergence(network: Network, d: Divergence, weights: readonly Float64Array[]): DivergenceReport {
  const what: DivergenceReport['what'] =
    d.what.kind === 'weight'
      ? { kind: 'weight', ...weightNames(network, d.what.layer, d.what.index), value: String(weights[d.what.layer][d.what.index]) }
      : d.what.kind === 'node'
        ? { kind: 'node', node: network.layers[d.what.layer].nodes[d.what.index].name }
        : { kind: 'error' };
  return { epoch: d.epoch, sample: d.sample + 1, what };
}

// ── --write ──────────────────────────────────────────────────────────────────────────────────

function writeWeights(file: string, text: string, network: Network, weights: readonly Float64Array[], digits: number | undefined): { changed: number } | { error: string } {
  const edits = weightEdits(text, network, weights, { digits });
  if (edits.length === 0) return { changed: 0 };
  const next = applyEdits(text, edits);
  if (next.length > MAX_TEXT_CHARS) {
    return { error: `not writing ${displayName(file)}: with every weight written out it would have ${next.length.toLocaleString('en-US')} characters, over the limit of ${MAX_TEXT_CHARS.toLocaleString('en-US')} (keep 'weights … = init' for large layer pairs)` };
  }
  // Check what is about to be written: it must read back to exactly these weights.
  const result = check(next, dataReaders(file));
  const expected = writtenWeights(network, weights, { digits });
  const same = result.network?.weights.every((m, k) => m.values.every((v, i) => v === expected[k][i]));
  if (result.hasErrors || !same) throw new Error(`the rewritten ${file} would not read back to the trained weights`);
  // Atomic (temporary file + rename, mode kept), and only over the text training started from.
  const written = writeFileAtomic(file, next, { expected: text });
  if (!written.ok) return { error: written.changed ? `not writing ${displayName(file)}: it changed while training` : `cannot write ${displayName(file)}: ${written.error}` };
  return { changed: edits.length };
}

// ── text report ──────────────────────────────────────────────────────────────────────────────

function describeSettings(o: TrainOptions, count: number): string {
  const parts: string[] = [];
  const n = (x: number): string => String(x);
  const batch = (): string => (o.batchSize === 1 ? 'online' : o.batchSize && o.batchSize < count ? `batch ${o.batchSize}` : 'batch');
  const p = ruleParameters(o.method, o);
  switch (p.method) {
    case 'backprop':
      parts.push(`rate ${n(p.rate)}`, `momentum ${n(p.momentum)}`, batch());
      break;
    case 'rprop':
      parts.push('iRPROP+', 'batch');
      break;
    case 'adam':
      parts.push(`rate ${n(p.rate)}`, `beta1 ${n(p.beta1)}`, `beta2 ${n(p.beta2)}`, `epsilon ${n(p.epsilon)}`, batch());
      break;
  }
  if (o.seed !== undefined) parts.push(`seed ${o.seed}`);
  return `${o.method} (${parts.join(', ')})`;
}

function describeStop(r: TrainResult, o: TrainOptions, d: DivergenceReport | undefined): string {
  const max = maxEpochsOf(o);
  switch (r.stop) {
    case 'until':
      return `reached 'until ${o.until}' at epoch ${r.epochs.toLocaleString('en-US')}`;
    case 'epochs':
      return `ran all ${plural(max, 'epoch')}${o.until !== undefined ? `; 'until ${o.until}' was not reached` : ''}`;
    case 'cancelled':
      return `interrupted after ${plural(r.epochs, 'epoch')} of ${max.toLocaleString('en-US')}`;
    case 'patience':
      return `the validation loss stopped improving for ${plural(o.patience ?? 0, 'epoch')}; kept the weights of epoch ${r.bestEpoch} (the best) after ${plural(r.epochs, 'epoch')}`;
    case 'diverged': {
      if (!d) return 'diverged';
      const what =
        d.what.kind === 'weight'
          ? `weight ${d.what.from} -> ${d.what.to} became ${d.what.value}`
          : d.what.kind === 'node'
            ? `node ${d.what.node}'s output became NaN or infinite`
            : 'the error became NaN or infinite';
      return `diverged at epoch ${d.epoch.toLocaleString('en-US')}, sample ${d.sample}: ${what}`;
    }
  }
}

interface ReportInput {
  readonly name: string;
  readonly network: Network;
  readonly spec: EngineSpec;
  readonly options: TrainOptions;
  readonly result: TrainResult;
  readonly seconds: number;
  readonly precision: number;
  readonly after: EpochError;
  readonly testAfter?: EpochError;
  readonly validationAfter?: EpochError;
  readonly divergence?: DivergenceReport;
  readonly listAll: boolean;
  readonly color: boolean;
}

function renderReport(input: ReportInput): string {
  const { name, network, spec, options, result, seconds, precision, after, divergence, color } = input;
  const f = (x: number): string => formatNumber(x, precision);
  const lines: string[] = [];
  lines.push(paint(color, `${name}: trained with ${describeSettings(options, network.samples.length)} on ${plural(network.samples.length, 'sample')}`, 'bold'));
  const stop = describeStop(result, options, divergence);
  const label = (s: string): string => paint(color, s.padEnd(8), 'dim');
  lines.push(`  ${label('stop')}${result.stop === 'diverged' ? paint(color, stop, 'red', 'bold') : stop}`);
  const measureName = spec.loss === 'mse' ? "MSE (Heaton's, over all outputs and samples; what 'until' compares)" : 'mean loss per sample';
  const first = result.history[0];
  const last = result.history[result.history.length - 1];
  if (last) {
    const errorOf = (e: EpochError): number => stoppingError(spec, e);
    lines.push(`  ${label('error')}${f(errorOf(last))} ${paint(color, measureName, 'dim')}`);
    if (result.history.length > 1) lines.push(`  ${label('')}${f(errorOf(first))} in epoch 1`);
    if (result.stop !== 'diverged') lines.push(`  ${label('')}${f(errorOf(after))} with the trained weights`);
  }
  if (result.stop !== 'diverged') for (const l of accuracyLines(input, label)) lines.push(l);
  const rate = result.epochs / Math.max(seconds, 1e-9);
  const speed = rate >= 1 ? `${Math.round(rate).toLocaleString('en-US')} epochs/s` : `${(seconds / Math.max(1, result.epochs)).toFixed(1)} s per epoch`;
  lines.push(`  ${label('time')}${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s (${speed})`);
  if (result.stop === 'diverged') {
    lines.push('');
    lines.push(`  Try a smaller 'rate'${options.method === 'backprop' ? " or 'momentum'" : ''}; the weights below are the last ones before the numbers overflowed.`);
  }
  lines.push('');

  for (const l of epochTable(input)) lines.push(l);
  const rows = allWeights(network, spec, result.weights);
  if (rows.length <= LIST_LIMIT || input.listAll) {
    const anyFixed = rows.some((w) => w.fixed);
    const t = table(
      [{ title: 'from' }, { title: 'to' }, { title: 'before', align: 'right' }, { title: 'after', align: 'right' }, ...(anyFixed ? [{ title: 'fixed' }] : [])],
      rows.map((w) => [w.from, w.to, f(w.initial), f(w.value), ...(anyFixed ? [w.fixed ? 'fixed' : ''] : [])]),
      '  ',
    );
    lines.push(paint(color, 'Weights', 'bold'), paint(color, t.header, 'dim'));
    pushAll(lines, t.lines);
  } else {
    const summary = network.weights.map((m, k) => {
      const w = result.weights[k];
      let min = Infinity;
      let max = -Infinity;
      let abs = 0;
      for (const v of w) {
        min = Math.min(min, v);
        max = Math.max(max, v);
        abs += Math.abs(v);
      }
      return [`${network.layers[k].name} -> ${network.layers[k + 1].name}`, m.values.length.toLocaleString('en-US'), f(min), f(max), f(abs / Math.max(1, w.length))];
    });
    const t = table(
      [{ title: 'layers' }, { title: 'weights', align: 'right' }, { title: 'min', align: 'right' }, { title: 'max', align: 'right' }, { title: 'mean |w|', align: 'right' }],
      summary,
      '  ',
    );
    lines.push(paint(color, 'Weights', 'bold'), paint(color, t.header, 'dim'));
    pushAll(lines, t.lines);
    lines.push(paint(color, `  ${plural(rows.length, 'weight')}; --all lists them, --json gives them all with full precision`, 'dim'));
  }
  return `${lines.join('\n')}\n`;
}

/** Accuracy (classification) with the trained weights, on the training, test and validation samples. */
function accuracyLines(input: ReportInput, label: (s: string) => string): string[] {
  const { after, testAfter, validationAfter, precision, color } = input;
  const f = (x: number): string => formatNumber(x, precision);
  const percent = (x: number): string => `${(100 * x).toFixed(2)} %`;
  const lines: string[] = [];
  const row = (name: string, e: EpochError | undefined, count: number): void => {
    if (!e) return;
    const acc = e.accuracy !== undefined ? `accuracy ${percent(e.accuracy)}, ` : '';
    lines.push(`  ${label(name)}${acc}loss ${f(e.loss)} ${paint(color, `on ${plural(count, 'sample')}`, 'dim')}`);
  };
  row('train', after, input.network.samples.length);
  row('test', testAfter, input.network.test.length);
  row('valid.', validationAfter, input.network.validation.length);
  return lines.length > 1 || after.accuracy !== undefined ? lines : [];
}

/** Per-epoch loss and accuracy, train beside test (at most 20 rows, evenly spread), when there is more than the loss to show. */
function epochTable(input: ReportInput): string[] {
  const { result, precision, color } = input;
  const h = result.history;
  if (h.length === 0 || !h.some((e) => e.accuracy !== undefined || e.test || e.validation)) return [];
  const f = (x: number | undefined): string => (x === undefined ? '' : formatNumber(x, precision));
  const pc = (x: number | undefined): string => (x === undefined ? '' : `${(100 * x).toFixed(2)} %`);
  const hasTest = h.some((e) => e.test);
  const hasValidation = h.some((e) => e.validation);
  const hasAccuracy = h.some((e) => e.accuracy !== undefined);
  const picks: number[] = [];
  const shown = Math.min(20, h.length);
  for (let i = 0; i < shown; i++) {
    const at = shown === 1 ? h.length - 1 : Math.round((i * (h.length - 1)) / (shown - 1));
    if (picks[picks.length - 1] !== at) picks.push(at);
  }
  const columns = [
    { title: 'epoch', align: 'right' as const },
    { title: 'train loss', align: 'right' as const },
    ...(hasAccuracy ? [{ title: 'train acc.', align: 'right' as const }] : []),
    ...(hasTest ? [{ title: 'test loss', align: 'right' as const }, ...(hasAccuracy ? [{ title: 'test acc.', align: 'right' as const }] : [])] : []),
    ...(hasValidation ? [{ title: 'valid. loss', align: 'right' as const }, ...(hasAccuracy ? [{ title: 'valid. acc.', align: 'right' as const }] : [])] : []),
  ];
  const t = table(
    columns,
    picks.map((i) => {
      const e = h[i];
      return [
        (i + 1).toLocaleString('en-US'),
        f(e.loss),
        ...(hasAccuracy ? [pc(e.accuracy)] : []),
        ...(hasTest ? [f(e.test?.loss), ...(hasAccuracy ? [pc(e.test?.accuracy)] : [])] : []),
        ...(hasValidation ? [f(e.validation?.loss), ...(hasAccuracy ? [pc(e.validation?.accuracy)] : [])] : []),
      ];
    }),
    '  ',
  );
  const note = paint(color, '  train figures are measured during each epoch\'s passes; held-out ones after it', 'dim');
  return [paint(color, 'Epochs', 'bold'), paint(color, t.header, 'dim')].concat(t.lines, [note, '']);
}

// ── progress bar ─────────────────────────────────────────────────────────────────────────────

class ProgressBar {
  private maxEpochs = 0;
  private first?: { epoch: number; time: number };
  private lastLine = '';
  private suffix = '';

  constructor(
    private readonly io: Io,
    private readonly spec: EngineSpec,
    private readonly precision: number,
  ) {}

  start(maxEpochs: number): void {
    this.maxEpochs = maxEpochs;
    this.draw(`epoch 0/${maxEpochs.toLocaleString('en-US')}  starting…`);
  }

  update(p: TrainingProgress): void {
    // The speed since the first report, so that starting the worker does not count.
    const now = performance.now();
    this.first ??= { epoch: p.epoch, time: now };
    const seconds = (now - this.first.time) / 1000;
    const speed = seconds > 0 ? `  ${Math.round((p.epoch - this.first.epoch) / seconds).toLocaleString('en-US')} epochs/s` : '';
    const counter = `epoch ${p.epoch.toLocaleString('en-US').padStart(this.maxEpochs.toLocaleString('en-US').length)}/${this.maxEpochs.toLocaleString('en-US')}`;
    const tail = `${Math.floor((100 * p.epoch) / this.maxEpochs)}%  error ${formatNumber(stoppingError(this.spec, p.error), this.precision)}${speed}`;
    const columns = this.columns();
    // A width that does not change with the numbers beside it (room for "100%  error 1.23456e-10  9,999,999 epochs/s").
    const width = Math.max(10, Math.min(30, columns - counter.length - 48 - this.suffix.length));
    this.draw(`${counter} ${this.bar(p.epoch / this.maxEpochs, width)} ${tail}`);
  }

  note(text: string): void {
    this.suffix = `  ${text}`;
    if (this.lastLine) this.draw(this.lastLine);
  }

  clear(): void {
    this.io.err('\r\u001b[K');
  }

  /** The terminal's width; 80 when unknown (or implausibly small, as in some pseudo-terminals). */
  private columns(): number {
    const c = this.io.errColumns;
    return c !== undefined && c >= 20 ? c : 80;
  }

  private bar(fraction: number, width: number): string {
    const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
  }

  private draw(line: string): void {
    this.lastLine = line;
    const columns = this.columns();
    const text = `${line}${this.suffix}`;
    this.io.err(`\r${text.length >= columns ? text.slice(0, columns - 1) : text}\u001b[K`);
  }
}
