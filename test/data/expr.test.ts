import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCheck, parseExpr, ScopeError, type Expr, type Scope, type Val, type Vector } from '../../scripts/data/expr.ts';

const rows: Record<string, Record<string, number | null>> = {
  identified: { households: 280, people: 862 },
  lifted2014: { households: 32, people: 112 },
  lifted2015: { households: 31, people: 119 },
  lifted2016: { households: 60, people: 178 },
  remaining: { households: 157, people: 453 },
  unknown: { households: null, people: 5 },
};

const vector = (values: Record<string, number | null>): Vector => ({ keys: Object.keys(values), get: (key) => values[key] ?? null });

const scope: Scope = {
  name(name) {
    if (!rows[name]) throw new ScopeError(`no row “${name}”`);
    return vector(rows[name]);
  },
  member(object: Val, name) {
    if (typeof object !== 'object' || object === null || !object.keys.includes(name)) throw new ScopeError(`no column “${name}”`);
    return object.get(name);
  },
};

function parsed(text: string): Expr {
  const result = parseExpr(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.expr;
}

describe('the expression grammar', () => {
  it('evaluates the issue’s check with Unicode operators', () => {
    const result = evaluateCheck(parsed('remaining.households == identified.households − (lifted2014 + lifted2015 + lifted2016).households'), scope);
    expect(result).toMatchObject({ ok: true, holds: true, left: 157, right: 157 });
  });

  it('compares whole rows column by column and reports each difference', () => {
    const result = evaluateCheck(parsed('remaining == identified − lifted2014 − lifted2015'), scope);
    expect(result).toMatchObject({ ok: true, holds: false });
    expect(result.ok && result.differences).toEqual([
      { key: 'households', left: 157, right: 217 },
      { key: 'people', left: 453, right: 631 },
    ]);
  });

  it('has precedence, parentheses, unary minus, × and ÷', () => {
    expect(evaluate(parsed('1 + 2 × 3'), scope)).toMatchObject({ value: 7 });
    expect(evaluate(parsed('(1 + 2) * 3'), scope)).toMatchObject({ value: 9 });
    expect(evaluate(parsed('-2 - -3'), scope)).toMatchObject({ value: 1 });
    expect(evaluate(parsed('identified.people ÷ identified.households'), scope)).toMatchObject({ value: 862 / 280 });
    expect(evaluate(parsed('(identified - remaining).people / 2'), scope)).toMatchObject({ value: 204.5 });
  });

  it('propagates missing values and never calls a missing value equal', () => {
    expect(evaluate(parsed('unknown.households + 1'), scope)).toMatchObject({ value: null });
    expect(evaluateCheck(parsed('unknown.households == unknown.households'), scope)).toMatchObject({ holds: false });
  });

  it('returns positioned errors instead of throwing', () => {
    expect(parseExpr('a +* b')).toEqual({ ok: false, error: { message: 'expected a name, a number or “(”, found “*”', offset: 3 } });
    expect(parseExpr('(a + b')).toMatchObject({ ok: false, error: { offset: 6 } });
    expect(parseExpr('a == b == c')).toMatchObject({ ok: false, error: { offset: 7 } });
    expect(parseExpr('a ; b')).toMatchObject({ ok: false, error: { message: 'unexpected character “;”', offset: 2 } });
    expect(evaluate(parsed('identified.househols'), scope)).toEqual({ ok: false, error: { message: 'no column “househols”', offset: 0 } });
    expect(evaluate(parsed('1 / (remaining.people - 453)'), scope)).toMatchObject({ ok: false, error: { message: 'division by zero' } });
    expect(evaluateCheck(parsed('remaining.people'), scope)).toMatchObject({ ok: false });
  });

  it('never evaluates JavaScript', () => {
    expect(parseExpr('process.exit(1)')).toMatchObject({ ok: false });
    expect(parseExpr('constructor.constructor("x")')).toMatchObject({ ok: false });
    expect(evaluate(parsed('constructor.prototype'), scope)).toMatchObject({ ok: false });
  });

  it('never throws, whatever the text (property)', () => {
    const alphabet = fc.constantFrom(...'ab12.()+-−*×/÷=<>!≠≤≥ identifiedremaining.households'.split(''), 'identified', 'remaining', '.people', '==', '(', ')');
    const text = fc.oneof(fc.string({ maxLength: 60 }), fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(text, (input) => {
        const result = parseExpr(input);
        if (!result.ok) {
          expect(result.error.offset).toBeGreaterThanOrEqual(0);
          expect(result.error.offset).toBeLessThanOrEqual(input.length);
          expect(result.error.message.length).toBeGreaterThan(0);
          return;
        }
        const evaluated = result.expr.type === 'compare' ? evaluateCheck(result.expr, scope) : evaluate(result.expr, scope);
        if (!evaluated.ok) expect(evaluated.error.offset).toBeLessThanOrEqual(input.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses absurd nesting with a position rather than overflowing the stack', () => {
    expect(parseExpr('('.repeat(500) + '1' + ')'.repeat(500))).toMatchObject({ ok: false, error: { message: expect.stringContaining('nested') } });
    expect(parseExpr('-'.repeat(500) + '1')).toMatchObject({ ok: false });
  });
});
