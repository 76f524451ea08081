/**
 * Documentation that cannot drift: docs/settings.md is what the schemas say, field by field, and
 * every example in the README marked with its source is that file (or a run of its lines).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';
import { sections, settingsMarkdown, settingsRows } from '../../scripts/docs/settings.ts';
import { fillGenerated, syntaxBlocks } from '../../scripts/docs/syntax.ts';

describe('docs/settings.md', () => {
  it('is generated from the schemas (run `npm run docs` after changing one)', () => {
    const current = readFileSync(join(repoRoot, 'docs/settings.md'), 'utf8');
    expect(current, 'docs/settings.md is out of date: run `npm run docs`').toBe(settingsMarkdown());
  });

  it('documents every field of site.yaml, edition.yaml and the front matter, each with a description', () => {
    const titles = sections().map((s) => s.title);
    expect(titles).toEqual(expect.arrayContaining(['site.yaml', 'edition.yaml', 'Article front matter']));
    for (const section of sections()) {
      const rows = settingsRows(section.schema);
      expect(rows.length).toBeGreaterThan(3);
      const undocumented = rows.filter((r) => !r.description.trim()).map((r) => r.field);
      expect(undocumented, `${section.title}: give these fields a .describe() in the schema`).toEqual([]);
    }
    const edition = settingsRows(sections().find((s) => s.title === 'edition.yaml')!.schema);
    expect(edition.find((r) => r.field === 'date')).toMatchObject({ type: 'date YYYY-MM-DD', required: 'required' });
    expect(edition.find((r) => r.field === 'cover.color')).toMatchObject({ required: 'default: `#9e1b1b`' });
    expect(edition.find((r) => r.field === 'editors[].role')).toBeTruthy();
  });
});

interface Example {
  kind: 'example' | 'excerpt';
  path: string;
  code: string;
  line: number;
}

/** Fenced blocks right after `<!-- example: PATH -->` (the whole file) or `<!-- excerpt: PATH -->` (a run of its lines). */
function readmeExamples(readme: string): Example[] {
  const found: Example[] = [];
  const pattern = /<!-- (example|excerpt): (\S+) -->\n(`{3,})[^\n]*\n([\s\S]*?)\n\3\n/g;
  for (const match of readme.matchAll(pattern)) {
    found.push({ kind: match[1] as Example['kind'], path: match[2], code: `${match[4]}\n`, line: readme.slice(0, match.index).split('\n').length });
  }
  return found;
}

describe('the README', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const examples = readmeExamples(readme);

  it('puts the two commands first', () => {
    const firstCode = /```sh\n([\s\S]*?)```/.exec(readme)![1];
    expect(firstCode).toMatch(/^npm run build\b.*\nnpm test\b/);
  });

  it('marks its examples with their source, and every marker is followed by a code block', () => {
    const markers = readme.match(/<!-- (example|excerpt): /g) ?? [];
    expect(examples.length).toBe(markers.length);
    expect(examples.length).toBeGreaterThanOrEqual(6);
    // Files the tests build: the default content (the global setup) and test fixtures.
    for (const example of examples) expect(example.path, `README line ${example.line}`).toMatch(/^(content|test\/fixtures)\//);
  });

  it('copies every example from its file', () => {
    for (const example of examples) {
      const file = join(repoRoot, example.path);
      expect(existsSync(file), `README line ${example.line}: ${example.path} does not exist`).toBe(true);
      const text = readFileSync(file, 'utf8');
      const where = `README line ${example.line} differs from ${example.path}: copy the file again`;
      if (example.kind === 'example') expect(example.code, where).toBe(text.endsWith('\n') ? text : `${text}\n`);
      else expect(`\n${text}`.includes(`\n${example.code}`), where).toBe(true);
    }
  });

  it('links the settings reference', () => {
    expect(readme).toContain('(docs/settings.md)');
    expect(existsSync(join(repoRoot, 'docs/settings.md'))).toBe(true);
  });
});

describe('docs/syntax.md', () => {
  const page = readFileSync(join(repoRoot, 'docs/syntax.md'), 'utf8');
  const examples = readmeExamples(page);

  it('has its tables generated from the schemas and the directives (run `npm run docs` after changing one)', () => {
    expect(page, 'docs/syntax.md is out of date: run `npm run docs`').toBe(fillGenerated(page));
    for (const name of Object.keys(syntaxBlocks())) expect(page, `the block ${name} is missing`).toContain(`<!-- generated: ${name} -->`);
  });

  it('copies every example from a fixture that the transform and data tests build', () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const example of examples) {
      expect(example.path, `docs/syntax.md line ${example.line}`).toMatch(/^test\/fixtures\/(transform\/[\w-]+\/input\.md|data\/cases\/[\w-]+\.md|data\/2099-01\/data\/[\w-]+\.(ya?ml|json|csv))$/);
      const text = readFileSync(join(repoRoot, example.path), 'utf8');
      const where = `docs/syntax.md line ${example.line} differs from ${example.path}: copy the file again`;
      if (example.kind === 'example') expect(example.code, where).toBe(text.endsWith('\n') ? text : `${text}\n`);
      else expect(`\n${text}`.includes(`\n${example.code}`), where).toBe(true);
    }
  });

  it('documents every directive and the figures, footnotes and captions', () => {
    for (const heading of ['`::table`', '`::chart`', '`:value`', '`:ref`', '`::include`', '## Photos and figures', '## Footnotes', '## Plain tables', '### Expressions and checks']) expect(page).toContain(heading);
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain('(docs/syntax.md)');
  });
});
