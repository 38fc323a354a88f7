// Training samples: `sample` lines and CSV rows of `data` files, within the sample limits
// (src/core/limits.ts). CSV rows become views into the CSV's one typed array.
import type { Range } from '../types';
import type { DataStatement, NumberLiteral, SampleStatement } from '../syntax/ast';
import { quote } from '../diagnostics';
import { formatCount, MAX_SAMPLE_VALUES, MAX_SAMPLES } from '../limits';
import { normaliseDataPath, parseCsv } from './data-file';
import type { DataReader, Sample } from './network';
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

  /** Samples of the `sample` lines, then of the `data` files, for `inputCount` inputs and `targetCount` targets. */
  build(sampleStatements: readonly SampleStatement[], dataStatements: readonly DataStatement[], inputCount: number, targetCount: number): Sample[] {
    const samples: Sample[] = [];
    for (const s of sampleStatements) {
      const sample = this.sample(s, inputCount, targetCount);
      if (!sample) continue;
      if (!this.roomForSamples(samples.length, 1, inputCount + targetCount, s.keyword ?? s.range, 'sample lines')) break;
      samples.push(sample);
    }
    for (const d of dataStatements) {
      for (const sample of this.data(d, inputCount, targetCount, samples.length)) samples.push(sample);
    }
    return samples;
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

  private data(d: DataStatement, inputCount: number, targetCount: number, existing: number): Sample[] {
    if (!d.file || !d.inputs || !d.targets) return [];
    const path = normaliseDataPath(d.file.value);
    if (path === undefined) {
      this.report('dataPath', d.file.range, `data file ${quote(d.file.value)} must be a relative path inside this file's folder`);
      return [];
    }
    let spansOk = true;
    for (const [span, expected, what] of [
      [d.inputs, inputCount, 'inputs'],
      [d.targets, targetCount, 'targets'],
    ] as const) {
      const a = span.from.value;
      const b = span.to.value;
      if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < a) {
        this.report('dataColumns', span.range, `'${what}' needs columns A..B with whole numbers 1 ≤ A ≤ B`);
        spansOk = false;
      } else if (b - a + 1 !== expected) {
        this.report('dataColumns', span.range, `'${what}' spans ${b - a + 1} column${b - a === 0 ? '' : 's'}; the network has ${expected} ${what}`);
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
    const lastColumn = Math.max(d.inputs.to.value, d.targets.to.value);
    const width = table.width;
    if (table.rowCount === 0) {
      this.report('dataFile', d.file.range, `${path} has no data rows`);
      return [];
    }
    if (lastColumn > width) {
      this.report('dataColumns', (d.inputs.to.value > width ? d.inputs : d.targets).range, `${path} has ${width} columns; column ${lastColumn} does not exist`);
      return [];
    }
    if (!this.roomForSamples(existing, table.rowCount, inputCount + targetCount, d.file.range, `the ${formatCount(table.rowCount)} rows of ${path}`)) return [];
    const ia = d.inputs.from.value - 1;
    const ta = d.targets.from.value - 1;
    // Views into the table's one array: no copy and no array per row beyond the two views.
    const samples = new Array<Sample>(table.rowCount);
    for (let r = 0; r < table.rowCount; r++) {
      const at = r * width;
      samples[r] = {
        inputs: table.values.subarray(at + ia, at + ia + inputCount),
        targets: table.values.subarray(at + ta, at + ta + targetCount),
        range: d.range,
        csvLine: table.lines[r],
      };
    }
    return samples;
  }
}
