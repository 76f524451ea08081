/**
 * Hostile content: raw HTML with scripts, event handlers, frames, objects, javascript: URLs and
 * CSS that loads remote resources; front matter that looks like template code; an edition
 * template that reaches for prototypes. One real build with the PDF: the web pages carry none of
 * it, the print document requested nothing outside the build (else the print fails), and the
 * PDF shows none of it.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseContent } from '../helpers/bad-input.ts';
import { daan } from '../helpers/cli.ts';
import { run } from '../helpers/tools.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { transformMarkdown } from '../../scripts/transform/processor.ts';
import { toHtml } from 'hast-util-to-html';
import { visibleText } from '../../scripts/build/web.ts';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** Every payload carries EVIL where it would act; none of that may reach a page or the PDF. */
const hostileBody = `正文SAFE-TEXT。

<script>document.write('EVIL-script')</script>

<p onclick="EVIL()" onmouseover="EVIL()">点击SAFE-CLICK</p>

<img src="images/red.png" onerror="EVIL()" alt="红">

<iframe src="https://example.invalid/EVIL"></iframe>

<object data="https://example.invalid/EVIL.swf"></object><embed src="https://example.invalid/EVIL.swf">

[链接一](javascript:EVIL%28%29) <a href="javascript:EVIL()">链接二</a> <a href="file:///etc/passwd?EVIL">链接三</a> <a href="vbscript:EVIL">链接四</a>

<style>body { background: url(https://example.invalid/EVIL.png) }</style>

<div style="background-image: url('https://example.invalid/EVIL.png')">背景SAFE-STYLE</div>

<svg><image href="https://example.invalid/EVIL.png"/><script>EVIL()</script></svg>

<link rel="stylesheet" href="https://example.invalid/EVIL.css">
<meta http-equiv="refresh" content="0;url=https://example.invalid/EVIL">
<base href="https://example.invalid/EVIL/">

<form action="https://example.invalid/EVIL"><button formaction="https://example.invalid/EVIL">按钮</button></form>

<noscript><p title="</noscript><img src=images/red.png onerror=EVIL()>"></noscript>

<math><mtext><table><mglyph><style><img src=images/red.png onerror=EVIL()></style></mglyph></table></mtext></math>

<a href="https://example.invalid/ok" target="_blank" onfocus="EVIL()">外链SAFE-LINK</a>

<picture><source srcset="https://example.invalid/EVIL.png 1x, file:///etc/EVIL 2x"><source srcset="images/red.png"><img src="images/red.png" alt="图SAFE-PICTURE"></picture>

<video poster="https://example.invalid/EVIL.png" src="https://example.invalid/EVIL.mp4">视频SAFE-VIDEO</video>

<a href="https://example.invalid/ok" ping="https://example.invalid/EVIL">PINGSAFE-PING</a>

<table background="https://example.invalid/EVIL.png"><tr><td background="file:///etc/EVIL">表SAFE-TABLE</td></tr></table>

<img src="images/red.png" srcset="https://example.invalid/EVIL.png 2x" longdesc="https://example.invalid/EVIL" alt="多SAFE-SRCSET">

<div itemscope itemtype="https://example.invalid/EVIL">条目SAFE-ITEM</div>
`;

/** CSS-breaking settings (control characters are refused at load; these are the printable breakers). */
const hostileMasthead = '《大安》"}} body{display:none} </style><style>*{display:none}';
const hostileColumn = '专栏"} .article-body{display:none} @page{margin:0}';

const injection = "{{constructor.constructor 'return 1'}} {{{INJECT}}} <script>INJECT()</script>";

let out: string;
let page: string;

const BLOCKED = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'applet', 'svg', 'math', 'base', 'meta', 'link', 'style', 'noscript', 'template']);
/** The templates' own elements of these kinds (the layout's meta, link and search form), allowed outside the article. */
const TEMPLATE_OWN = new Set(['meta', 'link']);

/** Everything in a page that could run, load or submit something it should not. */
function activeContent(html: string): string[] {
  const found: string[] = [];
  visit(fromHtml(html), 'element', (node: Element, _index, parent) => {
    const inHead = (parent as Element | undefined)?.tagName === 'head';
    if (BLOCKED.has(node.tagName) && !(inHead && TEMPLATE_OWN.has(node.tagName))) found.push(`<${node.tagName}>`);
    for (const [name, value] of Object.entries(node.properties ?? {})) {
      if (/^on/i.test(name)) found.push(`${node.tagName}[${name}]`);
      if (name === 'style') found.push(`${node.tagName}[style]`);
      if (['href', 'src', 'action', 'formAction', 'data', 'poster', 'cite'].includes(name) && typeof value === 'string' && /^\s*(javascript|vbscript|file|data):/i.test(value) && value !== 'data:,') found.push(`${node.tagName}[${name}=${value}]`);
      if (['href', 'src', 'srcSet', 'poster', 'ping', 'background', 'longDesc', 'itemType', 'xLinkHref', 'action', 'formAction'].includes(name) && /example\.invalid\/EVIL|file:/.test(String(value))) found.push(`${node.tagName}[${name}=${value}]`);
    }
  });
  return found;
}

function textOf(html: string): string {
  return toString(fromHtml(html));
}

afterAll(removeTemporary);

