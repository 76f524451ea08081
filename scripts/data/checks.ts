/**
 * Declared checks: each must hold, or the build stops with the check, both numbers, and the
 * figures the check reads with the line each is typed on — one of them is the typo.
 */
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import type { Calculator } from './compute.ts';
import { evaluateCheck, showNumber, type Difference, type Expr } from './expr.ts';
import { findRow, placeIn, type Check, type Dataset } from './model.ts';

/** Runs the checks of a data set. When its values are known to be incomplete (it had errors), only checks that cannot be read are reported. */
export function runChecks(dataset: Dataset, calculator: Calculator, reportFailures = true): VFileMessage[] {
  return dataset.checks.flatMap((check) => {
    const result = evaluateCheck(check.expr, calculator.rowScope(dataset));
    if (!result.ok) {
      const at = placeIn(check, result.error.offset);
      return [problem(at.file, at, ...sayProblem('data-check-unreadable', { check: check.text, error: result.error.message }))];
    }
    if (result.holds || !reportFailures) return [];
    return [problem(check.at.file, check.at, ...sayProblem('data-check', { check: check.text, differences: describe(result.differences), operands: operands(check, dataset) }))];
  });
}

function describe(differences: Difference[]): string {
  return differences
    .map(({ key, left, right }) => say('data-check-sides', { key: key ?? '', left: showNumber(left), right: showNumber(right) }))
    .join('; ');
}

/** identified.households = 862 (line 9), lifted2014.households = 32 (line 10) … */
function operands(check: Check, dataset: Dataset): string {
  return references(check.expr)
    .map(({ row: key, column }) => {
      const row = findRow(dataset, key);
      if (!row) return key;
      const value = column ? dataset.values.get(key)?.get(column) : undefined;
      const at = (column && row.cells[column]?.at) || row.at;
      const shown = column ? `${key}.${column} = ${typeof value === 'number' ? showNumber(value) : '—'}` : key;
      return say('data-check-operand', { shown, kind: row.kind === 'given' ? '' : row.kind, line: at.line });
    })
    .join(', ');
}

/** The rows an expression reads, each with the column it is read at (if any), without repeats. */
function references(expr: Expr, column?: string, found: { row: string; column?: string }[] = []): { row: string; column?: string }[] {
  switch (expr.type) {
    case 'name':
      if (!found.some((f) => f.row === expr.name && f.column === column)) found.push({ row: expr.name, column });
      break;
    case 'member':
      references(expr.object, expr.name, found);
      break;
    case 'negate':
      references(expr.argument, column, found);
      break;
    case 'binary':
    case 'compare':
      references(expr.left, column, found);
      references(expr.right, column, found);
      break;
  }
  return found;
}

