// NNet: Show Network Graph — a webview panel that draws the active .nnet file's network with
// the engine's numbers: out and δ on the nodes, edges by sign and size of weight or gradient,
// the error curve of the last training run (live), E(w) for the selected weight with its
// tangent and next step, and for two-input networks the output over the input plane.
//
// The panel follows the active .nnet editor, its edits (debounced), the active sample, each
// recomputation (GradientService.onDidChange) and training (Training.onDidTrain). Messages go
// through src/shared/protocol.ts and are validated on arrival on both sides. The webview's
// bundle and stylesheet come from dist/webview/ only (CSP default-src 'none', nonce'd script).
import * as vscode from 'vscode';
import { Explainer, toEngineSpec, trainOptionsOf, type CheckResult, type EpochError, type Network, type TrainResult, type WeightOrigin } from '../core';
import { describeBasis, describeReduction, hasInputPlane, layoutNetwork, outputMap, planeBounds, weightCurve, type GraphLayout } from '../core/graph';
import {
  GRAPH_VIEW_TYPE,
  ZOOM_MAX,
  ZOOM_MIN,
  describeMessage,
  edgeId,
  isPanelMessage,
  isPanelOptions,
  splitEdgeId,
  type CurveView,
  type EdgeView,
  type GraphModel,
  type HostMessage,
  type MapView,
  type Num,
  type PanelCommand,
  type PanelMessage,
  type PanelOptions,
  type TrainingView,
} from '../shared/protocol';
import { toRange } from './convert';
import { isNnetDocument } from './documents';
import type { GradientService } from './gradients';
import { targetAt } from './locate';
import { readSettings } from './settings';
import { describeStop, type Training, type TrainingEvent } from './training';

/** Wait after the last keystroke before redrawing (longer when a redraw is slow: see `editDelay`). */
const EDIT_DEBOUNCE_MS = 250;
/** Above samples × weights of this size the E(w) chart over the whole set is not drawn (it would hold up the editor). */
const CURVE_WORK_LIMIT = 2e8;
/** Above samples × weights of this size the panel leaves out the batch Δw of each edge (the lenses still have it). */
const BATCH_WORK_LIMIT = 2e7;
/** Error-curve points kept per run (longer runs are thinned evenly, first and last kept). */
const CURVE_POINTS = 2000;
const DEFAULT_OPTIONS: PanelOptions = { metric: 'weight', output: 0, zoom: 1 };

const num = (x: number | undefined): Num => (x !== undefined && Number.isFinite(x) ? x : null);

/** What the webview saves with `setState` (see webview/main.ts) — read back by the serializer. */
interface SavedState {
  readonly uri?: unknown;
  readonly options?: unknown;
  readonly selected?: unknown;
}

/** The state a test (or a curious user) can read through `nnet.graph.debugState`. */
export interface GraphDebugState {
  readonly open: boolean;
  readonly visible: boolean;
  readonly ready: boolean;
  readonly uri?: string;
  readonly selected: string | null;
  readonly options: PanelOptions;
  /** The last message of each type posted to the webview. */
  readonly posted: Partial<Record<HostMessage['type'], HostMessage>>;
  /** Messages received from the webview: accepted and rejected (malformed or unknown). */
  readonly received: number;
  readonly rejected: number;
  /** The most recent webview message types, oldest first. */
  readonly log: readonly string[];
  /** The page's Content-Security-Policy and what the webview may load. */
  readonly csp: string;
  readonly localResourceRoots: readonly string[];
}

/** One training run's error curve, per document. */
interface Run {
  view: TrainingView;
  loss: Network['loss'];
}

/** Weight (layer pair, flat index) by name: the node lookup the panel needs. */
function findWeight(network: Network, from: string, to: string): { layer: number; index: number } | undefined {
  for (let k = 0; k + 1 < network.layers.length; k++) {
    const source = network.layers[k];
    const column = source.nodes.findIndex((n) => n.name === from);
    const c = column >= 0 ? column : source.bias?.name === from ? source.nodes.length : -1;
    if (c < 0) continue;
    const r = network.layers[k + 1].nodes.findIndex((n) => n.name === to);
    if (r < 0) return undefined;
    return { layer: k, index: r * network.weights[k].columns + c };
  }
  return undefined;
}

