// A training run's input made from the server's check (`nnet/trainingJob`) and read back by
// the client, which hands it to its training worker: the extension host never parses the file
// (0.4–0.7 s for 100k weight lines on the shared 2-core machine) nor builds the engine's arrays
// to train it. Numbers travel as base64 float64 (binary.ts). Used by the server and the VS Code
// client alike.
import { heldOutSets, networkSampleSet, toEngineSpec, trainOptionsOf, type CheckResult, type EngineSpec, type HeldOutSets, type SampleSet, type TrainOptions } from '../core';
import { decodeBytes, encodeBytes, packFloat64, unpackFloat64 } from './binary';
import { MAX_JOB_SAMPLE_BYTES, type NumbersParam, type PackedSampleSet, type TrainingJob, type TrainingJobResult } from './protocol';

export function packTrainingJob(result: CheckResult, version: number): TrainingJobResult {
  const network = result.network;
  if (!network || result.hasErrors) return { ok: false, reason: 'errors' };
  if (network.samples.length === 0) return { ok: false, reason: 'no-samples' };
  const sizes = network.layers.map((l) => l.nodes.length);
  const samples = network.samples.length + network.test.length + network.validation.length;
  if (samples * (sizes[0] + sizes[sizes.length - 1]) * 8 > MAX_JOB_SAMPLE_BYTES) return { ok: false, reason: 'large' };
  const spec = toEngineSpec(network);
  const held = heldOutSets(network);
  const set = (s: SampleSet): PackedSampleSet => ({ count: s.count, inputSize: s.inputSize, targetSize: s.targetSize, inputs: packFloat64(s.inputs), targets: packFloat64(s.targets) });
  return {
    ok: true,
    version,
    spec: { ...spec, weights: spec.weights.map(packFloat64), fixed: spec.fixed.map(encodeBytes) },
    options: trainOptionsOf(network.train),
    data: set(networkSampleSet(network)),
    held: { test: held.test && set(held.test), validation: held.validation && set(held.validation) },
    method: network.train.method,
  };
}

/** What the client's training worker takes; undefined when the message is malformed. */
export interface UnpackedJob {
  readonly version: number;
  readonly spec: EngineSpec;
  readonly data: SampleSet;
  readonly held: HeldOutSets;
  readonly options: TrainOptions;
  readonly method: string;
}

function unpackSet(p: PackedSampleSet | undefined): SampleSet | undefined {
  const inputs = unpackFloat64(p?.inputs);
  const targets = unpackFloat64(p?.targets);
  if (!p || !inputs || !targets || inputs.length !== p.count * p.inputSize || targets.length !== p.count * p.targetSize) return undefined;
  return { count: p.count, inputSize: p.inputSize, targetSize: p.targetSize, inputs, targets };
}

export function unpackTrainingJob(job: TrainingJob): UnpackedJob | undefined {
  const weights = job.spec.weights.map(unpackFloat64);
  const fixed = job.spec.fixed.map(decodeBytes);
  const data = unpackSet(job.data);
  const test = job.held.test && unpackSet(job.held.test);
  const validation = job.held.validation && unpackSet(job.held.validation);
  if (!data || weights.some((w) => !w) || fixed.some((f) => !f) || (job.held.test && !test) || (job.held.validation && !validation)) return undefined;
  const spec: EngineSpec = { ...job.spec, weights: weights as Float64Array[], fixed: fixed as Uint8Array[] };
  return { version: job.version, spec, data, held: { test, validation }, options: job.options, method: job.method };
}

/** One layer's numbers as a message carries them (an array or base64); undefined when neither. */
export function numbersOf(param: NumbersParam | unknown): ArrayLike<number> | undefined {
  if (typeof param === 'string') return unpackFloat64(param);
  return Array.isArray(param) && param.every((x) => typeof x === 'number') ? (param as number[]) : undefined;
}
