// `nnet evaluate FILE`: how well the file's weights do, on the test samples (or --on train /
// validation): loss, and accuracy with the confusion matrix for classification, or MSE and R² for
// regression. Forward passes only (core/engine/metrics.ts); nothing is trained or written.
import {
  classCount,
  className,
  evaluate,
  formatNumber,
  sampleOrigin,
  taskOf,
  toEngineSpec,
  toSampleSet,
  type Evaluation,
  type Network,
  type Sample,
} from '../core';
import { DEFAULT_PRECISION } from './explain';
import { integerOption, json, loadNetwork, OK, paint, parseOptions, plural, PROBLEMS, singleFile, table, UsageError, type Io } from './common';

export const EVALUATE_HELP = `Usage: nnet evaluate FILE [--on test|train|validation] [--wrong N] [--precision N] [--json]

Measures the network with the weights written in FILE (train with 'nnet train
FILE --write' first) on a set of its samples, by default the 'test' samples
(the training samples when the file has none):

  classification  mean loss, accuracy and the confusion matrix (rows: true
                  class, columns: predicted class); arg max of the outputs,
                  or out ≥ 0.5 for a single sigmoid output
  regression      mean loss, mean squared error and R²

Options:
  --on SET        test (default), train or validation
  --wrong N       list the first N misclassified samples (default 10; 0 for none)
  --precision N   significant digits of the numbers shown (default ${DEFAULT_PRECISION})
  --json          print the result as JSON (full precision, every misclassified sample)

Exit codes: 0 evaluated, 1 the file has errors or the set has no samples,
2 usage error or unreadable file.
`;

const SETS = ['test', 'train', 'validation'] as const;
type SetName = (typeof SETS)[number];

function samplesOf(network: Network, set: SetName): readonly Sample[] {
  return set === 'train' ? network.samples : set === 'test' ? network.test : network.validation;
}

export async function runEvaluate(args: readonly string[], io: Io): Promise<number> {
  const { files, flags, values } = parseOptions(args, 'evaluate', { flags: ['--json'], values: ['--on', '--wrong', '--precision'] });
  const file = singleFile(files, 'evaluate');
  const precision = integerOption(values, '--precision', 1, 17, 'evaluate') ?? DEFAULT_PRECISION;
  const wrongShown = integerOption(values, '--wrong', 0, 1e9, 'evaluate') ?? 10;
  const on = values.get('--on');
  if (on !== undefined && !(SETS as readonly string[]).includes(on)) throw new UsageError(`--on takes test, train or validation, not '${on}'`, 'evaluate');

  const loaded = loadNetwork(file, io, 'evaluate', false);
  if ('exit' in loaded) return loaded.exit;
  const { network, name } = loaded;
  const set: SetName = (on as SetName | undefined) ?? (network.test.length > 0 ? 'test' : 'train');
  const samples = samplesOf(network, set);
  if (samples.length === 0) {
    io.err(`nnet: ${name} has no ${set} samples${set === 'test' ? ": add 'test \"FILE\" …' or 'test split 0.1 seed 1'" : ''}\n`);
    return PROBLEMS;
  }
  const spec = toEngineSpec(network);
  const sizes = spec.sizes;
  const data = toSampleSet(samples, sizes[0], sizes[sizes.length - 1]);
  const started = performance.now();
  const result = evaluate(spec, data, taskOf(spec, toSampleSet(network.samples.length ? network.samples : samples, sizes[0], sizes[sizes.length - 1])), { wrong: true });
  const seconds = (performance.now() - started) / 1000;

  if (flags.has('--json')) {
    const classes = classCount(result.task);
    const matrix = result.confusion ? Array.from({ length: classes }, (_, r) => Array.from(result.confusion!.subarray(r * classes, (r + 1) * classes))) : null;
    io.out(
      json({
        file: name,
        set,
        samples: result.count,
        task: result.task.kind,
        classes: classes || null,
        loss: result.loss,
        mse: result.mse,
        accuracy: result.accuracy ?? null,
        r2: result.r2 ?? null,
        confusion: matrix,
        wrong: (result.wrong ?? []).map((w) => ({ sample: w.sample + 1, origin: sampleOrigin(samples[w.sample]), actual: w.actual, predicted: w.predicted, confidence: w.confidence, loss: w.loss })),
        seconds,
      }),
    );
    return OK;
  }
  io.out(renderEvaluation(name, network, set, samples, result, precision, wrongShown, io.colorOut));
  return OK;
}

function renderEvaluation(name: string, network: Network, set: SetName, samples: readonly Sample[], result: Evaluation, precision: number, wrongShown: number, color: boolean): string {
  const f = (x: number): string => formatNumber(x, precision);
  const label = (s: string): string => paint(color, s.padEnd(10), 'dim');
  const lines: string[] = [];
  const kind = result.task.kind === 'regression' ? 'regression' : `${classCount(result.task)} classes`;
  lines.push(paint(color, `${name}: ${set} set, ${plural(result.count, 'sample')} (${kind})`, 'bold'));
  lines.push(`  ${label('loss')}${f(result.loss)} ${paint(color, `mean ${network.loss} per sample`, 'dim')}`);
  if (result.accuracy !== undefined) {
    const right = Math.round(result.accuracy * result.count);
    lines.push(`  ${label('accuracy')}${(100 * result.accuracy).toFixed(2)} % ${paint(color, `(${right.toLocaleString('en-US')} of ${result.count.toLocaleString('en-US')} right)`, 'dim')}`);
  } else {
    lines.push(`  ${label('MSE')}${f(result.mse)} ${paint(color, 'mean of (target − out)² over all outputs and samples', 'dim')}`);
    lines.push(`  ${label('R²')}${Number.isNaN(result.r2) ? 'undefined (the targets are constant)' : f(result.r2!)}`);
  }
  if (result.confusion) {
    const k = classCount(result.task);
    const names = Array.from({ length: k }, (_, c) => className(network, result.task, c));
    const t = table(
      [{ title: 'true \\ predicted' }, ...names.map((n) => ({ title: n, align: 'right' as const })), { title: 'recall', align: 'right' as const }],
      names.map((n, r) => {
        const row = Array.from(result.confusion!.subarray(r * k, (r + 1) * k));
        const total = row.reduce((a, b) => a + b, 0);
        return [n, ...row.map((v) => v.toLocaleString('en-US')), total ? `${((100 * row[r]) / total).toFixed(1)} %` : ''];
      }),
      '  ',
    );
    lines.push('', paint(color, 'Confusion matrix', 'bold'), paint(color, t.header, 'dim'));
    for (const l of t.lines) lines.push(l);
  }
  const wrong = result.wrong ?? [];
  if (wrong.length > 0 && wrongShown > 0) {
    const shown = wrong.slice(0, wrongShown);
    const t = table(
      [{ title: 'sample', align: 'right' }, { title: 'from' }, { title: 'true' }, { title: 'predicted' }, { title: 'confidence', align: 'right' }],
      shown.map((w) => [String(w.sample + 1), sampleOrigin(samples[w.sample]), className(network, result.task, w.actual), className(network, result.task, w.predicted), f(w.confidence)]),
      '  ',
    );
    lines.push('', paint(color, `Misclassified (${shown.length} of ${wrong.length.toLocaleString('en-US')})`, 'bold'), paint(color, t.header, 'dim'));
    for (const l of t.lines) lines.push(l);
    lines.push(paint(color, '  in the editor, NNet: Show Misclassified Samples makes one the active sample, so lenses and hovers explain it', 'dim'));
  }
  return `${lines.join('\n')}\n`;
}
