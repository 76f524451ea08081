/**
 * The web fonts of the site, served as large CJK web fonts are: a page downloads only what it
 * draws, and what other pages share is downloaded once.
 *
 * - The body serif, which every page draws hundreds of characters in, is cut into unicode-range
 *   slices shared by the whole site (assets/fonts.css). Slices follow character frequency
 *   (slices.json: the slicing Google Fonts serves Noto Serif SC and Noto Sans SC with, from
 *   @fontsource/noto-serif-sc 5.3.0's unicode.json), merged where the site is sparse: common
 *   characters sit together, and an article of another edition adds only the slices of its rarer
 *   characters.
 * - The bold serif and both sans faces set a few dozen characters per page (titles, headings,
 *   captions, bold runs) scattered over the whole vocabulary: each font group (an edition's pages,
 *   the archive pages, the briefings) gets its own small subset of each (assets/fonts/<group>.css).
 * - What each face draws is found by following the stylesheets' font rules down every page
 *   (WebFontText): a bold face holds the characters set in bold, not the whole text.
 * - A slice or subset is made again only when its characters changed (the build cache holds them
 *   by content): a new article makes the files of its new characters and reuses the others.
 * - font-display: swap, with a fallback face of the same vertical metrics (a system CJK font,
 *   whose ideographs are 1 em wide like ours), so the text shows at once and does not move.
 */
import { createHash } from 'node:crypto';
import { say } from '../report/messages.ts';
import { readFileSync, type Stats } from 'node:fs';
import { readCached, writeCached } from '../core/cache.ts';
import { faces, type Face } from './faces.ts';
import { codePointsOf, subsetCacheKeys, subsetSlices, WOFF2_FAST, WOFF2_SMALL } from './subset.ts';
import { readVerticalMetricsOfFile, type VerticalMetrics } from './cmap.ts';
import { silentProgress, type Progress } from '../report/progress.ts';
import { readTemplateAsset } from '../render/templates.ts';
import { FILE_SIZE_CHARACTERS } from '../render/helpers.ts';
import { generatorHash } from '../build/input-hash.ts';
import type { FaceKey, FontRule, IndexedRules } from './drawn.ts';

export interface WebFontFile {
  /** assets/fonts/ relative name: daan-serif-400.118.3f2a9c1e.woff2 */
  name: string;
  bytes: Uint8Array;
}

export interface WebFonts {
  /** The @font-face rules of the shared slices and the fallbacks (assets/fonts.css, with the files in assets/fonts/). */
  css: string;
  /** By font group: the @font-face rules of its own subsets (assets/fonts/<group>.css, beside the files). */
  groups: Map<string, string>;
  files: WebFontFile[];
}

/**
 * Google's slices, most frequent characters first ([119], [118] … [4]), then Latin (with
 * Cyrillic and Vietnamese) and the rest; and the position of each code point in that order.
 */
let sliceOrder: { names: string[]; byPoint: Map<number, number> } | undefined;

function slicesInOrder(): NonNullable<typeof sliceOrder> {
  if (sliceOrder) return sliceOrder;
  const table = JSON.parse(readFileSync(new URL('./slices.json', import.meta.url), 'utf8')) as Record<string, string>;
  const numbered = Object.keys(table).filter((key) => /^\d+$/.test(key)).sort((x, y) => Number(y) - Number(x));
  const names = [...numbered, 'latin', 'rest'];
  const byPoint = new Map<number, number>();
  for (const [key, ranges] of Object.entries(table)) {
    const index = names.indexOf(/^\d+$/.test(key) ? key : 'latin');
    for (const range of ranges.split(',')) {
      const [from, to = from] = range.split('-').map((hex) => parseInt(hex, 16));
      for (let point = from; point <= to; point++) if (!byPoint.has(point)) byPoint.set(point, index);
    }
  }
  sliceOrder = { names, byPoint };
  return sliceOrder;
}

/** Most characters of one face in one slice file, unless a single Google slice holds more. */
const SLICE_CHARACTERS = 160;

