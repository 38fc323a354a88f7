// CodeLens: each node's δ on its layer line, each weight's gradient and next Δw on its line
// (matrix rows too), "Use this sample" on sample lines. Lenses are placed by the *current*
// syntax tree and filled from the last results by name, so they never jump or vanish while
// typing; values computed for an older version are marked stale.
import * as vscode from 'vscode';
import { formatNumber, type Layer, type LayerStatement, type Network, type WeightsStatement } from '../core';
import { isNnetDocument, LANGUAGE_ID } from './documents';
import { weightKey, type GradientResults, type GradientService, type NodeValues, type WeightValues } from './gradients';
import { nodeRefName as refName } from '../core';
import { readSettings, type Settings } from './settings';
import { toRange } from './convert';
import { pushAll } from '../core/arrays';

/** Layers with more nodes than this get one summary lens instead of one lens per node. */
const NODES_PER_LINE = 6;

export function gradientSymbol(results: GradientResults): string {
  return results.convention === 'heaton' ? 'g' : '∂E/∂w';
}

/** `∂E/∂w 0.016758 · next Δw 0.011731`, plus trained value and applied step when present. */
export function weightSummary(w: WeightValues, results: GradientResults, settings: Settings, extras: { trained?: number; applied?: number }): string {
  const f = (x: number): string => formatNumber(x, settings.precision);
  const parts = [`${gradientSymbol(results)} ${f(w.gradient)}`, w.fixed ? 'fixed' : `next Δw ${f(w.deltaW)}`];
  if (extras.applied !== undefined) parts.push(`Δw applied ${extras.applied >= 0 ? '+' : ''}${f(extras.applied)}`);
  if (extras.trained !== undefined) parts.push(`trained ${f(extras.trained)}`);
  return parts.join(' · ');
}

