// The formatter's last line of defence: its output must parse to the same statements and
// comments as its input, positions aside (a formatter bug returns the input unchanged).
import type { SyntaxTree } from './ast';
import { WeightLine } from './compact';
import { NumberRow } from './rows';

/** Appends what a syntax-tree value means, positions left out: kinds, words, number texts. */
function describeNode(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    out.push('(');
    for (const v of value) describeNode(v, out);
    out.push(')');
    return;
  }
  if (typeof value !== 'object' || value === null) {
    if (value !== undefined) out.push(String(value));
    return;
  }
  // Compact nodes are described as the plain nodes they stand for (their own fields are positions).
  if (value instanceof WeightLine) {
    const { kind, from, arrow, to, equals, value: number, fixed } = value;
    describeNode({ kind, from, arrow, to, equals, value: number, fixed }, out);
    return;
  }
  if (value instanceof NumberRow) {
    describeNode({ values: value.values }, out);
    return;
  }
  const node = value as Record<string, unknown>;
  if (typeof node.text === 'string') {
    out.push(node.text);
    return;
  }
  if ('start' in node && 'end' in node) {
    out.push('•'); // a keyword or punctuation that is present (`fixed`, `]`)
    return;
  }
  for (const key in node) {
    if (key === 'range' || node[key] === undefined) continue;
    out.push(key);
    describeNode(node[key], out);
  }
}

/** Whether two syntax trees say the same (statements, comments, diagnostic count), positions aside. */
export function sameContent(before: SyntaxTree, after: SyntaxTree): boolean {
  // Invalid statements are compared by their kind only: their text is copied verbatim, and
  // their ranges differ when lines moved. Everything else must match exactly.
  const sig = (t: SyntaxTree): string[] => {
    const out: string[] = [];
    for (const s of t.statements) {
      if (s.kind === 'invalid') out.push('invalid');
      else describeNode(s, out);
    }
    return out;
  };
  const a = sig(before);
  const b = sig(after);
  if (a.length !== b.length || a.some((x, i) => x !== b[i])) return false;
  const ca = before.comments.map((c) => c.text.trimEnd());
  const cb = after.comments.map((c) => c.text.trimEnd());
  if (ca.length !== cb.length || ca.some((x, i) => x !== cb[i])) return false;
  return before.diagnostics.length === after.diagnostics.length;
}