/**
 * The slice files of one face: Google's slices, in frequency order, merged as the site's
 * characters are sparse. The order is split in halves (a fixed binary tree over it) until a part
 * holds at most SLICE_CHARACTERS of the face's characters or is one Google slice: a small site
 * gets a few files, a large archive one per Google slice where it is dense. The tree is fixed,
 * so new characters change only the file of the part they fall in (or split it in two).
 */
export function sliceFiles(characters: string, covered: Set<number>): { name: string; characters: string }[] {
  const { names, byPoint } = slicesInOrder();
  const bySlice: string[][] = names.map(() => []);
  for (const char of characters) {
    const point = char.codePointAt(0)!;
    if (covered.has(point)) bySlice[byPoint.get(point) ?? names.length - 1].push(char);
  }
  const files: { name: string; characters: string }[] = [];
  const size = 2 ** Math.ceil(Math.log2(names.length));
  const split = (from: number, to: number) => {
    const end = Math.min(to, names.length);
    if (from >= end) return;
    const chars = bySlice.slice(from, end).flat();
    if (chars.length === 0) return;
    if (chars.length <= SLICE_CHARACTERS || to - from === 1) {
      files.push({ name: end - from === 1 ? names[from] : `${names[from]}-${names[end - 1]}`, characters: chars.join('') });
      return;
    }
    const middle = (from + to) / 2;
    split(from, middle);
    split(middle, to);
  };
  split(0, size);
  return files;
}

/**
 * What each face draws on the site's pages. `addPage` takes each page's HTML as it is written and
 * follows the stylesheets' font-family and font-weight rules down the page, as the browser
 * cascades them, to the face each text is drawn in. Where several rules match an element, the
 * text counts for each of their faces: a face may hold a character it never draws, never miss one.
 */
export class WebFontText {
  /**
   * By font group (an edition, `site` for the archive pages, `briefings`): what each face draws there, as the
   * strings it was added in (a character may be in several). Not a set of characters: the groups of an archive
   * taken from the build cache hold some hundred thousand, and only their union and each group's own are asked for.
   */
  private readonly groups = new Map<string, Map<FaceKey, string[]>>();
  /**
   * The stylesheets' font rules and the text they draw themselves, from the build cache by the
   * stylesheets (postcss is loaded only when they changed); and the rules made ready to match
   * elements, only once a page has to be read.
   */
  private analysis?: Promise<StylesheetFonts>;
  private indexed?: Promise<{ site: IndexedRules; briefing: IndexedRules }>;

  /** Characters the stylesheets draw themselves (content: "›"), on any page, in any face: known once ready() resolved. */
  private generated?: string;

  /**
   * The subsets of the groups seen so far, started by addGroup, by their cache key (webFonts takes
   * them from here): an edition's own subsets are made by the subsetting processes while the next
   * editions render, not all at the end.
   */
  readonly started = new Map<string, Promise<Subsets>>();

  /** The faces' files as this build looked at them, for the subsets' cache keys (subset.ts subsetCacheKeys): a large archive names some thousand subsets a build. */
  readonly faceFiles = new Map<string, Promise<Stats>>();

  /** `css`: the stylesheets of the site's pages; `briefingCss`: the briefing pages'. */
  constructor(
    private readonly css: string,
    private readonly briefingCss = css,
  ) {}

  static async forTemplates(templatesDir: string): Promise<WebFontText> {
    const [web, data, briefing] = await Promise.all(['css/web.css', 'css/data.css', 'css/briefing.css'].map((name) => readTemplateAsset(templatesDir, name)));
    return new WebFontText(`${web}\n${data}`, `${data}\n${briefing}`);
  }

  /** Resolves once the stylesheets are read (addPage, addGroup and webFonts wait for it: charactersOf needs it). */
  async ready(): Promise<void> {
    this.analysis ??= stylesheetFonts(this.css, this.briefingCss);
    this.generated = (await this.analysis).generated;
  }

  /** A page of the font group `group` (fontGroupOf its path). */
  async addPage(html: string, group = SITE_GROUP): Promise<void> {
    const drawn = emptyFaces();
    await this.collect(html, drawn, group);
    this.addDrawn(group, drawn);
  }

