/**
 * Articles ready for the 公众号 editor: out/<edition>/wechat/<slug>.html, a self-contained page
 * whose one <section> is the article, to open, select all, copy and paste (or to copy with the
 * button of `daan serve`'s 公众号 view). The editor drops stylesheets, classes, ids, scripts,
 * SVG and outside links when a fragment is pasted, so:
 *
 * - every style is inline (templates/css/wechat.css, inlined by juice), and no class, id or
 *   data attribute is left;
 * - photos and charts are files beside the fragment (wechat/<slug>/01.jpg …), JPEG or PNG under
 *   1 MB each, to upload; charts are drawn as PNG (the editor does not keep inline SVG);
 * - tables stay tables with inline styles: they survive pasting, stay sharp and searchable,
 *   and their numbers can still be corrected in the editor, which an image of a table would not allow;
 * - footnotes become 注释 at the end (①②③ in the text);
 * - links become their text (a 公众号 article may only link to other 公众号 articles);
 * - a header block carries the title, the author and the source.
 *
 * What the platform would refuse or cut (title over 32 characters, author over 16, digest over
 * 128, body over 20,000 characters or 1 MB) is reported as a warning at the article's line.
 */
import { imageSources } from '../transform/images.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import { fromHtml } from 'hast-util-from-html';
import { visit, SKIP } from 'unist-util-visit';
import juice from 'juice';
import type { VFileMessage } from 'vfile-message';
import type { Site } from '../load/model.ts';
import type { ArticleView, EditionView } from '../render/model.ts';
import { problem } from '../report/problems.ts';
import { articleTree, circled, classes, takeNotes, textOf } from './article-tree.ts';
import { readerPicture, svgPicture, type Picture } from './pictures.ts';

/** The platform's limits (mp.weixin.qq.com, 图文消息): characters, and bytes of the body. */
export const WECHAT_LIMITS = { title: 32, author: 16, digest: 128, characters: 20_000, bytes: 1024 * 1024, image: 1024 * 1024 } as const;

/** Widest picture: the editor shows images at most 1080 px wide on a phone's screen. */
const PICTURE_WIDTH = 1080;
/** A little under the 1 MB limit, for the editor's own re-encoding. */
const PICTURE_BYTES = 1000 * 1000;

export interface WechatFile {
  path: string;
  data: string | Uint8Array;
}

export interface WechatArticle {
  slug: string;
  title: string;
  /** wechat/<slug>.html, relative to the edition folder. */
  fragment: string;
  /** Files to upload, relative to the edition folder. */
  pictures: { path: string; bytes: number; width: number; height: number; alt: string }[];
  digest: string;
  characters: number;
}

export async function wechatFiles(site: Site, edition: EditionView, templatesDir: string): Promise<{ files: WechatFile[]; articles: WechatArticle[]; findings: VFileMessage[] }> {
  const css = await readFile(join(templatesDir, 'css/wechat.css'), 'utf8');
  const files: WechatFile[] = [];
  const articles: WechatArticle[] = [];
  const findings: VFileMessage[] = [];
  for (const view of edition.articles) {
    const made = await wechatArticle(site, edition, view, css);
    files.push({ path: `wechat/${view.article.slug}.html`, data: made.html }, ...made.pictures.map((p) => ({ path: p.path, data: p.bytes })));
    const article: WechatArticle = {
      slug: view.article.slug,
      title: view.article.title,
      fragment: `wechat/${view.article.slug}.html`,
      pictures: made.pictures.map(({ path, bytes, width, height, alt }) => ({ path, bytes: bytes.length, width, height, alt })),
      digest: made.digest,
      characters: made.characters,
    };
    articles.push(article);
    findings.push(...wechatLimits(view, article, Buffer.byteLength(made.fragment)));
  }
  files.push({ path: 'wechat/index.html', data: indexPage(site, edition, articles) });
  return { files, articles, findings };
}

interface Made {
  html: string;
  fragment: string;
  pictures: { path: string; bytes: Uint8Array; width: number; height: number; alt: string }[];
  digest: string;
  characters: number;
}

