import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { valueOf } from '../../scripts/data/model.ts';
import { brief, fixtureData, loadFiles } from './helpers.ts';
import { repoRoot } from '../helpers/cli.ts';

const columns = `columns:
  - { key: item, label: 项目 }
  - { key: households, label: 户数, type: integer, unit: 户 }
  - { key: people, label: 人数, type: integer, unit: 人 }
`;

describe('loading data sets', () => {
  it('reads YAML, JSON and CSV (BOM, CRLF), computes sums, differences and columns', async () => {
    const data = await fixtureData();
    expect([...data.keys()].sort()).toEqual(['households', 'rates', 'villages']);
    const households = data.get('households')!;
    expect(valueOf(households, 'lifted', 'households')).toBe(63);
    expect(valueOf(households, 'remaining', 'people')).toBe(862 - 112 - 119);
    expect(valueOf(households, 'identified', 'size')).toBeCloseTo(3.0786, 4);
    expect(households.rows.find((r) => r.key === 'y2015')!.cells.people).toMatchObject({ value: 119, flags: ['unverified'], note: '原文如此。', at: { line: 12 } });
    const villages = data.get('villages')!;
    expect(villages.rows.map((r) => r.key)).toEqual(['north', 'south', 'total']);
    expect(villages.rows[0].at).toMatchObject({ line: 2 });
    expect(valueOf(villages, 'total', 'people')).toBe(13023);
    expect(valueOf(villages, 'total', 'area')).toBeNull();
    expect(valueOf(data.get('rates')!, 'y2016', 'rate')).toBe(0.03);
  });

  it('takes a row from another data set with from:', async () => {
    const { datasets, problems } = await loadFiles({
      'a.yaml': `title: A\n${columns}rows:\n  - { key: total, item: 合计, households: 157, people: 453 }\n`,
      'b.yaml': `title: B\n${columns}rows:\n  - { key: all, item: 全乡, from: a.total }\n  - { key: one, item: 一村, households: 42, people: 144 }\n  - { key: rest, item: 其他, expr: all - one }\n`,
    });
    expect(problems).toEqual([]);
    expect(valueOf(datasets.get('b')!, 'rest', 'people')).toBe(309);
  });

  it('infers the columns of a CSV file no YAML describes', async () => {
    const { datasets, problems } = await loadFiles({ 'bare.csv': 'key,name,count,share\nr1,甲,12,0.5\nr2,乙,3,1.25\n' });
    expect(problems).toEqual([]);
    expect(datasets.get('bare')!.columns.map((c) => `${c.key}:${c.type}`)).toEqual(['name:text', 'count:integer', 'share:decimal']);
  });
});

describe('a failing check stops the build with both numbers and the place', () => {
  it('863 for 862 fails the 未脱贫 check, naming the figures it read with their lines', async () => {
    const text = readFileSync(join(repoRoot, 'content/2017-09/data/poverty.yaml'), 'utf8').replace('people: 862', 'people: 863');
    const { problems } = await loadFiles({ 'poverty.yaml': text });
    expect(problems).toHaveLength(1);
    const [message] = problems;
    expect(message.file).toMatch(/poverty\.yaml$/);
    expect(message.line).toBe(text.split('\n').findIndex((line) => line.includes('remaining.people ==')) + 1);
    expect(message.column).toBe(5);
    expect(message.reason).toContain('remaining.people == identified.people − (lifted2014 + lifted2015 + lifted2016).people');
    expect(message.reason).toContain('left side 453, right side 454');
    expect(message.note).toContain(`identified.people = 863 (line ${text.split('\n').findIndex((line) => line.includes('863')) + 1})`);
    expect(message.fatal).toBe(true);
  });

  it('the edition’s own data passes every check', async () => {
    const { loadEditionData } = await import('../../scripts/data/load.ts');
    const { problems, datasets } = await loadEditionData('content/2017-09');
    expect(problems.map(String)).toEqual([]);
    expect(datasets.get('poverty')!.checks).toHaveLength(2);
  });

  it('a check that compares whole rows reports each column', async () => {
    const { problems } = await loadFiles({
      'p.yaml': `title: P\n${columns}rows:\n  - { key: a, households: 3, people: 9 }\n  - { key: b, households: 1, people: 2 }\n  - { key: c, households: 2, people: 6 }\nchecks:\n  - c == a - b\n`,
    });
    expect(brief(problems)).toEqual(['p.yaml:11:5 Check failed: `c == a - b` — people: left side 6, right side 7']);
  });
});