/** Whether the file's trainer updates after each sample (the E(w) chart then needs one sample only). */
function isOnline(network: Network, count: number): boolean {
  const o = trainOptionsOf(network.train);
  return count === 1 || (o.method !== 'rprop' && o.batchSize === 1);
}

function originLine(origin: WeightOrigin | undefined): number {
  if (!origin) return -1;
  return origin.kind === 'init' ? origin.range.start.line : origin.valueRange.start.line;
}

/** The `train` line in words. */
function describeTrainer(network: Network): string {
  const options = Object.entries(network.train.options).map(([k, v]) => (v === true ? k : `${k} ${v}`));
  return [network.train.method, ...options].join(' · ');
}

function measureOf(loss: Network['loss']): string {
  return loss === 'mse' ? 'MSE' : 'mean cross-entropy';
}

function errorOf(loss: Network['loss'], e: EpochError): Num {
  return num(loss === 'mse' ? e.mse : e.loss);
}

/** Evenly thins a history to at most `max` points, keeping the first and the last. */
function thin(history: readonly EpochError[], historyEpochs: readonly number[], loss: Network['loss'], max = CURVE_POINTS): { epochs: number[]; errors: Num[] } {
  const epochs: number[] = [];
  const errors: Num[] = [];
  const n = history.length;
  const stride = n > max ? (n - 1) / (max - 1) : 1;
  let last = -1;
  for (let j = 0; j < Math.min(n, max); j++) {
    const i = j === Math.min(n, max) - 1 ? n - 1 : Math.round(j * stride);
    if (i === last) continue;
    last = i;
    epochs.push(historyEpochs[i] ?? i + 1);
    errors.push(errorOf(loss, history[i]));
  }
  return { epochs, errors };
}

/** A computed picture of one document version: the model for the webview and what it takes to answer clicks. */
interface Snapshot {
  readonly uri: string;
  readonly version: number;
  readonly network: Network;
  readonly explainer?: Explainer;
  readonly model: GraphModel;
  /** Weight lines and matrix entries by line: the edges written there, with the text they occupy. */
  readonly lines: ReadonlyMap<number, readonly { id: string; range: vscode.Range }[]>;
}

