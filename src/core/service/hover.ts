// Hover documentation for the words of the language: statement keywords, activations, losses,
// conventions, init methods, training methods and options, and the in-statement words (`bias`,
// `fixed`, `init`, `seed`, `inputs`, `targets`). Nothing on weight lines and nothing on node or
// layer names: those hovers show numbers and belong to the gradient explainer.
import type { Position, Range } from '../types';
import { CONVENTIONS, INIT_METHODS, LOSSES, TRAIN_METHODS, TRAIN_OPTIONS, isOneOf, ACTIVATIONS, type TrainMethod } from '../vocabulary';
import type { Statement } from '../syntax/ast';
import { statementAt, type ServiceDocument } from './document';
import {
  ACTIVATION_DOCS,
  CONTEXT_DOCS,
  CONVENTION_DOCS,
  INIT_DOCS,
  KEYWORD_DOCS,
  LOSS_DOCS,
  TRAIN_METHOD_DOCS,
  hoverMarkdown,
  methodsWithOption,
  optionDoc,
  type StatementKeyword,
} from './docs';
import { containsPosition } from './text';

export interface HoverInfo {
  /** The word hovered. */
  readonly range: Range;
  readonly markdown: string;
}

/** The documentation for the word at `p`, or undefined (also on weight lines and names). */
export function hoverAt(doc: ServiceDocument, p: Position): HoverInfo | undefined {
  const s = statementAt(doc, p.line);
  if (!s || s.kind === 'weight' || s.kind === 'invalid') return undefined;
  const at = (r: Range | undefined): r is Range => !!r && containsPosition(r, p);
  if (at(s.keyword)) {
    const keyword = (s.kind === 'data' && s.role !== 'train' ? s.role : s.kind) as StatementKeyword;
    return { range: s.keyword, markdown: hoverMarkdown(keyword, 'statement', KEYWORD_DOCS[keyword]) };
  }
  return wordHover(s, at);
}

function wordHover(s: Statement, at: (r: Range | undefined) => r is Range): HoverInfo | undefined {
  switch (s.kind) {
    case 'convention':
      if (at(s.value?.range) && isOneOf(CONVENTIONS, s.value.text)) {
        return { range: s.value.range, markdown: hoverMarkdown(s.value.text, 'convention', CONVENTION_DOCS[s.value.text]) };
      }
      return undefined;
    case 'loss':
      if (at(s.value?.range) && isOneOf(LOSSES, s.value.text)) {
        return { range: s.value.range, markdown: hoverMarkdown(s.value.text, 'loss', LOSS_DOCS[s.value.text]) };
      }
      return undefined;
    case 'layer':
      if (at(s.activation?.range) && isOneOf(ACTIVATIONS, s.activation.text)) {
        return { range: s.activation.range, markdown: hoverMarkdown(s.activation.text, 'activation', ACTIVATION_DOCS[s.activation.text]) };
      }
      if (at(s.bias?.keyword)) return { range: s.bias.keyword, markdown: hoverMarkdown('bias', 'bias node', CONTEXT_DOCS.bias) };
      return undefined;
    case 'weights': {
      if (at(s.fixed)) return { range: s.fixed, markdown: hoverMarkdown('fixed', 'modifier', CONTEXT_DOCS.fixed) };
      const v = s.value;
      if (v.kind !== 'init') return undefined;
      if (at(v.keyword)) return { range: v.keyword, markdown: hoverMarkdown('init', 'initialiser', CONTEXT_DOCS.init) };
      if (at(v.method.range) && isOneOf(INIT_METHODS, v.method.text)) {
        return { range: v.method.range, markdown: hoverMarkdown(v.method.text, 'init method', INIT_DOCS[v.method.text]) };
      }
      if (at(v.seed?.keyword)) return { range: v.seed.keyword, markdown: hoverMarkdown('seed', 'initialiser seed', CONTEXT_DOCS.seed) };
      return undefined;
    }
    case 'train': {
      if (at(s.method?.range) && isOneOf(TRAIN_METHODS, s.method.text)) {
        return { range: s.method.range, markdown: hoverMarkdown(s.method.text, 'training method', TRAIN_METHOD_DOCS[s.method.text]) };
      }
      const option = s.options.find((o) => at(o.name.range));
      if (!option) return undefined;
      const name = option.name.text;
      const method: TrainMethod | undefined = s.method && isOneOf(TRAIN_METHODS, s.method.text) ? s.method.text : undefined;
      if (method && TRAIN_OPTIONS[method][name]) {
        return { range: option.name.range, markdown: hoverMarkdown(name, `${method} option`, optionDoc(method, name)!) };
      }
      // Not an option of this method (a diagnostic says so): still explain the word, and where it belongs.
      const owners = methodsWithOption(name);
      if (owners.length === 0) return undefined;
      const doc = optionDoc(owners[0], name)!;
      const note = method ? `\n\n*Not an option of \`${method}\`; it belongs to ${owners.map((m) => `\`${m}\``).join(', ')}.*` : '';
      return { range: option.name.range, markdown: hoverMarkdown(name, 'training option', { ...doc, body: doc.body + note }) };
    }
    case 'data':
      if (at(s.inputs?.keyword)) return { range: s.inputs.keyword, markdown: hoverMarkdown('inputs', 'data columns', CONTEXT_DOCS.inputs) };
      if (at(s.targets?.keyword)) return { range: s.targets.keyword, markdown: hoverMarkdown('targets', 'data columns', CONTEXT_DOCS.targets) };
      if (at(s.labels?.keyword)) return { range: s.labels.keyword, markdown: hoverMarkdown('labels', 'class labels', CONTEXT_DOCS.labels) };
      if (at(s.scale?.keyword)) return { range: s.scale.keyword, markdown: hoverMarkdown('scale', 'input scaling', CONTEXT_DOCS.scale) };
      if (at(s.split?.keyword)) return { range: s.split.keyword, markdown: hoverMarkdown('split', 'held-out share', CONTEXT_DOCS.split) };
      return undefined;
    default:
      return undefined;
  }
}