async function wechatArticle(site: Site, edition: EditionView, view: ArticleView, css: string): Promise<Made> {
  const tree = articleTree(view);
  const slug = view.article.slug;
  const pictures: Made['pictures'] = [];
  const add = (picture: Picture, alt: string): string => {
    const path = `wechat/${slug}/${String(pictures.length + 1).padStart(2, '0')}.${picture.extension}`;
    pictures.push({ path, bytes: picture.bytes, width: picture.width, height: picture.height, alt });
    return path.slice('wechat/'.length);
  };
  const files = imageSources(view.images);

  // Charts: the drawing as a PNG in place of the inline SVG.
  const charts: { holder: Element; svg: Element; label: string }[] = [];
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'div' || !classes(node).includes('chart')) return;
    const svg = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'svg');
    if (svg) charts.push({ holder: node, svg, label: String(node.properties.ariaLabel ?? '') });
    return SKIP;
  });
  for (const chart of charts) {
    const picture = await svgPicture(toHtml(chart.svg, { space: 'svg' }), PICTURE_WIDTH);
    chart.holder.children = [h('img', { src: add(picture, chart.label), alt: chart.label })];
    delete chart.holder.properties.role;
    delete chart.holder.properties.ariaLabel;
  }
  // Photos: a copy under 1 MB; a <picture> keeps only its <img>.
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'picture' && parent && index !== undefined) {
      const img = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'img');
      parent.children.splice(index, 1, ...(img ? [img] : []));
    }
  });
  const images: Element[] = [];
  visit(tree, 'element', (node) => {
    if (node.tagName === 'img' && !String(node.properties.src ?? '').startsWith(`${slug}/`)) images.push(node);
  });
  for (const img of images) {
    for (const key of ['srcSet', 'sizes', 'loading', 'decoding', 'width', 'height']) delete img.properties[key];
    const file = files.get(String(img.properties.src ?? ''));
    if (file) img.properties.src = add(await readerPicture(file, { maxWidth: PICTURE_WIDTH, maxBytes: PICTURE_BYTES }), String(img.properties.alt ?? ''));
  }
  const notes = takeNotes(tree, (_link, note) => h('sup.note-ref', circled(note.number)));
  // Links keep their text (the notes' back-links went with the notes).
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'a' || !parent || index === undefined) return;
    parent.children.splice(index, 1, ...node.children);
    return [SKIP, index];
  });

  const digest = view.article.digest ?? firstParagraph(tree);
  const header = h('header.header', [
    h('p.column', view.article.column),
    h('h1.title', view.article.title),
    ...(view.article.subtitle ? [h('p.subtitle', `——${view.article.subtitle}`)] : []),
    h('p.byline', [view.article.author ? `作者：${view.article.author}` : '', view.article.source ? `来源：${view.article.source}` : '', `原载：${site.masthead}${edition.label}`].filter(Boolean).join('　')),
  ]);
  const body: ElementContent[] = [
    header,
    h('div.body', tree.children as ElementContent[]),
    ...(view.article.authorTitle ? [h('p.author-note', `（作者：${view.article.authorTitle}）`)] : []),
    ...(notes.length ? [h('section.notes', [h('p.notes-title', '注释'), ...notes.map((note) => h('div.note', [h('span.note-number', circled(note.number)), ...unwrapParagraphs(note.children)]))])] : []),
  ];
  const section = h('section.article', body);
  const fragment = inline(toHtml(section), css);
  const title = `${view.article.title} — ${site.masthead}${edition.label}（公众号版）`;
  const html = `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${fragment}\n</body>\n</html>\n`;
  return { html, fragment, pictures, digest, characters: [...textOf(section).replace(/\s+/g, '')].length };
}

/** Styles inlined, then every class, id, data and ARIA-reference attribute dropped. */
function inline(html: string, css: string): string {
  const styled = juice.inlineContent(html, css, { inlinePseudoElements: false, applyWidthAttributes: false, applyHeightAttributes: false, preserveImportant: false });
  const tree = fromHtml(styled, { fragment: true });
  visit(tree, 'element', (node) => {
    for (const key of Object.keys(node.properties)) {
      if (key === 'className' || key === 'id' || key.startsWith('data') || key === 'ariaDescribedBy' || key === 'ariaLabelledBy' || key === 'scope') delete node.properties[key];
    }
  });
  return toHtml(tree);
}