  /** What `html` draws, added to `faces`, by the rules of `group`'s stylesheets. */
  private async collect(html: string, faces: Map<FaceKey, Set<string>>, group: string): Promise<void> {
    await this.ready();
    this.indexed ??= Promise.all([this.analysis!, drawnModule()]).then(([analysis, { indexRules }]) => ({ site: indexRules(analysis.site), briefing: indexRules(analysis.briefing) }));
    const [rules, { collectDrawn }] = await Promise.all([this.indexed, drawnModule()]);
    collectDrawn(html, faces, group === BRIEFING_GROUP ? rules.briefing : rules.site);
  }

  /**
   * Every page of one font group (an edition) at once. What they draw is kept in the build cache
   * by the pages' hashes, so an unchanged edition is not read again: reading a page costs a
   * millisecond or two, which in an archive of a thousand pages is most of a one-article change.
   */
  async addGroup(group: string, pages: { sha256: string; html: () => Promise<string> }[]): Promise<void> {
    const base = createHash('sha256').update(`${await generatorHash()}\0${this.css}\0${this.briefingCss}\0${group}`);
    const hash = base.copy();
    for (const page of pages) hash.update('\0').update(page.sha256);
    const key = `${hash.digest('hex')}.json`;
    await this.ready();
    const hit = await readCached(FONT_TEXT, key);
    let drawn: Record<string, string>;
    if (hit) {
      drawn = JSON.parse(new TextDecoder().decode(hit)) as Record<string, string>;
    } else {
      // Each page's, from the group's last entry of them: an edition with one article changed parses
      // that page alone. One entry per group, not per page: a cold archive wrote a thousand of them.
      const pagesKey = `${base.copy().update('\0pages').digest('hex')}.json`;
      const keptBytes = await readCached(FONT_TEXT, pagesKey);
      const kept = keptBytes ? (JSON.parse(new TextDecoder().decode(keptBytes)) as Record<string, Record<string, string>>) : {};
      const byPage: Record<string, Record<string, string>> = {};
      const own = emptyFaces();
      for (const page of pages) {
        let its = kept[page.sha256];
        if (!its) {
          const set = emptyFaces();
          await this.collect(await page.html(), set, group);
          its = Object.fromEntries([...set].map(([face, characters]) => [face, [...characters].join('')]));
        }
        byPage[page.sha256] = its;
        for (const [face, characters] of Object.entries(its)) for (const c of characters) own.get(face as FaceKey)!.add(c);
      }
      await writeCached(FONT_TEXT, pagesKey, new TextEncoder().encode(JSON.stringify(byPage)), FONT_TEXT_KEEP);
      drawn = Object.fromEntries([...own].map(([key, set]) => [key, [...set].join('')]));
      await writeCached(FONT_TEXT, key, new TextEncoder().encode(JSON.stringify(drawn)), FONT_TEXT_KEEP);
    }
    const faces = this.group(group);
    for (const [key, characters] of Object.entries(drawn)) faces.get(key as FaceKey)!.push(characters);
    this.changed(group);
    // The site's group is left to webFonts: the search script's messages are added to it last (addText).
    if (group !== SITE_GROUP) await this.startSubsets(group);
  }

  /** Starts making (or reading from the build cache) `group`'s own subsets, unless started already. */
  private async startSubsets(group: string): Promise<void> {
    for (const face of faces) {
      if (face.id === SHARED_FACE) continue;
      const characters = await ownCharacters(this, face, group);
      if (!characters) continue;
      const [key] = await slicesCacheKeys(face, [characters], WOFF2_FAST, this.faceFiles);
      if (this.started.has(key)) continue;
      const subsets = cachedSlices(face, [characters], WOFF2_FAST, () => undefined, new Map(), this.faceFiles);
      // Its failure is reported where webFonts awaits it; a build stopped before then has its own.
      subsets.catch(() => undefined);
      this.started.set(key, subsets);
    }
  }

  /** Text that may be drawn in any face on the archive pages (the search script's messages). */
  addText(text: string): void {
    for (const chunks of this.group(SITE_GROUP).values()) chunks.push(text);
    this.changed(SITE_GROUP);
  }

  /** The font groups seen, in order. */
  groupNames(): string[] {
    return [...this.groups.keys()].sort();
  }

