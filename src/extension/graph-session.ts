// What the graph panel shows: it follows the active .nnet editor, its edits (debounced), the
// active sample, each recomputation (GradientService.onDidChange) and training
// (TrainingEvents), posts what the core's view model (src/core/graph/view-model.ts) builds
// through the panel host (graph-panel.ts), and answers the webview's clicks.
import * as vscode from 'vscode';
import {
  buildCurveView,
  buildGraphModel,
  buildMapView,
  epochFigures,
  errorCount,
  Explainer,
  hasErrorsText,
  nodeByName,
  splitWeightKey,
  targetAt,
  TrainingRuns,
  weightAt,
  writtenEdges,
  type CheckResult,
  type Network,
  type WrittenEdge,
  type GraphModel,
} from '../core';
import {
  DEFAULT_PANEL_OPTIONS,
  clampZoom,
  isPanelOptions,
  type HostMessage,
  type PanelCommand,
  type PanelMessage,
  type PanelOptions,
} from '../shared/protocol';
import { toRange } from './convert';
import { isNnetDocument } from './documents';
import type { GradientService } from './gradients';
import { GraphPanel, type GraphDebugState, type SavedState } from './graph-panel';
import type { Log } from './log';
import { readSettings } from './settings';
import type { TrainingEvent, TrainingEvents } from './training-events';

/** Wait after the last keystroke before redrawing (longer when a redraw is slow: see `editDelay`). */
const EDIT_DEBOUNCE_MS = 250;
/** The commands the panel's buttons run. */
const COMMANDS: Record<PanelCommand, string> = { step: 'nnet.step', train: 'nnet.train', apply: 'nnet.applyTrainedWeights', compute: 'nnet.computeGradients', pickSample: 'nnet.useSample' };

/** One document version as drawn: the view model and what it takes to answer clicks. */
interface Snapshot {
  readonly uri: string;
  readonly version: number;
  readonly network: Network;
  readonly explainer?: Explainer;
  readonly model: GraphModel;
  readonly lines: ReadonlyMap<number, readonly WrittenEdge[]>;
}

const fileName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1);
const clampOptions = (o: PanelOptions): PanelOptions => ({ metric: o.metric, output: o.output, zoom: clampZoom(o.zoom) });

export class GraphSession implements vscode.Disposable {
  readonly host: GraphPanel;
  private document?: vscode.TextDocument;
  private options: PanelOptions = DEFAULT_PANEL_OPTIONS;
  private selected: string | null = null;
  private snapshot?: Snapshot;
  private readonly runs = new TrainingRuns();
  private editTimer?: ReturnType<typeof setTimeout>;
  /** How long the last redraw took, so that big networks are redrawn less eagerly while typing. */
  private lastComputeMs = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private highlighted: { edge: string | null; node: string | null } = { edge: null, node: null };

