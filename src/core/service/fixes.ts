// Quick fixes as data: for a diagnostic of the document, the edits that fix it.
//
// - `nnet/missing-weight`: initialise the pair (`weights A -> B = init xavier seed 1`, `he` for
//   relu layers) or write every missing weight as a `FROM -> TO = 0` line, laid out like the
//   weight line they follow. The init fix is preferred when no weight of the pair is written yet,
//   the explicit lines when some are (the user is writing them one by one).
// - unknown node / layer / activation / loss / convention / init method / train method / option /
//   statement keyword: replace the word with the suggestion ("did you mean").
// - `nnet/sample-arity`: pad the sample's inputs and targets with 0 or drop the extra values
//   (both sides at once); with several such samples, also all of them at once.
import type { Diagnostic, Range } from '../types';
import { DIAGNOSTIC_CODES } from '../diagnostic-codes';
import { STATEMENT_KEYWORDS, nearest } from '../vocabulary';
import type { UnknownNameData, SampleArityData } from '../model/build';
import type { MissingWeightsData } from '../model/network';
import { layerByName } from '../model/lookup';
import type { SampleStatement, WeightStatement } from '../syntax/ast';
import { linesOf, statementAt, type ServiceDocument } from './document';
import { nameIndex } from './names';
import { comparePosition, detectEol, rangesEqual, type TextEdit } from './text';

export interface CodeFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The obvious fix (VS Code applies it with "Auto Fix"). */
  readonly isPreferred: boolean;
  /** The diagnostics this fix resolves. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Missing weights beyond this many are offered only as an `init` (thousands of lines help no one). */
export const MAX_EXPLICIT_WEIGHTS = 1000;

const CODE = {
  missingWeight: DIAGNOSTIC_CODES.missingWeight.code,
  sampleArity: DIAGNOSTIC_CODES.sampleArity.code,
  unknownStatement: DIAGNOSTIC_CODES.unknownStatement.code,
} as const;

/** Codes whose data is `UnknownNameData` (a "did you mean" rename). */
const UNKNOWN_NAME_CODES = new Set<string>(
  (['unknownNode', 'unknownLayer', 'unknownActivation', 'unknownLoss', 'unknownConvention', 'unknownInitMethod', 'unknownTrainMethod', 'unknownOption'] as const).map(
    (k) => DIAGNOSTIC_CODES[k].code,
  ),
);

/** The fixes for one diagnostic of `doc` (matched by code and range when it comes from an editor). */
export function codeFixes(doc: ServiceDocument, diagnostic: Diagnostic): CodeFix[] {
  const d = findDiagnostic(doc, diagnostic) ?? diagnostic;
  if (d.code === CODE.missingWeight) return missingWeightFixes(doc, d);
  if (d.code === CODE.sampleArity) return sampleArityFixes(doc, d);
  if (d.code === CODE.unknownStatement) return unknownStatementFix(doc, d);
  if (UNKNOWN_NAME_CODES.has(d.code)) return renameFix(doc, d);
  return [];
}

