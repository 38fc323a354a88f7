// A small expression language for the debugger's Evaluate, Watch, breakpoint conditions and
// logpoints, in the .nnet file's own names: `delta(H1)`, `w(H1->O1)`, `out(O1) - ideal(O1)`,
// `net`, `delta > 0.01 && grad(H1->O1) < 0`. Parsed by recursive descent and evaluated on a
// tree — never `eval`. Every error carries the 0-based offset where it was found.

/** What a name in an expression refers to. */
export type Reference =
  | { readonly kind: 'current'; readonly quantity: string }
  | { readonly kind: 'node'; readonly quantity: string; readonly node: string }
  | { readonly kind: 'weight'; readonly quantity: string; readonly from: string; readonly to: string };

/** Looks up values for the evaluator: a number, or a message saying why there is none. */
export interface EvaluationContext {
  resolve(reference: Reference): number | { readonly error: string; readonly pending?: boolean };
}

export type Value = number | boolean;

/** `pending`: the expression names a quantity the training step has not computed yet. */
export type EvaluationResult = { readonly ok: true; readonly value: Value } | { readonly ok: false; readonly error: string; readonly offset: number; readonly pending?: boolean };

/** Quantities of a node (`delta(H1)`) and their accepted spellings. */
const NODE_QUANTITIES: Readonly<Record<string, string>> = {
  net: 'net',
  out: 'out',
  fprime: 'fprime',
  "f'": 'fprime',
  'f′': 'fprime',
  delta: 'delta',
  δ: 'delta',
  ideal: 'ideal',
  target: 'ideal',
  input: 'out',
};

/** Quantities of a weight (`w(H1->O1)`). */
const WEIGHT_QUANTITIES: Readonly<Record<string, string>> = {
  w: 'w',
  weight: 'w',
  grad: 'grad',
  g: 'grad',
  gradient: 'grad',
  dw: 'dw',
  Δw: 'dw',
  next: 'next',
};

/** Bare names: the current node's or weight's quantity, or the sample's error. */
const BARE: Readonly<Record<string, string>> = { ...NODE_QUANTITIES, ...WEIGHT_QUANTITIES, E: 'E', error: 'E', loss: 'E' };

const FUNCTIONS: Readonly<Record<string, { arity: [number, number]; apply: (args: number[]) => number }>> = {
  abs: { arity: [1, 1], apply: (a) => Math.abs(a[0]) },
  exp: { arity: [1, 1], apply: (a) => Math.exp(a[0]) },
  ln: { arity: [1, 1], apply: (a) => Math.log(a[0]) },
  log: { arity: [1, 1], apply: (a) => Math.log(a[0]) },
  sqrt: { arity: [1, 1], apply: (a) => Math.sqrt(a[0]) },
  sign: { arity: [1, 1], apply: (a) => Math.sign(a[0]) },
  min: { arity: [2, 2], apply: (a) => Math.min(a[0], a[1]) },
  max: { arity: [2, 2], apply: (a) => Math.max(a[0], a[1]) },
};

/** Longest expression accepted (bounded time and memory). */
export const MAX_EXPRESSION_LENGTH = 1000;
const MAX_DEPTH = 64;

type Token = { kind: 'number'; value: number; at: number; end: number } | { kind: 'name'; text: string; at: number; end: number } | { kind: 'op'; text: string; at: number; end: number } | { kind: 'end'; at: number; end: number };

class EvaluationError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly pending = false,
  ) {
    super(message);
  }
}

const OPERATORS = ['->', '→', '<=', '>=', '==', '!=', '&&', '||', '<', '>', '+', '-', '−', '*', '·', '×', '/', '^', '(', ')', ',', '!'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const number = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    // Names: letters, digits, `_`, `.`, and the primes/Greek letters the notation uses (f′, δ, Δw).
    const name = /^[A-Za-z_δΔ][A-Za-z0-9_.δΔ]*['′]?/.exec(text.slice(i, i + 256));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new EvaluationError(`unexpected character '${c}'`, i);
    tokens.push({ kind: 'op', text: op, at: i, end: i + op.length });
    i += op.length;
  }
  tokens.push({ kind: 'end', at: text.length, end: text.length });
  return tokens;
}

type Expr =
  | { kind: 'number'; value: number }
  | { kind: 'ref'; reference: Reference; at: number }
  | { kind: 'call'; name: string; args: Expr[]; at: number }
  | { kind: 'unary'; op: string; operand: Expr }
  | { kind: 'binary'; op: string; left: Expr; right: Expr };

