import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, formatPercent, formatValue, withUnit } from '../../scripts/data/format.ts';
import type { Column } from '../../scripts/data/model.ts';

const column = (over: Partial<Column>): Column => ({ key: 'x', label: 'x', type: 'integer', decimals: 0, align: 'right', wan: false, at: { file: 'x', line: 1, column: 1 }, ...over });

describe('GB/T 15835 number formatting', () => {
  it('leaves numbers of up to four digits ungrouped', () => {
    expect(formatNumber(1340)).toBe('1340');
    expect(formatNumber(2017)).toBe('2017');
    expect(formatNumber(-9999)).toBe('-9999');
  });

  it('groups five digits and more in threes, with a comma or a no-break space', () => {
    expect(formatNumber(12345)).toBe('12,345');
    expect(formatNumber(1234567.5, { decimals: 1 })).toBe('1,234,567.5');
    expect(formatNumber(12345, { grouping: 'space' })).toBe('12\u00A0345');
    expect(formatNumber(12345, { grouping: 'none' })).toBe('12345');
  });

  it('writes 万 and 亿 on request, without trailing zeros', () => {
    expect(formatNumber(14500, { wan: true })).toBe('1.45万');
    expect(formatNumber(15000, { wan: true })).toBe('1.5万');
    expect(formatNumber(50000, { wan: true })).toBe('5万');
    expect(formatNumber(230_000_000, { wan: true })).toBe('2.3亿');
    expect(formatNumber(9999, { wan: true })).toBe('9999');
  });

  it('keeps the same decimals and rounds half away from zero', () => {
    expect(formatNumber(4.1, { decimals: 2 })).toBe('4.10');
    expect(formatNumber(1.005, { decimals: 2 })).toBe('1.01');
    expect(formatNumber(-2.5, { decimals: 0 })).toBe('-3');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
  });

  it('writes percentages from fractions with the sign attached (GB style 3.0%)', () => {
    expect(formatPercent(0.03)).toBe('3.0%');
    expect(formatPercent(0.018, 1)).toBe('1.8%');
    expect(formatPercent(0.5, 0)).toBe('50%');
  });

  it('writes years and dates in Chinese, never grouped', () => {
    expect(formatDate('2017')).toBe('2017年');
    expect(formatDate('2017-07')).toBe('2017年7月');
    expect(formatDate('2017-10-09')).toBe('2017年10月9日');
  });

  it('joins Chinese units directly and Latin unit symbols with a no-break space', () => {
    expect(withUnit('471', '户')).toBe('471户');
    expect(withUnit('3000', '元/亩')).toBe('3000元/亩');
    expect(withUnit('45', 'kW')).toBe('45\u00A0kW');
  });

  it('formats a value by its column', () => {
    expect(formatValue(1340, column({}), { unit: '人' })).toBe('1340人');
    expect(formatValue(14500, column({ wan: true }), { unit: '人' })).toBe('1.45万人');
    expect(formatValue(3.07857, column({ type: 'decimal', decimals: 2 }))).toBe('3.08');
    expect(formatValue(0.03, column({ type: 'percent', decimals: 1 }))).toBe('3.0%');
    expect(formatValue('2017-07', column({ type: 'date' }))).toBe('2017年7月');
    expect(formatValue(null, column({}))).toBeUndefined();
  });
});