  /**
   * The characters a face draws, each once, in code point order: the shared body face's on every
   * page, another face's in one group. Unlike print subsets, no base set is added: every page's
   * text was seen, and a character added later by hand is drawn in the fallback face until the
   * next build.
   */
  charactersOf(face: Face, group?: string): string {
    const key = faceKey(face);
    const memo = this.drawnMemo.get(group ?? ALL_GROUPS) ?? new Map<FaceKey, string>();
    this.drawnMemo.set(group ?? ALL_GROUPS, memo);
    let found = memo.get(key);
    if (found === undefined) memo.set(key, (found = this.charactersNow(key, group)));
    return found;
  }

  /**
   * charactersOf as the groups are now: each group's own subsets ask for it when the group is
   * added and again when the fonts are made, a hundred groups and three faces over in an archive.
   */
  private readonly drawnMemo = new Map<string, Map<FaceKey, string>>();

  /** What `group` draws changed: its answers, and those of every group together, are worked out again. */
  private changed(group: string): void {
    this.drawnMemo.delete(group);
    this.drawnMemo.delete(ALL_GROUPS);
  }

  private charactersNow(key: FaceKey, group?: string): string {
    const groups = group === undefined ? [...this.groups.values()] : [this.group(group)];
    if (this.generated === undefined) throw new Error('WebFontText: charactersOf before the stylesheets were read (await ready())');
    // Code points, not strings: every group together is some hundred thousand characters in an archive.
    const points = new Set<number>();
    for (const faces of groups) for (const chunk of faces.get(key)!) addCodePoints(points, chunk);
    addCodePoints(points, this.generated);
    // A face that draws a digit gets every character of a file size: the sizes in download links
    // ("420 KB", "2.2 MB") change from build to build, and the subsets made while the PDFs print,
    // before their sizes are known, are then the ones the pages need.
    if ([...'0123456789'].some((d) => points.has(d.codePointAt(0)!))) for (const c of FILE_SIZE_CHARACTERS) points.add(c.codePointAt(0)!);
    return codePointsInOrder(points);
  }

  private group(name: string): Map<FaceKey, string[]> {
    let faces = this.groups.get(name);
    if (!faces) {
      faces = new Map(FACE_KEYS.map((key) => [key, []]));
      this.groups.set(name, faces);
    }
    return faces;
  }

  /** What a page of `group` draws, by face. */
  private addDrawn(group: string, drawn: Map<FaceKey, Set<string>>): void {
    const faces = this.group(group);
    for (const [key, characters] of drawn) if (characters.size) faces.get(key)!.push([...characters].join(''));
    this.changed(group);
  }
}

/** Adds the code points of `text` to `points` (by index: iterating a string makes a string of each character). */
function addCodePoints(points: Set<number>, text: string): void {
  for (let i = 0; i < text.length; i++) {
    const point = text.codePointAt(i)!;
    points.add(point);
    if (point > 0xffff) i++;
  }
}

/** The characters of `points` from U+0020 up, each once, in code point order, as one string. */
function codePointsInOrder(points: Set<number>): string {
  const sorted = Uint32Array.from([...points].filter((point) => point >= 0x20)).sort();
  let text = '';
  for (const point of sorted) text += String.fromCodePoint(point);
  return text;
}

/** charactersOf's memo of every group together (no group is named so: they are fontGroupOf paths). */
const ALL_GROUPS = '\0all';

/** The build cache's kind for what pages draw, and the entries it keeps beyond those a build used (two per group: what its pages draw together, and page by page). */
const FONT_TEXT = 'font-text';
const FONT_TEXT_KEEP = 2_000;

/** What the stylesheets say about faces: the site's pages' font rules, the briefings', and the text they draw themselves. */
interface StylesheetFonts {
  site: FontRule[];
  briefing: FontRule[];
  generated: string;
}

/** The page reader (css-select, htmlparser2), loaded when a page must be read. */
const drawnModule = () => import('./drawn.ts');