const PRECEDENCE: Readonly<Record<string, number>> = { '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '−': 5, '*': 6, '·': 6, '×': 6, '/': 6 };

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }
  private expect(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) throw new EvaluationError(`expected ${what}`, t.at);
    this.i++;
    return t;
  }

  parseAll(): Expr {
    if (this.peek().kind === 'end') throw new EvaluationError('empty expression', 0);
    const e = this.binary(1);
    const t = this.peek();
    if (t.kind !== 'end') throw new EvaluationError(`unexpected '${t.kind === 'name' ? t.text : t.kind === 'op' ? t.text : String(t.kind === 'number' ? t.value : '')}'`, t.at);
    return e;
  }

  private binary(min: number): Expr {
    let left = this.unary();
    for (;;) {
      const t = this.peek();
      const p = t.kind === 'op' ? PRECEDENCE[t.text] : undefined;
      if (p === undefined || p < min) return left;
      this.i++;
      const right = this.binary(p + 1);
      left = { kind: 'binary', op: (t as { text: string }).text, left, right };
    }
  }

  private unary(): Expr {
    if (++this.depth > MAX_DEPTH) throw new EvaluationError('expression nested too deeply', this.peek().at);
    try {
      const t = this.peek();
      if (t.kind === 'op' && (t.text === '-' || t.text === '−' || t.text === '!' || t.text === '+')) {
        this.i++;
        return { kind: 'unary', op: t.text, operand: this.unary() };
      }
      return this.power();
    } finally {
      this.depth--;
    }
  }

  private power(): Expr {
    const base = this.primary();
    if (!this.isOp('^')) return base;
    this.i++;
    // Right-associative and binding tighter than a leading minus on its exponent.
    return { kind: 'binary', op: '^', left: base, right: this.unary() };
  }

  private primary(): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.i++;
      return { kind: 'number', value: t.value };
    }
    if (t.kind === 'op' && t.text === '(') {
      this.i++;
      const e = this.binary(1);
      this.expect(')', "')'");
      return e;
    }
    if (t.kind !== 'name') throw new EvaluationError(t.kind === 'end' ? 'expression ends too early' : `unexpected '${t.kind === 'op' ? t.text : ''}'`, t.at);
    this.i++;
    if (!this.isOp('(')) {
      const quantity = BARE[t.text];
      if (!quantity) throw new EvaluationError(`unknown name '${t.text}' (try net, out, fprime, delta, ideal, w, grad, dw, E, or delta(NODE), w(FROM->TO))`, t.at);
      return { kind: 'ref', reference: { kind: 'current', quantity }, at: t.at };
    }
    this.i++;
    if (FUNCTIONS[t.text]) {
      const args: Expr[] = [this.binary(1)];
      while (this.isOp(',')) {
        this.i++;
        args.push(this.binary(1));
      }
      this.expect(')', "')' after the arguments");
      const [lo, hi] = FUNCTIONS[t.text].arity;
      if (args.length < lo || args.length > hi) throw new EvaluationError(`${t.text} takes ${lo === hi ? lo : `${lo} to ${hi}`} argument${hi === 1 ? '' : 's'}`, t.at);
      return { kind: 'call', name: t.text, args, at: t.at };
    }
    const node = this.peek();
    if (node.kind !== 'name') throw new EvaluationError(`expected a node name after '${t.text}('`, node.at);
    this.i++;
    if (this.isOp('->') || this.isOp('→')) {
      this.i++;
      const to = this.peek();
      if (to.kind !== 'name') throw new EvaluationError(`expected the destination node after '->'`, to.at);
      this.i++;
      this.expect(')', "')'");
      const quantity = WEIGHT_QUANTITIES[t.text];
      if (!quantity) throw new EvaluationError(`'${t.text}' is not a weight quantity (use w, grad or dw)`, t.at);
      return { kind: 'ref', reference: { kind: 'weight', quantity, from: node.text, to: to.text }, at: t.at };
    }
    this.expect(')', "')' (or '->' for a weight)");
    const quantity = NODE_QUANTITIES[t.text];
    if (!quantity) throw new EvaluationError(`'${t.text}' is not a node quantity (use net, out, fprime, delta or ideal)`, t.at);
    return { kind: 'ref', reference: { kind: 'node', quantity, node: node.text }, at: t.at };
  }
}

function num(v: Value): number {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}

function run(e: Expr, context: EvaluationContext): Value {
  switch (e.kind) {
    case 'number':
      return e.value;
    case 'ref': {
      const v = context.resolve(e.reference);
      if (typeof v !== 'number') throw new EvaluationError(v.error, e.at, v.pending === true);
      return v;
    }
    case 'call':
      return FUNCTIONS[e.name].apply(e.args.map((a) => num(run(a, context))));
    case 'unary': {
      const v = run(e.operand, context);
      if (e.op === '!') return !truthy(v);
      return e.op === '+' ? num(v) : -num(v);
    }
    case 'binary': {
      if (e.op === '&&') return truthy(run(e.left, context)) && truthy(run(e.right, context));
      if (e.op === '||') return truthy(run(e.left, context)) || truthy(run(e.right, context));
      const a = num(run(e.left, context));
      const b = num(run(e.right, context));
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
        case '−':
          return a - b;
        case '*':
        case '·':
        case '×':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return Math.pow(a, b);
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        case '==':
          return a === b;
        default:
          return a !== b;
      }
    }
  }
}

export function truthy(v: Value): boolean {
  return typeof v === 'boolean' ? v : v !== 0 && !Number.isNaN(v);
}

/** Parses and evaluates `text`; never throws. */
export function evaluateExpression(text: string, context: EvaluationContext): EvaluationResult {
  if (text.length > MAX_EXPRESSION_LENGTH) return { ok: false, error: `expression longer than ${MAX_EXPRESSION_LENGTH} characters`, offset: MAX_EXPRESSION_LENGTH };
  try {
    const tree = new Parser(tokenize(text)).parseAll();
    return { ok: true, value: run(tree, context) };
  } catch (e) {
    if (e instanceof EvaluationError) return e.pending ? { ok: false, error: e.message, offset: e.offset, pending: true } : { ok: false, error: e.message, offset: e.offset };
    return { ok: false, error: String(e instanceof Error ? e.message : e), offset: 0 };
  }
}

/** `error at column N: message` (1-based column), the form the adapter shows. */
export function describeEvaluationError(result: { error: string; offset: number }): string {
  return `${result.error} (at column ${result.offset + 1})`;
}