function unwrapParagraphs(children: ElementContent[]): ElementContent[] {
  return children.flatMap((c) => (c.type === 'element' && c.tagName === 'p' ? c.children : c.type === 'text' && !c.value.trim() ? [] : [c]));
}

function firstParagraph(tree: Root): string {
  for (const node of tree.children) {
    if (node.type === 'element' && node.tagName === 'p') {
      const text = textOf(node).replace(/\s+/g, '');
      if (text) return [...text].slice(0, 54).join('');
    }
  }
  return '';
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What the platform would refuse or cut, at the article's line (warnings: the build goes on). */
export function wechatLimits(view: ArticleView, article: Pick<WechatArticle, 'digest' | 'characters'>, bytes: number): VFileMessage[] {
  const a = view.article;
  const found: VFileMessage[] = [];
  const warn = (field: string | undefined, reason: string, fix: string) => {
    const at = (field && a.places[field]) || a.at;
    const message = problem(a.file, { line: at.line, column: at.column }, reason, fix, 'wechat-limit');
    message.fatal = false;
    found.push(message);
  };
  const length = (s: string) => [...s].length;
  if (length(a.title) > WECHAT_LIMITS.title) warn('title', `公众号标题最多 ${WECHAT_LIMITS.title} 个字，这篇的标题有 ${length(a.title)} 个字，发布时会被拒绝`, '缩短 `title:`（副题可以写进 `subtitle:`）');
  if (a.author && length(a.author) > WECHAT_LIMITS.author) warn('author', `公众号作者名最多 ${WECHAT_LIMITS.author} 个字，这篇的作者有 ${length(a.author)} 个字`, '缩短 `author:`（多位作者可只写第一位，加“等”）');
  if (length(article.digest) > WECHAT_LIMITS.digest) warn('digest', `公众号摘要最多 ${WECHAT_LIMITS.digest} 个字，这篇的摘要有 ${length(article.digest)} 个字，超出部分会被截掉`, '缩短 `digest:`');
  if (article.characters > WECHAT_LIMITS.characters) warn(undefined, `公众号正文最多 ${WECHAT_LIMITS.characters} 字，这篇有 ${article.characters} 字`, '把文章分成上、下两篇发布，或删减正文');
  if (bytes > WECHAT_LIMITS.bytes) warn(undefined, `公众号正文最大 1 MB，这篇的排版代码有 ${(bytes / 1024 / 1024).toFixed(2)} MB`, '把文章分成两篇发布，或减少表格');
  return found;
}

/** wechat/index.html: each article's fragment, the pictures to upload, the digest. */
function indexPage(site: Site, edition: EditionView, articles: WechatArticle[]): string {
  const title = `${site.masthead}${edition.label} — 公众号版`;
  const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;
  const list = h(
    'ol',
    articles.map((a) =>
      h('li', [
        h('p', [h('a', { href: a.fragment.slice('wechat/'.length) }, a.title), `（${a.characters} 字）`]),
        h('p', `摘要：${a.digest}`),
        a.pictures.length ? h('p', '要上传的图片：') : h('p', '没有图片。'),
        ...(a.pictures.length ? [h('ul', a.pictures.map((p) => h('li', [h('a', { href: p.path.slice('wechat/'.length) }, p.path.slice('wechat/'.length)), `　${p.width}×${p.height}，${kb(p.bytes)}${p.alt ? `，${p.alt}` : ''}`])))] : []),
      ]),
    ),
  );
  const body = h('main', [
    h('h1', title),
    h('p', '打开一篇文章，全选、复制，粘贴到公众号编辑器；再把它的图片逐张上传，替换文中同序号的图片。'),
    list,
  ]);
  return `<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${escapeHtml(title)}</title>\n</head>\n<body>\n${toHtml(body)}\n</body>\n</html>\n`;
}
