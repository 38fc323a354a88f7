// `nnet gradcheck FILE`: every weight's analytic gradient (backprop) against central finite
// differences of E, the independent check that the numbers `explain` shows are right.
import {
  createWorkspace,
  formatNumber,
  forward,
  GRADCHECK_STEP,
  GRADCHECK_THRESHOLD,
  gradientCheck,
  networkSampleSet,
  pushAll,
  RESOLUTION_FACTOR,
  resolutionFloor,
  toEngineSpec,
  totalError,
  weightNames,
  type GradientCheckEntry,
  type Network,
} from '../core';
import { integerOption, json, loadNetwork, OK, paint, parseOptions, plural, PROBLEMS, singleFile, table, type Io } from './common';

const SHOWN = 20;

export const GRADCHECK_HELP = `Usage: nnet gradcheck FILE [--all] [--precision N] [--json]

Compares every weight's gradient from backpropagation with central finite
differences, (E(w + h) − E(w − h)) / 2h with h = 1e-6, where E is the error summed
over all samples (so both are ∂E/∂w, the calculus convention). Prints the weights
with the largest relative errors, worst first, and a summary line.

The relative error is |analytic − numeric| / max(|analytic|, |numeric|, floor),
where the floor is the smallest gradient that finite differences resolve to
1e-5 despite rounding: ${RESOLUTION_FACTOR}·ε·E / h / 1e-5 (ε = 2.2e-16), and at least 1e-8.
The check passes when the worst relative error is at most 1e-5.

Options:
  --all            list every weight, not only the worst ${SHOWN}
  --precision N    significant digits of the gradients shown (default 8)
  --json           print every weight's numbers as JSON

Exit codes: 0 the check passed, 1 it failed (or the file has errors or no
samples), 2 usage error or a file that cannot be read.
`;

interface Kink {
  readonly node: string;
  readonly activation: string;
  /** 1-based. */
  readonly sample: number;
  readonly net: number;
}

