/**
 * The EPUB 3 edition: out/<edition>/daan-<edition>.epub, for phones and e-readers. Made from the
 * same article HTML as the web pages: each article one XHTML file, the footnotes as EPUB notes,
 * tables and charts as on the web (charts stay inline SVG), photos resized for a reader, a cover
 * drawn from the edition's cover settings, a navigation document by column, and, by default,
 * the bundled fonts subset to the book's characters.
 *
 * Byte-identical on every build: the entries come in a fixed order with the edition's date as
 * their time, `mimetype` first and stored, the rest deflated; no clock is read.
 */
import { imageSources } from '../transform/images.ts';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import { toXast } from 'hast-util-to-xast';
import { toXml } from 'xast-util-to-xml';
import { visit } from 'unist-util-visit';
import { strToU8, zipSync, type ZipOptions } from 'fflate';
import type { Site } from '../load/model.ts';
import type { ArticleView, EditionView } from '../render/model.ts';
import { fontFaceCss, subsetFaces } from '../fonts/subset.ts';
import { coverLines } from '../render/views.ts';
import { articleTree, circled, takeNotes, textOf } from './article-tree.ts';
import { readerPicture, svgPicture, type Picture } from './pictures.ts';

export interface EpubOptions {
  templatesDir: string;
  /** Embed the bundled fonts, subset to the book's characters (the `outlets.epub_fonts` setting). */
  fonts: boolean;
}

/** Widest photo in the EPUB, in pixels: sharp on a phone, and a book of 30 photos stays small. */
const READER_WIDTH = 1200;

interface Item {
  id: string;
  href: string;
  type: string;
  properties?: string;
  bytes: Uint8Array;
}

const XHTML = 'application/xhtml+xml';

export async function buildEpub(site: Site, edition: EditionView, options: EpubOptions): Promise<Uint8Array> {
  const title = `${site.masthead}${edition.label}`;
  const items: Item[] = [];
  const pictures = new Map<string, string>();
  /** A picture placed once in the book under images/, by the file it came from. */
  const place = async (source: string, make: () => Promise<Picture>, name: string): Promise<string> => {
    const known = pictures.get(source);
    if (known) return known;
    const picture = await make();
    const href = uniqueName(`images/${name}.${picture.extension}`, new Set(items.map((i) => i.href)));
    items.push({ id: `img-${items.filter((i) => i.href.startsWith('images/')).length + 1}`, href, type: picture.extension === 'png' ? 'image/png' : 'image/jpeg', bytes: picture.bytes });
    pictures.set(source, href);
    return href;
  };

  const cover = await place('cover', () => svgPicture(coverSvg(site, edition), READER_WIDTH), 'cover');
  items[items.length - 1].properties = 'cover-image';
  const chapters: { view: ArticleView; href: string; svg: boolean; text: string }[] = [];
  for (const view of edition.articles) {
    const tree = articleTree(view);
    await rewriteImages(tree, view, (file, name) => place(file, () => readerPicture(file, { maxWidth: READER_WIDTH }), name), '../');
    rewriteLinks(tree, edition);
    captionsFirstOrLast(tree);
    alignAsStyle(tree);
    const notes = takeNotes(tree, (link, note) => h('a', { 'epub:type': 'noteref', role: 'doc-noteref', href: `#${note.id}`, id: String(link.properties.id ?? `ref-${note.id}`) }, circled(note.number)));
    let svg = false;
    visit(tree, 'element', (node) => {
      if (node.tagName === 'svg') svg = true;
    });
    const body: ElementContent[] = [
      h('header', [h('p.kicker', view.article.column), h('h1', view.article.title), view.article.subtitle ? h('p.subtitle', `——${view.article.subtitle}`) : undefined, byline(view)].filter(isElement)),
      ...(tree.children as ElementContent[]),
      ...(view.article.authorTitle ? [h('p.author-note', `（作者：${view.article.authorTitle}）`)] : []),
      ...(notes.length
        ? [
            h('section.notes', { 'epub:type': 'endnotes', role: 'doc-endnotes' }, [
              h('h2', '注释'),
              ...notes.map((note) => h('aside', { 'epub:type': 'footnote', role: 'doc-footnote', id: note.id }, [h('span.note-number', circled(note.number)), ' ', ...note.children])),
            ]),
          ]
        : []),
    ];
    const href = `text/${view.article.slug}.xhtml`;
    const document = xhtml(view.article.title, '../', [h('section', { 'epub:type': 'chapter', id: view.id }, body)]);
    chapters.push({ view, href, svg, text: textOf({ type: 'root', children: body } as Root) });
    items.push({ id: `ch-${chapters.length}`, href, type: XHTML, ...(svg ? { properties: 'svg' } : {}), bytes: strToU8(document) });
  }

  const coverPage = xhtml(title, '', [h('section', { 'epub:type': 'cover', class: 'cover' }, [h('img', { src: cover, alt: `封面：${title}` })])]);
  const navigation = navDocument(title, edition);
  let css = await readFile(join(options.templatesDir, 'css/reader.css'), 'utf8');
  if (options.fonts) {
    const text = [title, edition.dateLabel, site.publisher, ...chapters.map((c) => c.text), ...edition.columns.map((c) => c.name), '目录封面注释'].join('');
    const fonts = await subsetFaces(text, 'woff2');
    for (const font of fonts) items.push({ id: `font-${font.face.id}`, href: `fonts/${font.name}`, type: 'font/woff2', bytes: font.bytes });
    css = `${fontFaceCss(fonts, '../fonts/')}\n${css}`;
  }
  items.push({ id: 'css', href: 'css/reader.css', type: 'text/css', bytes: strToU8(css) });
  items.unshift(
    { id: 'cover-page', href: 'cover.xhtml', type: XHTML, bytes: strToU8(coverPage) },
    { id: 'nav', href: 'nav.xhtml', type: XHTML, properties: 'nav', bytes: strToU8(navigation) },
  );
  const opf = packageDocument(site, edition, title, items, ['cover-page', 'nav', ...chapters.map((_, i) => `ch-${i + 1}`)]);
  return zip(edition.edition.date, [
    ['mimetype', strToU8('application/epub+zip')],
    ['META-INF/container.xml', strToU8(CONTAINER)],
    ['EPUB/package.opf', strToU8(opf)],
    ...items.map((item): [string, Uint8Array] => [`EPUB/${item.href}`, item.bytes]),
  ]);
}