/** StylesheetFonts of the two stylesheets, from the build cache by their text (and the code that reads them). */
async function stylesheetFonts(css: string, briefingCss: string): Promise<StylesheetFonts> {
  const key = `rules-${createHash('sha256').update(`${await generatorHash()}\0${css}\0${briefingCss}`).digest('hex')}.json`;
  const hit = await readCached(FONT_TEXT, key);
  if (hit) {
    try {
      return JSON.parse(new TextDecoder().decode(hit)) as StylesheetFonts;
    } catch {
      // A damaged entry is made again.
    }
  }
  const { fontRules, generatedText } = await import('./font-rules.ts');
  const made = { site: fontRules(css), briefing: fontRules(briefingCss), generated: generatedText(`${css}\n${briefingCss}`) };
  await writeCached(FONT_TEXT, key, new TextEncoder().encode(JSON.stringify(made)), FONT_TEXT_KEEP);
  return made;
}

const FACE_KEYS: FaceKey[] = ['serif-400', 'serif-700', 'sans-400', 'sans-700'];

function emptyFaces(): Map<FaceKey, Set<string>> {
  return new Map(FACE_KEYS.map((key) => [key, new Set<string>()]));
}

function faceKey(face: Face): FaceKey {
  return `${face.family === 'Daan Sans' ? 'sans' : 'serif'}-${face.weight}` as FaceKey;
}

/** The characters of a group's own subset of `face` (one not in shared slices): those it draws that the face has. */
async function ownCharacters(text: WebFontText, face: Face, group: string): Promise<string> {
  const covered = await codePointsOf(face);
  const drawn = text.charactersOf(face, group);
  let own = '';
  for (let i = 0; i < drawn.length; i++) {
    const point = drawn.codePointAt(i)!;
    const length = point > 0xffff ? 2 : 1;
    if (covered.has(point)) own += drawn.slice(i, i + length);
    i += length - 1;
  }
  return own;
}

/** The font group of the archive pages (home, years, columns, search). */
export const SITE_GROUP = 'site';

/** The font group of the briefing pages (their own stylesheet, briefing.css). */
export const BRIEFING_GROUP = 'briefings';

/** The font group of an output page: its edition (2017-09/x.html → 2017-09), the briefings', or the site's. */
export function fontGroupOf(path: string): string {
  if (path.startsWith('briefings/')) return BRIEFING_GROUP;
  return /^(\d{4}-\d+)\//.exec(path)?.[1] ?? SITE_GROUP;
}

/**
 * The face set in site-wide slices: the body serif, which every page draws hundreds of characters
 * in, so that the common ones are shared. The bold and sans faces set a few dozen characters per
 * page (titles, headings, captions), scattered over the whole vocabulary: shared slices would
 * bring most of the site's headings to each page, so each group (an edition, or the site's
 * pages) gets its own small subset of them instead.
 */
const SHARED_FACE = 'serif-400';

export interface WebFontOptions {
  /** The build's progress: a counter of slices, and a line per face whose new slices were made (in a pipe too). */
  progress?: Progress;
}

/**
 * The web fonts: the body serif in site-wide slices (assets/fonts.css, with the fallback faces),
 * and for each font group a subset of each other face with the characters it draws there
 * (assets/fonts/<group>.css).
 */