class GraphPanel implements vscode.Disposable {
  private document?: vscode.TextDocument;
  private options: PanelOptions = DEFAULT_OPTIONS;
  private selected: string | null = null;
  private snapshot?: Snapshot;
  private ready = false;
  private readonly posted = new Map<HostMessage['type'], HostMessage>();
  private received = 0;
  private rejected = 0;
  private readonly messageLog: string[] = [];
  private readonly runs = new Map<string, Run>();
  private editTimer?: ReturnType<typeof setTimeout>;
  /** How long the last redraw took, so that big networks are redrawn less eagerly while typing. */
  private lastComputeMs = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private highlighted: { edge: string | null; node: string | null } = { edge: null, node: null };

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly gradients: GradientService,
    training: Training,
    private readonly onDisposed: () => void,
    saved?: SavedState,
  ) {
    if (saved && isPanelOptions(saved.options)) this.options = saved.options;
    if (saved && typeof saved.selected === 'string') this.selected = saved.selected;
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.webviewRoot()] };
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isNnetDocument(editor.document) && editor.document !== this.document) this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document && e.contentChanges.length > 0) this.scheduleRefresh(this.editDelay());
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.document) this.onClosed();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (e.textEditor.document === this.document) this.onCursor(e.selections[0]?.active);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nnet')) this.scheduleRefresh(0);
      }),
      // One redraw for a burst of changes (choosing a sample recomputes and fires twice).
      gradients.onDidChange((uri) => {
        if (this.document && uri.toString() === this.document.uri.toString()) this.scheduleRefresh(0);
      }),
      training.onDidTrain((e) => this.onTraining(e)),
    );
  }

  private webviewRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
  }

  private html(): string {
    const webview = this.panel.webview;
    const nonce = makeNonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot(), 'main.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.webviewRoot(), 'style.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>NNet Network Graph</title>
</head>
<body>
<div id="app" class="app" aria-busy="true"><p class="placeholder">Loading the network graph…</p></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  // ---- following the editor ---------------------------------------------------------------

  follow(document: vscode.TextDocument | undefined): void {
    if (document && document === this.document && this.snapshot) return;
    this.document = document;
    if (document) this.panel.title = `Graph: ${fileName(document.uri)}`;
    if (this.snapshot && document && this.snapshot.uri !== document.uri.toString()) this.selected = null;
    this.refresh();
    this.postTraining();
  }

  private onClosed(): void {
    this.document = undefined;
    this.snapshot = undefined;
    const next = vscode.window.visibleTextEditors.find((e) => isNnetDocument(e.document));
    this.follow(next?.document);
  }

  private editDelay(): number {
    return Math.min(3000, Math.max(EDIT_DEBOUNCE_MS, 4 * this.lastComputeMs));
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      this.refresh();
    }, delayMs);
  }

  // ---- computing what the webview shows ------------------------------------------------------

  refresh(): void {
    if (this.disposed) return;
    if (this.editTimer) {
      clearTimeout(this.editTimer);
      this.editTimer = undefined;
    }
    const document = this.document;
    if (!document) {
      this.snapshot = undefined;
      this.post({ type: 'empty', reason: 'Open a .nnet file: the graph follows the active .nnet editor.' });
      return;
    }
    let check: CheckResult;
    try {
      check = this.gradients.checker.get(document);
    } catch (e) {
      this.post({ type: 'empty', reason: `NNet could not read ${fileName(document.uri)}: ${e instanceof Error ? e.message : String(e)}` });
      return;
    }
    const uri = document.uri.toString();
    if (!check.network || check.hasErrors) {
      const errors = check.diagnostics.filter((d) => d.severity === 'error').length;
      const what = `${fileName(document.uri)} has ${errors} error${errors === 1 ? '' : 's'}`;
      if (this.snapshot && this.snapshot.uri === uri) {
        this.post({ type: 'model', model: { ...this.snapshot.model, stale: `${what} (see the Problems panel); showing its last good version.` } });
      } else {
        this.post({ type: 'empty', reason: `${what}; fix them (see the Problems panel) to see its network.` });
      }
      return;
    }
    const started = Date.now();
    try {
      this.snapshot = this.compute(document, check);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      console.error(`[nnet graph] computing the graph of ${uri} failed: ${message}`);
      this.post({ type: 'empty', reason: `NNet could not draw ${fileName(document.uri)}: ${message}` });
      return;
    }
    this.post({ type: 'model', model: this.snapshot.model });
    this.postCurve();
    this.postMap();
    this.lastComputeMs = Date.now() - started;
    this.onCursor(vscode.window.visibleTextEditors.find((e) => e.document === document)?.selection.active);
  }

  private compute(document: vscode.TextDocument, check: CheckResult): Snapshot {
    const network = check.network!;
    const settings = readSettings(document);
    const count = network.samples.length;
    const sample = count ? Math.min(this.gradients.activeSample(document), count - 1) : 0;
    const convention = this.gradients.convention(document, check);
    const explainer = count ? new Explainer(network, sample, convention) : undefined;
    const metric = this.options.metric === 'gradient' && explainer ? explainer.result.gradients : network.weights.map((w) => w.values);
    const layout = layoutNetwork(network, { metric });
    const totalWeights = network.weights.reduce((n, w) => n + w.values.length, 0);
    const batchAffordable = count * totalWeights <= BATCH_WORK_LIMIT;

    const nodes = layout.nodes.map((n) => {
      const values = explainer?.result.layers[n.layer];
      const ordinary = !n.bias && values;
      return {
        name: n.name,
        layer: n.layer,
        index: n.index,
        bias: n.bias,
        x: n.x,
        y: n.y,
        r: n.r,
        net: ordinary ? num(values.net[n.index]) : null,
        out: n.bias ? 1 : ordinary ? num(values.out[n.index]) : null,
        fprime: ordinary ? num(values.fprime[n.index]) : null,
        delta: ordinary && n.layer > 0 ? num(values.delta[n.index]) : null,
      };
    });
    const edges: EdgeView[] = layout.edges.map((e) => {
      const m = network.weights[e.layer];
      const origin = m.origins[e.index];
      let deltaW: Num = null;
      if (explainer) {
        const next = explainer.nextUpdateAt(e.layer, e.index);
        if (next.basis === 'sample' || batchAffordable) deltaW = num(next.deltaW);
      }
      return {
        id: edgeId(e.from, e.to),
        from: e.from,
        to: e.to,
        layer: e.layer,
        index: e.index,
        weight: num(m.values[e.index]),
        gradient: explainer ? num(explainer.result.gradients[e.layer][e.index]) : null,
        deltaW,
        fixed: m.fixed[e.index] === 1,
        line: originLine(origin),
        source: origin?.kind ?? 'none',
      };
    });
    const s = explainer ? network.samples[sample] : undefined;
    const model: GraphModel = {
      uri: document.uri.toString(),
      fileName: fileName(document.uri),
      version: document.version,
      title: network.name ?? '',
      convention,
      loss: network.loss,
      trainer: describeTrainer(network),
      precision: settings.precision,
      metric: this.options.metric,
      width: layout.width,
      height: layout.height,
      detail: layout.detail,
      nodes,
      edges,
      columns: layout.columns.map((c) => ({
        layer: c.layer,
        name: c.name,
        activation: network.layers[c.layer].activation,
        x: c.x,
        total: c.total,
        shown: c.shown,
        hasBias: c.hasBias,
        moreY: c.moreY ?? null,
      })),
      bundles: bundleViews(layout),
      reduction: describeReduction(layout, this.options.metric === 'gradient' && explainer ? '|gradient|' : '|weight|'),
      sample: s
        ? {
            index: sample,
            count,
            inputs: [...s.inputs.subarray(0, 8)].map((x) => num(x) ?? 0),
            targets: [...s.targets.subarray(0, 8)].map((x) => num(x) ?? 0),
            truncated: s.inputs.length > 8 || s.targets.length > 8,
          }
        : null,
      error: explainer ? num(explainer.result.error) : null,
      stale: count ? '' : 'The file has no samples: add `sample` lines (or a `data` line) to see out, δ and gradients.',
      trainedWaiting: this.trainedWeights(document) !== undefined,
      outputs: network.layers[network.layers.length - 1].nodes.map((n) => n.name),
    };
    return { uri: model.uri, version: document.version, network, explainer, model, lines: lineIndex(network) };
  }

  /** Trained weights waiting to be applied to this version of the document. */
  private trainedWeights(document: vscode.TextDocument): readonly Float64Array[] | undefined {
    const outcome = this.gradients.training(document);
    return outcome && outcome.version === document.version ? outcome.result.weights : undefined;
  }

  private postCurve(): void {
    const snap = this.snapshot;
    if (!snap || !this.selected || !snap.explainer) {
      this.post({ type: 'curve', curve: null, note: snap && !snap.explainer && this.selected ? 'E(w) needs samples: add `sample` lines or a `data` line.' : '' });
      return;
    }
    const names = splitEdgeId(this.selected);
    const at = names && findWeight(snap.network, names.from, names.to);
    if (!at) {
      this.post({ type: 'curve', curve: null, note: '' });
      return;
    }
    const explainer = snap.explainer;
    const count = explainer.data.count;
    const weights = explainer.spec.weights.reduce((n, w) => n + w.length, 0);
    if (count > 1 && count * weights > CURVE_WORK_LIMIT && !isOnline(snap.network, count)) {
      this.post({
        type: 'curve',
        curve: null,
        note: `The trainer follows E summed over all ${count.toLocaleString('en-US')} samples; drawing it along ${this.selected} (${weights.toLocaleString('en-US')} weights) would hold up the editor, so the chart is left out for this file. The lenses and hovers still show this weight's gradient and next Δw.`,
      });
      return;
    }
    const base = weightCurve(snap.explainer, at.layer, at.index);
    const curve = this.options.zoom === 1 ? base : weightCurve(snap.explainer, at.layer, at.index, { halfWidth: base.halfWidth * this.options.zoom });
    const view: CurveView = {
      edge: this.selected,
      from: curve.from,
      to: curve.to,
      basis: curve.basis,
      caption: describeBasis(curve),
      convention: curve.convention,
      value: curve.value,
      error: num(curve.error),
      slope: num(curve.slope),
      gradient: num(curve.gradient),
      fixed: curve.fixed,
      next: curve.next ? { value: curve.next.value, error: num(curve.next.error), deltaW: curve.next.deltaW, formula: curve.next.formula } : null,
      halfWidth: curve.halfWidth,
      values: [...curve.values],
      errors: [...curve.errors].map((e) => num(e)),
    };
    this.post({ type: 'curve', curve: view, note: '' });
  }

  /** `weights`: a training run's snapshot to draw instead of the file's or trained weights. */
  private postMap(weights?: readonly Float64Array[]): void {
    const snap = this.snapshot;
    const document = this.document;
    if (!snap || !document) {
      this.post({ type: 'map', map: null });
      return;
    }
    const network = snap.network;
    const spec = toEngineSpec(network);
    if (!hasInputPlane(spec)) {
      this.post({ type: 'map', map: null });
      return;
    }
    const trained = weights ?? this.trainedWeights(document);
    if (trained && trained.length === spec.weights.length && trained.every((w, k) => w.length === spec.weights[k].length)) {
      trained.forEach((w, k) => spec.weights[k].set(w));
    }
    const data = snap.explainer?.data;
    const bounds = data ? planeBounds(data) : { x: [-1, 1] as const, y: [-1, 1] as const };
    const outputs = network.layers[network.layers.length - 1];
    const output = Math.min(this.options.output, outputs.nodes.length - 1);
    const map = outputMap(spec, { ...bounds, output });
    const activation = outputs.activation;
    const [low, high] =
      activation === 'sigmoid' || activation === 'softmax' ? [0, 1] : activation === 'tanh' ? [-1, 1] : map.max > map.min ? [map.min, map.max] : [map.min - 0.5, map.max + 0.5];
    const samples = network.samples.slice(0, 2000).map((s, i) => ({
      x: num(s.inputs[0]) ?? 0,
      y: num(s.inputs[1]) ?? 0,
      target: num(s.targets[output]),
      active: i === snap.explainer?.sample,
    }));
    const view: MapView = {
      output,
      outputName: outputs.nodes[output].name,
      xName: network.layers[0].nodes[0].name,
      yName: network.layers[0].nodes[1].name,
      x: [map.x[0], map.x[1]],
      y: [map.y[0], map.y[1]],
      resolution: map.resolution,
      values: [...map.values].map((v) => num(v)),
      low: num(low) ?? 0,
      high: num(high) ?? 1,
      samples,
      weights: weights ? 'training' : trained ? 'trained' : 'file',
    };
    this.post({ type: 'map', map: view });
  }

  // ---- training -------------------------------------------------------------------------------

  private onTraining(e: TrainingEvent): void {
    const uri = e.uri.toString();
    switch (e.kind) {
      case 'start': {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
        const network = doc ? this.gradients.checker.get(doc).network : undefined;
        const loss = network?.loss ?? 'mse';
        const until = network?.train.options.until;
        this.runs.set(uri, {
          loss,
          view: { uri, running: true, maxEpochs: e.epochs, measure: measureOf(loss), until: typeof until === 'number' ? until : null, epochs: [], errors: [], stop: '' },
        });
        if (this.isCurrent(uri)) this.postTraining();
        return;
      }
      case 'progress': {
        const run = this.runs.get(uri);
        if (!run) return;
        const error = errorOf(run.loss, e.error);
        const epochs = run.view.epochs as number[];
        const errors = run.view.errors as Num[];
        if (epochs.length < CURVE_POINTS * 4) {
          epochs.push(e.epoch);
          errors.push(error);
        }
        if (this.isCurrent(uri)) {
          this.post({ type: 'trainingProgress', uri, epoch: e.epoch, error });
          // The input-plane map is redrawn as training goes.
          if (e.weights) this.postMap(e.weights);
        }
        return;
      }
      case 'end': {
        const run = this.runs.get(uri);
        if (!run) return;
        const result: TrainResult | undefined = e.result;
        if (result) {
          const { epochs, errors } = thin(result.history, result.historyEpochs, run.loss);
          const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
          const network = doc ? this.gradients.checker.get(doc).network : undefined;
          const stop = network ? describeStop(network, result) : result.stop;
          run.view = { ...run.view, running: false, epochs, errors, stop };
        } else {
          run.view = { ...run.view, running: false, stop: 'training failed (see the NNet output channel)' };
        }
        if (this.isCurrent(uri)) {
          this.postTraining();
          this.refresh();
        }
        return;
      }
    }
  }

  private isCurrent(uri: string): boolean {
    return this.document?.uri.toString() === uri;
  }

  private postTraining(): void {
    const run = this.document && this.runs.get(this.document.uri.toString());
    if (run) this.post({ type: 'training', training: run.view });
  }

  // ---- the cursor in the editor -----------------------------------------------------------------

  private onCursor(position: vscode.Position | undefined): void {
    const snap = this.snapshot;
    const document = this.document;
    if (!snap || !document || !position || snap.version !== document.version) return;
    let edge: string | null = null;
    let node: string | null = null;
    const entries = snap.lines.get(position.line);
    if (entries) edge = (entries.length === 1 ? entries[0] : entries.find((x) => x.range.contains(position)))?.id ?? null;
    if (!edge) {
      const target = targetAt(this.gradients.checker.get(document).tree, { line: position.line, character: position.character });
      if (target?.kind === 'node') node = target.name;
    }
    if (edge === this.highlighted.edge && node === this.highlighted.node) return;
    this.highlighted = { edge, node };
    this.post({ type: 'highlight', edge, node });
    if (edge && edge !== this.selected) {
      this.selected = edge;
      this.postCurve();
    }
  }

  // ---- messages from the webview ------------------------------------------------------------------

  /** Validates and handles one message; returns whether it was accepted. */
  receive(message: unknown): boolean {
    this.received++;
    if (!isPanelMessage(message)) {
      this.rejected++;
      this.remember(`rejected ${describeMessage(message)}`);
      console.warn(`[nnet graph] ignored a malformed or unknown message from the webview: ${describeMessage(message)}`);
      return false;
    }
    this.remember(message.type);
    void this.handle(message).catch((e: unknown) => console.error(`[nnet graph] handling '${message.type}' failed: ${e instanceof Error ? e.message : String(e)}`));
    return true;
  }

  private remember(entry: string): void {
    this.messageLog.push(entry);
    if (this.messageLog.length > 50) this.messageLog.shift();
  }

  private async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.ready = true;
        this.options = clampOptions(message.options);
        if (message.selected && !this.selected) this.selected = message.selected;
        if (!this.document) {
          const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => isNnetDocument(e.document));
          if (editor && isNnetDocument(editor.document)) this.document = editor.document;
        }
        if (this.document) this.panel.title = `Graph: ${fileName(this.document.uri)}`;
        this.refresh();
        this.postTraining();
        return;
      }
      case 'reveal':
        return this.reveal(message.kind, message.id);
      case 'select':
        this.selected = message.edge;
        this.postCurve();
        return;
      case 'run':
        return this.run(message.command);
      case 'sample':
        if (this.document) await vscode.commands.executeCommand('nnet.useSample', this.document.uri, message.index);
        return;
      case 'options': {
        const before = this.options;
        this.options = clampOptions(message.options);
        if (before.metric !== this.options.metric) this.refresh();
        else {
          if (before.zoom !== this.options.zoom) this.postCurve();
          if (before.output !== this.options.output) this.postMap();
        }
        return;
      }
      case 'log': {
        const line = `[nnet graph webview] ${message.message}`;
        if (message.level === 'error') console.error(line);
        else if (message.level === 'warn') console.warn(line);
        else console.log(line);
        return;
      }
    }
  }

  private async run(command: PanelCommand): Promise<void> {
    const document = this.document;
    if (!document) return;
    const ids: Record<PanelCommand, string> = {
      step: 'nnet.step',
      train: 'nnet.train',
      apply: 'nnet.applyTrainedWeights',
      compute: 'nnet.computeGradients',
      pickSample: 'nnet.useSample',
    };
    // Training runs for long; the panel follows it through onDidTrain, so it is not awaited.
    const running = vscode.commands.executeCommand(ids[command], document.uri);
    if (command !== 'train') await running;
  }

  /** Shows the source of a node or weight in its editor, selected. */
  private async reveal(kind: 'node' | 'edge', id: string): Promise<void> {
    const snap = this.snapshot;
    const document = this.document;
    if (!snap || !document) return;
    let range: vscode.Range | undefined;
    if (kind === 'node') {
      for (const layer of snap.network.layers) {
        const node = layer.nodes.find((n) => n.name === id) ?? (layer.bias?.name === id ? layer.bias : undefined);
        if (node) {
          range = toRange(node.range);
          break;
        }
      }
    } else {
      const names = splitEdgeId(id);
      const at = names && findWeight(snap.network, names.from, names.to);
      if (at) {
        const origin = snap.network.weights[at.layer].origins[at.index];
        if (origin) range = toRange(origin.kind === 'matrix' ? origin.valueRange : origin.range);
        if (this.selected !== id) {
          this.selected = id;
          this.postCurve();
        }
      }
    }
    if (!range) return;
    if (snap.version !== document.version) {
      // Edited since the last drawing: the ranges may have moved. Redraw first, then reveal by name.
      this.refresh();
      if (this.snapshot?.version === document.version) return this.reveal(kind, id);
      return;
    }
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const column = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  // ---- posting ---------------------------------------------------------------------------------------

  private post(message: HostMessage): void {
    this.posted.set(message.type, message);
    if (!this.ready || this.disposed) return;
    void this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  debugState(): GraphDebugState {
    return {
      open: !this.disposed,
      visible: this.panel.visible,
      ready: this.ready,
      uri: this.document?.uri.toString(),
      selected: this.selected,
      options: this.options,
      posted: Object.fromEntries(this.posted),
      received: this.received,
      rejected: this.rejected,
      log: [...this.messageLog],
      csp: /content="([^"]*)"/.exec(this.panel.webview.html)?.[1] ?? '',
      localResourceRoots: (this.panel.webview.options.localResourceRoots ?? []).map((u) => u.toString()),
    };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.editTimer) clearTimeout(this.editTimer);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
    this.onDisposed();
  }
}