function isElement(node: Element | undefined): node is Element {
  return node !== undefined;
}

function byline(view: ArticleView): Element | undefined {
  const parts = [view.article.author ? `作者：${view.article.author}` : '', view.article.source ? `来源：${view.article.source}` : ''].filter(Boolean);
  return parts.length ? h('p.byline', parts.join('　')) : undefined;
}

/** Photos become reader-sized copies under images/ (a `<picture>` keeps only its `<img>`). */
async function rewriteImages(tree: Root, view: ArticleView, place: (file: string, name: string) => Promise<string>, prefix: string): Promise<void> {
  const files = imageSources(view.images);
  const images: Element[] = [];
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'picture' && parent && index !== undefined) {
      const img = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'img');
      parent.children.splice(index, 1, ...(img ? [img] : []));
    }
  });
  visit(tree, 'element', (node) => {
    if (node.tagName === 'img') images.push(node);
  });
  for (const img of images) {
    const src = String(img.properties.src ?? '');
    const file = files.get(src);
    for (const key of ['srcSet', 'sizes', 'loading', 'decoding', 'width', 'height']) delete img.properties[key];
    if (!file) continue;
    img.properties.src = prefix + (await place(file, basename(src, extname(src))));
  }
}

/**
 * A figure's caption must be its first or last child in XHTML; a chart's source line after its
 * caption moves into the caption.
 */
function captionsFirstOrLast(tree: Root): void {
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'figure') return;
    const elements = node.children.filter((c): c is Element => c.type === 'element');
    const caption = elements.find((c) => c.tagName === 'figcaption');
    if (!caption || caption === elements[0] || caption === elements[elements.length - 1]) return;
    const after = node.children.slice(node.children.indexOf(caption) + 1);
    node.children = node.children.slice(0, node.children.indexOf(caption) + 1);
    caption.children.push(...(after as ElementContent[]));
  });
}

/** GFM's column alignment (`align`, obsolete in XHTML 5) as a style. */
function alignAsStyle(tree: Root): void {
  visit(tree, 'element', (node) => {
    const align = node.properties.align;
    if (typeof align !== 'string') return;
    delete node.properties.align;
    if (/^(left|right|center|justify)$/.test(align)) node.properties.style = `text-align: ${align};${node.properties.style ? ` ${String(node.properties.style)}` : ''}`;
  });
}

/** Links to other articles of the edition point at their chapters; links out of the book keep only their text. */
function rewriteLinks(tree: Root, edition: EditionView): void {
  const chapters = new Map(edition.articles.map((a) => [a.href, `${a.article.slug}.xhtml`]));
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'a' || typeof node.properties.href !== 'string') return;
    const href = node.properties.href;
    if (href.startsWith('#')) return;
    const [page, hash] = href.split('#');
    const chapter = chapters.get(page);
    if (chapter) node.properties.href = hash ? `${chapter}#${hash}` : chapter;
    else if (!/^https?:\/\//.test(href)) delete node.properties.href;
  });
}

