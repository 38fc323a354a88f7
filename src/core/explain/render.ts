// Derivations to Markdown (hovers) and plain text (CLI). Presentation only: every number
// comes from the derivation data.
import type { Derivation, NextUpdate, NodeDerivation, Step, Term, WeightDerivation } from './derivation';
import { formatNumber } from './format-number';
import { pushAll } from '../arrays';

export interface RenderOptions {
  /** Significant digits. */
  readonly precision?: number;
  /** `brief`: the formula line and the meaning; `full`: everything. */
  readonly detail?: 'brief' | 'full';
}

type Style = 'markdown' | 'text';

function fmt(value: number, options: RenderOptions): string {
  return formatNumber(value, options.precision ?? 5);
}

/** `0.04523 × 0.37052`, with negative factors in parentheses. */
function substituted(step: Step, o: RenderOptions): string {
  const v = (t: Term): string => {
    const s = fmt(t.value, o);
    return t.value < 0 ? `(${s})` : s;
  };
  const t = step.terms;
  switch (step.combine) {
    case 'product':
      return t.map(v).join(' × ');
    case 'product-minus':
      return `${v(t[0])} × ${v(t[1])} − ${v(t[2])}`;
    case 'difference-of-product':
      return `${v(t[0])} − ${v(t[1])} × ${v(t[2])}`;
    case 'difference':
      return `${v(t[0])} − ${v(t[1])}`;
    case 'negated-difference':
      return `−(${v(t[0])} − ${v(t[1])})`;
    case 'difference-product':
      return `(${v(t[0])} − ${v(t[1])}) × ${v(t[2])}`;
    case 'negated-difference-product':
      return `−(${v(t[0])} − ${v(t[1])}) × ${v(t[2])}`;
    case 'sum-of-products-times': {
      const pairs: string[] = [];
      for (let i = 1; i + 1 < t.length; i += 2) pairs.push(`${v(t[i])} × ${v(t[i + 1])}`);
      return `${v(t[0])} × (${pairs.join(' + ')})`;
    }
  }
}

export function renderStep(step: Step, options: RenderOptions = {}): string {
  return `${step.symbol} = ${step.formula} = ${substituted(step, options)} = ${fmt(step.value, options)}`;
}

function code(s: string, style: Style): string {
  return style === 'markdown' ? `\`${s}\`` : s;
}

function bold(s: string, style: Style): string {
  return style === 'markdown' ? `**${s}**` : s;
}

function conventionLine(d: Derivation, o: RenderOptions, style: Style): string {
  const c = d.convention;
  return `${bold('Convention', style)}: ${c.convention}. ${c.relation} In the ${c.otherConvention} convention this value is ${fmt(c.otherValue, o)}.`;
}