function clampOptions(o: PanelOptions): PanelOptions {
  return { metric: o.metric, output: o.output, zoom: Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, o.zoom)) };
}

function bundleViews(layout: GraphLayout): GraphModel['bundles'] {
  return layout.bundles.map((b) => ({
    layer: b.layer,
    total: b.total,
    drawn: b.drawn,
    meanAbs: num(b.meanAbs) ?? 0,
    maxAbs: num(b.maxAbs) ?? 0,
    positive: b.positive,
    fromX: layout.columns[b.layer].x,
    toX: layout.columns[b.layer + 1].x,
    fromTop: b.fromTop,
    fromBottom: b.fromBottom,
    toTop: b.toTop,
    toBottom: b.toBottom,
  }));
}

/** Weight lines and matrix entries by line number. */
function lineIndex(network: Network): Map<number, { id: string; range: vscode.Range }[]> {
  const lines = new Map<number, { id: string; range: vscode.Range }[]>();
  network.weights.forEach((m, k) => {
    const source = network.layers[k];
    const target = network.layers[k + 1];
    for (let i = 0; i < m.origins.length; i++) {
      const origin = m.origins[i];
      if (!origin || origin.kind === 'init') continue;
      const c = i % m.columns;
      const from = c < source.nodes.length ? source.nodes[c].name : source.bias?.name;
      const to = target.nodes[Math.floor(i / m.columns)]?.name;
      if (!from || !to) continue;
      const range = toRange(origin.kind === 'matrix' ? origin.valueRange : origin.range);
      const line = range.start.line;
      const list = lines.get(line);
      if (list) list.push({ id: edgeId(from, to), range });
      else lines.set(line, [{ id: edgeId(from, to), range }]);
    }
  });
  return lines;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** A CSP nonce from the platform's cryptographic generator: 128 bits as 32 hex digits. */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** URI schemes a restored panel may open: local files, unsaved documents and virtual workspaces. */
const RESTORABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-vfs']);

/** Whether a URI from saved webview state may be opened again: a `.nnet` document on a known scheme. */
export function isRestorableUri(uri: vscode.Uri): boolean {
  return RESTORABLE_SCHEMES.has(uri.scheme) && (uri.scheme === 'untitled' || uri.path.toLowerCase().endsWith('.nnet'));
}

/**
 * Test-only commands exist in test runs only: VS Code's test mode, NNET_TEST_HOOKS=1 (the
 * code-server harness), or, in the browser's Web Worker host (no environment there), the web
 * harness's runner extension installed beside nnet (docs/testing.md).
 */
function testHooksWanted(context: vscode.ExtensionContext): boolean {
  if (context.extensionMode === vscode.ExtensionMode.Test) return true;
  if (typeof process !== 'undefined') return process.env?.NNET_TEST_HOOKS === '1';
  return vscode.extensions.getExtension('nnet-tools-test.nnet-web-test-runner') !== undefined;
}

/**
 * Registers NNet: Show Network Graph (`nnet.showGraph`), the panel serializer (the panel
 * survives a window reload) and the hidden test hooks `nnet.graph.debugState` and
 * `nnet.graph.debugReceive`.
 */
export function registerGraphPanel(context: vscode.ExtensionContext, gradients: GradientService, training: Training): void {
  let current: GraphPanel | undefined;
  const create = (panel: vscode.WebviewPanel, saved?: SavedState): GraphPanel => {
    current?.dispose();
    const created = new GraphPanel(panel, context, gradients, training, () => {
      if (current === created) current = undefined;
    }, saved);
    current = created;
    return created;
  };
  const webviewOptions = (): vscode.WebviewPanelOptions & vscode.WebviewOptions => ({
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  });

  context.subscriptions.push(
    { dispose: () => current?.dispose() },
    vscode.commands.registerCommand('nnet.showGraph', async (arg?: unknown) => {
      let document: vscode.TextDocument | undefined;
      if (arg instanceof vscode.Uri) document = await vscode.workspace.openTextDocument(arg);
      else {
        const editor = vscode.window.activeTextEditor;
        document = editor && isNnetDocument(editor.document) ? editor.document : vscode.window.visibleTextEditors.find((e) => isNnetDocument(e.document))?.document;
      }
      if (current) {
        current.panel.reveal(undefined, true);
        if (document) current.follow(document);
        return true;
      }
      const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Network Graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions());
      create(panel).follow(document);
      return true;
    }),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const saved = (typeof state === 'object' && state !== null ? state : {}) as SavedState;
        const created = create(panel, saved);
        let document: vscode.TextDocument | undefined;
        if (typeof saved.uri === 'string') {
          try {
            // Webview state is data the webview could have changed: open only .nnet documents on known schemes.
            const uri = vscode.Uri.parse(saved.uri, true);
            if (!isRestorableUri(uri)) throw new Error(`not restoring ${uri.scheme}: URIs`);
            document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
          } catch {
            document = undefined; // gone since: follow the active editor instead
          }
        }
        const editor = vscode.window.activeTextEditor;
        if (!document && editor && isNnetDocument(editor.document)) document = editor.document;
        created.follow(document && isNnetDocument(document) ? document : undefined);
      },
    }),
  );
  if (testHooksWanted(context)) {
    context.subscriptions.push(
      vscode.commands.registerCommand('nnet.graph.debugState', (): GraphDebugState | undefined => current?.debugState()),
      vscode.commands.registerCommand('nnet.graph.debugReceive', (message: unknown): boolean => current?.receive(message) ?? false),
    );
  }
}