export async function webFonts(text: WebFontText, options: WebFontOptions = {}): Promise<WebFonts> {
  await text.ready();
  const shared = faces.find((face) => face.id === SHARED_FACE)!;
  const slices = sliceFiles(text.charactersOf(shared), await codePointsOf(shared));
  const groups = text.groupNames();
  const others = await Promise.all(
    faces
      .filter((face) => face !== shared)
      .map(async (face) => ({ face, slices: (await Promise.all(groups.map(async (group) => ({ name: group, characters: await ownCharacters(text, face, group) })))).filter((s) => s.characters) })),
  );
  const planned = [{ face: shared, slices }, ...others];
  const progress = options.progress ?? silentProgress;
  progress.count('slices', planned.reduce((n, p) => n + p.slices.length, 0), { steps: 'verbose' });
  const made = await Promise.all(
    planned.map(async ({ face, slices }) => {
      const started = performance.now();
      const tick = (i: number, fresh: boolean) => progress.tick('slices', say(fresh ? 'web-font-slice-made' : 'web-font-slice-reused', { name: `${face.id}.${slices[i].name}` }));
      // The shared slices, downloaded by every page and few, are made small; each group's own subsets, by the hundred in a large archive, fast (subset.ts).
      const { bytes, made: fresh } = await cachedSlices(face, slices.map((s) => s.characters), face === shared ? WOFF2_SMALL : WOFF2_FAST, tick, text.started, text.faceFiles);
      if (fresh) progress.info(say('web-font-subsets', { face: face.id, made: fresh, reused: slices.length - fresh, seconds: ((performance.now() - started) / 1000).toFixed(1) }));
      // A group's subset is named by its content alone: editions whose headings share every character share the file (and a reader's cache of it).
      return slices.map((slice, i) => ({ face, slice, bytes: bytes[i], name: face === shared ? `daan-${face.id}.${slice.name}.${hashOf(bytes[i])}.woff2` : `daan-${face.id}.${hashOf(bytes[i])}.woff2` }));
    }),
  );
  const rule = (face: Face, url: string, range?: string) => `@font-face { font-family: "${face.family}"; font-weight: ${face.weight}; font-style: normal; font-display: swap; src: url("${url}") format("woff2");${range ? ` unicode-range: ${range};` : ''} }`;
  const [sharedFiles, ...otherFiles] = made;
  const ranges = unicodeRanges(sharedFiles.map(({ slice }) => slice.characters));
  const metrics = new Map(await Promise.all(faces.map(async (face) => [face.id, await readVerticalMetricsOfFile(face.file)] as const)));
  const css = [...fallbackRules(metrics), ...sharedFiles.map(({ face, name }, i) => rule(face, `fonts/${name}`, ranges[i]))];
  // A group's subset holds every character its pages draw in that face: no unicode-range needed.
  const groupCss = new Map(groups.map((group) => [group, [] as string[]]));
  for (const { face, slice, name } of otherFiles.flat()) groupCss.get(slice.name)!.push(rule(face, name));
  return {
    css: `${css.join('\n')}\n`,
    groups: new Map([...groupCss].map(([group, rules]) => [group, `${rules.join('\n')}\n`])),
    files: [...new Map(made.flat().map(({ name, bytes }) => [name, { name, bytes }])).values()],
  };
}

/** Subsets of one face: their bytes, and how many of them were made (the others were in the build cache). */
interface Subsets {
  bytes: Uint8Array[];
  made: number;
}

function slicesCacheKeys(face: Face, slices: string[], quality: number, looked: Map<string, Promise<Stats>>): Promise<string[]> {
  return subsetCacheKeys(face, slices, 'woff2', quality, looked);
}

/**
 * Slices from the build cache by content (face file, characters), or from those started earlier
 * (WebFontText's `started`, by cache key); those in neither are cut in one pass over the face
 * (subset.ts) and kept.
 */
async function cachedSlices(face: Face, slices: string[], quality: number, tick: (index: number, made: boolean) => void, started: Map<string, Promise<Subsets>>, looked: Map<string, Promise<Stats>>): Promise<Subsets> {
  const keys = await slicesCacheKeys(face, slices, quality, looked);
  // Those made since the build started, each once (groups that draw the same characters share one).
  const madeEarly = new Set<string>();
  const found = await Promise.all(
    keys.map(async (key, i) => {
      const early = started.get(key);
      if (!early) return readCached('fonts', key);
      const subsets = await early;
      if (subsets.made) madeEarly.add(key);
      tick(i, subsets.made > 0);
      return subsets.bytes[0];
    }),
  );
  for (const [i, bytes] of found.entries()) if (bytes && !started.has(keys[i])) tick(i, false);
  // Groups that draw the same characters in a face (the sans captions of most editions) share one subset, cut once.
  const missing = new Map<string, number[]>();
  for (const [i, bytes] of found.entries()) if (!bytes) missing.set(keys[i], [...(missing.get(keys[i]) ?? []), i]);
  if (missing.size) {
    const wanted = [...missing.values()];
    const fresh = await subsetSlices(face, wanted.map(([i]) => slices[i]), quality, (k) => { for (const i of wanted[k]) tick(i, true); });
    await Promise.all(wanted.map(([i], k) => writeCached('fonts', keys[i], fresh[k], 1000)));
    for (const [k, same] of wanted.entries()) for (const i of same) found[i] = fresh[k];
  }
  return { bytes: found as Uint8Array[], made: madeEarly.size + missing.size };
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 10);
}

