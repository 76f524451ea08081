/**
 * docs/settings.md, generated from the zod schemas that validate the settings (scripts/load/
 * schemas.ts): every field of site.yaml, edition.yaml, an article's front matter and a briefing's,
 * with its type, whether it is required (or its default) and its description. The documentation
 * and the validation come from one source, so they cannot drift; test/authoring/docs.test.ts
 * fails when the file is out of date.
 *
 *   npm run docs            # writes docs/settings.md and the generated tables of docs/syntax.md (scripts/docs/syntax.ts)
 *   npm run docs -- --check # exit 1 when docs/settings.md is not what the schemas say
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import * as schemas from '../load/schemas.ts';

type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
  maxLength?: number;
  additionalProperties?: boolean | JsonSchema;
};

export interface SettingsRow {
  field: string;
  type: string;
  required: string;
  description: string;
}

interface Section {
  title: string;
  file: string;
  intro: string;
  schema: z.ZodType;
}

/** The documented files, in the order a newcomer meets them. Briefings are listed when the schema exists. */
export function sections(): Section[] {
  const list: Section[] = [
    {
      title: 'site.yaml',
      file: 'content/site.yaml',
      intro: 'The magazine: its name, publisher and the default print geometry of every edition.',
      schema: schemas.siteSchema,
    },
    {
      title: 'edition.yaml',
      file: 'content/<year>-<number>/edition.yaml',
      intro: 'One edition. The folder name must be `<year>-<number>` with two digits (2017-09); `daan new 2017-10` creates one.',
      schema: schemas.editionSchema,
    },
    {
      title: 'Article front matter',
      file: 'content/<year>-<number>/articles/*.md',
      intro: 'The YAML between the two `---` lines at the top of an article; the Markdown body follows.',
      schema: schemas.frontMatterSchema,
    },
  ];
  const briefing = (schemas as Record<string, unknown>).briefingSchema as z.ZodType | undefined;
  if (briefing) {
    list.push({
      title: 'Briefing front matter',
      file: 'content/briefings/*.md',
      intro: 'A briefing (简报): the YAML at the top of its Markdown file.',
      schema: briefing,
    });
  }
  return list;
}

export function settingsRows(schema: z.ZodType): SettingsRow[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return objectRows(json, '');
}

function objectRows(schema: JsonSchema, prefix: string): SettingsRow[] {
  const required = new Set(schema.required ?? []);
  const rows: SettingsRow[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const field = `${prefix}${name}`;
    const nested = nestedObject(prop);
    rows.push({
      field,
      type: typeOf(prop),
      required: required.has(name) ? 'required' : prop.default !== undefined ? (nested ? 'optional (defaults below)' : `default: ${literal(prop.default)}`) : 'optional',
      description: prop.description ?? '',
    });
    if (nested) rows.push(...objectRows(nested.schema, `${field}${nested.suffix}.`));
  }
  return rows;
}

function nestedObject(prop: JsonSchema): { schema: JsonSchema; suffix: string } | undefined {
  if (prop.properties) return { schema: prop, suffix: '' };
  if (prop.items?.properties) return { schema: prop.items, suffix: '[]' };
  return undefined;
}

