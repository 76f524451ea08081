/**
 * The tiny expression language of computed rows, computed columns and checks:
 * names, numbers, + − × ÷, parentheses, `.column` and one comparison at the top.
 *
 *   remaining.households == identified.households − (lifted2014 + lifted2015 + lifted2016).households
 *
 * A name is a row (a vector over the numeric columns) or, in a computed column, a column of the
 * current row. Nothing here evaluates JavaScript; parse and evaluate never throw on bad input —
 * they return an error with its offset in the text.
 */
import { say } from '../report/messages.ts';

export type Operator = '+' | '-' | '*' | '/';
export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

interface Span {
  /** Offsets into the expression text, 0-based, end exclusive. */
  start: number;
  end: number;
}

export type Expr =
  | ({ type: 'number'; value: number } & Span)
  | ({ type: 'name'; name: string } & Span)
  | ({ type: 'member'; object: Expr; name: string } & Span)
  | ({ type: 'negate'; argument: Expr } & Span)
  | ({ type: 'binary'; operator: Operator; left: Expr; right: Expr } & Span)
  | ({ type: 'compare'; operator: Comparison; left: Expr; right: Expr } & Span);

export interface ExprError {
  message: string;
  /** 0-based offset into the expression text. */
  offset: number;
}

export type Result<T> = ({ ok: true } & T) | { ok: false; error: ExprError };

const MAX_LENGTH = 2000;
const MAX_DEPTH = 64;

// ---------------------------------------------------------------- tokens

type Token = { kind: 'number'; value: number; text: string } | { kind: 'name' | 'op' | 'end'; text: string };
type Positioned = Token & Span;

/** Unicode and ASCII spellings of the same operator. */
const operatorSpellings: Record<string, string> = {
  '+': '+', '-': '-', '−': '-', '–': '-', '*': '*', '×': '*', '/': '/', '÷': '/',
  '(': '(', ')': ')', '（': '(', '）': ')', '.': '.',
  '==': '==', '=': '==', '!=': '!=', '≠': '!=', '<': '<', '<=': '<=', '≤': '<=', '>': '>', '>=': '>=', '≥': '>=',
};

const numberPattern = /\d+(?:\.\d+)?/y;
const namePattern = /[\p{L}_][\p{L}\p{N}_]*/uy;
const spacePattern = /\s+/y;