describe('bad data gives file:line:column and a fix', () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['a wrong type', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, households: 12a }\n` }, 'p.yaml:7:27 `a.households` (户数, integer): expected a whole number, found “12a”', /digits only/],
    ['a grouped number', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, people: "1,340" }\n` }, 'p.yaml:7:23 `a.people` (人数, integer): expected a whole number, found “1,340”', /grouping commas/],
    ['a bad date', { 'p.yaml': `title: P\ncolumns:\n  - { key: d, label: 时间, type: date }\nrows:\n  - { key: a, d: 2017-13 }\n` }, 'p.yaml:5:18 `a.d` (时间, date): expected a date, found “2017-13”', /YYYY-MM/],
    ['a duplicate row key', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, households: 1 }\n  - { key: a, households: 2 }\n` }, 'p.yaml:8:12 Duplicate row key `a` (first at line 7)', /its own key/],
    ['a duplicate column', { 'p.yaml': `title: P\n${columns}  - { key: people, label: 人口, type: integer }\n` }, 'p.yaml:6:12 Column `people` is declared twice', /its own key/],
    ['an unknown column', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, peple: 3 }\n` }, 'p.yaml:7:15 Unknown column `peple` in row `a`', /item, households, people/],
    ['an unknown field', { 'p.yaml': `title: P\ncolums: []\n${columns}` }, 'p.yaml:2:1 Unknown field `colums`', /columns/],
    ['a key that is not a name', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: 2014, households: 1 }\n` }, 'p.yaml:7:12 Row key `2014` cannot be used in expressions', /not starting with a digit/],
    ['an unknown flag', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, people: { value: 34, flag: unverifed } }\n` }, 'p.yaml:7:42 Unknown flag `unverifed`', /unverified/],
    ['a computed row with a typed number', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, households: 1 }\n  - { key: t, sum: all, households: 5 }\n` }, 'p.yaml:8:37 Row `t` is computed but also gives `households`', /Remove the value/],
    ['a sum of an unknown row', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, households: 1 }\n  - { key: t, sum: [a, b] }\n` }, 'p.yaml:8:24 `sum:` names no row `b`', /a, t/],
    ['a broken expression', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, households: 1 }\n  - { key: t, expr: "a +* a" }\n` }, 'p.yaml:8:25 Cannot read `a +* a`: expected a name, a number or “(”, found “*”', /\+ − × ÷/],
    ['an unknown name in a check', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, households: 1 }\nchecks:\n  - a.households == b.households\n` }, 'p.yaml:9:21 Cannot evaluate check `a.households == b.households`: no row or column “b” in p (rows: a)', /row\.column/],
    ['a circular computation', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, expr: b + 1 }\n  - { key: b, expr: a + 1 }\n` }, 'p.yaml:8:21 Cannot compute `a + 1`: circular reference: a.households depends on itself', /keys/],
    ['a link to a missing row', { 'p.yaml': `title: P\n${columns}rows:\n  - { key: a, from: p.zz }\n` }, 'p.yaml:7:5 Data set `p` has no row `zz`', /Use one of: a/],
    ['a ragged CSV row', { 'p.yaml': `title: P\ncsv: p.csv\n${columns}`, 'p.csv': 'key,item,households,people\r\na,甲,1,2\r\nb,乙,3,4,5\r\nc,丙,6\r\n' }, 'p.csv:3:9 Row has 5 fields but the header has 4 (key, item, households, people)', /quote a value/],
    ['a short CSV row', { 'p.yaml': `title: P\ncsv: p.csv\n${columns}`, 'p.csv': 'key,item,households,people\na,甲,1\n' }, 'p.csv:2:5 Row has 3 fields but the header has 4 (key, item, households, people)', /missing fields/],
    ['a wrong type in CSV', { 'p.yaml': `title: P\ncsv: p.csv\n${columns}`, 'p.csv': 'key,item,households,people\na,"甲, 乙",1.5,2\n' }, 'p.csv:2:10 `a.households` (户数, integer): expected a whole number, found “1.5”', /digits only/],
    ['an unknown CSV column', { 'p.yaml': `title: P\ncsv: p.csv\n${columns}`, 'p.csv': 'key,item,househlds\na,甲,1\n' }, 'p.csv:1:10 Unknown column `househlds` in the header', /Declare it under `columns:`/],
    ['a broken CSV quote', { 'p.csv': 'key,item\na,"甲"x\n' }, 'p.csv:2:1 Broken CSV: Invalid Closing Quote: got "x"', /Quote a field/],
    ['broken YAML', { 'p.yaml': 'title: P\ncolumns: [\n' }, 'p.yaml:2:10 Broken YAML', /opens here and is never closed/],
    ['the same name twice', { 'p.yaml': `title: P\n${columns}`, 'p.json': `{"title": "P", "columns": [{"key": "item", "label": "项目"}]}` }, 'p.yaml:1:1 Data set `p` is also defined by', /Rename one/],
  ];

  it.each(cases)('%s', async (_name, files, expected, fix) => {
    const { problems } = await loadFiles(files);
    const found = brief(problems);
    const index = found.findIndex((line) => line.startsWith(expected));
    expect(index, `${expected}\n  in\n${found.join('\n')}`).toBeGreaterThanOrEqual(0);
    expect(problems[index].note).toMatch(fix);
    expect(problems[index].fatal).toBe(true);
  });
});
