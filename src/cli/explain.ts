// `nnet explain FILE`: the forward and backward pass of one sample as tables (every node's net,
// out, f′ and δ; every weight's value, gradient and next Δw; E), or one derivation with
// --node / --weight. All numbers come from the core's Explainer, as the editor's hovers do.
import {
  Explainer,
  formatNumber,
  pushAll,
  renderText,
  ruleParameters,
  trainOptionsOf,
  type Convention,
  type Derivation,
  type Network,
  type NodeDerivation,
  type WeightDerivation,
} from '../core';
import {
  integerOption,
  json,
  loadNetwork,
  normalizeNodeName,
  OK,
  paint,
  parseOptions,
  singleFile,
  table,
  unknownNode,
  USAGE,
  UsageError,
  type Io,
} from './common';
import { sanitize } from './sanitize';

export const DEFAULT_PRECISION = 6;

export const EXPLAIN_HELP = `Usage: nnet explain FILE [--sample K] [--node NAME | --weight "A->B"]
                         [--convention calculus|heaton] [--precision N] [--json]

Shows the forward and backward pass of one sample: each node's net input, output,
f′ and δ, each weight's value, gradient and the update training would apply next,
and the sample's error E, in the file's convention. With --node or --weight, shows
how that one number is derived, with the actual values.

Options:
  --sample K          the sample to use, counting from 1 (default 1)
  --node NAME         derive one node's δ (e.g. --node H1)
  --weight "A->B"     derive one weight's gradient (e.g. --weight "H1->O1")
  --convention C      show the numbers in convention C, calculus or heaton
                      (default: the file's 'convention', else calculus)
  --precision N       significant digits of the numbers shown (default ${DEFAULT_PRECISION})
  --json              print the numbers as JSON, with full double precision

Exit codes: 0 success, 1 the file has errors or no samples, 2 usage error, unknown
node or weight, or a file that cannot be read.
`;

const CONVENTION_LINE: Record<Convention, string> = {
  calculus: 'convention calculus: δ = ∂E/∂net, gradient = ∂E/∂w = δ · out (training subtracts it)',
  heaton: "convention heaton: δ = −∂E/∂net, gradient = δ · out = −∂E/∂w (Heaton's, training adds it)",
};

function lossLine(network: Network): string {
  if (network.loss === 'mse') return 'mse: ½·Σ(ideal − out)²';
  const output = network.layers[network.layers.length - 1].activation;
  if (output === 'softmax') return 'crossentropy: −Σ ideal·ln out';
  return 'crossentropy: −Σ [ideal·ln out + (1 − ideal)·ln(1 − out)]';
}

export function runExplain(args: readonly string[], io: Io): number {
  const { files, flags, values } = parseOptions(args, 'explain', {
    flags: ['--json'],
    values: ['--sample', '--node', '--weight', '--convention', '--precision'],
  });
  const file = singleFile(files, 'explain');
  const precision = integerOption(values, '--precision', 1, 17, 'explain') ?? DEFAULT_PRECISION;
  const conventionText = values.get('--convention');
  if (conventionText !== undefined && conventionText !== 'calculus' && conventionText !== 'heaton') {
    throw new UsageError(`--convention is 'calculus' or 'heaton', not '${conventionText}'`, 'explain');
  }
  if (values.has('--node') && values.has('--weight')) throw new UsageError('explain takes --node or --weight, not both', 'explain');
  const sampleNumber = integerOption(values, '--sample', 1, Number.MAX_SAFE_INTEGER, 'explain') ?? 1;
  const weightArg = values.get('--weight');
  const weight = weightArg === undefined ? undefined : parseWeightArg(weightArg);

  const loaded = loadNetwork(file, io, 'explain');
  if ('exit' in loaded) return loaded.exit;
  const { network, name } = loaded;
  const count = network.samples.length;
  if (sampleNumber > count) {
    io.err(`nnet: sample ${sampleNumber} does not exist: ${name} has ${count === 1 ? '1 sample' : `${count.toLocaleString('en-US')} samples (1–${count.toLocaleString('en-US')})`}\n`);
    return USAGE;
  }
  const convention = (conventionText as Convention | undefined) ?? network.convention;
  const explainer = new Explainer(network, sampleNumber - 1, convention);
  const asJson = flags.has('--json');

  if (weight || values.has('--node')) {
    const derivation = weight ? explainWeightArg(explainer, weight) : explainNodeArg(explainer, normalizeNodeName(values.get('--node')!));
    if ('error' in derivation) {
      io.err(`nnet: ${derivation.error}\n`);
      return USAGE;
    }
    if (asJson) io.out(json(oneBased(derivation)));
    else io.out(`${renderText(derivation, { precision, detail: 'full' })}\n`);
    return OK;
  }

  const report = sampleReport(explainer, name);
  if (asJson) {
    io.out(json(report));
    return OK;
  }
  io.out(renderReport(report, network, precision, io.colorOut));
  return OK;
}

