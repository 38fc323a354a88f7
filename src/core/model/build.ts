// Builds the validated Network from a syntax tree and reports semantic diagnostics.
// Every check points at the words that caused it; nothing here throws.
import type { Diagnostic, Range, RelatedInformation } from '../types';
import { makeDiagnostic, quote } from '../diagnostics';
import { comparePosition } from '../types';
import type { DiagnosticKind } from '../diagnostic-codes';
import type {
  ConventionStatement,
  Identifier,
  InitExpression,
  LayerStatement,
  LossStatement,
  MatrixExpression,
  NetworkStatement,
  NodeRef,
  NumberLiteral,
  Statement,
  SyntaxTree,
  TrainStatement,
  WeightStatement,
  WeightsStatement,
} from '../syntax/ast';
import {
  ACTIVATIONS,
  INIT_METHODS,
  isOneOf,
  nearest,
  type Activation,
  type Loss,
} from '../vocabulary';
import { initArgumentCount, initialise } from './init';
import { formatCount, MAX_NODES_PER_LAYER } from '../limits';
import { checkSizes, type Report } from './sizes';
import { SampleBuilder } from './samples';
import { conventionOf, lossOf, trainSettingsOf, unknownWord, type UnknownNameData } from './settings';
import { reportMissingWeights } from './missing-weights';
import { gatherSamples } from './build-data';
import { Given, PairWeights } from './origins';
import { WeightLine } from '../syntax/compact';
import { NumberRow } from '../syntax/rows';
import type {
  BuildOptions,
  Layer,
  ModelResult,
  Network,
  NetworkNode,
} from './network';

/** Largest `name[N]` accepted (= nodes per layer, src/core/limits.ts). */
export const MAX_NODES_PER_ARRAY = MAX_NODES_PER_LAYER;
/** Activation of hidden and output layers that name none. */
export const DEFAULT_ACTIVATION: Activation = 'sigmoid';

export type { UnknownNameData } from './settings';
export type { SampleArityData } from './samples';

type Kind<K extends Statement['kind']> = Extract<Statement, { kind: K }>;