function nextLine(n: NextUpdate, o: RenderOptions, style: Style): string {
  if (n.fixed) return `${bold('Next update', style)}: none — this weight is \`fixed\`.`.replace(/`/g, style === 'markdown' ? '`' : '');
  const basis = n.basis === 'sample' ? 'this sample' : 'the whole batch';
  const terms = n.terms.map((t) => `${t.symbol} = ${fmt(t.value, o)}`).join(', ');
  return `${bold(`Next update (${n.method}, from ${basis})`, style)}: ${code(n.formula, style)} with ${terms} → Δw = ${fmt(n.deltaW, o)}, w becomes ${fmt(n.newValue, o)}.`;
}

function renderWeight(d: WeightDerivation, o: RenderOptions, style: Style): string[] {
  const lines: string[] = [];
  const title = `${d.convention.convention === 'heaton' ? 'Gradient g' : '∂E/∂w'} of ${d.from} → ${d.to} = ${fmt(d.gradient, o)}`;
  lines.push(`${bold(title, style)} (sample ${d.sample + 1}, weight ${fmt(d.value, o)})`);
  lines.push('');
  for (const step of d.steps) lines.push(code(renderStep(step, o), style));
  const m = d.meaning;
  const calculus = d.convention.convention === 'heaton' ? -d.gradient : d.gradient;
  lines.push('');
  const factor = calculus < 0 ? `(${fmt(calculus, o)})` : fmt(calculus, o);
  lines.push(
    `${bold('Meaning', style)}: nudging this weight by +${fmt(m.nudge, o)} changes E by about ${fmt(m.nudge, o)} × ∂E/∂w = ${fmt(m.nudge, o)} × ${factor} = ${fmt(m.predicted, o)}` +
      (m.actual !== undefined ? ` (re-running the network gives ${fmt(m.actual, o)}).` : '.'),
  );
  if (o.detail === 'brief') return lines;
  if (d.via && d.via.steps.length) {
    lines.push('');
    lines.push(`${bold(`Where δ(${d.to}) comes from`, style)}:`);
    pushAll(lines, renderNodeSteps(d.via, o, style));
  }
  lines.push('');
  lines.push(nextLine(d.next, o, style));
  lines.push('');
  lines.push(conventionLine(d, o, style));
  return lines;
}

function renderNodeSteps(d: NodeDerivation, o: RenderOptions, style: Style): string[] {
  const lines = d.steps.map((s) => code(renderStep(s, o), style));
  if (d.feeders.length > 1) {
    const parts = d.feeders.map((f) => `${f.node}: ${fmt(f.weight, o)} × ${fmt(f.delta, o)} = ${fmt(f.product, o)}`);
    lines.push(`fed by ${parts.join('; ')}`);
  }
  if (d.textbook) {
    const percent = `${d.textbook.relativeDifference > 0 ? '+' : '−'}${formatNumber(Math.abs(100 * d.textbook.relativeDifference), 2)} %`;
    lines.push(
      `${bold('By hand', style)}: rounding each hidden output to ${d.textbook.places} decimals, as worked examples do, gives δ(${d.node}) = ${fmt(d.textbook.delta, o)} (${percent}); the value above is exact.`,
    );
  }
  return lines;
}

function renderNode(d: NodeDerivation, o: RenderOptions, style: Style): string[] {
  const lines: string[] = [];
  lines.push(`${bold(`Node ${d.node}`, style)} (${d.layer} layer, sample ${d.sample + 1}, ${d.activation.name})`);
  lines.push('');
  const values = `net = ${fmt(d.net, o)}, out = ${fmt(d.out, o)}, f′ = ${fmt(d.fprime, o)}, δ = ${fmt(d.delta, o)}`;
  lines.push(style === 'markdown' ? `\`${values}\`` : values);
  if (d.layer === 'input') {
    lines.push('');
    lines.push('An input node passes its value through; it has no δ of its own.');
    return lines;
  }
  lines.push('');
  pushAll(lines, renderNodeSteps(d, o, style));
  lines.push('');
  lines.push(`${bold('Meaning', style)}: raising ${d.node}'s net input by ${fmt(d.meaning.nudge, o)} changes E by about ${fmt(d.meaning.predicted, o)}.`);
  if (o.detail === 'brief') return lines;
  lines.push('');
  lines.push(`${bold('Activation', style)}: out = ${d.activation.f}, f′ = ${d.activation.fprime}.`);
  lines.push('');
  lines.push(conventionLine(d, o, style));
  return lines;
}

function render(d: Derivation, o: RenderOptions, style: Style): string {
  const lines = d.kind === 'weight' ? renderWeight(d, o, style) : renderNode(d, o, style);
  return lines.join(style === 'markdown' ? '\n\n' : '\n').replace(/\n{3,}/g, '\n\n');
}

export function renderMarkdown(d: Derivation, options: RenderOptions = {}): string {
  return render(d, options, 'markdown');
}

export function renderText(d: Derivation, options: RenderOptions = {}): string {
  return render(d, options, 'text');
}