/** The fixes for every diagnostic touching `range` (what an editor's light bulb asks for). */
export function codeFixesInRange(doc: ServiceDocument, range: Range): CodeFix[] {
  const touching = doc.result.diagnostics.filter((d) => comparePosition(d.range.start, range.end) <= 0 && comparePosition(range.start, d.range.end) <= 0);
  const fixes: CodeFix[] = [];
  const seen = new Set<string>();
  for (const d of touching) {
    for (const fix of codeFixes(doc, d)) {
      const key = `${fix.title}\u0000${JSON.stringify(fix.edits)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      fixes.push(fix);
    }
  }
  return fixes;
}

/** The document's own diagnostic (with its `data`) equal to `d` by code and range. */
export function findDiagnostic(doc: ServiceDocument, d: { code: string; range: Range }): Diagnostic | undefined {
  return doc.result.diagnostics.find((x) => x.code === d.code && rangesEqual(x.range, d.range));
}

function wordAt(doc: ServiceDocument, r: Range): string {
  const line = linesOf(doc)[r.start.line] ?? '';
  return r.start.line === r.end.line ? line.slice(r.start.character, r.end.character) : '';
}

// ── did you mean ──────────────────────────────────────────────────────────────────────────

function renameFix(doc: ServiceDocument, d: Diagnostic): CodeFix[] {
  const data = d.data as UnknownNameData | undefined;
  if (!data?.suggestion) return [];
  const written = wordAt(doc, d.range);
  let replacement = data.suggestion;
  // `x[99]` → `x[9]` rather than `x9`: keep the reference's bracket form within the same array.
  const bracket = /^(.+)\[[^\]]*\]$/.exec(written);
  if (bracket && d.code === DIAGNOSTIC_CODES.unknownNode.code) {
    const node = nameIndex(doc.result).node(data.suggestion);
    if (node?.array && node.array.base === bracket[1]) replacement = `${node.array.base}[${data.suggestion.slice(node.array.base.length)}]`;
  }
  return [
    {
      title: `Change '${written || data.name}' to '${replacement}'`,
      edits: [{ range: d.range, newText: replacement }],
      isPreferred: true,
      diagnostics: [d],
    },
  ];
}

function unknownStatementFix(doc: ServiceDocument, d: Diagnostic): CodeFix[] {
  const written = wordAt(doc, d.range);
  const suggestion = written && written.length <= 40 ? nearest(written, STATEMENT_KEYWORDS) : undefined;
  if (!suggestion) return [];
  return [{ title: `Change '${written}' to '${suggestion}'`, edits: [{ range: d.range, newText: suggestion }], isPreferred: true, diagnostics: [d] }];
}

// ── missing weights ───────────────────────────────────────────────────────────────────────

function missingWeightFixes(doc: ServiceDocument, d: Diagnostic): CodeFix[] {
  const data = d.data as MissingWeightsData | undefined;
  if (!data || data.missing.length === 0) return [];
  const lines = linesOf(doc);
  const eol = detectEol(doc.text);
  const after = Math.min(Math.max(0, data.insertAfterLine), lines.length - 1);
  const at = { line: after, character: lines[after].length };
  const insertAt: Range = { start: at, end: at };
  const neighbour = statementAt(doc, after);
  const afterWeights = neighbour?.kind === 'weight' || neighbour?.kind === 'weights';
  // After a layer line, a blank line separates the new weights from the layers.
  const lead = afterWeights || lines[after].trim() === '' ? eol : eol + eol;

  const network = doc.result.network;
  const toLayer = network && layerByName(network, data.toLayer);
  const method = toLayer && (toLayer.activation === 'relu' || toLayer.activation === 'leakyrelu') ? 'he' : 'xavier';
  const initLine = `weights ${data.fromLayer} -> ${data.toLayer} = init ${method} seed 1`;
  const pair = `${data.fromLayer} → ${data.toLayer}`;

  // Weights of the pair already written on lines: then the user is writing them one by one.
  const fromIndex = (network && layerByName(network, data.fromLayer)?.index) ?? -1;
  const m = fromIndex >= 0 ? network!.weights[fromIndex] : undefined;
  const someWritten = !!m && m.origins.some((o) => o !== undefined);

  const fixes: CodeFix[] = [
    {
      title: `Add '${initLine}'`,
      edits: [{ range: insertAt, newText: lead + initLine }],
      isPreferred: !someWritten,
      diagnostics: [d],
    },
  ];
  if ((data.count ?? data.missing.length) === data.missing.length && data.missing.length <= MAX_EXPLICIT_WEIGHTS) {
    const n = data.missing.length;
    const newLines = zeroWeightLines(data.missing, afterWeights && neighbour?.kind === 'weight' ? neighbour : undefined, lines[after]);
    fixes.push({
      title: n === 1 ? `Add '${data.missing[0].from} -> ${data.missing[0].to} = 0'` : `Add ${n} weight lines ${pair} with 0: ${listed(data.missing)}`,
      edits: [{ range: insertAt, newText: lead + newLines.join(eol) }],
      isPreferred: someWritten,
      diagnostics: [d],
    });
  }
  return fixes;
}

function listed(missing: readonly { from: string; to: string }[]): string {
  const shown = missing.slice(0, 3).map((w) => `${w.from} -> ${w.to}`);
  return missing.length > 3 ? `${shown.join(', ')}, …` : shown.join(', ');
}

/** Decimal-point column of a number as written: where `.` (or the exponent, or the end) is. */
function pointOffset(text: string): number {
  const i = text.search(/[.eE]/);
  return i < 0 ? text.length : i;
}

/**
 * `FROM -> TO = 0` lines. After a weight line they take its layout: its indentation, `=` in its
 * column and the 0 aligned on its decimal point (as `nnet fmt` aligns a block); otherwise they
 * are aligned among themselves.
 */
function zeroWeightLines(missing: readonly { from: string; to: string }[], neighbour: WeightStatement | undefined, neighbourText: string): string[] {
  const heads = missing.map((w) => `${w.from} -> ${w.to}`);
  if (!neighbour) {
    const width = heads.reduce((w, h) => Math.max(w, h.length), 0);
    return heads.map((h) => `${h.padEnd(width)} = 0`);
  }
  const indent = neighbourText.slice(0, neighbour.range.start.character);
  const equalsColumn = neighbour.equals.start.character;
  const pointColumn = neighbour.value.range.start.character + pointOffset(neighbour.value.text);
  return heads.map((h) => {
    const head = indent + h;
    const eq = Math.max(equalsColumn, head.length + 1);
    const line = `${head.padEnd(eq)}=`;
    // `0` ends where the neighbour's integer part ends; at least one space after `=`.
    const zeroAt = Math.max(pointColumn - 1, line.length + 1);
    return `${line.padEnd(zeroAt)}0`;
  });
}

// ── sample arity ──────────────────────────────────────────────────────────────────────────

function sampleAt(doc: ServiceDocument, d: Diagnostic): SampleStatement | undefined {
  const s = statementAt(doc, d.range.start.line);
  return s?.kind === 'sample' ? s : undefined;
}

/** Edits that give `s` the expected counts, and words for the title. */
function arityEdits(s: SampleStatement, data: SampleArityData): { edits: TextEdit[]; parts: string[] } {
  const edits: TextEdit[] = [];
  const parts: string[] = [];
  const side = (values: SampleStatement['inputs'], expected: number, after: Range, what: string): void => {
    const n = values.length;
    if (n < expected) {
      const end = n > 0 ? values[n - 1].range.end : after.end;
      edits.push({ range: { start: end, end }, newText: ' 0'.repeat(expected - n) });
      parts.push(`add ${expected - n} ${what}${expected - n === 1 ? '' : 's'} (0)`);
    } else if (n > expected) {
      const start = expected > 0 ? values[expected - 1].range.end : after.end;
      edits.push({ range: { start, end: values[n - 1].range.end }, newText: '' });
      parts.push(`drop ${n - expected} extra ${what}${n - expected === 1 ? '' : 's'}`);
    }
  };
  side(s.inputs, data.expectedInputs, s.keyword ?? s.range, 'input');
  if (s.arrow) side(s.targets, data.expectedTargets, s.arrow, 'target');
  return { edits, parts };
}

function sampleArityFixes(doc: ServiceDocument, d: Diagnostic): CodeFix[] {
  const data = d.data as SampleArityData | undefined;
  const s = sampleAt(doc, d);
  if (!data || !s) return [];
  const own = arityEdits(s, data);
  if (own.edits.length === 0) return [];
  const related = doc.result.diagnostics.filter((x) => x.code === CODE.sampleArity && x.range.start.line === s.range.start.line);
  const fixes: CodeFix[] = [
    {
      title: `Fix the sample (${data.expectedInputs} input${data.expectedInputs === 1 ? '' : 's'} -> ${data.expectedTargets} target${data.expectedTargets === 1 ? '' : 's'}): ${own.parts.join(', ')}`,
      edits: own.edits,
      isPreferred: true,
      diagnostics: related,
    },
  ];
  // Every sample with the wrong arity, at once.
  const all = doc.result.diagnostics.filter((x) => x.code === CODE.sampleArity);
  const samples = new Map<number, SampleStatement>();
  for (const x of all) {
    const sx = sampleAt(doc, x);
    if (sx) samples.set(sx.range.start.line, sx);
  }
  if (samples.size > 1) {
    const edits = [...samples.values()].flatMap((sx) => arityEdits(sx, data).edits);
    fixes.push({ title: `Fix all ${samples.size} samples with the wrong number of values`, edits, isPreferred: false, diagnostics: all });
  }
  return fixes;
}