// ── --weight / --node ────────────────────────────────────────────────────────────────────────

function parseWeightArg(text: string): { from: string; to: string } {
  const parts = text.split(/->|→/);
  if (parts.length !== 2 || parts.some((p) => p.trim() === '')) {
    throw new UsageError(`--weight takes FROM->TO, e.g. --weight "H1->O1", not '${text}'`, 'explain');
  }
  return { from: normalizeNodeName(parts[0]), to: normalizeNodeName(parts[1]) };
}

function explainWeightArg(explainer: Explainer, w: { from: string; to: string }): WeightDerivation | { error: string } {
  const network = explainer.network;
  const from = explainer.findNode(w.from);
  const to = explainer.findNode(w.to);
  if (!from) return { error: unknownNode(network, w.from) };
  if (!to) return { error: unknownNode(network, w.to) };
  const derivation = explainer.explainWeight(w.from, w.to);
  if (derivation) return derivation;
  const layerOf = (l: number): string => network.layers[l].name;
  if (to.bias) return { error: `there is no weight ${w.from} -> ${w.to}: '${w.to}' is a bias node, which no weight feeds` };
  const reversed = explainer.findWeight(w.to, w.from) ? `; did you mean '${w.to}->${w.from}'?` : '';
  return {
    error: `there is no weight ${w.from} -> ${w.to}: weights connect each layer to the next ('${w.from}' is in layer '${layerOf(from.layer)}', '${w.to}' in '${layerOf(to.layer)}')${reversed}`,
  };
}

function explainNodeArg(explainer: Explainer, name: string): NodeDerivation | { error: string } {
  const at = explainer.findNode(name);
  if (!at) return { error: unknownNode(explainer.network, name) };
  if (at.bias) return { error: `'${name}' is a bias node: its output is always 1 and it has no net input or δ; try --weight "${name}->…" for one of its weights` };
  return explainer.explainNode(name)!;
}

/** The derivation with 1-based sample numbers, as everywhere on the command line. */
function oneBased(d: Derivation): unknown {
  if (d.kind === 'node') return { ...d, sample: d.sample + 1 };
  return { ...d, sample: d.sample + 1, via: d.via && { ...d.via, sample: d.via.sample + 1 } };
}

// ── the sample report ────────────────────────────────────────────────────────────────────────

interface NodeReport {
  readonly layer: string;
  readonly net: number;
  readonly out: number;
  /** Null for input nodes, which have no activation and no δ. */
  readonly fprime: number | null;
  readonly delta: number | null;
}

interface WeightReport {
  readonly from: string;
  readonly to: string;
  readonly value: number;
  readonly gradient: number;
  readonly deltaW: number;
  readonly fixed: boolean;
}

/** The JSON shape of `nnet explain --json` (docs/cli.md). */
interface SampleReport {
  readonly file: string;
  readonly network: string | null;
  readonly convention: Convention;
  readonly loss: string;
  readonly sample: number;
  readonly samples: number;
  readonly inputs: number[];
  readonly targets: number[];
  readonly error: number;
  readonly layers: { name: string; activation: string; nodes: string[]; bias: string | null }[];
  readonly nodes: Record<string, NodeReport>;
  readonly weights: WeightReport[];
  /** How `deltaW` was worked out: the method and whether from this sample's gradient or the whole batch's. */
  readonly update: { method: string; basis: 'sample' | 'batch' };
}

