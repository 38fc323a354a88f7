// `nnet explain`, `nnet train` and `nnet gradcheck`, run as users run them: the built bundles
// dist/cli.js and dist/train-worker.js in a child process. Also `runTraining` (the worker
// thread behind `train` and the editor) in-process.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check, networkSampleSet, toEngineSpec, train, trainOptionsOf, type EngineSpec, type Network, type TrainOptions } from '../../../src/core';
import { createDataReader } from '../../../src/node/data-reader';
import { runTraining, type TrainingProgress } from '../../../src/node/training';
import { BIN, CLI, ROOT, cleanEnv, nnet, useCliFolder, type Run } from './run-cli';
import { unitExamples } from '../helpers';

const EXAMPLES = path.join(ROOT, 'examples');
const HEATON_FILE = path.join(EXAMPLES, 'heaton-xor.nnet');
const HEATON = fs.readFileSync(HEATON_FILE, 'utf8');

/** The design brief's reference figures for Example 1, sample 1 (Heaton's convention). */
const REFERENCE = {
  net: { H1: -0.53, H2: 1.04, O1: 1.1270192881616912 },
  out: { H1: 0.37051688803260513, H2: 0.7388500060842489, O1: 0.7552883998903617 },
  delta: { O1: 0.04522951472920882, H1: -0.002320794571465154, H2: 0.005061697919553165 },
  gradient: { H1: 0.016758299044691328, H2: 0.03341782723286356, B2: 0.04522951472920882 },
  error: 0.02994188361410977,
};


function close(actual: number, expected: number, relative: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  assert.ok(error <= relative, `${what}: ${actual} vs ${expected} (relative error ${error})`);
}

