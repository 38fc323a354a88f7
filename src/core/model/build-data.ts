// The samples of `data`, `test` and `validation` statements: CSV files (through SampleBuilder,
// samples.ts: targets or a class column), IDX image/label pairs, `scale`, and seeded splits of
// the training data. Errors name the file and the line or record, and are reported on the
// statement's words. Every source counts against the sample limits (src/core/limits.ts).
import type { DataStatement, SampleStatement } from '../syntax/ast';
import { quote } from '../diagnostics';
import { normaliseDataPath } from './data-file';
import { decodedKey, idxSamples, keepSource, keptSource, readIdx, samplesOver, splitSamples } from './sources';
import type { BuildOptions, Sample } from './network';
import type { SampleBuilder } from './samples';
import type { Report } from './sizes';

export interface DataContext {
  readonly options: BuildOptions;
  readonly inputCount: number;
  readonly targetCount: number;
  readonly report: Report;
}

/** Training, test and validation samples from `sample` lines (training) and the data statements. */
export function gatherSamples(
  builder: SampleBuilder,
  lines: readonly SampleStatement[],
  statements: readonly DataStatement[],
  ctx: DataContext,
): { samples: Sample[]; test: Sample[]; validation: Sample[] } {
  // `sample` lines first (the first is the active sample by default), then the sources in file order.
  let samples = builder.build(lines, [], ctx.inputCount, ctx.targetCount);
  const sets: Record<'test' | 'validation', Sample[]> = { test: [], validation: [] };
  let total = samples.length;
  for (const d of statements) {
    if (d.split) continue;
    const read = fileSamples(builder, d, ctx, total);
    total += read.length;
    if (d.role === 'train') for (const s of read) samples.push(s);
    else for (const s of read) sets[d.role].push(s);
  }
  // Splits take their share of the training samples: test first, then validation.
  for (const role of ['test', 'validation'] as const) {
    for (const d of statements) {
      if (d.role !== role || !d.split) continue;
      const { fraction, seed } = d.split;
      if (!(fraction.value > 0 && fraction.value < 1)) {
        ctx.report('numberRange', fraction.range, `the share to hold out must be between 0 and 1 (e.g. 0.1), not ${fraction.text}`);
        continue;
      }
      const seedValue = seed?.value.value ?? 0;
      if (seed && !(Number.isInteger(seedValue) && seedValue >= 0 && seedValue <= 4294967295)) {
        ctx.report('numberRange', seed.value.range, `seed must be a whole number from 0 to 4294967295, not ${seed.value.text}`);
        continue;
      }
      if (samples.length < 2) {
        ctx.report('dataFile', d.split.range, `cannot split ${samples.length} training sample${samples.length === 1 ? '' : 's'}; a split needs at least 2`);
        continue;
      }
      const { kept, held } = splitSamples(samples, fraction.value, seedValue);
      samples = kept;
      for (const s of held) sets[role].push(s);
    }
  }
  return { samples, test: sets.test, validation: sets.validation };
}

function fileSamples(builder: SampleBuilder, d: DataStatement, ctx: DataContext, existing: number): Sample[] {
  if (!d.file) return [];
  let scale = 1;
  if (d.scale) {
    const { value, divisor } = d.scale;
    scale = divisor ? value.value / divisor.value : value.value;
    if (!Number.isFinite(scale) || (divisor && divisor.value === 0)) {
      ctx.report('numberRange', d.scale.range, `scale ${value.text}${divisor ? `/${divisor.text}` : ''} is not a finite number`);
      return [];
    }
  }
  if (!d.labels?.file) return builder.data(d, ctx.inputCount, ctx.targetCount, existing, scale);
  const path = normaliseDataPath(d.file.value);
  if (path === undefined) {
    ctx.report('dataPath', d.file.range, `data file ${quote(d.file.value)} must be a relative path inside this file's folder`);
    return [];
  }
  const samples = idxFile(d, path, d.labels.file.value, scale, ctx);
  if (samples.length && !builder.room(existing, samples.length, ctx.inputCount + ctx.targetCount, d.file.range, `the ${samples.length.toLocaleString('en-US')} records of ${path}`)) return [];
  return samples;
}

function idxFile(d: DataStatement, imagesPath: string, labelsName: string, scale: number, ctx: DataContext): Sample[] {
  const labelsPath = normaliseDataPath(labelsName);
  if (labelsPath === undefined) {
    ctx.report('dataPath', d.labels!.file!.range, `label file ${quote(labelsName)} must be a relative path inside this file's folder`);
    return [];
  }
  if (!ctx.options.readBytes) {
    ctx.report('dataFile', d.file!.range, `cannot read ${quote(imagesPath)} here (no file access)`);
    return [];
  }
  const key = decodedKey(ctx.options.readBytes, imagesPath, labelsPath, scale, ctx.inputCount, ctx.targetCount);
  const kept = key !== undefined ? keptSource(key) : undefined;
  if (kept) return samplesOver(kept, d.range);
  const images = readIdx(ctx.options.readBytes, imagesPath);
  if (!images.ok) {
    ctx.report('dataFile', d.file!.range, `cannot read ${quote(imagesPath)}: ${images.error}`);
    return [];
  }
  const labels = readIdx(ctx.options.readBytes, labelsPath);
  if (!labels.ok) {
    ctx.report('dataFile', d.labels!.file!.range, `cannot read ${quote(labelsPath)}: ${labels.error}`);
    return [];
  }
  const result = idxSamples(images.idx, labels.idx, { images: imagesPath, labels: labelsPath }, ctx.inputCount, ctx.targetCount, scale, d.range);
  if (!result.ok) {
    ctx.report('dataFile', result.record !== undefined ? d.labels!.file!.range : d.file!.range, result.error, { data: result.record !== undefined ? { record: result.record } : undefined });
    return [];
  }
  if (key !== undefined) keepSource(key, result.source);
  return result.samples;
}
