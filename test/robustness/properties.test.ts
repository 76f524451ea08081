/**
 * Property-based tests (fast-check): random Markdown (directives, raw HTML, CJK, control
 * characters), random YAML, random CSV and random bytes go through the loaders and the
 * transformer. Each either gives a result or problems with a file, a line and a column — never an
 * uncaught exception, never a hang.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import type { VFileMessage } from 'vfile-message';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseContent } from '../helpers/bad-input.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { loadEditionData } from '../../scripts/data/load.ts';
import { readCsv } from '../../scripts/data/csv.ts';
import type { Dataset } from '../../scripts/data/model.ts';
import { decodeUtf8 } from '../../scripts/load/read-text.ts';
import { briefingSchema, editionSchema, frontMatterSchema, siteSchema } from '../../scripts/load/schemas.ts';
import { parseAndValidate } from '../../scripts/load/yaml.ts';
import { splitFrontMatter } from '../../scripts/load/front-matter.ts';
import { createProcessor, transformMarkdown } from '../../scripts/transform/processor.ts';

const RUNS = Number(process.env.DAAN_PROPERTY_RUNS ?? 150);

/** Every problem points somewhere: the file it is about (by name, or a pattern), a line and a column, 1-based, and says something. */
function expectPositioned(problems: readonly VFileMessage[], file: string | RegExp): void {
  for (const p of problems) {
    expect(p.reason, 'a problem says what is wrong').toBeTruthy();
    if (typeof file === 'string') expect(p.file, `${p.reason}: its file`).toBe(file);
    else expect(p.file, `${p.reason}: its file`).toMatch(file);
    expect(p.line, `${p.reason}: a line`).toBeGreaterThanOrEqual(1);
    expect(p.column, `${p.reason}: a column`).toBeGreaterThanOrEqual(1);
  }
}

/** Strings built from pieces that stress a parser, mixed with arbitrary text. */
function pieces(list: string[], extra: fc.Arbitrary<string>[] = []): fc.Arbitrary<string> {
  return fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...list) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }, ...extra.map((arbitrary) => ({ weight: 1, arbitrary }))), { maxLength: 40 }).map((parts) => parts.join(''));
}

const markdownPieces = [
  '\n', '\n\n', ' ', '  ', '\t', '正文', '“引号”', '（一）', '**', '*', '_', '`', '```', '~~~', '# ', '## 一、', '> ', '- ', '1. ', '| a | b |\n|---|---|\n', '[^1]', '[^1]: 注\n',
  '[链接](', ')', '](', '![图](images/red.png)', '![](images/none.png)', '![](../../etc/passwd.png)', '![](/etc/hosts)', '![](http://x.invalid/a.png)', '![](images/%E7%BA%A2.png)', '![](images/red.png?x#y)',
  ':value{data=households row=total col=households}', ':value{data=households row=nope col=households}', ':value{data=nope}', ':value{', '::table{data=households}', '::table{#t data=households rows=total,lifted}',
  '::table{data=households cols=,,,}', '::chart{data=households type=bar x=item y=households}', '::chart{data=households type=pie}', ':ref{id=t}', ':ref{id=nope}', ':ref', '::include{edition=2020-01 article=a}', ':::note\n', ':::\n',
  '::table{data=2020-01/households}', '::table{data=../households}', '{#id .class key=value}', ':x', '::', ':::', '\\:', 'http://a.invalid:80/',
  '<script>alert(1)</script>', '<img src="images/red.png" onerror="x()">', '<img src=x>', '<div>', '</div>', '<p', '<!--', '-->', '<![CDATA[', ']]>', '<style>a{b:url(x)}</style>', '<svg><script>1</script></svg>', '<a href="javascript:1">a</a>', '<iframe src=x>', '&amp;', '&#0;', '&#x110000;', '&nbsp;',
  '\u0000', '\u0007', '\r', '\r\n', '\u2028', '\u00ad', '\u2060', '\ufeff', '\ud800', '\udfff', '😀', '𪚥', '——', '……', '·',
];

let editionDir: string;
let datasets: Map<string, Dataset>;

afterAll(removeTemporary);

beforeAll(async () => {
  const content = temporary(baseContent());
  editionDir = join(content, '2020-01');
  datasets = (await loadEditionData(editionDir)).datasets;
});

describe('the transformer, with random Markdown', () => {
  it('gives HTML or positioned messages, never an exception', async () => {
    const data = { datasets: (id?: string) => (id === undefined || id === '2020-01' ? datasets : undefined), editionId: '2020-01' };
    const processor = createProcessor(data, undefined, { baseDir: editionDir, rootDir: dirname(editionDir) });
    await fc.assert(
      fc.asyncProperty(pieces(markdownPieces), fc.boolean(), async (body, withFrontMatter) => {
        const text = withFrontMatter ? `---\ntitle: 随机\ncolumn: 要闻\n---\n\n${body}` : body;
        const { hast, messages } = await transformMarkdown(text, 'random.md', data, processor);
        expect(hast.type).toBe('root');
        expectPositioned(messages.filter((m) => m.fatal), 'random.md');
      }),
      { numRuns: RUNS },
    );
  });
});

