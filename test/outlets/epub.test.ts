/**
 * The EPUB edition, built as a user builds it (`daan build --epub`) and read back: epubcheck, the
 * zip container, the package metadata, the navigation by column, notes, pictures, reader CSS, the
 * archive's link, and two builds (one with an empty build cache) byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import sharp from 'sharp';
import { daan } from '../helpers/cli.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';
import { outletContent } from './fixture.ts';

const EPUBCHECK = '/usr/share/java/epubcheck.jar';
let out: string;
let book: Uint8Array;

beforeAll(async () => {
  const { dir, content } = await outletContent();
  temporary(dir);
  out = join(dir, 'out');
  const first = daan(['build', '--content', content, '--out', out, '--no-pdf', '--epub']);
  if (first.code !== 0) throw new Error(`build failed:\n${first.output}`);
  book = new Uint8Array(readFileSync(join(out, '2017-09/daan-2017-09.epub')));
  // The second build starts from an empty build cache: pictures, cover and fonts made anew.
  const second = daan(['build', '--content', content, '--out', join(dir, 'out2'), '--no-pdf', '--epub'], { env: { DAAN_CACHE_DIR: join(dir, 'cache') } });
  if (second.code !== 0) throw new Error(`second build failed:\n${second.output}`);
  // Two builds, one with an empty build cache: a hang guard for a loaded machine, not a timing.
}, 900_000);
afterAll(removeTemporary);

/** The zip's entries as its central directory lists them: name and compression method, in order. */
function zipEntries(bytes: Uint8Array): { name: string; method: number; offset: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const method = view.getUint16(at + 10, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const offset = view.getUint32(at + 42, true);
    entries.push({ name: Buffer.from(bytes.subarray(at + 46, at + 46 + nameLength)).toString('utf8'), method, offset });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

describe('daan build --epub', () => {
  it('passes epubcheck with no error and no warning', () => {
    if (spawnSync('java', ['-version']).error || !existsSync(EPUBCHECK)) throw new Error(`epubcheck is needed: apt-get install epubcheck (expects java and ${EPUBCHECK})`);
    const result = spawnSync('java', ['-jar', EPUBCHECK, join(out, '2017-09/daan-2017-09.epub')], { encoding: 'utf8' });
    const output = result.stdout + result.stderr;
    // epubcheck lists every attribute it would have taken: the first 300 characters of each message say what is wrong.
    const said = output.split('\n').map((line) => line.slice(0, 300)).join('\n');
    expect(output, said).toMatch(/Messages: 0 fatals \/ 0 errors \/ 0 warnings/);
    expect(result.status, said).toBe(0);
  });

  it('is a conforming container: mimetype first and stored, everything else deflated', () => {
    const entries = zipEntries(book);
    expect(entries[0]).toMatchObject({ name: 'mimetype', method: 0, offset: 0 });
    expect(Buffer.from(book.subarray(30, 38)).toString()).toBe('mimetype');
    expect(Buffer.from(book.subarray(38, 58)).toString()).toBe('application/epub+zip');
    expect(entries.slice(1).every((e) => e.method === 8)).toBe(true);
    expect(entries.map((e) => e.name)).toContain('META-INF/container.xml');
  });

  it('carries the edition metadata, a chapter per article and a navigation document by column', () => {
    const files = unzipSync(book);
    const opf = strFromU8(files['EPUB/package.opf']);
    expect(opf).toContain('<dc:title>《大安》2017年第9期</dc:title>');
    expect(opf).toContain('<dc:language>zh-CN</dc:language>');
    expect(opf).toContain('<dc:publisher>《大安》编辑部</dc:publisher>');
    expect(opf).toContain('<dc:date>2017-09-30</dc:date>');
    expect(opf).toMatch(/<dc:identifier id="pub-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toContain('<meta property="dcterms:modified">2017-09-30T00:00:00Z</meta>');
    expect(opf).toMatch(/properties="cover-image"/);
    const chapters = Object.keys(files).filter((name) => name.startsWith('EPUB/text/'));
    expect(chapters.sort()).toEqual(['EPUB/text/dangjian-linghang-tuopin-benkang.xhtml', 'EPUB/text/wagao-xin-bianhua.xhtml']);
    const nav = strFromU8(files['EPUB/nav.xhtml']);
    expect(nav).toMatch(/epub:type="toc"/);
    expect(nav).toMatch(/<li><span>脱贫攻坚进行时<\/span><ol><li><a href="text\/dangjian-linghang-tuopin-benkang.xhtml">党建领航 脱贫奔康<\/a><\/li><li><a href="text\/wagao-xin-bianhua.xhtml">瓦高村的新变化<\/a>/);
  });

  it('has tables, charts, figures and notes as on the web, photos sized for a reader', async () => {
    const files = unzipSync(book);
    const main = strFromU8(files['EPUB/text/dangjian-linghang-tuopin-benkang.xhtml']);
    expect(main).toContain('<svg');
    expect(main).toContain('表1');
    expect(main).toContain('图1');
    const photoChapter = strFromU8(files['EPUB/text/wagao-xin-bianhua.xhtml']);
    // The footnote: a note reference in the text, the note itself an EPUB footnote aside; no back-link glyph.
    expect(photoChapter).toMatch(/<a epub:type="noteref" role="doc-noteref" href="#([^"]+)"[^>]*>①<\/a>/);
    const target = /href="#([^"]+)"[^>]*>①/.exec(photoChapter)![1];
    expect(photoChapter).toMatch(new RegExp(`<aside epub:type="footnote" role="doc-footnote" id="${target}">`));
    expect(photoChapter).toContain('数据来自永嘉乡2016年工作总结');
    expect(photoChapter).not.toContain('↩');
    // The outside link keeps its address; the GFM table is there.
    expect(photoChapter).toContain('href="https://example.gov.cn/daan"');
    expect(photoChapter).toContain('<table');
    const src = /<img src="\.\.\/(images\/[^"]+)"[^>]*alt="瓦高村新修的通村公路"/.exec(photoChapter);
    expect(src, photoChapter).not.toBeNull();
    const meta = await sharp(files[`EPUB/${src![1]}`]).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(1200);
    expect(meta.height).toBe(800);
  });

  it('styles with what e-readers have: no grid, flex or custom properties; justified text, 2em indent; subset fonts', () => {
    const files = unzipSync(book);
    const css = strFromU8(files['EPUB/css/reader.css']);
    expect(css).not.toMatch(/display:\s*(grid|flex|inline-flex|inline-grid)|var\(--|--[a-z-]+\s*:/);
    expect(css).toMatch(/text-align:\s*justify/);
    expect(css).toMatch(/p \{[^}]*text-indent:\s*2em/);
    const fonts = Object.keys(files).filter((name) => name.startsWith('EPUB/fonts/'));
    expect(fonts.length).toBe(4);
    expect(css).toContain('@font-face');
  });

  it('is listed by the archive pages and the manifest beside the PDF', () => {
    const home = readFileSync(join(out, 'index.html'), 'utf8');
    expect(home).toMatch(/<a class="edition-epub" href="2017-09\/daan-2017-09.epub">EPUB（\d+(\.\d+)? [KM]B）<\/a>/);
    const edition = readFileSync(join(out, '2017-09/index.html'), 'utf8');
    expect(edition).toContain('href="daan-2017-09.epub"');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: { path: string; unit?: string }[] };
    expect(manifest.files.find((f) => f.path === '2017-09/daan-2017-09.epub')).toMatchObject({ unit: '2017-09' });
  });

  it('is byte-identical on a second build from an empty build cache', () => {
    const again = readFileSync(join(out, '..', 'out2', '2017-09/daan-2017-09.epub'));
    expect(Buffer.compare(Buffer.from(book), again)).toBe(0);
  });

  it('is left out unless asked for', () => {
    const plain = readdirSync(join(inject('builtOut'), '2017-09'));
    expect(plain).toContain('index.html');
    expect(plain.filter((name) => name.endsWith('.epub') || name === 'wechat')).toEqual([]);
  });
});
