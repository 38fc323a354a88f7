// Training samples: `sample` lines and CSV rows of `data` files, within the sample limits
// (src/core/limits.ts). CSV rows become views into the CSV's one typed array.
import type { Range } from '../types';
import type { DataStatement, NumberLiteral, SampleStatement } from '../syntax/ast';
import { quote } from '../diagnostics';
import { formatCount, MAX_SAMPLE_VALUES, MAX_SAMPLES } from '../limits';
import { normaliseDataPath, parseCsv } from './data-file';
import type { DataReader, Sample } from './network';
import { labelTargets } from './sources';
import type { Report } from './sizes';

/** Data carried by `nnet/sample-arity`. */
export interface SampleArityData {
  readonly expectedInputs: number;
  readonly expectedTargets: number;
}

export class SampleBuilder {
  /** Numbers in the samples so far, against MAX_SAMPLE_VALUES. */
  private sampleValues = 0;

  constructor(
    private readonly report: Report,
    private readonly checkFinite: (n: NumberLiteral, what: string) => boolean,
    private readonly readData: DataReader | undefined,
  ) {}

  /** Samples of the `sample` lines, then of the CSV `data` files (training role), for `inputCount` inputs and `targetCount` targets. */
  build(sampleStatements: readonly SampleStatement[], dataStatements: readonly DataStatement[], inputCount: number, targetCount: number): Sample[] {
    const samples: Sample[] = [];
    for (const s of sampleStatements) {
      const sample = this.sample(s, inputCount, targetCount);
      if (!sample) continue;
      if (!this.roomForSamples(samples.length, 1, inputCount + targetCount, s.keyword ?? s.range, 'sample lines')) break;
      samples.push(sample);
    }
    for (const d of dataStatements) {
      if (d.role !== 'train') continue;
      for (const sample of this.data(d, inputCount, targetCount, samples.length)) samples.push(sample);
    }
    return samples;
  }

  /** Samples of `count` more from elsewhere (IDX files, held-out CSV files) count against the limits too. */
  room(existing: number, added: number, width: number, range: Range, what: string): boolean {
    return this.roomForSamples(existing, added, width, range, what);
  }

  /** Whether `added` more samples of `width` numbers fit the limits; reports `nnet/too-large` at `range` when not. */
  private roomForSamples(existing: number, added: number, width: number, range: Range, what: string): boolean {
    const values = this.sampleValues + added * width;
    if (existing + added > MAX_SAMPLES) {
      this.report('tooLarge', range, `${what} bring the samples to ${formatCount(existing + added)}; the limit is ${formatCount(MAX_SAMPLES)}`);
      return false;
    }
    if (values > MAX_SAMPLE_VALUES) {
      this.report('tooLarge', range, `${what} bring the sample numbers to ${formatCount(values)}; the limit is ${formatCount(MAX_SAMPLE_VALUES)}`);
      return false;
    }
    this.sampleValues = values;
    return true;
  }

  private sample(s: SampleStatement, inputCount: number, targetCount: number): Sample | undefined {
    const data: SampleArityData = { expectedInputs: inputCount, expectedTargets: targetCount };
    let ok = true;
    const side = (values: readonly NumberLiteral[], expected: number, what: string, fallback: Range): void => {
      if (values.length === expected) return;
      ok = false;
      const range = values.length ? { start: values[0].range.start, end: values[values.length - 1].range.end } : fallback;
      this.report('sampleArity', range, `sample has ${values.length} ${what}${values.length === 1 ? '' : 's'}; the network has ${expected}`, { data });
    };
    side(s.inputs, inputCount, 'input', s.arrow ?? s.range);
    side(s.targets, targetCount, 'target', s.arrow ?? s.range);
    for (const v of s.inputs) ok = this.checkFinite(v, 'value') && ok;
    for (const v of s.targets) ok = this.checkFinite(v, 'value') && ok;
    if (!ok) return undefined;
    return { inputs: Float64Array.from(s.inputs, (v) => v.value), targets: Float64Array.from(s.targets, (v) => v.value), range: s.range };
  }

