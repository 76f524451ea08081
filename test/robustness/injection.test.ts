/**
 * Content values in the print document's CSS and HTML. The masthead and the column names are
 * running heads (CSS strings in @page margin boxes); titles and authors are text and attributes.
 * Random strings — every control character included, and the characters that end a CSS string,
 * rule or <style> — go into the real print template of a real edition (the values are set on the
 * loaded views, past the load checks that refuse control characters, to test the escaping alone).
 * The style sheet must keep exactly the rules of the template, each running head must read back
 * as the value, and the HTML must keep its elements and the article text.
 */
import fc from 'fast-check';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import postcss, { type ChildNode } from 'postcss';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { baseContent } from '../helpers/bad-input.ts';
import { repoRoot } from '../helpers/cli.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { prepare } from '../../scripts/build/index.ts';
import { renderPrintDocument } from '../../scripts/render/print.ts';
import { loadTemplates, type Templates } from '../../scripts/render/templates.ts';
import { cssString } from '../../scripts/render/helpers.ts';
import type { SiteView } from '../../scripts/render/model.ts';

const RUNS = Number(process.env.DAAN_PROPERTY_RUNS ?? 150);
const templatesDir = join(repoRoot, 'templates');

let view: SiteView;
let templates: Templates;

afterAll(removeTemporary);

beforeAll(async () => {
  view = (await prepare(temporary(baseContent()), undefined, undefined, templatesDir)).view;
  templates = await loadTemplates([templatesDir]);
});

/** Strings that stress CSS and HTML: every control character, quotes, braces, backslashes, comment and tag openers, CJK, emoji, lone surrogates. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...[...Array(0x20).keys(), 0x7f, ...[...Array(0x20).keys()].map((c) => 0x80 + c), 0x2028, 0x2029, 0xfeff, 0xd800, 0xdfff].map((c) => String.fromCharCode(c))),
      fc.constantFrom('"', "'", '\\', '\\"', '{', '}', ';', '}}', '/*', '*/', '<', '>', '</style>', '<style>', '<!--', '-->', '@page{}', '@import "x.css";', 'url(http://x.invalid/a)', '\\A', '\\7d ', '\\0', ':', ',', '&', '&amp;', '=', '`'),
      fc.constantFrom('要闻', '专栏', '《大安》', '😀', '𪚥', ' ', '.article-body{display:none}', '.toc{display:none}', 'body{display:none}'),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => parts.join(''))
  // An empty author or title leaves its line out, by design: every value here is printed.
  .filter((value) => value.length > 0);

/** The rule structure of a style sheet: at-rules with their parameters, rules with their selectors, nested. */
function rules(nodes: ChildNode[]): string[] {
  return nodes.flatMap((node) => {
    if (node.type === 'atrule') return [`@${node.name} ${node.params} {`, ...rules(node.nodes ?? []), '}'];
    if (node.type === 'rule') return [`${node.selector} {`, ...rules(node.nodes), '}'];
    if (node.type === 'decl' && node.prop === 'content') return ['content'];
    return [];
  });
}

/** The `content:` values of the margin boxes, in order. */
function runningHeads(nodes: ChildNode[]): string[] {
  return nodes.flatMap((node) => {
    if (node.type === 'atrule' || node.type === 'rule') return runningHeads(node.nodes ?? []);
    return node.type === 'decl' && node.prop === 'content' && node.value.startsWith('"') ? [node.value] : [];
  });
}

/** Decodes one CSS string token (CSS Syntax 3, §4.3.5 and §4.3.7); undefined when it is not exactly one well-formed string. */
function cssStringValue(token: string): string | undefined {
  if (!/^"(?:[^"\\\n\r\f]|\\[0-9a-fA-F]{1,6}[ \t\n]?|\\[^0-9a-fA-F\n\r\f])*"$/.test(token)) return undefined;
  return token.slice(1, -1).replace(/\\([0-9a-fA-F]{1,6})[ \t\n]?|\\(.)/gsu, (_, hex: string | undefined, char: string | undefined) => {
    if (char !== undefined) return char;
    const code = parseInt(hex!, 16);
    return code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code);
  });
}