class Builder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly nodesByName = new Map<string, NetworkNode>();
  private readonly layersByName = new Map<string, Layer>();
  private layers: Layer[] = [];
  /** The network is beyond a size limit (nodes, weights): it is not built. */
  private tooLarge = false;
  private matrices: PairWeights[] = [];

  constructor(
    private readonly tree: SyntaxTree,
    private readonly options: BuildOptions,
  ) {}

  private report(kind: DiagnosticKind, range: Range, message: string, extra: { related?: RelatedInformation[]; data?: unknown } = {}): void {
    this.diagnostics.push(makeDiagnostic(kind, range, message, extra));
  }

  /** `report` as a function for the checks in their own modules. */
  private readonly reporter: Report = (kind, range, message, extra) => this.report(kind, range, message, extra);

  /** Statements grouped by kind once (the checks ask for each kind several times). */
  private readonly byKind = new Map<Statement['kind'], Statement[]>();

  private grouped = false;

  /** The statements of a kind; weight lines are not grouped (buildWeights reads them in place). */
  private all<K extends Exclude<Statement['kind'], 'weight'>>(kind: K): Kind<K>[] {
    if (!this.grouped) {
      this.grouped = true;
      for (const s of this.tree.statements) {
        if (s.kind === 'weight') continue;
        const list = this.byKind.get(s.kind);
        if (list) list.push(s);
        else this.byKind.set(s.kind, [s]);
      }
    }
    return (this.byKind.get(kind) ?? []) as Kind<K>[];
  }

  /** The first statement of a kind that may appear once; later ones are reported. */
  private single<K extends 'network' | 'convention' | 'loss' | 'train'>(kind: K): Kind<K> | undefined {
    const list: Statement[] = this.all(kind);
    for (const extra of list.slice(1)) {
      this.report('duplicateStatement', extra.keyword ?? extra.range, `${quote(kind)} may appear only once; this one is ignored`, {
        related: [{ range: list[0].range, message: `first ${quote(kind)}` }],
      });
    }
    return list[0] as Kind<K> | undefined;
  }

  private checkFinite(n: NumberLiteral, what: string): boolean {
    if (Number.isFinite(n.value)) return true;
    this.report('numberRange', n.range, `${what} ${n.text} is out of range (not a finite double)`);
    return false;
  }

  build(): Network | undefined {
    const networkStatement = this.single('network') as NetworkStatement | undefined;
    const report = this.reporter;
    const convention = conventionOf(this.single('convention') as ConventionStatement | undefined, report);
    const lossStatement = this.single('loss') as LossStatement | undefined;
    const loss = lossOf(lossStatement, report);
    const train = trainSettingsOf(this.single('train') as TrainStatement | undefined, report, (n, what) => this.checkFinite(n, what));

    this.tooLarge = !checkSizes(this.all('layer'), (kind, range, message, extra) => this.report(kind, range, message, extra));
    if (this.tooLarge) return undefined;
    this.buildLayers(this.all('layer'), loss, lossStatement);
    if (this.layers.length < 2) {
      const first = this.all('layer')[0];
      // An empty file too (check, train and explain all say why there is nothing to compute);
      // a file of broken lines only has its syntax errors to say it.
      const onlyBroken = this.tree.statements.length > 0 && this.tree.statements.every((s) => s.kind === 'invalid');
      if (first) this.report('layerStructure', first.name.range, 'a network needs at least two layers: the first is the input, the last the output');
      else if (!onlyBroken) this.report('layerStructure', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "no layers: declare them with 'layer NAME NODES…'");
      return undefined;
    }
    this.buildWeights();
    if (this.tooLarge) return undefined;
    const sampleBuilder = new SampleBuilder(report, (n, what) => this.checkFinite(n, what), this.options.readData);
    const { samples, test, validation } = gatherSamples(sampleBuilder, this.all('sample'), this.all('data'), {
      options: this.options,
      inputCount: this.layers[0].nodes.length,
      targetCount: this.layers[this.layers.length - 1].nodes.length,
      report,
    });
    const patience = (this.all('train')[0] as TrainStatement | undefined)?.options.find((o) => o.name.text === 'patience');
    if (patience && train.options.patience !== undefined && !this.all('data').some((d) => d.role === 'validation')) {
      this.report('optionValue', patience.range, "'patience' stops on the validation loss: add 'validation split 0.1 seed 1' (or 'validation \"FILE\" …')");
    }
    if (samples.length === 0 && this.all('data').length === 0) {
      const output = this.layers[this.layers.length - 1];
      this.report('noSamples', output.nameRange, "no training data: add 'sample IN… -> OUT…' lines or a 'data \"file.csv\" …' line");
    }
    return {
      name: networkStatement?.name?.text,
      convention,
      loss,
      layers: this.layers,
      weights: this.matrices,
      train,
      samples,
      test,
      validation,
    };
  }

  // ── layers and nodes ───────────────────────────────────────────────────────────────────
  private buildLayers(statements: LayerStatement[], loss: Loss, lossStatement: LossStatement | undefined): void {
    const count = statements.length;
    statements.forEach((s, position) => {
      const previous = this.layersByName.get(s.name.text);
      if (previous) {
        this.report('duplicateLayer', s.name.range, `layer ${quote(s.name.text)} is declared twice; this one is ignored`, {
          related: [{ range: previous.nameRange, message: 'first declared here' }],
        });
        return;
      }
      const index = this.layers.length;
      const isInput = position === 0;
      const isOutput = position === count - 1;
      const nodes: NetworkNode[] = [];
      const addNode = (name: string, range: Range, isBias: boolean): NetworkNode | undefined => {
        const existing = this.nodesByName.get(name);
        if (existing) {
          this.report('duplicateNode', range, `node ${quote(name)} is already declared`, { related: [{ range: existing.range, message: 'first declared here' }] });
          return undefined;
        }
        const node: NetworkNode = { name, layer: index, index: nodes.length, isBias, range };
        this.nodesByName.set(name, node);
        return node;
      };
      for (const spec of s.nodes) {
        if (spec.kind === 'single') {
          const node = addNode(spec.name.text, spec.name.range, false);
          if (node) nodes.push(node);
          continue;
        }
        const n = spec.count.value;
        if (!Number.isInteger(n) || n < 1) {
          this.report('numberRange', spec.count.range, `node count must be a whole number from 1 to ${formatCount(MAX_NODES_PER_ARRAY)}, not ${spec.count.text}`);
          continue;
        }
        for (let k = 1; k <= n; k++) {
          const node = addNode(`${spec.name.text}${k}`, spec.range, false);
          if (node) nodes.push(node);
        }
      }

      let activation: Activation = isInput ? 'linear' : DEFAULT_ACTIVATION;
      if (s.activation) {
        const word = s.activation.text;
        if (!isOneOf(ACTIVATIONS, word)) unknownWord(this.reporter, 'unknownActivation', s.activation, 'activation', ACTIVATIONS);
        else if (isInput && word !== 'linear') {
          this.report('layerStructure', s.activation.range, `the input layer passes its inputs through unchanged; it takes no activation ('${word}')`);
        } else activation = word;
      }
      if (activation === 'softmax') {
        if (!isOutput) this.report('softmaxPlacement', s.activation!.range, 'softmax belongs on the output layer only');
        else if (loss !== 'crossentropy') {
          this.report('softmaxPlacement', s.activation!.range, "softmax needs 'loss crossentropy'", {
            related: lossStatement ? [{ range: lossStatement.range, message: 'the loss is set here' }] : [],
          });
        }
      }
      if (!isInput && isOutput && loss === 'crossentropy' && activation !== 'softmax' && activation !== 'sigmoid') {
        this.report('lossActivation', s.activation?.range ?? s.name.range, `crossentropy expects outputs between 0 and 1 (sigmoid or softmax), but the output layer is ${activation}`);
      }

      let bias: NetworkNode | undefined;
      if (s.bias) {
        if (isOutput) {
          this.report('layerStructure', s.bias.keyword, `a bias node feeds the next layer, and ${quote(s.name.text)} is the output layer`);
        } else {
          const name = s.bias.name?.text ?? this.defaultBiasName(index, s.name.text);
          bias = addNode(name, s.bias.name?.range ?? s.bias.keyword, true);
        }
      }
      const layer: Layer = { name: s.name.text, index, nodes, bias, activation, range: s.range, nameRange: s.name.range, aliases: [] };
      this.layers.push(layer);
      this.layersByName.set(layer.name, layer);
    });
    // `weights x -> h` may name layers by their node arrays (`x[64]`), unless a layer has that name.
    for (const s of statements) {
      const layer = this.layersByName.get(s.name.text);
      if (!layer || layer.range !== s.range) continue;
      for (const spec of s.nodes) {
        if (spec.kind !== 'array' || this.layersByName.has(spec.name.text)) continue;
        this.layersByName.set(spec.name.text, layer);
        (layer.aliases as string[]).push(spec.name.text);
      }
    }
  }

  /** Heaton's names: B1 for the input layer's bias, B2 for the first hidden layer's, … */
  private defaultBiasName(layerIndex: number, layerName: string): string {
    const heaton = `B${layerIndex + 1}`;
    return this.nodesByName.has(heaton) ? `${layerName}_bias` : heaton;
  }

  // ── weights ────────────────────────────────────────────────────────────────────────────
  private buildWeights(): void {
    for (let k = 0; k + 1 < this.layers.length; k++) {
      const from = this.layers[k];
      const to = this.layers[k + 1];
      const columns = from.nodes.length + (from.bias ? 1 : 0);
      this.matrices.push(new PairWeights(k, k + 1, to.nodes.length, columns)); // checkSizes bounds the sum by MAX_WEIGHTS
    }
    // Whole-matrix statements first, so that single weight lines can override an `init`.
    for (const s of this.all('weights')) this.weightsStatement(s);
    for (const s of this.tree.statements) if (s.kind === 'weight') this.weightStatement(s);
    const layerStatements = this.all('layer');
    const lastLayerLine = layerStatements.length ? layerStatements[layerStatements.length - 1].range.end.line : 0;
    reportMissingWeights(this.matrices, this.layers, lastLayerLine, this.reporter);
  }

  private layerPair(fromName: Identifier, toName: Identifier, statementRange: Range): PairWeights | undefined {
    const from = this.layersByName.get(fromName.text);
    const to = this.layersByName.get(toName.text);
    for (const [word, layer] of [
      [fromName, from],
      [toName, to],
    ] as const) {
      if (!layer) {
        const suggestion = nearest(word.text, this.layersByName.keys(), 2);
        this.report('unknownLayer', word.range, `unknown layer ${quote(word.text)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`, {
          data: { name: word.text, suggestion } satisfies UnknownNameData,
        });
      }
    }
    if (!from || !to) return undefined;
    if (to.index !== from.index + 1) {
      const why = to.index <= from.index ? 'weights run forward, from one layer to the next' : 'only consecutive layers are connected';
      this.report('nonAdjacentWeight', statementRange, `no weights between ${quote(from.name)} and ${quote(to.name)}: ${why}`);
      return undefined;
    }
    return this.matrices[from.index];
  }

  private weightsStatement(s: WeightsStatement): void {
    const m = this.layerPair(s.from, s.to, { start: s.from.range.start, end: s.to.range.end });
    if (!m) return;
    if (m.covered) {
      this.report('duplicateWeight', s.range, `the weights from ${quote(s.from.text)} to ${quote(s.to.text)} are already given`, {
        related: [{ range: m.coveredBy!, message: 'first given here' }],
      });
      return;
    }
    m.covered = true;
    m.coveredBy = s.range;
    m.lastLine = Math.max(m.lastLine, s.range.end.line);
    const fromLayer = this.layers[m.from];
    if (s.value.kind === 'matrix') this.matrix(s.value, m, fromLayer, s);
    else this.init(s.value, m, fromLayer, s);
    if (s.fixed) m.fixed.fill(1);
  }

  private matrix(matrix: MatrixExpression, m: PairWeights, fromLayer: Layer, s: WeightsStatement): void {
    // Unclosed or damaged matrices are already reported; their shape would only add noise.
    if (!matrix.close || matrix.rows.some((r) => r.damaged)) return;
    const columnNames = (): string => abbreviateColumns(fromLayer);
    if (matrix.rows.length !== m.rows) {
      const shape = `${m.rows} row${m.rows === 1 ? '' : 's'} (one per node of ${quote(this.layers[m.to].name)}) × ${m.columns} columns (${columnNames()})`;
      this.report('matrixShape', matrix.range, `matrix has ${matrix.rows.length} row${matrix.rows.length === 1 ? '' : 's'}; expected ${shape}`);
      return;
    }
    let ok = true;
    for (const row of matrix.rows) {
      // Undamaged rows are always NumberRows (parser.ts).
      if (!(row instanceof NumberRow)) return;
      const count = row.count;
      if (count !== m.columns) {
        this.report('matrixShape', row.range, `row has ${count} value${count === 1 ? '' : 's'}; expected ${m.columns}: ${columnNames()}`);
        ok = false;
      }
    }
    if (!ok) return;
    m.giveAll(s, Given.Matrix);
    for (let r = 0; r < matrix.rows.length; r++) {
      const row = matrix.rows[r] as NumberRow;
      const numbers = row.numbers;
      for (let c = 0; c < numbers.length; c++) {
        const v = numbers[c];
        const i = r * m.columns + c;
        if (Number.isFinite(v)) m.values[i] = v;
        else this.checkFinite(row.literalAt(c), 'weight');
      }
    }
  }

  private init(init: InitExpression, m: PairWeights, fromLayer: Layer, s: WeightsStatement): void {
    const method = init.method.text;
    if (!isOneOf(INIT_METHODS, method)) {
      unknownWord(this.reporter, 'unknownInitMethod', init.method, 'init method', INIT_METHODS);
      return;
    }
    const expected = initArgumentCount(method);
    if (init.args.length !== expected) {
      const range = init.args.length ? { start: init.args[0].range.start, end: init.args[init.args.length - 1].range.end } : init.method.range;
      this.report('initArguments', range, expected ? `${quote(method)} takes ${expected} numbers: the low and high ends (e.g. 'uniform -0.5 0.5')` : `${quote(method)} takes no numbers`);
      return;
    }
    if (!init.args.every((a) => this.checkFinite(a, 'argument'))) return;
    if (method === 'uniform' && !(init.args[0].value < init.args[1].value)) {
      this.report('initArguments', { start: init.args[0].range.start, end: init.args[1].range.end }, 'the low end must be below the high end');
      return;
    }
    let seed = 0;
    if (init.seed) {
      const v = init.seed.value;
      if (!Number.isInteger(v.value) || v.value < 0 || v.value > 4294967295) {
        this.report('numberRange', v.range, `seed must be a whole number from 0 to 4294967295, not ${v.text}`);
        return;
      }
      seed = v.value;
    }
    const values = initialise(method, init.args.map((a) => a.value), seed, { rows: m.rows, sources: fromLayer.nodes.length, hasBias: !!fromLayer.bias }, m.from);
    m.values.set(values);
    m.giveAll(s, Given.Init);
  }

  private resolveNode(ref: NodeRef): NetworkNode | undefined {
    const name = nodeRefName(ref);
    const node = ref.index && !(Number.isInteger(ref.index.value) && ref.index.value >= 1) ? undefined : this.nodesByName.get(name);
    if (!node) {
      const suggestion = nearest(name, this.nodesByName.keys(), 2);
      this.report('unknownNode', ref.range, `unknown node ${quote(name)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`, {
        data: { name, suggestion } satisfies UnknownNameData,
      });
    }
    return node;
  }

  /** The nodes of the names of weight lines, by their number in the text (null: no such node). */
  private readonly nodesOfNames: (NetworkNode | null | undefined)[] = [];

  /** The node weight lines name by name number `id` (`name` is its spelling), or undefined. */
  private nodeOfName(id: number, line: WeightLine, from: boolean): NetworkNode | undefined {
    let node = this.nodesOfNames[id];
    if (node === undefined) {
      node = this.nodesByName.get(from ? line.fromName : line.toName) ?? null;
      this.nodesOfNames[id] = node;
    }
    return node ?? undefined;
  }

  private weightStatement(s: WeightStatement): void {
    // A WeightLine's plain names are looked up by their number (no range made unless reporting).
    const line = s instanceof WeightLine ? s : undefined;
    const from = (line && this.nodeOfName(line.fromId, line, true)) || this.resolveNode(s.from);
    const to = (line && this.nodeOfName(line.toId, line, false)) || this.resolveNode(s.to);
    if (!from || !to) return;
    if (to.isBias) {
      this.report('invalidWeightTarget', s.to.range, `${quote(to.name)} is a bias node: its output is always 1 and it has no incoming weights`);
      return;
    }
    if (to.layer !== from.layer + 1) {
      const fromLayer = this.layers[from.layer].name;
      const toLayer = this.layers[to.layer].name;
      const why =
        to.layer <= from.layer
          ? `weights run forward: ${quote(to.name)} is in layer ${quote(toLayer)}, which does not follow ${quote(fromLayer)}`
          : `${quote(from.name)} (layer ${quote(fromLayer)}) connects only to the next layer, not to ${quote(toLayer)}`;
      this.report('nonAdjacentWeight', { start: s.from.range.start, end: s.to.range.end }, `no weight ${from.name} -> ${to.name}: ${why}`);
      return;
    }
    const m = this.matrices[from.layer];
    const column = from.isBias ? m.columns - 1 : from.index;
    const i = to.index * m.columns + column;
    if (m.given[i] === Given.Line || m.given[i] === Given.Matrix) {
      this.report('duplicateWeight', s.range, `weight ${from.name} -> ${to.name} is already given`, {
        related: [{ range: m.givenBy(i)!, message: 'first given here' }],
      });
      return;
    }
    m.lastLine = Math.max(m.lastLine, line ? line.line : s.range.end.line);
    const value = line ? line.number : s.value.value;
    if (!Number.isFinite(value)) {
      this.checkFinite(s.value, 'weight');
      return;
    }
    m.values[i] = value;
    if (line ? line.fixedStart >= 0 : s.fixed) m.fixed[i] = 1;
    m.giveLine(i, s);
  }

}