export function runGradcheck(args: readonly string[], io: Io): number {
  const { files, flags, values } = parseOptions(args, 'gradcheck', { flags: ['--all', '--json'], values: ['--precision'] });
  const file = singleFile(files, 'gradcheck');
  const precision = integerOption(values, '--precision', 1, 17, 'gradcheck') ?? 8;
  const loaded = loadNetwork(file, io, 'gradcheck');
  if ('exit' in loaded) return loaded.exit;
  const { network, name } = loaded;
  const spec = toEngineSpec(network);
  const data = networkSampleSet(network);
  const weightCount = spec.weights.reduce((n, w) => n + w.length, 0);

  const slow = weightCount * data.count > 200_000;
  if (slow && io.errIsTTY) io.err(`checking ${plural(weightCount, 'weight')} over ${plural(data.count, 'sample')}…`);
  const error = totalError(spec, data);
  const floor = resolutionFloor(error);
  const entries = gradientCheck(spec, data, GRADCHECK_STEP, floor);
  if (slow && io.errIsTTY) io.err('\r\u001b[K');

  // A non-finite number anywhere (E, an analytic or numeric gradient) is a failure, ranked first.
  const rank = (e: GradientCheckEntry): number => (isFiniteEntry(e) ? e.relativeError : Infinity);
  const rows = entries
    .map((e) => ({ ...weightNames(network, e.layer, e.index), ...e }))
    .sort((a, b) => rank(b) - rank(a) || a.layer - b.layer || a.index - b.index);
  const worst = rows[0] as (GradientCheckEntry & { from: string; to: string }) | undefined;
  const worstError = worst?.relativeError ?? 0;
  const finite = Number.isFinite(error) && (!worst || isFiniteEntry(worst));
  const pass = finite && !(worstError > GRADCHECK_THRESHOLD);
  const kinks = findKinks(network);

  if (flags.has('--json')) {
    io.out(
      json({
        file: name,
        pass,
        finite,
        threshold: GRADCHECK_THRESHOLD,
        h: GRADCHECK_STEP,
        floor,
        error,
        samples: data.count,
        worst: worst ? { from: worst.from, to: worst.to, relativeError: worst.relativeError } : null,
        weights: rows.map((r) => ({ from: r.from, to: r.to, analytic: r.analytic, numeric: r.numeric, relativeError: r.relativeError })),
        kinks,
      }),
    );
    return pass ? OK : PROBLEMS;
  }

  const color = io.colorOut;
  const f = (x: number): string => formatNumber(x, precision);
  const lines: string[] = [];
  lines.push(paint(color, `${name}: ∂E/∂w summed over ${plural(data.count, 'sample')} (calculus convention), central differences with h = 1e-6`, 'bold'));
  lines.push('');
  const shown = flags.has('--all') ? rows : rows.slice(0, SHOWN);
  const t = table(
    [{ title: 'from' }, { title: 'to' }, { title: 'analytic', align: 'right' }, { title: 'numeric', align: 'right' }, { title: 'rel. error', align: 'right' }],
    shown.map((r) => [r.from, r.to, f(r.analytic), f(r.numeric), formatNumber(r.relativeError, 2)]),
    '  ',
  );
  lines.push(paint(color, t.header, 'dim'));
  pushAll(lines, t.lines);
  if (shown.length < rows.length) lines.push(paint(color, `  … ${plural(rows.length - shown.length, 'more weight')} with smaller errors (--all lists them)`, 'dim'));
  lines.push('');
  const verdict = pass ? paint(color, 'pass', 'green', 'bold') : paint(color, 'FAIL', 'red', 'bold');
  const where = worst ? ` (${worst.from} -> ${worst.to})` : '';
  if (!Number.isFinite(error)) {
    lines.push(`${verdict}: the error E is ${formatNumber(error, 2)} with these weights (the forward pass overflows), so no gradient can be checked`);
  } else if (!finite && worst) {
    lines.push(`${verdict}: a gradient is not finite${where}: analytic ${f(worst.analytic)}, numeric ${f(worst.numeric)}`);
  } else {
    lines.push(`${verdict}: worst relative error ${formatNumber(worstError, 2)}${where} over ${plural(rows.length, 'weight')}; the limit is 1e-5`);
  }
  io.out(`${lines.join('\n')}\n`);
  if (kinks.length > 0) {
    const k = kinks[0];
    const more = kinks.length > 1 ? ` (and ${plural(kinks.length - 1, 'more place')})` : '';
    io.err(
      `nnet: note: node ${k.node}'s net input is ${formatNumber(k.net, 3)} at sample ${k.sample}${more}: at or next to ${k.activation}'s kink at 0, where its derivative jumps, finite differences straddle the kink and disagree with the one-sided derivative backprop uses\n`,
    );
  }
  return pass ? OK : PROBLEMS;
}

/** Nodes with relu or leakyrelu whose net input lies within 10·h of the kink at 0, per sample (finite differences there are unreliable). */
function findKinks(network: Network): Kink[] {
  const spec = toEngineSpec(network);
  const data = networkSampleSet(network);
  const ws = createWorkspace(spec);
  const kinks: Kink[] = [];
  const kinked = network.layers.map((l, k) => k > 0 && (l.activation === 'relu' || l.activation === 'leakyrelu'));
  if (!kinked.some(Boolean)) return kinks;
  for (let s = 0; s < data.count; s++) {
    forward(spec, ws, data.inputs, s * data.inputSize);
    network.layers.forEach((layer, k) => {
      if (!kinked[k]) return;
      ws.net[k].forEach((net, i) => {
        if (Math.abs(net) <= 10 * GRADCHECK_STEP) kinks.push({ node: layer.nodes[i].name, activation: layer.activation, sample: s + 1, net });
      });
    });
  }
  return kinks;
}

function isFiniteEntry(e: GradientCheckEntry): boolean {
  return Number.isFinite(e.analytic) && Number.isFinite(e.numeric) && Number.isFinite(e.relativeError);
}