function xhtml(title: string, prefix: string, body: ElementContent[]): string {
  const tree = h('html', { xmlns: 'http://www.w3.org/1999/xhtml', 'xmlns:epub': 'http://www.idpf.org/2007/ops', lang: 'zh-CN', 'xml:lang': 'zh-CN' }, [
    h('head', [h('meta', { charset: 'utf-8' }), h('title', title), h('link', { rel: 'stylesheet', type: 'text/css', href: `${prefix}css/reader.css` })]),
    h('body', body),
  ]);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${toXml(toXast({ type: 'root', children: [tree] }), { closeEmptyElements: true })}\n`;
}

function navDocument(title: string, edition: EditionView): string {
  const toc = h('nav', { 'epub:type': 'toc', id: 'toc', role: 'doc-toc' }, [
    h('h1', '目录'),
    h('ol', [
      h('li', [h('a', { href: 'cover.xhtml' }, '封面')]),
      ...edition.columns.map((column) => h('li', [h('span', column.name), h('ol', column.articles.map((a) => h('li', [h('a', { href: `text/${a.article.slug}.xhtml` }, a.article.title)])))])),
    ]),
  ]);
  const landmarks = h('nav', { 'epub:type': 'landmarks', id: 'landmarks', hidden: true }, [
    h('h2', '导览'),
    h('ol', [
      h('li', [h('a', { 'epub:type': 'cover', href: 'cover.xhtml' }, '封面')]),
      h('li', [h('a', { 'epub:type': 'toc', href: 'nav.xhtml' }, '目录')]),
      ...(edition.articles.length ? [h('li', [h('a', { 'epub:type': 'bodymatter', href: `text/${edition.articles[0].article.slug}.xhtml` }, '正文')])] : []),
    ]),
  ]);
  return xhtml(title, '', [toc, landmarks]);
}

/** A stable identifier for the edition: a name-based UUID of the magazine and the edition. */
function identifier(site: Site, edition: EditionView): string {
  const hex = createHash('sha1').update(`daan-epub:${site.name}:${edition.edition.id}`).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function packageDocument(site: Site, edition: EditionView, title: string, items: Item[], spine: string[]): string {
  const date = edition.edition.date;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id" xml:lang="zh-CN">',
    '  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">',
    `    <dc:identifier id="pub-id">${identifier(site, edition)}</dc:identifier>`,
    `    <dc:title>${escapeXml(title)}</dc:title>`,
    '    <dc:language>zh-CN</dc:language>',
    `    <dc:publisher>${escapeXml(site.publisher)}</dc:publisher>`,
    `    <dc:creator>${escapeXml(site.publisher)}</dc:creator>`,
    `    <dc:date>${date}</dc:date>`,
    `    <meta property="dcterms:modified">${date}T00:00:00Z</meta>`,
    '  </metadata>',
    '  <manifest>',
    ...items.map((i) => `    <item id="${i.id}" href="${escapeXml(i.href)}" media-type="${i.type}"${i.properties ? ` properties="${i.properties}"` : ''}/>`),
    '  </manifest>',
    '  <spine>',
    ...spine.map((id) => `    <itemref idref="${id}"/>`),
    '  </spine>',
    '</package>',
    '',
  ];
  return lines.join('\n');
}

const CONTAINER = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`;

function uniqueName(href: string, taken: Set<string>): string {
  if (!taken.has(href)) return href;
  const dot = href.lastIndexOf('.');
  for (let n = 2; ; n++) {
    const candidate = `${href.slice(0, dot)}-${n}${href.slice(dot)}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * The cover: the edition's colour, the masthead, the issue and its cover lines, as the printed
 * cover sets them. Drawn as SVG and made a PNG with the bundled fonts.
 */
export function coverSvg(site: Site, edition: EditionView): string {
  const width = 1200;
  const height = Math.round((width * edition.edition.page.height) / edition.edition.page.width);
  const text = (y: number, size: number, value: string, weight = 700) =>
    `<text x="110" y="${y}" font-family="Noto Sans SC" font-weight="${weight}" font-size="${size}" fill="#ffffff">${escapeXml(value)}</text>`;
  const lines = coverLines(edition);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="${edition.edition.cover.color}"/>`,
    text(330, 220, site.masthead),
    text(470, 84, edition.label, 400),
    text(560, 56, edition.dateLabel, 400),
    ...lines.map((line, i) => text(height - 260 - (lines.length - 1 - i) * 100, 72, line)),
    text(height - 110, 44, site.publisher, 400),
    '</svg>',
  ].join('\n');
}

/** The zip container: fixed order, every entry dated the edition's day, `mimetype` stored. */
function zip(date: string, entries: [string, Uint8Array][]): Uint8Array {
  const [year, month, day] = date.split('-').map(Number);
  // fflate writes the DOS date from local time fields: a local date gives the same bytes in every time zone.
  const mtime = new Date(year, month - 1, day, 0, 0, 0);
  const files: Record<string, [Uint8Array, ZipOptions]> = {};
  for (const [name, bytes] of entries) files[name] = [bytes, { level: name === 'mimetype' ? 0 : 9, mtime }];
  return zipSync(files);
}