const KNOWN_PATTERNS: Record<string, string> = {
  '^\\d{4}-\\d{2}-\\d{2}$': 'date YYYY-MM-DD',
  '^\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}(:\\d{2})?)?$': 'date YYYY-MM-DD [hh:mm[:ss]]',
  '^#[0-9a-fA-F]{6}$': 'colour #rrggbb',
  '^[a-z0-9]+(-[a-z0-9]+)*$': 'slug (a-z, 0-9, single hyphens)',
  '^\\d{4}-\\d{2}$': 'edition id YYYY-NN',
  '^\\d{1,6}$': 'up to 6 digits',
  '^[\\p{L}_][\\p{L}\\p{N}_]*$': 'key (letters, digits, _)',
  '^[^/\\\\]+\\.csv$': 'file name ending .csv',
};

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) {
    const consts = schema.anyOf.filter((s) => s.const !== undefined);
    if (consts.length === schema.anyOf.length) return consts.map((s) => literal(s.const)).join(' or ');
    return [...new Set(schema.anyOf.map(typeOf))].join(' or ');
  }
  if (schema.enum) return `one of ${schema.enum.map(literal).join(', ')}`;
  if (schema.const !== undefined) return literal(schema.const);
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return `${type === 'integer' ? 'integer' : 'number'}${range(schema)}`;
    case 'string':
      if (schema.pattern) return KNOWN_PATTERNS[schema.pattern] ?? `text matching \`${schema.pattern}\``;
      return 'text';
    case 'boolean':
      return 'true or false';
    case 'array': {
      const item = schema.items ? (schema.items.properties ? 'entries (fields below)' : typeOf(schema.items)) : 'values';
      return `list of ${item}${schema.minItems ? ` (at least ${schema.minItems})` : ''}`;
    }
    case 'object':
      return schema.properties ? 'fields below' : 'map';
    default:
      return type ?? 'any';
  }
}

function range(schema: JsonSchema): string {
  // Safe-integer bounds are what `.int()` adds, not a limit worth documenting.
  const max = schema.maximum !== undefined && schema.maximum < Number.MAX_SAFE_INTEGER ? schema.maximum : undefined;
  const min = schema.minimum !== undefined && schema.minimum > Number.MIN_SAFE_INTEGER ? schema.minimum : undefined;
  if (min !== undefined && max !== undefined) return ` ${min}–${max}`;
  if (schema.exclusiveMinimum !== undefined) return schema.exclusiveMinimum === 0 ? ', > 0' : `, > ${schema.exclusiveMinimum}`;
  if (min !== undefined) return min === 0 ? ', ≥ 0' : `, ≥ ${min}`;
  if (max !== undefined) return `, ≤ ${max}`;
  return '';
}

function literal(value: unknown): string {
  return `\`${typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function settingsMarkdown(): string {
  const parts = [
    '# Settings, field by field',
    '',
    '<!-- Generated by `npm run docs` from scripts/load/schemas.ts. Do not edit: change the schema',
    '     (its .describe() texts) and run `npm run docs`; test/authoring/docs.test.ts fails when this file is stale. -->',
    '',
    'Every settings file is checked against these fields when the content is loaded (`daan check`,',
    '`daan build`). A field that is not listed is an error (usually a misspelling), and so is a wrong type',
    'or a missing required field; each is reported with its file, line and column.',
    '',
    '*required*: the file must give it. *default*: the value used when the file leaves it out.',
    '*optional*: may be left out. A dotted name is a field inside another (`page.margins.top`);',
    '`[]` marks the entries of a list (`editors[].role`).',
    '',
  ];
  for (const section of sections()) {
    parts.push(`## ${section.title}`, '', `\`${section.file}\` — ${section.intro}`, '', '| field | type | required / default | description |', '| --- | --- | --- | --- |');
    for (const row of settingsRows(section.schema)) {
      parts.push(`| \`${cell(row.field)}\` | ${cell(row.type)} | ${cell(row.required)} | ${cell(row.description)} |`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

export const settingsDocPath = join(import.meta.dirname, '..', '..', 'docs', 'settings.md');

async function main(argv: string[]): Promise<number> {
  const { fillGenerated, syntaxDocPath } = await import('./syntax.ts');
  const text = settingsMarkdown();
  const syntax = await readFile(syntaxDocPath, 'utf8');
  if (argv.includes('--check')) {
    const current = await readFile(settingsDocPath, 'utf8').catch(() => '');
    if (current === text && fillGenerated(syntax) === syntax) return 0;
    console.error('docs/settings.md or docs/syntax.md is out of date with the schemas: run `npm run docs`.');
    return 1;
  }
  await mkdir(dirname(settingsDocPath), { recursive: true });
  await writeFile(settingsDocPath, text);
  await writeFile(syntaxDocPath, fillGenerated(syntax));
  console.log(`wrote docs/settings.md (${sections().length} files, ${sections().reduce((n, s) => n + settingsRows(s.schema).length, 0)} fields) and the generated tables of docs/syntax.md`);
  return 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
