// The settings lines of a .nnet file checked into the model's settings: `convention`, `loss`
// and `train` (method and options). Unknown words get a "did you mean"; nothing here throws.
import type { Range } from '../types';
import type { DiagnosticKind } from '../diagnostic-codes';
import { quote } from '../diagnostics';
import type { ConventionStatement, Identifier, LossStatement, NumberLiteral, TrainStatement } from '../syntax/ast';
import { CONVENTIONS, LOSSES, TRAIN_METHODS, TRAIN_OPTIONS, isOneOf, nearest, type Convention, type Loss, type TrainMethod } from '../vocabulary';
import type { TrainSettings } from './network';
import type { Report } from './sizes';

/** Data carried by `nnet/unknown-node` and friends for a "did you mean" quick fix. */
export interface UnknownNameData {
  readonly name: string;
  readonly suggestion?: string;
}

/** The `convention` line's word (calculus when there is none or it is unknown). */
export function conventionOf(s: ConventionStatement | undefined, report: Report): Convention {
  if (!s?.value) return 'calculus';
  if (isOneOf(CONVENTIONS, s.value.text)) return s.value.text;
  unknownWord(report, 'unknownConvention', s.value, 'convention', CONVENTIONS);
  return 'calculus';
}

/** The `loss` line's word (mse when there is none or it is unknown). */
export function lossOf(s: LossStatement | undefined, report: Report): Loss {
  if (!s?.value) return 'mse';
  if (isOneOf(LOSSES, s.value.text)) return s.value.text;
  unknownWord(report, 'unknownLoss', s.value, 'loss', LOSSES);
  return 'mse';
}

/** Reports a word that is not one of `known`, with the nearest as a "did you mean". */
export function unknownWord(report: Report, kind: DiagnosticKind, word: Identifier, what: string, known: readonly string[]): void {
  const suggestion = nearest(word.text, known, 3);
  const hint = suggestion ? `did you mean '${suggestion}'?` : `expected one of: ${known.join(', ')}`;
  report(kind, word.range, `unknown ${what} ${quote(word.text)}; ${hint}`, { data: { name: word.text, suggestion } satisfies UnknownNameData });
}

/** The `train` line: its method and options, each option checked against the method's table (TRAIN_OPTIONS). */
export function trainSettingsOf(s: TrainStatement | undefined, report: Report, checkFinite: (n: NumberLiteral, what: string) => boolean): TrainSettings {
  if (!s?.method) return { method: 'backprop', options: {} };
  let method: TrainMethod = 'backprop';
  if (isOneOf(TRAIN_METHODS, s.method.text)) method = s.method.text;
  else {
    unknownWord(report, 'unknownTrainMethod', s.method, 'training method', TRAIN_METHODS);
    return { method, options: {}, range: s.range };
  }
  const specs = TRAIN_OPTIONS[method];
  const options: Record<string, number | true> = {};
  const seen = new Map<string, Range>();
  for (const option of s.options) {
    const name = option.name.text;
    const spec = specs[name];
    if (!spec) {
      const valid = Object.keys(specs);
      const suggestion = nearest(name, valid, 2);
      report(
        'unknownOption',
        option.name.range,
        `${quote(name)} is not an option of ${method}; ${suggestion ? `did you mean '${suggestion}'?` : `valid options: ${valid.join(', ')}`}`,
        { data: { name, suggestion } satisfies UnknownNameData },
      );
      continue;
    }
    const first = seen.get(name);
    if (first) {
      report('optionValue', option.name.range, `option ${quote(name)} is given twice`, { related: [{ range: first, message: 'first given here' }] });
      continue;
    }
    seen.set(name, option.range);
    if (spec.arity === 'flag') {
      if (option.value) report('optionValue', option.value.range, `option ${quote(name)} takes no value`);
      else options[name] = true;
      continue;
    }
    if (!option.value) {
      if (spec.arity === 'optional') options[name] = true;
      else report('optionValue', option.name.range, `option ${quote(name)} needs a number`);
      continue;
    }
    const v = option.value;
    if (!checkFinite(v, `${quote(name)}`)) continue;
    const problem =
      spec.integer && !Number.isInteger(v.value)
        ? 'a whole number'
        : spec.min !== undefined && (spec.exclusiveMin ? v.value <= spec.min : v.value < spec.min)
          ? `${spec.exclusiveMin ? 'greater than' : 'at least'} ${spec.min}`
          : spec.max !== undefined && v.value > spec.max
            ? `at most ${spec.max}`
            : undefined;
    if (problem) {
      report(Number.isInteger(v.value) || !spec.integer ? 'numberRange' : 'optionValue', v.range, `${quote(name)} must be ${problem}, not ${v.text}`);
      continue;
    }
    options[name] = v.value;
  }
  if (seen.has('online') && seen.has('batch')) {
    report('optionValue', seen.get('batch')!, "choose 'online' or 'batch', not both", { related: [{ range: seen.get('online')!, message: "'online' is here" }] });
  }
  return { method, options, range: s.range };
}
