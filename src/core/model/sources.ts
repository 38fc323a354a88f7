// Where samples come from besides `sample` lines: IDX image/label pairs and CSV class columns
// (CSV numbers themselves are parsed in data-file.ts), input scaling, and seeded splits into
// training and held-out (test, validation) sets. Pure: bytes arrive through BuildOptions.readBytes.
import { Random } from './random';
import { MAX_SAMPLE_VALUES, MAX_SAMPLES } from '../limits';
import { IdxDecoder, type IdxData } from './idx';
import type { ByteReader, Sample } from './network';
import type { Range } from '../types';

/** Most values (all records together) one IDX file may hold: the sample-value limit (60,000 28×28 images are 47 M). */
export const MAX_IDX_VALUES = MAX_SAMPLE_VALUES;
/** Most samples one data source may give. */
export const MAX_SOURCE_SAMPLES = MAX_SAMPLES;

/** Reads and decodes one IDX file through the platform's byte reader. */
export function readIdx(readBytes: ByteReader, path: string): { ok: true; idx: IdxData } | { ok: false; error: string } {
  const decoder = new IdxDecoder(MAX_IDX_VALUES);
  const read = readBytes(path, (chunk) => decoder.push(chunk));
  if (!read.ok) return read;
  const result = decoder.finish();
  return result.ok ? result : { ok: false, error: `${path}: ${result.error}` };
}

/**
 * One-hot targets (or, with one output node, the label itself) for class labels.
 * Returns the 0-based position of the first label that is not a class number 0 … outputs−1.
 */
export function labelTargets(labels: ArrayLike<number>, outputs: number, into: Float64Array): number {
  for (let r = 0; r < labels.length; r++) {
    const label = labels[r];
    if (outputs === 1) {
      if (!Number.isFinite(label)) return r;
      into[r] = label;
      continue;
    }
    if (!Number.isInteger(label) || label < 0 || label >= outputs) return r;
    into[r * outputs + label] = 1;
  }
  return -1;
}

/** The class number of a one-hot (or single-output) target row, for messages. */
export type SourceResult = { ok: true; samples: Sample[]; source: DecodedSource } | { ok: false; error: string; record?: number };

/**
 * Samples from an IDX image file and its label file: image r's pixels (× scale) are the inputs,
 * label r the one-hot target. Inputs of all samples share one buffer (one view per sample).
 */
export function idxSamples(images: IdxData, labels: IdxData, files: { images: string; labels: string }, inputs: number, outputs: number, scale: number, range: Range): SourceResult {
  if (images.recordSize !== inputs) {
    const shape = images.dims.slice(1).join('×') || '1';
    return { ok: false, error: `${files.images} holds records of ${shape} = ${images.recordSize} values; the input layer has ${inputs} nodes` };
  }
  if (labels.recordSize !== 1) return { ok: false, error: `${files.labels} is not a label file: its records have ${labels.recordSize} values, not 1` };
  if (labels.records !== images.records) {
    return { ok: false, error: `${files.images} has ${images.records.toLocaleString('en-US')} records but ${files.labels} has ${labels.records.toLocaleString('en-US')}` };
  }
  const count = images.records;
  if (count === 0) return { ok: false, error: `${files.images} has no records` };
  if (count > MAX_SOURCE_SAMPLES) return { ok: false, error: `${files.images} has ${count.toLocaleString('en-US')} records; the limit is ${MAX_SOURCE_SAMPLES.toLocaleString('en-US')}` };
  const x = new Float64Array(count * inputs);
  const pixels = images.values;
  for (let i = 0; i < x.length; i++) {
    const v = pixels[i] * scale;
    // float and double IDX files can hold NaN and ±Infinity; scaled values can overflow.
    if (!Number.isFinite(v)) {
      const record = Math.floor(i / inputs) + 1;
      return { ok: false, error: `${files.images}: record ${record.toLocaleString('en-US')} holds ${Number.isFinite(pixels[i]) ? `${pixels[i]}, which scaled is ${v}` : pixels[i]} at value ${(i % inputs) + 1}; inputs must be finite numbers` };
    }
    x[i] = v;
  }
  const t = new Float64Array(count * outputs);
  const bad = labelTargets(labels.values, outputs, t);
  if (bad >= 0) {
    return { ok: false, record: bad + 1, error: `${files.labels}: record ${(bad + 1).toLocaleString('en-US')} has the label ${labels.values[bad]}; with ${outputs} output nodes a label must be ${outputs === 1 ? 'a finite number' : `a class number 0 … ${outputs - 1}`}` };
  }
  const source = { x, t, count, inputs, outputs };
  return { ok: true, samples: samplesOver(source, range), source };
}

/** An IDX source decoded into one inputs buffer and one targets buffer (record after record). */
export interface DecodedSource {
  readonly x: Float64Array;
  readonly t: Float64Array;
  readonly count: number;
  readonly inputs: number;
  readonly outputs: number;
}

/** One sample per record, viewing the shared buffers (no copy); `range` is the statement's. */
export function samplesOver(source: DecodedSource, range: Range): Sample[] {
  const { x, t, count, inputs, outputs } = source;
  const samples: Sample[] = new Array(count);
  for (let r = 0; r < count; r++) {
    samples[r] = { inputs: x.subarray(r * inputs, (r + 1) * inputs), targets: t.subarray(r * outputs, (r + 1) * outputs), range, record: r + 1 };
  }
  return samples;
}

/**
 * Decoded sources kept across checks, by content key (see ByteReader.contentKey): an edit of a
 * .nnet file that names 60,000 images then costs the sample objects, not a decode of 47 M
 * values. A few entries only (a training and a test source), most recently used last.
 */
const KEEP_DECODED = 2;
const decoded = new Map<string, DecodedSource>();

/** The key of an IDX image/label pair read through `readBytes`, or undefined when it cannot be kept. */
export function decodedKey(readBytes: ByteReader, images: string, labels: string, scale: number, inputs: number, outputs: number): string | undefined {
  const a = readBytes.contentKey?.(images);
  const b = readBytes.contentKey?.(labels);
  return a === undefined || b === undefined ? undefined : JSON.stringify([a, b, scale, inputs, outputs]);
}

export function keptSource(key: string): DecodedSource | undefined {
  const source = decoded.get(key);
  if (source) {
    decoded.delete(key);
    decoded.set(key, source);
  }
  return source;
}

export function keepSource(key: string, source: DecodedSource): void {
  decoded.delete(key);
  decoded.set(key, source);
  while (decoded.size > KEEP_DECODED) decoded.delete(decoded.keys().next().value as string);
}

/**
 * Splits `samples` into the kept ones (in their order) and a held-out share: a seeded random
 * choice of round(fraction · n) samples (at least 1 and at most n − 1 when n ≥ 2), in their order too.
 */
export function splitSamples(samples: readonly Sample[], fraction: number, seed: number): { kept: Sample[]; held: Sample[] } {
  const n = samples.length;
  if (n < 2) return { kept: samples.slice(), held: [] };
  const take = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = new Random(seed, 0x5eed);
  // Partial Fisher–Yates: the first `take` entries become a uniform random choice.
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random.nextDouble() * (n - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const heldMark = new Uint8Array(n);
  for (let i = 0; i < take; i++) heldMark[order[i]] = 1;
  const kept: Sample[] = [];
  const held: Sample[] = [];
  for (let i = 0; i < n; i++) (heldMark[i] ? held : kept).push(samples[i]);
  return { kept, held };
}