beforeAll(() => {
  const content = temporary(baseContent());
  mkdirSync(join(content, '2020-01/templates/pages'), { recursive: true });
  writeFileSync(join(content, 'site.yaml'), `name: 大安\nmasthead: '${hostileMasthead}'\npublisher: 大安编辑部\n`);
  writeFileSync(join(content, '2020-01/edition.yaml'), `year: 2020\nnumber: 1\ndate: 2020-01-31\ncolumns:\n  - 要闻\n  - ${JSON.stringify(hostileColumn)}\n`);
  writeFileSync(join(content, '2020-01/articles/d.md'), `---\ntitle: 专栏文章\ncolumn: ${JSON.stringify(hostileColumn)}\nslug: zhuan-lan\n---\n\n专栏正文COLUMN-TEXT。\n`);
  writeFileSync(
    join(content, '2020-01/articles/c.md'),
    `---\ntitle: "${injection.replace(/"/g, '\\"')}"\ncolumn: 要闻\nslug: hostile\nauthor: "<img src=x onerror=INJECT()>"\n---\n\n${hostileBody}`,
  );
  // An edition template that reaches for prototypes: Handlebars must refuse (they print as nothing).
  const article = readFileSync(join(import.meta.dirname, '../../templates/pages/article.hbs'), 'utf8');
  writeFileSync(join(content, '2020-01/templates/pages/article.hbs'), `${article}\n<p class="proto">PROTO[{{view.constructor.name}}|{{view.__proto__}}|{{lookup view "constructor"}}|{{view.article.title.constructor}}]</p>\n`);
  // A print template with a script: print documents run no JavaScript.
  const issue = readFileSync(join(import.meta.dirname, '../../templates/print/issue.hbs'), 'utf8');
  mkdirSync(join(content, '2020-01/templates/print'), { recursive: true });
  writeFileSync(join(content, '2020-01/templates/print/issue.hbs'), issue.replace('</body>', '<script>document.body.insertAdjacentText("beforeend", "JS-RAN")</script>\n</body>'));
  out = join(temporary(mkdtempSync(join(tmpdir(), 'daan-hostile-'))), 'out');
  const result = daan(['build', '--content', content, '--out', out]);
  if (result.code !== 0) throw new Error(`the hostile build failed (exit ${result.code}):\n${result.output}`);
  page = readFileSync(join(out, '2020-01/hostile.html'), 'utf8');
});

describe('hostile content in the web pages', () => {
  it('keeps the text and drops every script, handler, frame, object, javascript: URL and remote CSS', () => {
    for (const text of ['SAFE-TEXT', '点击SAFE-CLICK', '背景SAFE-STYLE', '外链SAFE-LINK', '链接一', '链接二', '视频SAFE-VIDEO', 'PINGSAFE-PING', '表SAFE-TABLE', '条目SAFE-ITEM']) expect(page).toContain(text);
    expect(activeContent(page)).toEqual([]);
    // EVIL is left only inside a harmless attribute value (the <noscript> mXSS payload, parsed as a title).
    expect(page.replace(/ title="[^"]*"/g, '')).not.toMatch(/EVIL/);
    expect(textOf(page)).not.toMatch(/EVIL/);
    // The image of the edition stays (as its web copies, see transform/images.ts), without its handler.
    expect(page).toMatch(/<img src="images\/red-8\.\w+\.jpg" alt="红" srcset="images\/red-8\.\w+\.jpg 8w" sizes="[^"]+" width="8" height="8" loading="lazy" decoding="async">/);
  });

  it('prints front matter as text, never as template code or HTML', () => {
    expect(page).not.toMatch(/<script>INJECT|<img src=x/);
    // Escaped as text: the title and the author read exactly as written.
    const text = visibleText(page);
    expect(text).toContain(injection);
    expect(text).toContain('<img src=x onerror=INJECT()>');
  });

  it('keeps prototype access disabled in templates', () => {
    expect(page).toContain('PROTO[|||]');
  });
});

describe('hostile content in the print document', () => {
  it('printed (so it asked for nothing outside the build), ran no script, and shows none of it', () => {
    const pdf = join(out, '2020-01/daan-2020-01.pdf');
    const text = run('pdftotext', ['-enc', 'UTF-8', pdf, '-']);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('SAFE-TEXT');
    // Settings that would break out of the running heads' CSS strings hide nothing: the article
    // text, the table of contents and both running heads are printed.
    expect(flat).toContain('专栏正文COLUMN-TEXT');
    expect(flat).toContain('目录');
    expect(flat).toContain(hostileMasthead.replace(/\s+/g, ''));
    expect(flat).toContain(hostileColumn.replace(/\s+/g, ''));
    expect(flat).toContain('背景SAFE-STYLE');
    expect(text).not.toMatch(/EVIL/);
    expect(text).not.toContain('JS-RAN');
    // Front matter prints as the text it is (escaped in the print document, not run or parsed).
    expect(flat).toContain(injection.replace(/\s+/g, ''));
    // One image: the edition's own red square.
    const images = run('pdfimages', ['-list', pdf]).trim().split('\n').slice(2);
    expect(images.length).toBeGreaterThanOrEqual(1);
  });
});

describe('the raw-HTML policy, in the transform alone', () => {
  it('drops <style> with its text, and the other containers of active content', async () => {
    const { hast } = await transformMarkdown(hostileBody, 'hostile.md', { datasets: () => undefined, editionId: '2020-01' });
    const html = toHtml(hast);
    expect(activeContent(html)).toEqual([]);
    expect(textOf(html)).not.toMatch(/EVIL|url\(|background:/);
    expect(html).toContain('SAFE-TEXT');
  });
});