  /**
   * The samples of one CSV source (`inputs A..B targets C..D` or `inputs A..B labels C`, optionally
   * `scale`d); IDX sources and splits are read elsewhere (build-data.ts) and give none here.
   */
  data(d: DataStatement, inputCount: number, targetCount: number, existing: number, scale = 1): Sample[] {
    if (!d.file || !d.inputs || d.split || d.labels?.file) return [];
    const labelColumn = d.labels?.column;
    const targetSpan = d.targets ?? (labelColumn ? { keyword: d.labels!.keyword, from: labelColumn, to: labelColumn, range: d.labels!.range } : undefined);
    if (!targetSpan) return [];
    const path = normaliseDataPath(d.file.value);
    if (path === undefined) {
      this.report('dataPath', d.file.range, `data file ${quote(d.file.value)} must be a relative path inside this file's folder`);
      return [];
    }
    let spansOk = true;
    for (const [span, expected, what] of [
      [d.inputs, inputCount, 'inputs'],
      [targetSpan, d.targets ? targetCount : 1, d.targets ? 'targets' : 'labels'],
    ] as const) {
      const a = span.from.value;
      const b = span.to.value;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a) {
        this.report('dataColumns', span.range, `'${what}' needs columns A..B with whole numbers 1 ≤ A ≤ B`);
        spansOk = false;
      } else if (b - a + 1 !== expected) {
        const meaning = what === 'labels' ? 'one column of class numbers' : `${expected} ${what}`;
        this.report('dataColumns', span.range, `'${what}' spans ${b - a + 1} column${b - a === 0 ? '' : 's'}; the network needs ${meaning}`);
        spansOk = false;
      }
    }
    if (!spansOk) return [];
    if (!this.readData) {
      this.report('dataFile', d.file.range, `cannot read ${quote(path)} here (no file access)`);
      return [];
    }
    const read = this.readData(path);
    if (!read.ok) {
      this.report('dataFile', d.file.range, `cannot read ${quote(path)}: ${read.error}`);
      return [];
    }
    const { table, errors, errorCount } = parseCsv(read.text, { maxRows: MAX_SAMPLES - existing });
    const tooLarge = errors.find((e) => e.tooLarge);
    if (tooLarge) {
      this.report('tooLarge', d.file.range, `${path}:${tooLarge.line}: ${tooLarge.message}`, { data: { csvLine: tooLarge.line } });
      return [];
    }
    if (errors.length > 0) {
      const first = errors[0];
      const more = errorCount > 1 ? ` (and ${formatCount(errorCount - 1)} more line${errorCount === 2 ? '' : 's'})` : '';
      this.report('dataFile', d.file.range, `${path}:${first.line}: ${first.message}${more}`, { data: { csvLine: first.line, csvColumn: first.column } });
      return [];
    }
    const lastColumn = Math.max(d.inputs.to.value, targetSpan.to.value);
    const width = table.width;
    if (table.rowCount === 0) {
      this.report('dataFile', d.file.range, `${path} has no data rows`);
      return [];
    }
    if (lastColumn > width) {
      this.report('dataColumns', (d.inputs.to.value > width ? d.inputs : targetSpan).range, `${path} has ${width} columns; column ${lastColumn} does not exist`);
      return [];
    }
    if (!this.roomForSamples(existing, table.rowCount, inputCount + targetCount, d.file.range, `the ${formatCount(table.rowCount)} rows of ${path}`)) return [];
    const ia = d.inputs.from.value - 1;
    const ta = targetSpan.from.value - 1;
    // `labels C`: class numbers become one-hot targets (one output: the label itself), in one array.
    let onehot: Float64Array | undefined;
    if (!d.targets) {
      onehot = new Float64Array(table.rowCount * targetCount);
      for (let r = 0; r < table.rowCount; r++) {
        const label = table.values[r * width + ta];
        if (labelTargets([label], targetCount, onehot.subarray(r * targetCount, (r + 1) * targetCount)) >= 0) {
          this.report('dataFile', d.labels!.range, `${path}:${table.lines[r]}: the label ${label} in column ${ta + 1} is not a class number 0 … ${targetCount - 1}`, {
            data: { csvLine: table.lines[r], csvColumn: ta + 1 },
          });
          return [];
        }
      }
    }
    if (scale !== 1) {
      for (let r = 0; r < table.rowCount; r++) for (let i = r * width + ia; i < r * width + ia + inputCount; i++) table.values[i] *= scale;
    }
    // Views into the table's one array: no copy and no array per row beyond the two views.
    const samples = new Array<Sample>(table.rowCount);
    for (let r = 0; r < table.rowCount; r++) {
      const at = r * width;
      samples[r] = {
        inputs: table.values.subarray(at + ia, at + ia + inputCount),
        targets: onehot ? onehot.subarray(r * targetCount, (r + 1) * targetCount) : table.values.subarray(at + ta, at + ta + targetCount),
        range: d.range,
        csvLine: table.lines[r],
      };
    }
    return samples;
  }
}
