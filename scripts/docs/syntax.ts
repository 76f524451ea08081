/**
 * docs/syntax.md, the reference of the Markdown and data syntax, is written by hand around tables
 * that are generated: the fields of a data set file from its zod schema (scripts/data/schema.ts)
 * and the attributes of every directive from the lists the directives check against. Between
 * `<!-- generated: NAME -->` and `<!-- /generated -->` `npm run docs` writes the block NAME;
 * test/authoring/docs.test.ts fails when a block is stale, and checks every example of the page
 * against the test fixture it names (those fixtures are built by the transform and data tests).
 */
import type { z } from 'zod';
import { join } from 'node:path';
import { cellSchema, columnSchema, datasetSchema, flagSchema, rowSchema } from '../data/schema.ts';
import { chartTypes } from '../data/chart.ts';
import { directiveAttributes } from '../transform/data-directives.ts';
import { figureAttributes, tableCaptionAttributes } from '../transform/figures.ts';
import { includeAttributes } from '../transform/include.ts';
import { settingsRows } from './settings.ts';

export const syntaxDocPath = join(import.meta.dirname, '..', '..', 'docs', 'syntax.md');

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fieldTable(schema: z.ZodType, skip: string[] = []): string {
  const rows = settingsRows(schema).filter((row) => !skip.some((name) => row.field === name || row.field.startsWith(`${name}.`) || row.field.startsWith(`${name}[]`)));
  return ['| field | type | required / default | description |', '| --- | --- | --- | --- |', ...rows.map((r) => `| \`${cell(r.field)}\` | ${cell(r.type)} | ${cell(r.required)} | ${cell(r.description || '—')} |`)].join('\n');
}

function attributeTable(attributes: Record<string, string>): string {
  return ['| attribute | what it does |', '| --- | --- |', ...Object.entries(attributes).map(([name, text]) => `| \`${name}\` | ${cell(text)} |`)].join('\n');
}

/** The generated blocks of docs/syntax.md, by name. */
export function syntaxBlocks(): Record<string, string> {
  return {
    'dataset-fields': fieldTable(datasetSchema, ['columns', 'rows', 'flags']),
    'column-fields': fieldTable(columnSchema),
    'row-fields': fieldTable(rowSchema),
    'cell-fields': fieldTable(cellSchema),
    'flag-fields': fieldTable(flagSchema),
    'table-attributes': attributeTable(directiveAttributes.table),
    'chart-attributes': attributeTable(directiveAttributes.chart),
    'chart-types': chartTypes.map((type) => `\`${type}\``).join(', '),
    'value-attributes': attributeTable(directiveAttributes.value),
    'ref-attributes': attributeTable(directiveAttributes.ref),
    'include-attributes': attributeTable(includeAttributes),
    'figure-attributes': attributeTable(figureAttributes),
    'table-caption-attributes': attributeTable(tableCaptionAttributes),
  };
}

/** The page with every generated block rewritten; throws on a block name that does not exist. */
export function fillGenerated(text: string): string {
  const blocks = syntaxBlocks();
  return text.replace(/(<!-- generated: ([\w-]+) -->\n)[\s\S]*?(<!-- \/generated -->)/g, (_all, open: string, name: string, close: string) => {
    if (!(name in blocks)) throw new Error(`docs/syntax.md: no generated block \`${name}\` (known: ${Object.keys(blocks).join(', ')})`);
    return `${open}${blocks[name]}\n${close}`;
  });
}