/**
 * The unicode-range of each slice file of one face, as short as it can be: a range may run over
 * code points the face never draws on the site (no page asks for them), but not over a character
 * of another file. U+4E00-4E3B,U+4E50
 */
export function unicodeRanges(files: string[]): string[] {
  const owner = new Map<number, number>();
  for (const [i, characters] of files.entries()) for (const c of characters) owner.set(c.codePointAt(0)!, i);
  const points = [...owner.keys()].sort((a, b) => a - b);
  const ranges: string[][] = files.map(() => []);
  const hex = (p: number) => p.toString(16).toUpperCase();
  for (let i = 0; i < points.length; i++) {
    let j = i;
    while (j + 1 < points.length && owner.get(points[j + 1]) === owner.get(points[i])) j++;
    ranges[owner.get(points[i])!].push(j > i ? `U+${hex(points[i])}-${hex(points[j])}` : `U+${hex(points[i])}`);
    i = j;
  }
  return ranges.map((r) => r.join(','));
}

/** System CJK fonts a reader's device may have, by family (full and PostScript names, for local()). */
const FALLBACKS: Record<Face['family'], Record<400 | 700, string[]>> = {
  'Daan Serif': {
    400: ['Noto Serif CJK SC', 'NotoSerifCJKsc-Regular', 'Source Han Serif SC', 'SourceHanSerifSC-Regular', 'Songti SC Regular', 'STSongti-SC-Regular', 'SimSun'],
    700: ['Noto Serif CJK SC Bold', 'NotoSerifCJKsc-Bold', 'Source Han Serif SC Bold', 'SourceHanSerifSC-Bold', 'Songti SC Bold', 'STSongti-SC-Bold', 'SimSun'],
  },
  'Daan Sans': {
    400: ['Noto Sans CJK SC', 'NotoSansCJKsc-Regular', 'Source Han Sans SC', 'SourceHanSansSC-Regular', 'PingFang SC Regular', 'PingFangSC-Regular', 'Microsoft YaHei'],
    700: ['Noto Sans CJK SC Bold', 'NotoSansCJKsc-Bold', 'Source Han Sans SC Bold', 'SourceHanSansSC-Bold', 'PingFang SC Semibold', 'PingFangSC-Semibold', 'Microsoft YaHei Bold'],
  },
  'Daan Fangsong': { 400: [], 700: [] },
  'Daan Kaiti': { 400: [], 700: [] },
};

/**
 * "Daan Serif Fallback" and "Daan Sans Fallback": a system CJK font set on our faces' ascent and
 * descent (its ideographs are 1 em wide, as ours are), so that when the slices arrive lines keep
 * their height and their breaks. The stylesheet names them after the bundled families.
 */
function fallbackRules(metrics: Map<string, VerticalMetrics>): string[] {
  return faces
    .filter((face) => FALLBACKS[face.family][face.weight].length)
    .map((face) => {
      const m = metrics.get(face.id)!;
      const percent = (v: number) => `${((100 * v) / m.unitsPerEm).toFixed(2)}%`;
      const src = FALLBACKS[face.family][face.weight].map((name) => `local("${name}")`).join(', ');
      return `@font-face { font-family: "${face.family} Fallback"; font-weight: ${face.weight}; font-style: normal; src: ${src}; size-adjust: 100%; ascent-override: ${percent(m.ascent)}; descent-override: ${percent(m.descent)}; line-gap-override: 0%; }`;
    });
}

/** Text of an HTML page as drawn: tags removed, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (entity, code: string) => decodeEntity(entity, code));
}

function decodeEntity(entity: string, code: string): string {
  if (code.startsWith('#x')) return String.fromCodePoint(parseInt(code.slice(2), 16));
  if (code.startsWith('#')) return String.fromCodePoint(Number(code.slice(1)));
  return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' } as Record<string, string>)[code] ?? entity;
}