function tokenize(text: string): Result<{ tokens: Positioned[] }> {
  const tokens: Positioned[] = [];
  let at = 0;
  while (at < text.length) {
    const space = match(spacePattern, text, at);
    if (space) {
      at += space.length;
      continue;
    }
    const number = match(numberPattern, text, at);
    const name = number ? undefined : match(namePattern, text, at);
    const two = text.slice(at, at + 2);
    const op = operatorSpellings[two] && two.length === 2 ? two : operatorSpellings[text[at]] ? text[at] : undefined;
    if (number) tokens.push({ kind: 'number', value: Number(number), text: number, start: at, end: at + number.length });
    else if (name) tokens.push({ kind: 'name', text: name, start: at, end: at + name.length });
    else if (op) tokens.push({ kind: 'op', text: operatorSpellings[op], start: at, end: at + op.length });
    else return fail(say('expr-character', { char: String.fromCodePoint(text.codePointAt(at)!) }), at);
    at = tokens[tokens.length - 1].end;
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return { ok: true, tokens };
}

function match(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}

// ---------------------------------------------------------------- parser

class ParseFailure {
  constructor(readonly error: ExprError) {}
}

/** Parses one expression: either the tree or the first error with its offset. */
export function parseExpr(text: string): Result<{ expr: Expr }> {
  if (text.length > MAX_LENGTH) return fail(say('expr-too-long', { max: MAX_LENGTH }), MAX_LENGTH);
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  const parser = new Parser(lexed.tokens);
  try {
    const expr = parser.comparison();
    parser.expectEnd();
    return { ok: true, expr };
  } catch (failure) {
    if (failure instanceof ParseFailure) return { ok: false, error: failure.error };
    throw failure;
  }
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Positioned[]) {}

  comparison(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token.kind !== 'op' || !isComparison(token.text)) return left;
    this.index++;
    const right = this.additive();
    if (this.peek().kind === 'op' && isComparison(this.peek().text)) this.error(say('expr-one-comparison'));
    return { type: 'compare', operator: token.text, left, right, start: left.start, end: right.end };
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') this.error(token.text === ')' ? say('expr-unopened') : say('expr-unexpected', { token: token.text }));
  }

  private additive(): Expr {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const operator = this.next().text as Operator;
      const right = this.multiplicative();
      left = { type: 'binary', operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private multiplicative(): Expr {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const operator = this.next().text as Operator;
      const right = this.unary();
      left = { type: 'binary', operator, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Expr {
    if (!this.isOp('-')) return this.postfix();
    const start = this.next().start;
    const argument = this.nested(() => this.unary());
    return { type: 'negate', argument, start, end: argument.end };
  }

  private postfix(): Expr {
    let object = this.primary();
    while (this.isOp('.')) {
      this.index++;
      const name = this.next();
      if (name.kind !== 'name') this.error(say('expr-column-after-dot'), name);
      object = { type: 'member', object, name: name.text, start: object.start, end: name.end };
    }
    return object;
  }

  private primary(): Expr {
    const token = this.next();
    if (token.kind === 'number') return { type: 'number', value: token.value, start: token.start, end: token.end };
    if (token.kind === 'name') return { type: 'name', name: token.text, start: token.start, end: token.end };
    if (token.kind === 'op' && token.text === '(') {
      const inner = this.nested(() => this.additive());
      const close = this.next();
      if (close.kind !== 'op' || close.text !== ')') this.error(say('expr-unclosed'), close);
      return { ...inner, start: token.start, end: close.end };
    }
    return this.error(token.kind === 'end' ? say('expr-ends-early') : say('expr-expected-operand', { token: token.text }), token);
  }

  private nested(parse: () => Expr): Expr {
    if (++this.depth > MAX_DEPTH) this.error(say('expr-too-deep', { max: MAX_DEPTH }));
    const expr = parse();
    this.depth--;
    return expr;
  }

  private isOp(text: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.text === text;
  }

  private peek(): Positioned {
    return this.tokens[this.index];
  }

  private next(): Positioned {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private error(message: string, token: Positioned = this.peek()): never {
    throw new ParseFailure({ message, offset: token.start });
  }
}

function isComparison(text: string): text is Comparison {
  return ['==', '!=', '<', '<=', '>', '>='].includes(text);
}

// ---------------------------------------------------------------- evaluation

/** A row as a value: a number (or nothing) per numeric column. */
export interface Vector {
  keys: readonly string[];
  get(key: string): number | null;
}

export type Val = number | null | Vector;

/** What names mean: supplied by the caller (a data set, a row of it). Throw ScopeError for an unknown name. */
export interface Scope {
  name(name: string): Val;
  member(object: Val, name: string): Val;
}

/** Thrown by a Scope; evaluate turns it into an error at the offending name. */
export class ScopeError extends Error {}

class EvalFailure {
  constructor(readonly error: ExprError) {}
}

export function isVector(value: Val): value is Vector {
  return typeof value === 'object' && value !== null;
}

/** Evaluates an arithmetic expression (no comparison). */
export function evaluate(expr: Expr, scope: Scope): Result<{ value: Val }> {
  return guard(() => {
    if (expr.type === 'compare') throw new EvalFailure({ message: say('expr-comparison-in-formula'), offset: expr.start });
    return { value: evaluateNode(expr, scope) };
  });
}

export interface Difference {
  /** The column compared, for rows compared as a whole. */
  key?: string;
  left: number | null;
  right: number | null;
}

/** Evaluates a check: a comparison whose both sides are reported. */
export function evaluateCheck(expr: Expr, scope: Scope): Result<{ holds: boolean; left: Val; right: Val; differences: Difference[] }> {
  return guard(() => {
    if (expr.type !== 'compare') throw new EvalFailure({ message: say('expr-check-compares'), offset: expr.end });
    const left = evaluateNode(expr.left, scope);
    const right = evaluateNode(expr.right, scope);
    const differences = pairs(left, right).filter(({ left: a, right: b }) => a === null || b === null || !compare(expr.operator, a, b));
    return { holds: differences.length === 0, left, right, differences };
  });
}

function guard<T>(run: () => T): Result<T> {
  try {
    return { ok: true, ...run() };
  } catch (failure) {
    if (failure instanceof EvalFailure) return { ok: false, error: failure.error };
    // A row's cells are read lazily, so a scope may still complain while rows are compared.
    if (failure instanceof ScopeError) return { ok: false, error: { message: failure.message, offset: 0 } };
    throw failure;
  }
}

function evaluateNode(expr: Expr, scope: Scope): Val {
  switch (expr.type) {
    case 'number':
      return expr.value;
    case 'name':
      return atNode(expr, () => scope.name(expr.name));
    case 'member': {
      const object = evaluateNode(expr.object, scope);
      return atNode(expr, () => scope.member(object, expr.name));
    }
    case 'negate': {
      const argument = evaluateNode(expr.argument, scope);
      return atNode(expr, () => combine(-1, argument, '*', expr));
    }
    case 'binary': {
      const left = evaluateNode(expr.left, scope);
      const right = evaluateNode(expr.right, scope);
      return atNode(expr, () => combine(left, right, expr.operator, expr));
    }
    case 'compare':
      throw new EvalFailure({ message: say('expr-comparison-in-sum'), offset: expr.start });
  }
}

function atNode(expr: Expr, run: () => Val): Val {
  try {
    return run();
  } catch (error) {
    if (error instanceof ScopeError) throw new EvalFailure({ message: error.message, offset: expr.start });
    throw error;
  }
}

function combine(left: Val, right: Val, operator: Operator, expr: Expr): Val {
  if (!isVector(left) && !isVector(right)) return arithmetic(left, right, operator, expr);
  const keys = isVector(left) ? (isVector(right) ? left.keys.filter((key) => right.keys.includes(key)) : left.keys) : (right as Vector).keys;
  const values = new Map(keys.map((key) => [key, arithmetic(component(left, key), component(right, key), operator, expr)]));
  return { keys, get: (key) => values.get(key) ?? null };
}

function component(value: Val, key: string): number | null {
  return isVector(value) ? value.get(key) : value;
}

function arithmetic(a: number | null, b: number | null, operator: Operator, expr: Expr): number | null {
  if (a === null || b === null) return null;
  if (operator === '/' && b === 0) throw new EvalFailure({ message: say('expr-division-by-zero'), offset: expr.start });
  return operator === '+' ? a + b : operator === '-' ? a - b : operator === '*' ? a * b : a / b;
}

function pairs(left: Val, right: Val): Difference[] {
  if (!isVector(left) && !isVector(right)) return [{ left, right }];
  const keys = isVector(left) ? left.keys : (right as Vector).keys;
  return keys.map((key) => ({ key, left: component(left, key), right: component(right, key) }));
}

function compare(operator: Comparison, a: number, b: number): boolean {
  const equal = Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  switch (operator) {
    case '==':
      return equal;
    case '!=':
      return !equal;
    case '<':
      return a < b && !equal;
    case '<=':
      return a < b || equal;
    case '>':
      return a > b && !equal;
    case '>=':
      return a > b || equal;
  }
}

/** A number as a message shows it: no float noise (0.1 + 0.2 → 0.3). */
export function showNumber(value: number | null): string {
  return value === null ? '(no value)' : String(Number(value.toPrecision(12)));
}

function fail(message: string, offset: number): { ok: false; error: ExprError } {
  return { ok: false, error: { message, offset } };
}
