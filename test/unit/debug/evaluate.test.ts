// The debugger's expression language: names of the .nnet file, arithmetic, comparisons, and
// errors with the column where they were found.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluateExpression, MAX_EXPRESSION_LENGTH, type EvaluationContext, type Reference } from '../../../src/core/debug';

const VALUES: Record<string, number> = {
  'node delta H1': -0.25,
  'node out O1': 0.75,
  'node ideal O1': 1,
  'node net H2': 1.04,
  'weight w H1 O1': -0.22,
  'weight grad H1 O1': 0.0167,
  'current net': 2,
  'current delta': 0.02,
  'current E': 0.03,
};

const context: EvaluationContext = {
  resolve(r: Reference) {
    const key = r.kind === 'current' ? `current ${r.quantity}` : r.kind === 'node' ? `node ${r.quantity} ${r.node}` : `weight ${r.quantity} ${r.from} ${r.to}`;
    return key in VALUES ? VALUES[key] : { error: `no ${key}` };
  },
};

function value(text: string): number | boolean {
  const r = evaluateExpression(text, context);
  assert.ok(r.ok, `${text}: ${JSON.stringify(r)}`);
  return r.value;
}

function failure(text: string): { error: string; offset: number } {
  const r = evaluateExpression(text, context);
  assert.ok(!r.ok, `${text} should fail, gave ${JSON.stringify(r)}`);
  return { error: r.error, offset: r.offset };
}

describe('debug: expressions', () => {
  it('reads the language\u2019s names', () => {
    assert.equal(value('delta(H1)'), -0.25);
    assert.equal(value('δ(H1)'), -0.25);
    assert.equal(value('w(H1->O1)'), -0.22);
    assert.equal(value('w(H1→O1)'), -0.22);
    assert.equal(value('grad(H1 -> O1)'), 0.0167);
    assert.equal(value('g(H1->O1)'), 0.0167);
    assert.equal(value('out(O1) - ideal(O1)'), 0.75 - 1);
    assert.equal(value('target(O1)'), 1);
    assert.equal(value('net'), 2);
    assert.equal(value('E'), 0.03);
  });

  it('computes with precedence, associativity and functions', () => {
    assert.equal(value('1 + 2 * 3'), 7);
    assert.equal(value('(1 + 2) * 3'), 9);
    assert.equal(value('2 ^ 3 ^ 2'), 512);
    assert.equal(value('-2 ^ 2'), -4);
    assert.equal(value('8 / 4 / 2'), 1);
    assert.equal(value('10 - 4 - 3'), 3);
    assert.equal(value('abs(delta(H1)) * 2'), 0.5);
    assert.equal(value('max(1, min(5, 3))'), 3);
    assert.equal(value('1.5e-3 * 1000'), 1.5);
    assert.equal(value('net(H2) × 2'), 2.08);
  });

  it('compares and combines conditions', () => {
    assert.equal(value('delta > 0.01'), true);
    assert.equal(value('delta > 0.05'), false);
    assert.equal(value('delta > 0.01 && delta(H1) < 0'), true);
    assert.equal(value('delta > 0.05 || !(net == 3)'), true);
    assert.equal(value('net != 2'), false);
    // && short-circuits: the unknown name on the right is never looked up.
    assert.equal(value('net > 5 && delta(nope) > 0'), false);
  });

  it('reports errors with the column', () => {
    assert.deepEqual(failure('delta(H1) + '), { error: 'expression ends too early', offset: 12 });
    assert.equal(failure('1 + $').offset, 4);
    assert.equal(failure('foo + 1').offset, 0);
    assert.match(failure('foo + 1').error, /unknown name 'foo'/);
    assert.equal(failure('delta(H1').offset, 8);
    assert.match(failure('w(H1)').error, /not a node quantity/);
    assert.match(failure('delta(H1->O1)').error, /not a weight quantity/);
    assert.deepEqual(failure('1 + delta(X9)'), { error: 'no node delta X9', offset: 4 });
    assert.equal(failure('').error, 'empty expression');
    assert.equal(failure('1 2').offset, 2);
    assert.match(failure('abs(1, 2)').error, /takes 1 argument/);
    assert.match(failure('x'.repeat(MAX_EXPRESSION_LENGTH + 1)).error, /longer than/);
    assert.match(failure('('.repeat(200) + '1' + ')'.repeat(200)).error, /nested too deeply/);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const r = evaluateExpression(text, context);
        assert.ok(r.ok || (r.offset >= 0 && r.offset <= text.length && r.error.length > 0));
      }),
      { numRuns: 500 },
    );
  });
});