function parseJson<T>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    assert.fail(`not JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
}

/** A row of a text table whose cells, split on runs of spaces, start with `first`. */
function row(stdout: string, ...first: string[]): string[] {
  const rows = stdout.split('\n').map((l) => l.trim().split(/\s+/));
  const found = rows.find((cells) => first.every((c, i) => cells[i] === c));
  assert.ok(found, `no row starting with ${first.join(' ')} in:\n${stdout}`);
  return found;
}

function loadNetwork(file: string): Network {
  const result = check(fs.readFileSync(file, 'utf8'), { readData: createDataReader(file) });
  assert.ok(result.network && !result.hasErrors, JSON.stringify(result.diagnostics));
  return result.network;
}

interface ExplainJson {
  convention: string;
  sample: number;
  samples: number;
  error: number;
  layers: { name: string; nodes: string[]; bias: string | null }[];
  nodes: Record<string, { net: number; out: number; fprime: number | null; delta: number | null }>;
  weights: { from: string; to: string; value: number; gradient: number; deltaW: number; fixed: boolean }[];
}

interface TrainJson {
  stop: string;
  epochs: number;
  error: number;
  errorMeasure: string;
  history: { loss: number; mse: number }[];
  weights: { from: string; to: string; value: number; initial: number; fixed: boolean }[];
  divergence: { epoch: number; sample: number; what: { kind: string } } | null;
  written: boolean;
}

interface GradcheckJson {
  pass: boolean;
  worst: { from: string; to: string; relativeError: number };
  weights: { from: string; to: string; analytic: number; numeric: number; relativeError: number }[];
  kinks: { node: string; sample: number }[];
}

describe('cli: explain, train, gradcheck', function () {
  this.timeout(120000);
  const folder = useCliFolder('nnet-engine-cli-');

  describe('explain', () => {
    it("prints the brief's reference figures for Example 1 (`npx nnet explain examples/heaton-xor.nnet`)", () => {
      const r = nnet(['explain', 'examples/heaton-xor.nnet']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.match(r.stdout, /^examples\/heaton-xor\.nnet: network xor, sample 1 of 4 \(1 0 -> 1, line 22\)$/m);
      assert.match(r.stdout, /^convention heaton: δ = −∂E\/∂net/m);
      assert.deepEqual(row(r.stdout, 'output', 'O1'), ['output', 'O1', '1.12702', '0.755288', '0.184828', '0.0452295']);
      assert.deepEqual(row(r.stdout, 'hidden', 'H1'), ['hidden', 'H1', '-0.53', '0.370517', '0.233234', '-0.00232079']);
      assert.deepEqual(row(r.stdout, 'hidden', 'H2').slice(-1), ['0.0050617']);
      assert.deepEqual(row(r.stdout, 'input', 'I1'), ['input', 'I1', '1', '1', '–', '–']);
      assert.deepEqual(row(r.stdout, 'H1', 'O1'), ['H1', 'O1', '-0.22', '0.0167583', '0.0117308']);
      assert.deepEqual(row(r.stdout, 'H2', 'O1').slice(3, 4), ['0.0334178']);
      assert.deepEqual(row(r.stdout, 'B2', 'O1').slice(3, 4), ['0.0452295']);
      assert.match(r.stdout, /^E = 0\.0299419 {2}\(loss mse: ½·Σ\(ideal − out\)², this sample\)$/m);
      assert.match(r.stdout, /next Δw: backprop's first step with rate 0\.7 from this sample's gradient/);
    });

    it('is the command the README gives: npx nnet explain examples/heaton-xor.nnet', function () {
      const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
      const result = spawnSync(npx, ['--no-install', 'nnet', 'explain', 'examples/heaton-xor.nnet'], { cwd: ROOT, env: cleanEnv(), encoding: 'utf8', timeout: 60000, shell: process.platform === 'win32' });
      // A hang (the 60 s timeout) or a missing npx fails the test; it is never skipped.
      if (result.error) throw result.error;
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, nnet(['explain', 'examples/heaton-xor.nnet'], { script: BIN }).stdout);
      assert.match(result.stdout, /0\.0452295/);
    });

    it('--json gives the reference figures to 1e-12', () => {
      const r = nnet(['explain', HEATON_FILE, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = parseJson<ExplainJson>(r);
      assert.equal(j.convention, 'heaton');
      assert.equal(j.sample, 1);
      assert.equal(j.samples, 4);
      close(j.error, REFERENCE.error, 1e-12, 'E');
      for (const node of ['H1', 'H2', 'O1'] as const) {
        close(j.nodes[node].net, REFERENCE.net[node], 1e-12, `net ${node}`);
        close(j.nodes[node].out, REFERENCE.out[node], 1e-12, `out ${node}`);
        close(j.nodes[node].delta!, REFERENCE.delta[node], 1e-12, `δ ${node}`);
      }
      for (const from of ['H1', 'H2', 'B2'] as const) {
        const w = j.weights.find((x) => x.from === from && x.to === 'O1');
        assert.ok(w, `weight ${from} -> O1`);
        close(w.gradient, REFERENCE.gradient[from], 1e-12, `gradient ${from} -> O1`);
        close(w.deltaW, 0.7 * REFERENCE.gradient[from], 1e-12, `Δw ${from} -> O1`);
        assert.equal(w.fixed, false);
      }
      // Input nodes have no δ; bias nodes are listed with their layer and appear as `from` in weights.
      assert.deepEqual(j.nodes.I1, { layer: 'input', net: 1, out: 1, fprime: null, delta: null });
      assert.deepEqual(Object.keys(j.nodes), ['I1', 'I2', 'H1', 'H2', 'O1']);
      assert.deepEqual(
        j.layers.map((l) => l.bias),
        ['B1', 'B2', null],
      );
      assert.deepEqual(
        j.weights.map((w) => `${w.from}->${w.to}`),
        ['I1->H1', 'I2->H1', 'B1->H1', 'I1->H2', 'I2->H2', 'B1->H2', 'H1->O1', 'H2->O1', 'B2->O1'],
      );
      assert.deepEqual(
        j.weights.map((w) => w.value),
        [-0.07, 0.22, -0.46, 0.94, 0.46, 0.1, -0.22, 0.58, 0.78],
      );
    });

    it('--convention calculus shows ∂E/∂net and ∂E/∂w (the signs flip)', () => {
      const j = parseJson<ExplainJson>(nnet(['explain', HEATON_FILE, '--json', '--convention', 'calculus']));
      assert.equal(j.convention, 'calculus');
      close(j.nodes.O1.delta!, -REFERENCE.delta.O1, 1e-12, 'δ O1');
      close(j.weights[6].gradient, -REFERENCE.gradient.H1, 1e-12, 'H1 -> O1');
      // The update is the same in both conventions.
      close(j.weights[6].deltaW, 0.7 * REFERENCE.gradient.H1, 1e-12, 'Δw');
      assert.match(nnet(['explain', HEATON_FILE, '--convention=calculus']).stdout, /^convention calculus: δ = ∂E\/∂net/m);
    });

    it('--sample K picks the K-th sample (from 1) and --precision sets the digits', () => {
      const r = nnet(['explain', HEATON_FILE, '--sample', '4', '--precision', '3']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /sample 4 of 4 \(1 1 -> 0, line 25\)/);
      assert.deepEqual(row(r.stdout, 'hidden', 'H1').slice(2, 3), ['-0.31']);
      const j = parseJson<ExplainJson>(nnet(['explain', HEATON_FILE, '--sample=4', '--json']));
      assert.equal(j.sample, 4);
      assert.equal(j.nodes.I2.out, 1);
    });

    it('a sample that does not exist is a usage error', () => {
      const high = nnet(['explain', HEATON_FILE, '--sample', '5']);
      assert.equal(high.status, 2);
      assert.match(high.stderr, /sample 5 does not exist: .* has 4 samples \(1–4\)/);
      const zero = nnet(['explain', HEATON_FILE, '--sample', '0']);
      assert.equal(zero.status, 2);
      assert.match(zero.stderr, /--sample takes a whole number from 1 /);
    });

    it('--weight "H1->O1" prints the derivation: δ(O1) × out(H1) with the numbers', () => {
      const r = nnet(['explain', HEATON_FILE, '--weight', 'H1->O1']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Gradient g of H1 → O1 = 0\.0167583 \(sample 1, weight -0\.22\)$/m);
      assert.match(r.stdout, /g\(H1→O1\) = δ\(O1\) · out\(H1\) = 0\.0452295 × 0\.370517 = 0\.0167583/);
      assert.match(r.stdout, /Where δ\(O1\) comes from:\nδ\(O1\) = −\(out\(O1\) − ideal\(O1\)\) · f′\(O1\) = −\(0\.755288 − 1\) × 0\.184828 = 0\.0452295/);
      assert.match(r.stdout, /Next update \(backprop, from this sample\): .*Δw = 0\.0117308, w becomes -0\.208269\./);
      // Spaces, the arrow and the bracket form of node names are accepted too.
      assert.equal(nnet(['explain', HEATON_FILE, '--weight', ' H1 → O1 ']).stdout, r.stdout);
    });

    it('--weight with --json prints the derivation data, sample counted from 1', () => {
      const r = nnet(['explain', HEATON_FILE, '--weight', 'H1->O1', '--json']);
      const d = parseJson<{ kind: string; sample: number; gradient: number; steps: { terms: { symbol: string; value: number }[] }[]; via: { sample: number; delta: number } }>(r);
      assert.equal(d.kind, 'weight');
      assert.equal(d.sample, 1);
      assert.equal(d.via.sample, 1);
      close(d.gradient, REFERENCE.gradient.H1, 1e-12, 'gradient');
      assert.deepEqual(
        d.steps[0].terms.map((t) => t.symbol),
        ['δ(O1)', 'out(H1)'],
      );
      close(d.steps[0].terms[0].value, REFERENCE.delta.O1, 1e-12, 'δ(O1)');
      close(d.via.delta, REFERENCE.delta.O1, 1e-12, 'via δ(O1)');
    });

    it('--node H1 derives a hidden δ from the δ downstream', () => {
      const r = nnet(['explain', HEATON_FILE, '--node', 'H1']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^Node H1 \(hidden layer, sample 1, sigmoid\)$/m);
      assert.match(r.stdout, /δ\(H1\) = f′\(H1\) · \(w\(H1→O1\) · δ\(O1\)\) = 0\.233234 × \(\(-0\.22\) × 0\.0452295\) = -0\.00232079/);
      const d = parseJson<{ kind: string; node: string; delta: number; sample: number }>(nnet(['explain', HEATON_FILE, '--node', 'H1', '--json']));
      assert.equal(d.kind, 'node');
      assert.equal(d.sample, 1);
      close(d.delta, REFERENCE.delta.H1, 1e-12, 'δ H1');
    });

    it('unknown nodes and weights exit 2 with a did-you-mean', () => {
      const cases: [string[], RegExp][] = [
        [['--weight', 'H9->O1'], /^nnet: unknown node 'H9'; did you mean 'H1'\?\n$/],
        [['--weight', 'H1->O9'], /unknown node 'O9'; did you mean 'O1'\?/],
        [['--node', 'h2'], /unknown node 'h2'; did you mean 'H2'\?/],
        [['--weight', 'O1->H1'], /there is no weight O1 -> H1: .*did you mean 'H1->O1'\?/],
        [['--weight', 'I1->O1'], /there is no weight I1 -> O1: weights connect each layer to the next \('I1' is in layer 'input', 'O1' in 'output'\)/],
        [['--weight', 'H1->B2'], /'B2' is a bias node, which no weight feeds/],
        [['--node', 'B1'], /'B1' is a bias node: its output is always 1/],
        [['--weight', 'H1'], /--weight takes FROM->TO, e\.g\. --weight "H1->O1"/],
      ];
      for (const [args, message] of cases) {
        const r = nnet(['explain', HEATON_FILE, ...args]);
        assert.equal(r.status, 2, args.join(' '));
        assert.equal(r.stdout, '');
        assert.match(r.stderr, message, args.join(' '));
      }
    });

    it('usage errors exit 2 and point at the help', () => {
      const cases: [string[], RegExp][] = [
        [['explain'], /explain needs a FILE/],
        [['explain', HEATON_FILE, HEATON_FILE], /explain takes one FILE/],
        [['explain', HEATON_FILE, '--sampel', '2'], /unknown option '--sampel' for 'explain'; did you mean '--sample'\?/],
        [['explain', HEATON_FILE, '--convention', 'newton'], /--convention is 'calculus' or 'heaton', not 'newton'/],
        [['explain', HEATON_FILE, '--node', 'H1', '--weight', 'H1->O1'], /not both/],
        [['explain', HEATON_FILE, '--precision', '40'], /--precision takes a whole number from 1 to 17/],
        [['explain', HEATON_FILE, '--sample'], /option '--sample' needs a value/],
      ];
      for (const [args, message] of cases) {
        const r = nnet(args);
        assert.equal(r.status, 2, args.join(' '));
        assert.match(r.stderr, message);
        assert.match(r.stderr, /Run 'nnet help explain' for the options\./);
      }
      const help = nnet(['explain', '--help']);
      assert.equal(help.status, 0);
      assert.match(help.stdout, /^Usage: nnet explain FILE/);
      assert.equal(nnet(['help', 'explain']).stdout, help.stdout);
    });

    it('a file with errors: the diagnostics as `check` prints them, exit 1, nothing on stdout', () => {
      const file = folder.write('broken.nnet', HEATON.replace('I1 -> H1 = -0.07', 'I1 -> H9 = -0.07'));
      for (const command of ['explain', 'train', 'gradcheck']) {
        const r = nnet([command, file]);
        assert.equal(r.status, 1, command);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, new RegExp(`^${escape(file)}:9:7: error nnet/unknown-node: unknown node 'H9'`, 'm'));
        assert.match(r.stderr, new RegExp(`errors? in ${escape(file)}; '${command}' needs a file without errors`));
      }
    });

    it('a file without samples exits 1 with a hint', () => {
      const file = folder.write('nosamples.nnet', HEATON.split('\n').filter((l) => !l.startsWith('sample')).join('\n'));
      const r = nnet(['explain', file]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /has no samples: add 'sample IN… -> OUT…' lines or a 'data' statement/);
    });

    it('reads standard input and data files beside the .nnet file', () => {
      const stdin = nnet(['explain', '-', '--json'], { input: HEATON });
      close(parseJson<ExplainJson>(stdin).error, REFERENCE.error, 1e-12, 'E from stdin');
      const digits = nnet(['explain', path.join(EXAMPLES, 'digits.nnet'), '--sample', '300', '--json'], { cwd: os.tmpdir() });
      assert.equal(digits.status, 0, digits.stderr);
      const j = parseJson<ExplainJson>(digits);
      assert.equal(j.samples, 300);
      assert.equal(j.weights.length, 64 * 32 + 33 * 10);
      assert.equal(j.layers[1].bias, 'B2');
      const outs = j.layers[2].nodes.map((n) => j.nodes[n].out);
      close(outs.reduce((a, b) => a + b, 0), 1, 1e-12, 'softmax outputs sum to 1');
    });
  });

  describe('train', () => {
    it("--json on heaton-xor: reaches 'until 0.01' and gives the error history and the weights", () => {
      const r = nnet(['train', HEATON_FILE, '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      const j = parseJson<TrainJson>(r);
      assert.equal(j.stop, 'until');
      assert.ok(j.error <= 0.01, String(j.error));
      assert.ok(j.epochs > 1 && j.epochs < 10000, String(j.epochs));
      assert.equal(j.errorMeasure, 'mse');
      assert.equal(j.history.length, j.epochs);
      assert.equal(j.history[j.history.length - 1].mse, j.error);
      assert.ok(j.history.slice(0, -1).every((e) => e.mse > 0.01), 'until stops at the first epoch at or below it');
      assert.equal(j.divergence, null);
      assert.equal(j.written, false);
      assert.deepEqual(
        j.weights.map((w) => `${w.from}->${w.to}`),
        ['I1->H1', 'I2->H1', 'B1->H1', 'I1->H2', 'I2->H2', 'B1->H2', 'H1->O1', 'H2->O1', 'B2->O1'],
      );
      assert.equal(j.weights[0].initial, -0.07);
      // Exactly what train() computes in-process, bit for bit.
      const network = loadNetwork(HEATON_FILE);
      const spec = toEngineSpec(network);
      const expected = train(spec, networkSampleSet(network), trainOptionsOf(network.train));
      assert.equal(expected.epochs, j.epochs);
      assert.deepEqual(
        j.weights.map((w) => w.value),
        expected.weights.flatMap((w) => Array.from(w)),
      );
      assert.deepEqual(j.history, expected.history);
    });

    it('prints how training stopped, the error and the weights table', () => {
      const r = nnet(['train', HEATON_FILE]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '', 'no progress bar when stderr is not a terminal');
      assert.match(r.stdout, /heaton-xor\.nnet: trained with backprop \(rate 0\.7, momentum 0\.3, online\) on 4 samples$/m);
      assert.match(r.stdout, /^ {2}stop {4}reached 'until 0\.01' at epoch \d+$/m);
      assert.match(r.stdout, /^ {2}error {3}0\.00\d+ MSE/m);
      assert.match(r.stdout, /^ {2}time {4}\d+\.\d+ s \([\d,]+ epochs\/s\)$/m);
      const header = row(r.stdout, 'from', 'to');
      assert.deepEqual(header, ['from', 'to', 'before', 'after']);
      assert.deepEqual(row(r.stdout, 'I1', 'H1').slice(0, 3), ['I1', 'H1', '-0.07']);
    });

    it('--epochs N overrides the file; stop `epochs` when `until` is not reached', () => {
      const j = parseJson<TrainJson>(nnet(['train', HEATON_FILE, '--epochs', '5', '--json']));
      assert.equal(j.stop, 'epochs');
      assert.equal(j.epochs, 5);
      assert.equal(j.history.length, 5);
      const text = nnet(['train', HEATON_FILE, '--epochs=5']);
      assert.match(text.stdout, /stop {4}ran all 5 epochs; 'until 0\.01' was not reached/);
    });

    it('summarises large networks per layer pair (--all lists every weight)', () => {
      const digits = path.join(EXAMPLES, 'digits.nnet');
      const r = nnet(['train', digits, '--epochs', '1']);
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(row(r.stdout, 'input', '->', 'hidden').slice(0, 4), ['input', '->', 'hidden', '2,048']);
      assert.match(r.stdout, /2,378 weights; --all lists them/);
      const all = nnet(['train', digits, '--epochs', '1', '--all']);
      assert.equal(all.stdout.split('\n').filter((l) => /^ {2}x\d+ +h\d+ /.test(l)).length, 2048);
    });

    it('--write rewrites the weights in place, keeping comments and layout; the file checks clean', () => {
      const file = folder.write('write/heaton.nnet', HEATON);
      const r = nnet(['train', file, '--write', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = parseJson<TrainJson>(r);
      assert.equal(j.written, true);
      const text = fs.readFileSync(file, 'utf8');
      assert.notEqual(text, HEATON);
      const before = HEATON.split('\n');
      const after = text.split('\n');
      assert.equal(after.length, before.length);
      after.forEach((line, i) => {
        if (/^[A-Z]\d -> [A-Z]\d = /.test(before[i])) {
          assert.equal(line.slice(0, 11), before[i].slice(0, 11), 'the weight line keeps its start');
          assert.notEqual(line, before[i], 'the value changed');
        } else assert.equal(line, before[i], 'other lines stay as they were');
      });
      const rechecked = nnet(['check', file]);
      assert.equal(rechecked.status, 0, rechecked.stdout);
      assert.equal(rechecked.stdout, '');
      assert.deepEqual(
        loadNetwork(file).weights.flatMap((m) => Array.from(m.values)),
        j.weights.map((w) => w.value),
      );
      // The text report says so too.
      const again = nnet(['train', folder.write('write/heaton2.nnet', HEATON), '--write']);
      assert.match(again.stdout, /\nwrote the trained weights to .*heaton2\.nnet \(exactly\)\n$/);
    });

    it('--write turns an `init` into an explicit matrix and keeps the data file working', () => {
      const file = folder.write('write/digits.nnet', fs.readFileSync(path.join(EXAMPLES, 'digits.nnet'), 'utf8'));
      fs.copyFileSync(path.join(EXAMPLES, 'digits.csv'), path.join(folder.dir, 'write', 'digits.csv'));
      const r = nnet(['train', file, '--epochs', '2', '--write', '--precision', '4', '--json']);
      assert.equal(r.status, 0, r.stderr);
      const j = parseJson<TrainJson>(r);
      const text = fs.readFileSync(file, 'utf8');
      assert.match(text, /^weights x -> h = \[\n {2}\S/m);
      assert.doesNotMatch(text, /init he/);
      assert.match(text, /^# digits\.csv holds 8×8 pixel images/m);
      const network = loadNetwork(file);
      assert.deepEqual(
        network.weights.flatMap((m) => Array.from(m.values)),
        j.weights.map((w) => (w.value === w.initial ? w.value : Number(w.value.toPrecision(4)))),
      );
    });

    it('training that diverges stops with the report, exits 1 and does not write', () => {
      const text = [
        'layer input a b bias',
        'layer hidden h1 h2 linear bias',
        'layer output y linear',
        'weights input -> hidden = [0.5 0.5 0.5; 0.5 -0.5 0.5]',
        'weights hidden -> output = [1 1 1]',
        'loss mse',
        'train backprop rate 50 epochs 1000',
        'sample 1 2 -> 3',
        'sample 2 1 -> -3',
        '',
      ].join('\n');
      const file = folder.write('diverge.nnet', text);
      const r = nnet(['train', file, '--write', '--json']);
      assert.equal(r.status, 1);
      const j = parseJson<TrainJson>(r);
      assert.equal(j.stop, 'diverged');
      assert.ok(j.divergence && j.divergence.epoch >= 1 && j.divergence.sample >= 1 && j.divergence.sample <= 2, JSON.stringify(j.divergence));
      assert.equal(j.written, false);
      assert.match(r.stderr, /not writing .*diverge\.nnet: training diverged/);
      assert.equal(fs.readFileSync(file, 'utf8'), text);
      const plain = nnet(['train', file]);
      assert.equal(plain.status, 1);
      assert.match(plain.stdout, /stop {4}diverged at epoch \d+, sample \d: (the error became NaN or infinite|weight \S+ -> \S+ became|node \S+'s output became)/);
    });

    it('Ctrl-C cancels cleanly, reports what was reached, exits 130 and does not write', async () => {
      const text = HEATON.replace('epochs 10000 until 0.01', 'epochs 1000000000');
      const file = folder.write('interrupt.nnet', text);
      const child = spawn(process.execPath, [CLI, 'train', file, '--write', '--progress'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      const status = await new Promise<number | null>((resolve, reject) => {
        let sent = false;
        child.stderr.setEncoding('utf8').on('data', (s: string) => {
          stderr += s;
          // Interrupt once the worker has reported some epochs.
          if (!sent && /epoch +[\d,]*[1-9][\d,]*\//.test(stderr)) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('error', reject);
        child.on('exit', (code) => resolve(code));
      });
      assert.equal(status, 130, stdout + stderr);
      assert.match(stdout, /stop {4}interrupted after [\d,]+ epochs? of 1,000,000,000/);
      assert.match(stderr, /nnet: not writing .*interrupt\.nnet: training was interrupted/);
      assert.match(stderr, /\r\u001b\[K/, 'the progress line is cleared');
      assert.equal(fs.readFileSync(file, 'utf8'), text);
    });

    it('usage errors exit 2', () => {
      const cases: [string[], RegExp, string?][] = [
        [['train', '-', '--write'], /cannot rewrite standard input/, HEATON],
        [['train', HEATON_FILE, '--epochs', '0'], /--epochs takes a whole number from 1 /],
        [['train', HEATON_FILE, '--epochs', 'many'], /--epochs takes a whole number/],
        [['train', HEATON_FILE, '--progress', '--no-progress'], /not both/],
        [['train', path.join(folder.dir, 'absent.nnet')], /cannot read .*absent\.nnet: no such file/],
      ];
      for (const [args, message, input] of cases) {
        const r = nnet(args, { input });
        assert.equal(r.status, 2, args.join(' '));
        assert.match(r.stderr, message);
      }
    });
  });

  describe('gradcheck', () => {
    for (const name of unitExamples()) {
      it(`${name} passes`, () => {
        const r = nnet(['gradcheck', path.join(EXAMPLES, name)]);
        assert.equal(r.status, 0, r.stdout + r.stderr);
        assert.match(r.stdout, /\npass: worst relative error \S+ \(\S+ -> \S+\) over [\d,]+ weights; the limit is 1e-5\n$/);
      });
    }

    it('lists the worst weights first, with analytic and numeric gradients', () => {
      const r = nnet(['gradcheck', HEATON_FILE]);
      assert.match(r.stdout, /∂E\/∂w summed over 4 samples \(calculus convention\), central differences with h = 1e-6/);
      assert.deepEqual(row(r.stdout, 'from', 'to'), ['from', 'to', 'analytic', 'numeric', 'rel.', 'error']);
      const j = parseJson<GradcheckJson>(nnet(['gradcheck', HEATON_FILE, '--json']));
      assert.equal(j.pass, true);
      assert.equal(j.weights.length, 9);
      const errors = j.weights.map((w) => w.relativeError);
      assert.deepEqual(errors, [...errors].sort((a, b) => b - a));
      assert.deepEqual(j.worst, { from: j.weights[0].from, to: j.weights[0].to, relativeError: j.weights[0].relativeError });
      assert.ok(j.worst.relativeError < 1e-7, String(j.worst.relativeError));
      // The analytic gradient is ∂E/∂w summed over the samples; the numeric one agrees.
      for (const w of j.weights) assert.ok(Math.abs(w.analytic - w.numeric) <= 1e-8, `${w.from}->${w.to}`);
      const first = row(r.stdout, j.weights[0].from, j.weights[0].to);
      assert.equal(Number(first[2]), Number(j.weights[0].analytic.toPrecision(8)));
    });

    it('shows the worst 20 unless --all', () => {
      const text = [
        'layer input a b c d e f bias',
        'layer hidden h[4] tanh bias',
        'layer output y z sigmoid',
        'weights input -> hidden = init uniform -1 1 seed 4',
        'weights hidden -> output = init uniform -1 1 seed 5',
        'loss crossentropy',
        'sample 0.1 0.2 0.3 0.4 0.5 0.6 -> 1 0',
        'sample 0.6 0.5 0.4 0.3 0.2 0.1 -> 0 1',
        '',
      ].join('\n');
      const file = folder.write('wide.nnet', text);
      const r = nnet(['gradcheck', file]);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const rows = (s: string): number => s.split('\n').filter((l) => /^ {2}[a-zB]\w* +[hyz]\d? /.test(l)).length;
      assert.equal(rows(r.stdout), 20);
      assert.match(r.stdout, /… 18 more weights with smaller errors \(--all lists them\)/);
      assert.equal(rows(nnet(['gradcheck', file, '--all']).stdout), 38);
    });

    it('fails (exit 1) where backprop and finite differences disagree, here at a relu kink, and says why', () => {
      const text = ['layer input a bias', 'layer hidden h relu bias', 'layer output y linear', 'a -> h = 0.5', 'B1 -> h = -0.5', 'h -> y = 1', 'B2 -> y = 0', 'loss mse', 'sample 1 -> 2', ''].join('\n');
      const file = folder.write('kink.nnet', text);
      const r = nnet(['gradcheck', file]);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /\nFAIL: worst relative error 1 \((a|B1) -> h\) over 4 weights; the limit is 1e-5\n$/);
      assert.match(r.stderr, /note: node h's net input is 0 at sample 1: at or next to relu's kink at 0/);
      const j = parseJson<GradcheckJson>(nnet(['gradcheck', file, '--json']));
      assert.equal(j.pass, false);
      assert.deepEqual(j.kinks, [{ node: 'h', activation: 'relu', sample: 1, net: 0 }]);
    });
  });

  describe('help', () => {
    it('lists the engine commands, each with its own help', () => {
      const main = nnet(['--help']);
      for (const command of ['explain', 'train', 'gradcheck']) {
        assert.match(main.stdout, new RegExp(`^ {2}nnet ${command} FILE`, 'm'));
        const help = nnet(['help', command]);
        assert.equal(help.status, 0);
        assert.match(help.stdout, new RegExp(`^Usage: nnet ${command} FILE`));
        assert.match(help.stdout, /Exit codes:/);
        assert.equal(nnet([command, '--help']).stdout, help.stdout);
      }
    });
  });
});

describe('runTraining (worker thread)', function () {
  this.timeout(60000);

  function heaton(): { network: Network; spec: EngineSpec } {
    const network = loadNetwork(HEATON_FILE);
    return { network, spec: toEngineSpec(network) };
  }

  it('gives the same result as train() in-process, bit for bit, with the same seed', async () => {
    const { network, spec } = heaton();
    const data = networkSampleSet(network);
    const settings: TrainOptions[] = [
      { method: 'backprop', rate: 0.5, momentum: 0.9, batchSize: 2, seed: 17, epochs: 300 },
      { method: 'adam', rate: 0.05, batchSize: 3, seed: 4, epochs: 200 },
      { method: 'rprop', epochs: 150 },
      trainOptionsOf(network.train),
    ];
    for (const options of settings) {
      const initial = spec.weights.map((w) => Float64Array.from(w));
      const inWorker = await runTraining(spec, data, options);
      const inProcess = train(toEngineSpec(network), data, options);
      assert.equal(inWorker.stop, inProcess.stop);
      assert.equal(inWorker.epochs, inProcess.epochs);
      assert.deepEqual(inWorker.history, inProcess.history);
      inWorker.weights.forEach((w, k) => {
        assert.ok(w instanceof Float64Array);
        w.forEach((v, i) => assert.ok(Object.is(v, inProcess.weights[k][i]), `${options.method}: weight ${k}/${i}`));
      });
      // The caller's spec is not trained in place.
      assert.deepEqual(spec.weights, initial);
    }
  });

  it('reports progress: throttled, increasing, and the last epoch at the end', async () => {
    const { network, spec } = heaton();
    const data = networkSampleSet(network);
    const every: TrainingProgress[] = [];
    const result = await runTraining(spec, data, { method: 'backprop', rate: 0.7, epochs: 300 }, { progressIntervalMs: 0, onProgress: (p) => every.push(p) });
    assert.equal(every.length, 300, 'an interval of 0 reports every epoch');
    assert.deepEqual(
      every.map((p) => p.epoch),
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    assert.ok(every.every((p) => p.epochs === 300));
    assert.deepEqual(every[299].error, result.history[299]);

    const throttled: TrainingProgress[] = [];
    const long = await runTraining(spec, data, { method: 'backprop', rate: 0.7, epochs: 20000 }, { progressIntervalMs: 60000, onProgress: (p) => throttled.push(p) });
    assert.ok(throttled.length <= 2, `${throttled.length} reports with a one-minute interval`);
    assert.equal(throttled[throttled.length - 1].epoch, long.epochs, 'the last epoch is always reported');
  });

  it('cancels through an AbortSignal: stop `cancelled` with the weights and history reached', async () => {
    const { network, spec } = heaton();
    const data = networkSampleSet(network);
    const controller = new AbortController();
    let reports = 0;
    const result = await runTraining(spec, data, { method: 'backprop', rate: 0.7, epochs: 1e9 }, {
      signal: controller.signal,
      progressIntervalMs: 10,
      onProgress: () => {
        if (++reports === 2) controller.abort();
      },
    });
    assert.equal(result.stop, 'cancelled');
    assert.ok(result.epochs > 0 && result.epochs < 1e9);
    // The history is bounded and ends with the last completed epoch.
    assert.ok(result.history.length <= 10_000 && result.history.length === result.historyEpochs.length);
    assert.equal(result.historyEpochs[result.historyEpochs.length - 1], result.epochs);
    assert.ok(result.weights.every((w) => w.every(Number.isFinite)));
    // Training went on past the completed epochs' weights or stopped exactly there (cancel is mid-epoch).
    const done = train(toEngineSpec(network), data, { method: 'backprop', rate: 0.7, epochs: result.epochs });
    const next = train(toEngineSpec(network), data, { method: 'backprop', rate: 0.7, epochs: result.epochs + 1 });
    assert.notDeepEqual(result.weights, next.weights, 'the interrupted epoch is not completed');
    assert.ok(done.weights.length === result.weights.length);
  });

  it('a cancel takes effect mid-epoch, within a few mini-batches (latency printed, not asserted)', async () => {
    // 784-64-10, 200 samples, batches of 10: one epoch is 20 updates.
    const text = [
      'layer input x[784]',
      'layer hidden h[64] relu bias',
      'layer output y[10] softmax',
      'loss crossentropy',
      'weights x -> h = init he seed 1',
      'weights h -> y = init xavier seed 1',
      'train adam rate 0.001 batch 10',
      ...Array.from({ length: 200 }, (_, i) => `sample ${Array.from({ length: 784 }, (_, j) => ((i * 7 + j) % 13) / 13).join(' ')} -> ${Array.from({ length: 10 }, (_, j) => (j === i % 10 ? 1 : 0)).join(' ')}`),
    ].join('\n');
    const network = check(text).network!;
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await runTraining(toEngineSpec(network), networkSampleSet(network), { ...trainOptionsOf(network.train), epochs: 1e9 }, {
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: () => {
        if (abortedAt) return;
        // Abort in the middle of the second epoch.
        setTimeout(() => {
          abortedAt = performance.now();
          controller.abort();
        }, 5);
        abortedAt = -1;
      },
    });
    const latency = performance.now() - abortedAt;
    console.log(`      cancel latency: ${latency.toFixed(1)} ms after abort() (epochs completed: ${result.epochs})`);
    assert.equal(result.stop, 'cancelled');
    assert.ok(result.epochs >= 1);
  });

  it('an already aborted signal returns the initial weights without training', async () => {
    const { network, spec } = heaton();
    const controller = new AbortController();
    controller.abort();
    const result = await runTraining(spec, networkSampleSet(network), { method: 'backprop', epochs: 10 }, { signal: controller.signal });
    assert.equal(result.stop, 'cancelled');
    assert.equal(result.epochs, 0);
    assert.deepEqual(result.weights, spec.weights);
    assert.notEqual(result.weights[0], spec.weights[0]);
  });

  it('rejects with the message of an error in the worker', async () => {
    const { network, spec } = heaton();
    const broken: EngineSpec = { ...spec, sizes: [2, -1, 1] };
    await assert.rejects(runTraining(broken, networkSampleSet(network), { method: 'backprop', epochs: 1 }), /Invalid typed array length: -1/);
  });

  it('rejects clearly when the worker script is missing; a path can be given', async () => {
    const { network, spec } = heaton();
    const data = networkSampleSet(network);
    await assert.rejects(runTraining(spec, data, { method: 'backprop', epochs: 1 }, { workerPath: path.join(os.tmpdir(), 'no-such-worker.js') }), /the training worker is missing: .*no-such-worker\.js does not exist/);
    const bundled = await runTraining(spec, data, { method: 'backprop', epochs: 3 }, { workerPath: path.join(ROOT, 'dist', 'train-worker.js') });
    assert.equal(bundled.epochs, 3);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('runTraining: weight snapshots for live pictures', function () {
  this.timeout(60_000);

  it('sends copies of the weights with progress only when asked, and they follow training', async () => {
    const { runTraining } = await import('../../../src/node/training');
    const { check, toEngineSpec, networkSampleSet } = await import('../../../src/core');
    const fsm = await import('node:fs');
    const pathm = await import('node:path');
    const network = check(fsm.readFileSync(pathm.resolve(__dirname, '../../../../examples/heaton-xor.nnet'), 'utf8')).network!;
    const withSnapshots: { epoch: number; weights?: readonly Float64Array[] }[] = [];
    const result = await runTraining(toEngineSpec(network), networkSampleSet(network), { method: 'backprop', rate: 0.7, batchSize: 1, epochs: 50 }, {
      progressIntervalMs: 0,
      weightSnapshotIntervalMs: 0,
      onProgress: (p) => withSnapshots.push({ epoch: p.epoch, weights: p.weights }),
    });
    assert.ok(withSnapshots.length >= 2);
    assert.ok(withSnapshots.every((p) => p.weights && p.weights.length === 2 && p.weights[0].length === 6));
    const last = withSnapshots[withSnapshots.length - 1];
    assert.equal(last.epoch, 50);
    assert.deepEqual(last.weights!.map((w) => [...w]), result.weights.map((w) => [...w]));
    assert.notDeepEqual([...withSnapshots[0].weights![1]], [...network.weights[1].values]);

    const without: { weights?: readonly Float64Array[] }[] = [];
    await runTraining(toEngineSpec(network), networkSampleSet(network), { method: 'backprop', rate: 0.7, batchSize: 1, epochs: 5 }, { progressIntervalMs: 0, onProgress: (p) => without.push(p) });
    assert.ok(without.length > 0 && without.every((p) => p.weights === undefined));
  });
});