/** What CSS can carry of a value: NUL and lone surrogates become U+FFFD. */
function asCss(value: string): string {
  return [...value].map((c) => (c === '\0' || /^[\ud800-\udfff]$/.test(c) ? '\ufffd' : c)).join('');
}

interface Printed {
  html: string;
  tree: Root;
  style: string;
}

async function printDocument(masthead: string, column: string, title: string, author: string): Promise<Printed> {
  const edition = view.editions[0];
  const original = edition.edition.columns[0].name;
  const rename = (name: string) => (name === original ? column : name);
  const articles = edition.articles.map((a) => ({ ...a, article: { ...a.article, column: rename(a.article.column), title, author } }));
  const html = await renderPrintDocument({
    site: { ...view.site, masthead },
    edition: {
      ...edition,
      edition: { ...edition.edition, columns: edition.edition.columns.map((c) => ({ ...c, name: rename(c.name) })) },
      columns: edition.columns.map((c) => ({ ...c, name: rename(c.name) })),
      articles,
    },
    templates,
    templatesDir,
    fontCss: '',
  });
  const tree = fromHtml(html);
  const styles: Element[] = [];
  visit(tree, 'element', (node: Element) => void (node.tagName === 'style' && styles.push(node)));
  expect(styles.length, 'one <style> element').toBe(1);
  return { html, tree, style: toString(styles[0]) };
}

/**
 * Elements by tag name and class, in document order: what content must not add to or take from.
 * Not the `<span class="nobr">` the {{marks}} helper wraps around a value's ——, …, ～ or · and the
 * character before them (transform/line-marks.ts): its own, holding that text and nothing else.
 */
function shape(tree: Root): string[] {
  const found: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === 'span' && [node.properties.className ?? []].flat().join('.') === 'nobr' && Object.keys(node.properties).length === 1) {
      expect(node.children.every((child) => child.type === 'text' && /[—…～·]/u.test(child.value)), 'a nobr span holds the marks of a value, as text').toBe(true);
      return;
    }
    found.push(`${node.tagName}.${[node.properties.className ?? []].flat().join('.')}[${Object.keys(node.properties).sort().join(',')}]`);
  });
  return found;
}

describe('content values in the print document', () => {
  it('never add or change a CSS rule, an element or an attribute, and read back exactly', async () => {
    const baseline = await printDocument('《大安》', '要闻', '第二篇', '陈永刚');
    const baseRules = rules(postcss.parse(baseline.style).nodes);
    const baseShape = shape(baseline.tree);
    expect(runningHeads(postcss.parse(baseline.style).nodes).map(cssStringValue)).toContain('《大安》2020年第1期');
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, hostile, async (masthead, column, title, author) => {
        const printed = await printDocument(masthead, column, title, author);
        const sheet = postcss.parse(printed.style);
        expect(rules(sheet.nodes)).toEqual(baseRules);
        const heads = runningHeads(sheet.nodes).map(cssStringValue);
        expect(heads).toContain(asCss(`${masthead}2020年第1期`));
        expect(heads).toContain(asCss(column));
        expect(shape(printed.tree)).toEqual(baseShape);
        // The article text is still there, in the article body.
        expect(toString(printed.tree)).toContain('全村');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('cssString', () => {
  it('writes any string as one CSS string token that reads back as the string', () => {
    fc.assert(
      fc.property(fc.oneof(hostile, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (value) => {
        const token = cssString(value);
        // Outside its escapes, nothing that could end the string, the rule or the <style>.
        expect(token.slice(1, -1).replace(/\\[0-9a-f]{1,6} /g, '')).not.toMatch(/["'<>{}\\;]|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
        expect(cssStringValue(token)).toBe(asCss(value));
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
