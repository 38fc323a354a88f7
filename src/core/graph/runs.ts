// Training-run bookkeeping for the graph panel: per document, the error curve of its last
// run (live while it runs, thinned when it ends) and why it stopped. Pure data; the panel
// feeds it the training events and posts the views it returns.
import type { EpochError, TrainResult } from '../engine/train';
import type { Network } from '../model/network';
import { describeStop, errorMeasure } from '../wording';
import { buildConfusionView, epochFigures } from './data-views';
import { num, type EpochFigures, type Num, type TrainingView } from './view';

/** Error-curve points kept per finished run (longer runs are thinned evenly, first and last kept). */
const CURVE_POINTS = 2000;
/** Points kept while a run goes (progress beyond this waits for the thinned curve at the end). */
const LIVE_POINTS = CURVE_POINTS * 4;

function errorOf(loss: Network['loss'], e: EpochError): Num {
  return num(loss === 'mse' ? e.mse : e.loss);
}

/** Evenly thins a history to at most `max` points, keeping the first and the last (`historyEpochs`: each entry's epoch). */
export function thinHistory(history: readonly EpochError[], historyEpochs: readonly number[], loss: Network['loss'], max = CURVE_POINTS): { epochs: number[]; errors: Num[]; curves: MutableCurves } {
  const epochs: number[] = [];
  const errors: Num[] = [];
  const curves = emptyCurves();
  const n = history.length;
  const kept = Math.min(n, max);
  const stride = n > max ? (n - 1) / (max - 1) : 1;
  let last = -1;
  for (let j = 0; j < kept; j++) {
    const i = j === kept - 1 ? n - 1 : Math.round(j * stride);
    if (i === last) continue;
    last = i;
    epochs.push(historyEpochs[i] ?? i + 1);
    errors.push(errorOf(loss, history[i]));
    pushFigures(curves, epochFigures(history[i]));
  }
  return { epochs, errors, curves };
}

type MutableCurves = { [K in keyof EpochFigures]: Num[] };

function emptyCurves(): MutableCurves {
  return { trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: [] };
}

function pushFigures(curves: MutableCurves, figures: EpochFigures): void {
  curves.trainLoss.push(figures.trainLoss);
  curves.testLoss.push(figures.testLoss);
  curves.trainAccuracy.push(figures.trainAccuracy);
  curves.testAccuracy.push(figures.testAccuracy);
}

interface Run {
  view: TrainingView;
  readonly loss: Network['loss'];
  readonly epochs: number[];
  readonly errors: Num[];
  readonly curves: MutableCurves;
}

export class TrainingRuns {
  private readonly runs = new Map<string, Run>();

  /** A run of the document `uri` starts (`network`: its model, when known). */
  start(uri: string, network: Network | undefined, maxEpochs: number): TrainingView {
    const loss = network?.loss ?? 'mse';
    const until = network?.train.options.until;
    const epochs: number[] = [];
    const errors: Num[] = [];
    const curves = emptyCurves();
    const view: TrainingView = { uri, running: true, maxEpochs, measure: errorMeasure(loss), until: typeof until === 'number' ? until : null, epochs, errors, stop: '', curves, confusion: null };
    this.runs.set(uri, { view, loss, epochs, errors, curves });
    return view;
  }

  /** One epoch done: its error as the curve shows it, or undefined when no run of `uri` is known. */
  progress(uri: string, epoch: number, error: EpochError): Num | undefined {
    const run = this.runs.get(uri);
    if (!run) return undefined;
    const value = errorOf(run.loss, error);
    if (run.epochs.length < LIVE_POINTS) {
      run.epochs.push(epoch);
      run.errors.push(value);
      pushFigures(run.curves, epochFigures(error));
    }
    return value;
  }

  /** The run ended: with its result, or without one when it failed. */
  end(uri: string, network: Network | undefined, result: TrainResult | undefined): TrainingView | undefined {
    const run = this.runs.get(uri);
    if (!run) return undefined;
    if (result) {
      const { epochs, errors, curves } = thinHistory(result.history, result.historyEpochs, run.loss);
      // The trained weights on the test set: forward passes over at most CONFUSION_MAX_SAMPLES samples, once per run.
      const confusion = network && result.stop !== 'diverged' ? buildConfusionView(network, result.weights) : null;
      run.view = { ...run.view, running: false, epochs, errors, curves, confusion, stop: network ? describeStop(network, result) : result.stop };
    } else {
      run.view = { ...run.view, running: false, stop: 'training failed (see the NNet output channel)' };
    }
    return run.view;
  }

  /** The last run of `uri`, if any. */
  view(uri: string): TrainingView | undefined {
    return this.runs.get(uri)?.view;
  }
}