export class GradientLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly service: GradientService) {
    service.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isNnetDocument(document)) return [];
    const settings = readSettings(document);
    const check = this.service.checker.get(document);
    const results = this.service.results(document);
    const lenses: vscode.CodeLens[] = [];
    const stale = this.service.isStale(document) ? ' (stale)' : '';
    const staleTip = stale ? '\nEdited since computed: save, or run NNet: Compute Gradients.' : '';
    const tree = check.tree;

    if (!results) {
      const first = tree.statements.find((s) => s.kind === 'layer') ?? tree.statements[0];
      if (first) {
        lenses.push(
          new vscode.CodeLens(toRange(first.range), {
            title: '$(play) Compute gradients',
            command: 'nnet.computeGradients',
            arguments: [document.uri],
            tooltip: 'Run the forward and backward pass for the active sample',
          }),
        );
      }
    }
    const network = check.network;
    const training = this.service.training(document);
    const applied = this.service.stepApplied(document);
    const f = (x: number): string => formatNumber(x, settings.precision);
    const explain = (range: vscode.Range): vscode.Command => ({
      title: '',
      command: 'nnet.showExplanation',
      arguments: [document.uri, range.start],
    });

    let sampleIndex = -1;
    for (const s of tree.statements) {
      if (s.kind === 'sample') sampleIndex++;
      const range = toRange(s.range);
      if (s.kind === 'layer' && results && settings.deltaLenses) {
        pushAll(lenses, this.layerLenses(s, results, network, settings, stale, staleTip, explain));
      } else if (s.kind === 'weight' && results && settings.gradientLenses && settings.gradientDisplay === 'codelens') {
        const key = weightKey(refName(s.from), refName(s.to));
        const w = results.weights.get(key);
        if (!w) continue;
        const title = weightSummary(w, results, settings, { trained: training?.trained.get(key), applied: applied?.get(key) }) + stale;
        lenses.push(new vscode.CodeLens(range, { ...explain(toRange(s.value.range)), title, tooltip: `Weight ${key.replace('->', ' → ')} for sample ${results.sample + 1}; click for the derivation${staleTip}` }));
      } else if (s.kind === 'weights' && results && settings.gradientLenses) {
        pushAll(lenses, this.matrixLenses(s, results, network, settings, stale, f));
      } else if (s.kind === 'sample' && settings.sampleLenses && network && !check.hasErrors) {
        const index = sampleIndex;
        const active = index === this.service.activeSample(document);
        lenses.push(
          active
            ? new vscode.CodeLens(range, {
                title: results ? `● active sample · E ${f(results.error)}${stale}` : '● active sample',
                command: '',
                tooltip: 'Lenses and hovers show this sample',
              })
            : new vscode.CodeLens(range, { title: 'Use this sample', command: 'nnet.useSample', arguments: [document.uri, index], tooltip: 'Show δ and gradients for this sample' }),
        );
      }
    }
    return lenses;
  }

  private layerLenses(
    s: LayerStatement,
    results: GradientResults,
    network: Network | undefined,
    settings: Settings,
    stale: string,
    staleTip: string,
    explain: (r: vscode.Range) => vscode.Command,
  ): vscode.CodeLens[] {
    const f = (x: number): string => formatNumber(x, settings.precision);
    const layer = network?.layers.find((l) => l.name === s.name.text);
    const names = layer ? layer.nodes.map((n) => n.name) : s.nodes.flatMap((n) => (n.kind === 'single' ? [n.name.text] : []));
    const isInput = network ? layer?.index === 0 : false;
    const range = toRange(s.range);
    const values: [string, NodeValues][] = [];
    for (const name of names) {
      const v = results.nodes.get(name);
      if (v) values.push([name, v]);
    }
    if (values.length === 0) return [];
    if (values.length <= NODES_PER_LINE) {
      return values.map(([name, v]) => {
        const spec = s.nodes.find((n) => n.kind === 'single' && n.name.text === name);
        const at = spec ? toRange(spec.range) : range;
        const title = isInput ? `${name} = ${f(v.out)}${stale}` : `δ(${name}) ${f(v.delta)}${stale}`;
        const tooltip = isInput ? `Input ${name} for sample ${results.sample + 1}` : `net ${f(v.net)}, out ${f(v.out)}, f′ ${f(v.fprime)}, δ ${f(v.delta)} (${results.convention}); click for the derivation${staleTip}`;
        return new vscode.CodeLens(range, { ...explain(at), title, tooltip });
      });
    }
    return [new vscode.CodeLens(range, { title: summariseLayer(values, isInput, f) + stale, command: '' })];
  }

  private matrixLenses(s: WeightsStatement, results: GradientResults, network: Network | undefined, settings: Settings, stale: string, f: (x: number) => string): vscode.CodeLens[] {
    const pair = network ? layerPair(network, s) : undefined;
    if (!pair) return [];
    const [from, to] = pair;
    const sources = [...from.nodes.map((n) => n.name), ...(from.bias ? [from.bias.name] : [])];
    const symbol = gradientSymbol(results);
    const gradients = to.nodes.map((dest) => sources.map((src) => results.weights.get(weightKey(src, dest.name))?.gradient ?? NaN));
    let worst = { value: 0, from: '', to: '' };
    gradients.forEach((row, r) => row.forEach((g, c) => Math.abs(g) > Math.abs(worst.value) && (worst = { value: g, from: sources[c], to: to.nodes[r].name })));
    const lenses = [
      new vscode.CodeLens(toRange(s.range), {
        title: `${symbol}: ${to.nodes.length}×${sources.length}, largest |${symbol}| ${f(Math.abs(worst.value))} (${worst.from} → ${worst.to})${stale}`,
        command: '',
      }),
    ];
    if (s.value.kind === 'matrix' && s.value.rows.length === to.nodes.length && settings.gradientDisplay === 'codelens') {
      s.value.rows.forEach((row, r) => {
        const title = `${to.nodes[r].name}: ${symbol} [${gradients[r].map(f).join(', ')}]${stale}`;
        lenses.push(new vscode.CodeLens(toRange(row.range), { title: title.length > 300 ? `${title.slice(0, 300)}…` : title, command: '' }));
      });
    }
    return lenses;
  }
}

function summariseLayer(values: [string, { delta: number; out: number }][], isInput: boolean, f: (x: number) => string): string {
  const key = (v: { delta: number; out: number }): number => (isInput ? v.out : v.delta);
  let lo = values[0];
  let hi = values[0];
  let big = values[0];
  for (const v of values) {
    if (key(v[1]) < key(lo[1])) lo = v;
    if (key(v[1]) > key(hi[1])) hi = v;
    if (Math.abs(key(v[1])) > Math.abs(key(big[1]))) big = v;
  }
  const what = isInput ? 'inputs' : 'δ';
  return `${values.length} nodes · ${what} from ${f(key(lo[1]))} (${lo[0]}) to ${f(key(hi[1]))} (${hi[0]}) · largest |${what}| ${big[0]}`;
}

/** The two layers a `weights` statement connects (by layer name or array alias). */
export function layerPair(network: Network, s: WeightsStatement): [Layer, Layer] | undefined {
  const find = (name: string): Layer | undefined => network.layers.find((l) => l.name === name || l.aliases.includes(name));
  const from = find(s.from.text);
  const to = find(s.to.text);
  return from && to && to.index === from.index + 1 ? [from, to] : undefined;
}

export function registerCodeLens(context: vscode.ExtensionContext, service: GradientService): GradientLensProvider {
  const provider = new GradientLensProvider(service);
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: LANGUAGE_ID }, provider),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('nnet') && provider.refresh()),
  );
  return provider;
}