const yamlPieces = [
  '\n', '  ', '- ', 'title: ', 'column: ', 'year: ', 'number: ', 'date: ', 'columns: ', 'page: ', 'name: ', 'publisher: ', '2020', '1', '-1', '1e400', '0x1F', '.nan', 'true', 'null', '~', '2020-02-30', '2020-01-31',
  '要闻', '大安', '"', "'", '[', ']', '{', '}', ',', ': ', ':', '#', '&a ', '*a', '*b', '<<: *a', '!!str ', '!!binary ', '!!js/function ', '!custom ', '!<tag:x> ', '|', '>', '|-', '---\n', '...\n', '%YAML 1.2\n', '%TAG ! x\n', '?', '\t', '\u0000', '\ufeff', '\r\n',
];

describe('the YAML loader, with random YAML', () => {
  it('gives a value or positioned problems for front matter and settings, never an exception', () => {
    fc.assert(
      fc.property(pieces(yamlPieces), fc.constantFrom(frontMatterSchema, editionSchema, siteSchema), fc.nat(5), (text, schema, offset) => {
        const parsed = parseAndValidate(text, 'random.yaml', schema as typeof frontMatterSchema, offset);
        if ('problems' in parsed) {
          expect(parsed.problems.length).toBeGreaterThan(0);
          expectPositioned(parsed.problems, 'random.yaml');
          for (const p of parsed.problems) expect(p.line).toBeGreaterThan(offset);
        } else {
          expect(parsed.value).toBeTypeOf('object');
        }
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('reports nested aliases however they are nested (billion laughs)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }), (depth, width) => {
        const names = 'abcdefghijklm';
        const lines = [`${names[0]}: &${names[0]} [${Array(width).fill('"哈"').join(', ')}]`];
        for (let i = 1; i < depth; i++) lines.push(`${names[i]}: &${names[i]} [${Array(width).fill(`*${names[i - 1]}`).join(', ')}]`);
        const parsed = parseAndValidate(`${lines.join('\n')}\ntitle: *${names[depth - 1]}\n`, 'laughs.yaml', frontMatterSchema);
        expect('problems' in parsed).toBe(true);
      }),
      { numRuns: 40 },
    );
    // An alias expansion that blew up would never return: the test's own timeout is the hang guard.
  }, 300_000);

  it('splits any text into front matter and body, or says there is none', () => {
    fc.assert(
      fc.property(pieces(['---', '---\n', '\n', 'title: x\n', '---\r\n', ' ', '正文']), (text) => {
        const split = splitFrontMatter(text);
        if (split) expect(split.bodyLine).toBeGreaterThanOrEqual(2);
      }),
      { numRuns: RUNS * 3 },
    );
  });
});

const csvPieces = ['key', 'village', 'visits', ',', '"', '""', '\n', '\r\n', ' ', 'wagao', 'xinfang', '瓦高村', '12', '-3', '1,340', '1.5', '十二', '—', '\ufeff', '\u0000', '#', ';', '\t'];

describe('the CSV reader and the data loader, with random data', () => {
  it('reads any CSV text into records or positioned problems', () => {
    fc.assert(
      fc.property(pieces(csvPieces), (text) => {
        const table = readCsv(text, 'random.csv');
        expectPositioned(table.problems, 'random.csv');
        for (const record of table.records) expect(record.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: RUNS * 3 },
    );
  });

  it('loads any data folder (YAML + CSV) into data sets or positioned problems', async () => {
    const datasetYaml = pieces([
      'title: 走访\n', 'csv: visits.csv\n', 'columns:\n', '  - { key: village, label: 村 }\n', '  - { key: visits, label: 次数, type: integer, unit: 次 }\n', '  - { key: share, label: 占比, type: percent, expr: visits / total.visits }\n',
      'rows:\n', '  - { key: total, village: 全部, sum: all }\n', '  - { key: other, expr: total − wagao }\n', '  - { key: link, from: households.total }\n', '  - { key: wagao, visits: { value: 3, flag: unverified } }\n',
      'checks:\n', '  - total.visits >= wagao.visits\n', '  - wagao.visits == \n', '  - (\n', 'row_key: village\n', '  - ', '{', '}', ': ', '\n', 'key', '1', 'x',
    ]);
    await fc.assert(
      fc.asyncProperty(datasetYaml, pieces(csvPieces), async (yaml, csv) => {
        const dir = mkdtempSync(join(tmpdir(), 'daan-prop-data-'));
        try {
          mkdirSync(join(dir, '2020-01/data'), { recursive: true });
          writeFileSync(join(dir, '2020-01/data/visits.yaml'), yaml);
          writeFileSync(join(dir, '2020-01/data/visits.csv'), csv);
          writeFileSync(join(dir, '2020-01/data/bare.csv'), csv);
          const { problems } = await loadEditionData(join(dir, '2020-01'));
          expectPositioned(problems, /\/2020-01\/data\/(visits\.yaml|visits\.csv|bare\.csv)$/);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the text reader, with random bytes', () => {
  it('decodes UTF-8 or says where it breaks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const result = decodeUtf8(bytes, 'random.md');
        if ('error' in result) expectPositioned([result.error], 'random.md');
        else expect(result.text).toBeTypeOf('string');
      }),
      { numRuns: RUNS * 3 },
    );
  });
});

/** Control characters: C0 but tab and line feed, DEL, C1, the line and paragraph separators, and lone surrogates. */
const controls = fc.constantFrom(...[...Array(32).keys()].filter((c) => c !== 9 && c !== 10).map((c) => String.fromCharCode(c)), '\u007f', ...[...Array(32).keys()].map((c) => String.fromCharCode(0x80 + c)), '\u2028', '\u2029', '\ud800', '\udfff');
const plainText = fc.string({ unit: fc.oneof(fc.constantFrom('要', '闻', '大', '安', '"', "'", '\\', '}', '{', ';', '<', '>', ':', '#', '-', ' ', '《', '》', '\t'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), minLength: 1, maxLength: 12 }).filter((text) => text.trim().length > 0 && !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufff9-\ufffb]/.test(text));

/** Every text field of the settings, front matter and briefings, with the YAML around it (the field on line `line`). */
const textFields: { schema: typeof frontMatterSchema; yaml: (value: string) => string; line: number }[] = [
  { schema: siteSchema as never, yaml: (v) => `name: 大安\nmasthead: ${v}\npublisher: 甲\n`, line: 2 },
  { schema: siteSchema as never, yaml: (v) => `name: 大安\npublisher: ${v}\nnotice: 内部资料\n`, line: 2 },
  { schema: siteSchema as never, yaml: (v) => `name: 大安\npublisher: 甲\naddress: 乙\nnotice: ${v}\n`, line: 4 },
  { schema: editionSchema as never, yaml: (v) => `year: 2020\nnumber: 1\ndate: 2020-01-31\ncolumns:\n  - 要闻\n  - ${v}\n`, line: 6 },
  { schema: editionSchema as never, yaml: (v) => `year: 2020\nnumber: 1\ndate: 2020-01-31\ncolumns: [要闻]\neditors:\n  - { role: 主编, name: ${v} }\n`, line: 6 },
  { schema: editionSchema as never, yaml: (v) => `year: 2020\nnumber: 1\ndate: 2020-01-31\ncolumns: [要闻]\ncover:\n  lines:\n    - ${v}\n`, line: 7 },
  { schema: frontMatterSchema, yaml: (v) => `title: ${v}\ncolumn: 要闻\n`, line: 1 },
  { schema: frontMatterSchema, yaml: (v) => `title: 题\ncolumn: 要闻\nauthor: ${v}\n`, line: 3 },
  { schema: frontMatterSchema, yaml: (v) => `title: 题\ncolumn: 要闻\nsubtitle: 副\nsource: ${v}\n`, line: 4 },
  { schema: briefingSchema as never, yaml: (v) => `name: 简报\nnumber: 1\nunit: 办公室\ndate: 2020-02-01\ncopies: 5\ndistribution:\n  报: [${v}]\n`, line: 7 },
];

describe('control characters in any text field', () => {
  it('are refused at the line of the field, whether written raw or as an escape', () => {
    fc.assert(
      fc.property(fc.constantFrom(...textFields), plainText, controls, plainText, fc.boolean(), fc.nat(3), (field, before, control, after, raw, offset) => {
        const value = before + control + after;
        // JSON is valid YAML double-quoted text: it writes the control character as an escape (\f, \u0000).
        const written = raw && !/[\ud800-\udfff\r\u0085\u2028\u2029]/.test(control) ? `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"` : JSON.stringify(value);
        const parsed = parseAndValidate(field.yaml(written), 'random.yaml', field.schema, offset);
        expect('problems' in parsed, `${JSON.stringify(value)} is refused`).toBe(true);
        if (!('problems' in parsed)) return;
        const found = parsed.problems.find((p) => p.ruleId === 'control-character');
        expect(found, parsed.problems.map((p) => p.reason).join('; ')).toBeDefined();
        expect(found!.line).toBe(field.line + offset);
        expectPositioned(parsed.problems, 'random.yaml');
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('and text without them is kept exactly', () => {
    fc.assert(
      fc.property(fc.constantFrom(...textFields), plainText, (field, value) => {
        const parsed = parseAndValidate(field.yaml(JSON.stringify(value)), 'random.yaml', field.schema);
        expect('problems' in parsed ? parsed.problems.map((p) => p.reason) : [], JSON.stringify(value)).toEqual([]);
        expect(JSON.stringify('value' in parsed ? parsed.value : {})).toContain(JSON.stringify(value.trim()).slice(1, -1));
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