  constructor(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly gradients: GradientService,
    training: TrainingEvents,
    private readonly log: Log,
    onDisposed: () => void,
    saved?: SavedState,
  ) {
    if (saved && isPanelOptions(saved.options)) this.options = saved.options;
    if (saved && typeof saved.selected === 'string') this.selected = saved.selected;
    this.host = new GraphPanel(panel, extensionUri, log, (m) => this.handle(m), () => {
      this.dispose();
      onDisposed();
    });
    const mine = (d: vscode.TextDocument): boolean => d === this.document;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => e && isNnetDocument(e.document) && !mine(e.document) && this.follow(e.document)),
      vscode.workspace.onDidChangeTextDocument((e) => mine(e.document) && e.contentChanges.length > 0 && this.scheduleRefresh(this.editDelay())),
      vscode.workspace.onDidCloseTextDocument((d) => mine(d) && this.onClosed()),
      vscode.window.onDidChangeTextEditorSelection((e) => mine(e.textEditor.document) && this.onCursor(e.selections[0]?.active)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('nnet') && this.scheduleRefresh(0)),
      // One redraw for a burst of changes (choosing a sample recomputes and fires twice).
      gradients.onDidChange((uri) => this.isCurrent(uri.toString()) && this.scheduleRefresh(0)),
      training.onDidTrain((e) => this.onTraining(e)),
    );
  }

  follow(document: vscode.TextDocument | undefined): void {
    if (document && document === this.document && this.snapshot) return;
    this.document = document;
    if (document) this.host.panel.title = `Graph: ${fileName(document.uri)}`;
    if (this.snapshot && document && this.snapshot.uri !== document.uri.toString()) this.selected = null;
    this.refresh();
    this.postTraining();
  }

  private onClosed(): void {
    this.document = undefined;
    this.snapshot = undefined;
    this.follow(vscode.window.visibleTextEditors.find((e) => isNnetDocument(e.document))?.document);
  }

  private editDelay(): number {
    return Math.min(3000, Math.max(EDIT_DEBOUNCE_MS, 4 * this.lastComputeMs));
  }

  private scheduleRefresh(delayMs: number): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => this.refresh(), delayMs);
  }

  refresh(): void {
    if (this.host.disposed) return;
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = undefined;
    const document = this.document;
    if (!document) {
      this.snapshot = undefined;
      return this.post({ type: 'empty', reason: 'Open a .nnet file: the graph follows the active .nnet editor.' });
    }
    const name = fileName(document.uri);
    let check: CheckResult;
    try {
      check = this.gradients.checker.get(document);
    } catch (e) {
      return this.post({ type: 'empty', reason: `NNet could not read ${name}: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (!check.network || check.hasErrors) {
      const what = hasErrorsText(name, errorCount(check.diagnostics));
      if (this.snapshot?.uri === document.uri.toString()) {
        return this.post({ type: 'model', model: { ...this.snapshot.model, stale: `${what} (see the Problems panel); showing its last good version.` } });
      }
      return this.post({ type: 'empty', reason: `${what}; fix them (see the Problems panel) to see its network.` });
    }
    const started = Date.now();
    try {
      this.snapshot = this.compute(document, check.network, check);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`Graph: computing the graph of ${document.uri.toString()} failed: ${message}`);
      return this.post({ type: 'empty', reason: `NNet could not draw ${name}: ${message}` });
    }
    this.post({ type: 'model', model: this.snapshot.model });
    this.postCurve();
    this.postMap();
    this.lastComputeMs = Date.now() - started;
    this.onCursor(vscode.window.visibleTextEditors.find((e) => e.document === document)?.selection.active);
  }

  private compute(document: vscode.TextDocument, network: Network, check: CheckResult): Snapshot {
    const count = network.samples.length;
    const convention = this.gradients.convention(document, check);
    const explainer = count ? new Explainer(network, Math.min(this.gradients.activeSample(document), count - 1), convention) : undefined;
    const uri = document.uri.toString();
    const model = buildGraphModel({
      network,
      explainer,
      convention,
      metric: this.options.metric,
      precision: readSettings(document).precision,
      uri,
      fileName: fileName(document.uri),
      version: document.version,
      trainedWaiting: this.trainedWeights(document) !== undefined,
    });
    return { uri, version: document.version, network, explainer, model, lines: writtenEdges(network) };
  }

  /** Trained weights waiting to be applied to this version of the document. */
  private trainedWeights(document: vscode.TextDocument): readonly Float64Array[] | undefined {
    const outcome = this.gradients.training(document);
    return outcome && outcome.version === document.version ? outcome.result.weights : undefined;
  }

  private postCurve(): void {
    const snap = this.snapshot;
    this.post({ type: 'curve', ...(snap ? buildCurveView(snap.network, snap.explainer, this.selected, this.options.zoom) : { curve: null, note: '' }) });
  }

  /** `training`: a training run's snapshot to draw instead of the file's or trained weights. */
  private postMap(training?: readonly Float64Array[]): void {
    const snap = this.snapshot;
    const trained = training ? undefined : this.document && this.trainedWeights(this.document);
    const weights = training ? { values: training, source: 'training' as const } : trained ? { values: trained, source: 'trained' as const } : undefined;
    this.post({ type: 'map', map: snap && this.document ? buildMapView(snap.network, snap.explainer, this.options.output, weights) : null });
  }

  private onTraining(e: TrainingEvent): void {
    const uri = e.uri.toString();
    const network = (): Network | undefined => {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      return doc ? this.gradients.checker.get(doc).network : undefined;
    };
    if (e.kind === 'start') {
      this.runs.start(uri, network(), e.epochs);
      if (this.isCurrent(uri)) this.postTraining();
    } else if (e.kind === 'progress') {
      const error = this.runs.progress(uri, e.epoch, e.error);
      if (error === undefined || !this.isCurrent(uri)) return;
      this.post({ type: 'trainingProgress', uri, epoch: e.epoch, error, figures: epochFigures(e.error) });
      if (e.weights) this.postMap(e.weights); // the input-plane map follows training live
    } else if (this.runs.end(uri, network(), e.result) && this.isCurrent(uri)) {
      this.postTraining();
      this.refresh();
    }
  }

  private isCurrent(uri: string): boolean {
    return this.document?.uri.toString() === uri;
  }

  private postTraining(): void {
    const run = this.document && this.runs.view(this.document.uri.toString());
    if (run) this.post({ type: 'training', training: run });
  }

  private onCursor(position: vscode.Position | undefined): void {
    const snap = this.snapshot;
    const document = this.document;
    if (!snap || !document || !position || snap.version !== document.version) return;
    let node: string | null = null;
    const entries = snap.lines.get(position.line);
    const edge = (entries?.length === 1 ? entries[0] : entries?.find((x) => toRange(x.range).contains(position)))?.id ?? null;
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

  async handle(message: PanelMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        this.options = clampOptions(message.options);
        if (message.selected && !this.selected) this.selected = message.selected;
        const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors.find((e) => isNnetDocument(e.document));
        if (!this.document && editor && isNnetDocument(editor.document)) this.document = editor.document;
        if (this.document) this.host.panel.title = `Graph: ${fileName(this.document.uri)}`;
        this.refresh();
        return this.postTraining();
      }
      case 'reveal':
        return this.reveal(message.kind, message.id);
      case 'select':
        this.selected = message.edge;
        return this.postCurve();
      case 'run': {
        if (!this.document) return;
        // Training runs for long; the panel follows it through onDidTrain, so it is not awaited.
        const running = vscode.commands.executeCommand(COMMANDS[message.command], this.document.uri);
        if (message.command !== 'train') await running;
        return;
      }
      case 'sample':
        if (this.document) await vscode.commands.executeCommand('nnet.useSample', this.document.uri, message.index);
        return;
      case 'options': {
        const before = this.options;
        this.options = clampOptions(message.options);
        if (before.metric !== this.options.metric) return this.refresh();
        if (before.zoom !== this.options.zoom) this.postCurve();
        if (before.output !== this.options.output) this.postMap();
        return;
      }
      case 'log': {
        const line = `Graph webview: ${message.message}`;
        if (message.level === 'error') this.log.error(line);
        else if (message.level === 'warn') this.log.warn(line);
        else this.log.line(line);
        return;
      }
    }
  }

  /** Shows the source of a node or weight in its editor, selected. */
  private async reveal(kind: 'node' | 'edge', id: string): Promise<void> {
    const snap = this.snapshot;
    const document = this.document;
    if (!snap || !document) return;
    let range: vscode.Range | undefined;
    if (kind === 'node') {
      const node = nodeByName(snap.network, id);
      if (node) range = toRange(node.range);
    } else {
      const names = splitWeightKey(id);
      const at = names && weightAt(snap.network, names.from, names.to);
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
    const column = visible?.viewColumn ?? (this.host.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: false, selection: range });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private post(message: HostMessage): void {
    this.host.post(message);
  }

  debugState(): GraphDebugState {
    return this.host.debugState({ uri: this.document?.uri.toString(), selected: this.selected, options: this.options });
  }

  dispose(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.host.dispose();
  }
}