function sampleReport(explainer: Explainer, file: string): SampleReport {
  const network = explainer.network;
  const r = explainer.result;
  const sample = network.samples[explainer.sample];
  const nodes: Record<string, NodeReport> = {};
  network.layers.forEach((layer, k) => {
    const v = r.layers[k];
    layer.nodes.forEach((node, i) => {
      nodes[node.name] = { layer: layer.name, net: v.net[i], out: v.out[i], fprime: k === 0 ? null : v.fprime[i], delta: k === 0 ? null : v.delta[i] };
    });
  });
  const weights: WeightReport[] = [];
  let basis: 'sample' | 'batch' = 'sample';
  // Linear in the weights: values and gradients by index from the one forward/backward pass;
  // only the next update is worked out per weight (in O(1), batch gradients computed once).
  network.weights.forEach((m, k) => {
    const source = network.layers[k];
    const targets = network.layers[k + 1].nodes;
    for (let row = 0; row < m.rows; row++) {
      for (let c = 0; c < m.columns; c++) {
        const index = row * m.columns + c;
        const value = explainer.spec.weights[k][index];
        const next = explainer.nextUpdateAt(k, index, value);
        basis = next.basis;
        const from = c < source.nodes.length ? source.nodes[c].name : source.bias!.name;
        weights.push({ from, to: targets[row].name, value, gradient: r.gradients[k][index], deltaW: next.deltaW, fixed: next.fixed });
      }
    }
  });
  return {
    file,
    network: network.name ?? null,
    convention: explainer.convention,
    loss: network.loss,
    sample: explainer.sample + 1,
    samples: network.samples.length,
    inputs: Array.from(sample.inputs),
    targets: Array.from(sample.targets),
    error: r.error,
    layers: network.layers.map((l) => ({ name: l.name, activation: l.activation, nodes: l.nodes.map((n) => n.name), bias: l.bias?.name ?? null })),
    nodes,
    weights,
    update: { method: network.train.method, basis },
  };
}

function describeSample(report: SampleReport, network: Network): string {
  const s = network.samples[report.sample - 1];
  const where = s.csvLine !== undefined ? `CSV line ${s.csvLine}` : `line ${s.range.start.line + 1}`;
  if (report.inputs.length + report.targets.length <= 12) {
    return `${report.inputs.map(String).join(' ')} -> ${report.targets.map(String).join(' ')}, ${where}`;
  }
  return where;
}

function describeUpdate(report: SampleReport, network: Network, precision: number): string {
  const o = trainOptionsOf(network.train);
  const p = ruleParameters(o.method, o);
  const f = (x: number): string => formatNumber(x, precision);
  const from = report.update.basis === 'sample' ? "this sample's gradient" : `the gradient summed over all ${report.samples.toLocaleString('en-US')} samples`;
  switch (p.method) {
    case 'backprop':
      return `next Δw: backprop's first step with rate ${f(p.rate)} from ${from} (momentum adds α·Δw_prev later)`;
    case 'rprop':
      return `next Δw: rprop's first step, −sign(∂E/∂w) × ${f(p.initialStep)}, from ${from}`;
    case 'adam':
      return `next Δw: adam's first step with rate ${f(p.rate)} from ${from}`;
  }
}

function renderReport(report: SampleReport, network: Network, precision: number, color: boolean): string {
  const f = (x: number | null): string => (x === null ? '–' : formatNumber(x, precision));
  const lines: string[] = [];
  const title = `${report.file}: ${report.network ? `network ${sanitize(report.network)}, ` : ''}sample ${report.sample} of ${report.samples.toLocaleString('en-US')} (${describeSample(report, network)})`;
  lines.push(paint(color, title, 'bold'));
  lines.push(paint(color, CONVENTION_LINE[report.convention], 'dim'));
  lines.push('');

  const nodeRows = network.layers.flatMap((layer) =>
    layer.nodes.map((node) => {
      const n = report.nodes[node.name];
      return [layer.name, node.name, f(n.net), f(n.out), f(n.fprime), f(n.delta)];
    }),
  );
  const nodes = table(
    [{ title: 'layer' }, { title: 'node' }, { title: 'net', align: 'right' }, { title: 'out', align: 'right' }, { title: 'f′', align: 'right' }, { title: 'δ', align: 'right' }],
    nodeRows,
    '  ',
  );
  lines.push(paint(color, 'Nodes', 'bold'));
  lines.push(paint(color, nodes.header, 'dim'));
  pushAll(lines, nodes.lines);
  lines.push('');

  const anyFixed = report.weights.some((w) => w.fixed);
  const weightRows = report.weights.map((w) => [w.from, w.to, f(w.value), f(w.gradient), f(w.deltaW), ...(anyFixed ? [w.fixed ? 'fixed' : ''] : [])]);
  const weights = table(
    [
      { title: 'from' },
      { title: 'to' },
      { title: 'value', align: 'right' },
      { title: 'gradient', align: 'right' },
      { title: 'next Δw', align: 'right' },
      ...(anyFixed ? [{ title: 'fixed' }] : []),
    ],
    weightRows,
    '  ',
  );
  lines.push(paint(color, 'Weights', 'bold'));
  lines.push(paint(color, weights.header, 'dim'));
  pushAll(lines, weights.lines);
  lines.push(paint(color, `  ${describeUpdate(report, network, precision)}`, 'dim'));
  lines.push('');
  lines.push(`${paint(color, `E = ${f(report.error)}`, 'bold')}  (loss ${lossLine(network)}, this sample)`);
  return `${lines.join('\n')}\n`;
}