/** The nodes a weight line names, `from` and `to` (a compact line's without making its NodeRefs). */
export function weightNodeNames(s: WeightStatement): { from: string; to: string } {
  return s instanceof WeightLine ? { from: s.fromName, to: s.toName } : { from: nodeRefName(s.from), to: nodeRefName(s.to) };
}

/** The node a reference names: `H1`, or `x3` for `x[3]` (and for `x[03]`). */
export function nodeRefName(ref: NodeRef): string {
  if (!ref.index) return ref.name;
  const n = ref.index.value;
  return `${ref.name}${Number.isInteger(n) && n >= 1 ? String(n) : ref.index.text}`;
}

/** The columns of a matrix from `layer`, abbreviated: `x1, x2, …, bias B1 (785 in all)`. */
function abbreviateColumns(layer: Layer): string {
  const total = layer.nodes.length + (layer.bias ? 1 : 0);
  const names = layer.nodes.slice(0, 6).map((n) => n.name);
  if (layer.bias && names.length < 6) names.push(`bias ${layer.bias.name}`);
  return total > names.length ? `${names.join(', ')}, … (${total} in all)` : names.join(', ');
}

export function buildModel(tree: SyntaxTree, options: BuildOptions = {}): ModelResult {
  const builder = new Builder(tree, options);
  let network: Network | undefined;
  try {
    network = builder.build();
  } catch (e) {
    builder.diagnostics.push(makeDiagnostic('syntax', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `internal model error: ${String(e)}`));
  }
  const diagnostics = tree.diagnostics.concat(builder.diagnostics).sort((a, b) => comparePosition(a.range.start, b.range.start));
  return { network, diagnostics, hasErrors: diagnostics.some((d) => d.severity === 'error') };
}
