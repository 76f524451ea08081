/**
 * Builds the print fixture into a temporary folder: the HTML with its article bodies expanded and
 * the TOC page numbers filled in, the CSS, and a TrueType subset of Noto Serif SC covering exactly
 * the fixture's characters (written beside the HTML).
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const fixtureDir = join(here, '../fixtures/print');
const fontSource = join(here, '../../node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf');

type SubsetFont = (font: Buffer, text: string, options: { targetFormat: 'truetype' }) => Promise<Buffer>;
const SUBSET_FONT: string = 'subset-font';

const PARAGRAPH =
  '今年全镇组织农户开展春耕生产，修缮沟渠一千二百米，新增灌溉面积三百亩。村民们说：“只要水到了田里，心里就踏实了。”' +
  '镇里还请来农技人员，在田间地头讲解选种、育秧和施肥的要领，帮助大家把好每一道关。';

/** The TOC ids of the fixture, in order. */
export const ARTICLE_IDS = ['art-1', 'art-2', 'art-冬藏'];
/** The article titles, as they appear in the TOC and as the h1 of each article. */
export const ARTICLE_TITLES = ['第一篇 春耕', '第二篇 秋收', '第三篇 冬藏'];

export interface Fixture {
  dir: string;
  htmlPath: string;
  /** The HTML with the TOC page numbers filled in (placeholders "00" when pages is undefined) and `extra` in the head. */
  html(pages?: Map<string, number>, extra?: string): string;
  /** Removes the temporary folder. */
  remove(): Promise<void>;
}

/** Copies the fixture into a fresh temporary folder (issue.html with placeholder page numbers) and writes its subset font there. */
export async function makeFixture(extraHead = ''): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), 'daan-print-fixture-'));
  await copyFile(join(fixtureDir, 'print.css'), join(dir, 'print.css'));
  const template = await readFile(join(fixtureDir, 'issue.html'), 'utf8');
  const css = await readFile(join(fixtureDir, 'print.css'), 'utf8');
  const expand = (pages?: Map<string, number>, extra = extraHead) => fillToc(expandBodies(template), pages).replace('<!--EXTRA-->', extra);
  // The text of the document and its CSS (running heads), plus the digits of the TOC page numbers.
  await writeSubsetFont(join(dir, 'fixture-serif.ttf'), `${expand()}${css}0123456789`);
  await writeSubsetFont(join(dir, 'fixture-folio.ttf'), '— 0123456789');
  const htmlPath = join(dir, 'issue.html');
  await writeFile(htmlPath, expand());
  return { dir, htmlPath, html: expand, remove: () => rm(dir, { recursive: true, force: true }) };
}

function expandBodies(html: string): string {
  return html.replace(/<!--BODY:(\d+)-->/g, (_, n: string) => Array.from({ length: Number(n) }, () => `<p>${PARAGRAPH}</p>`).join('\n'));
}

function fillToc(html: string, pages?: Map<string, number>): string {
  return html.replace(/<span class="page" data-id="([^"]+)">[^<]*<\/span>/g, (_, id: string) => `<span class="page" data-id="${id}">${pages?.get(id) ?? '00'}</span>`);
}

async function writeSubsetFont(path: string, text: string): Promise<void> {
  const chars = new Set([...text.replace(/<[^>]*>/g, '')]);
  const source = await readFile(fontSource);
  // Imported by a computed name: subset-font ships no types, and this fixture must not depend on a declaration elsewhere.
  const subsetFont: SubsetFont = (await import(SUBSET_FONT)).default;
  const subset = await subsetFont(source, [...chars].join(''), { targetFormat: 'truetype' });
  await writeFile(path, subset);
}
