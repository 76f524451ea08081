/**
 * The web fonts' slicing (fonts/web.ts): what each face draws, found from the stylesheets; slices
 * that new characters change alone; unicode-ranges that never overlap; slices that are real woff2
 * subsets holding exactly their characters.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faces } from '../../scripts/fonts/faces.ts';
import { readCodePoints } from '../../scripts/fonts/cmap.ts';
import { codePointsOf, subsetSlices } from '../../scripts/fonts/subset.ts';
import { sliceFiles, unicodeRanges, webFonts, WebFontText } from '../../scripts/fonts/web.ts';
import { fontRules } from '../../scripts/fonts/font-rules.ts';
import { readCached } from '../../scripts/core/cache.ts';
import { repoRoot } from '../helpers/cli.ts';

/** woff2 back to TrueType, with the converter subset-font itself uses. */
async function truetypeOf(woff2: Uint8Array): Promise<Uint8Array> {
  const fontverter = createRequire(createRequire(import.meta.url).resolve('subset-font'))('fontverter') as { convert(b: Buffer, to: string): Promise<Buffer> };
  return new Uint8Array(await fontverter.convert(Buffer.from(woff2), 'truetype'));
}

const face = (id: string) => faces.find((f) => f.id === id)!;

describe('what each face draws', () => {
  const css = `
    html { font-family: "Daan Serif", serif; }
    h1, h2 { font-family: "Daan Sans", sans-serif; font-weight: 700; }
    .kicker { font-family: "Daan Sans", sans-serif; }
    .kicker::before { content: "栏"; font-weight: 700; }
    a:hover { font-weight: 700; }
    .plain strong { font-weight: 400; }`;

  it('follows font-family and font-weight rules and the bold of strong and th', async () => {
    const text = new WebFontText(css);
    await text.addPage('<html><head><title>题</title><style>p{}</style></head><body><h1>标题</h1><p class="kicker">栏目</p><p>正文<strong>加粗</strong>。</p><p class="plain"><strong>不粗</strong></p><table><tr><th>表头</th><td>格</td></tr></table><a href="#">链接</a><input placeholder="搜索词"></body></html>');
    // The stylesheet's own text (content: "栏") may be drawn anywhere, in any face.
    expect(new Set(text.charactersOf(face('sans-700')))).toEqual(new Set('标题栏'));
    expect(new Set(text.charactersOf(face('sans-400')))).toEqual(new Set('栏目'));
    // A state (a:hover) may apply: the link's characters are in the bold face too.
    expect(new Set(text.charactersOf(face('serif-700')))).toEqual(new Set('加粗表头链接栏'));
    expect(new Set(text.charactersOf(face('serif-400')))).toEqual(new Set('正文。不粗格链接搜索词栏'));
    // Head and style text are not drawn.
    expect(text.charactersOf(face('serif-400'))).not.toContain('题');
  });

  it('gives a face that draws a digit every character of a file size, whatever size the page shows', async () => {
    const text = new WebFontText(css);
    await text.addPage('<html><body><h1>第3期</h1><p>下载（420 KB）</p></body></html>');
    for (const c of '0123456789. BKM') expect(text.charactersOf(face('serif-400'))).toContain(c);
    for (const c of '0123456789. BKM') expect(text.charactersOf(face('sans-700'))).toContain(c);
    // A face with no digit gets none of them.
    await text.addPage('<html><body><p class="kicker">栏目</p></body></html>');
    expect(text.charactersOf(face('sans-400'))).not.toMatch(/[0-9KMB.]/);
  });

  it('gives each character once, in code point order, over every group, with characters beyond the BMP and without control characters', async () => {
    const text = new WebFontText(css);
    await text.addPage('<html><body><p>乙甲𠀀z\tA</p></body></html>', '2017-09');
    await text.addPage('<html><body><p>丙甲𪚥乙&#x1;</p></body></html>', '2017-10');
    await text.addPage('<html><body><p>丁𠀀</p></body></html>');
    // The stylesheet draws "栏" itself (content:), in any face and group.
    expect(text.charactersOf(face('serif-400'))).toBe('Az丁丙乙栏甲𠀀𪚥');
    expect(text.charactersOf(face('serif-400'), '2017-10')).toBe('丙乙栏甲𪚥');
    // Asked again once a group has more, the answer follows.
    await text.addPage('<html><body><p>一</p></body></html>', '2017-10');
    expect(text.charactersOf(face('serif-400'))).toBe('Az一丁丙乙栏甲𠀀𪚥');
  });

  it('reads the shipped stylesheets: headings in the bold sans, the body in the serif', async () => {
    const rules = fontRules(['web.css', 'data.css'].map((f) => readFileSync(join(repoRoot, 'templates/css', f), 'utf8')).join('\n'));
    expect(rules).toContainEqual({ selector: 'h1', family: 'sans', weight: 700 });
    expect(rules.find((r) => r.selector === 'html')).toMatchObject({ family: 'serif' });
    const text = await WebFontText.forTemplates(join(repoRoot, 'templates'));
    await text.addPage('<html><body><main><h1>党建领航</h1><div class="article-body"><p>脱贫奔康<strong>机制</strong></p></div></main></body></html>');
    const sans = text.charactersOf(face('sans-700'));
    const bold = text.charactersOf(face('serif-700'));
    for (const c of '党建领航') expect(sans).toContain(c);
    for (const c of '脱贫奔康机制') expect(sans).not.toContain(c);
    for (const c of '机制') expect(bold).toContain(c);
    for (const c of '党建领航脱贫奔康') expect(bold).not.toContain(c);
    // Briefing pages are read with the briefing stylesheet: their title is in the bold serif, not web.css's sans.
    await text.addPage('<html><body class="briefing web"><main><h1 class="briefing-name">简报</h1></main></body></html>', 'briefings');
    expect(text.charactersOf(face('serif-700'), 'briefings')).toContain('简');
    expect(text.charactersOf(face('sans-700'), 'briefings')).not.toContain('简');
  });
});

describe('slices', () => {
  const many = String.fromCodePoint(...Array.from({ length: 2000 }, (_, i) => 0x4e00 + i * 3));

  it('keep every character once, in files no bigger than needed, and new characters change only their own file', async () => {
    const covered = await codePointsOf(face('serif-400'));
    const before = sliceFiles(many, covered);
    const all = before.map((s) => s.characters).join('');
    expect([...all].sort().join('')).toBe([...many].filter((c) => covered.has(c.codePointAt(0)!)).sort().join(''));
    expect(before.length).toBeGreaterThan(5);
    const added = '龘';
    const after = sliceFiles(many + added, covered);
    const changed = after.filter((s) => !before.some((b) => b.name === s.name && b.characters === s.characters));
    expect(changed.length).toBe(1);
    expect(changed[0].characters).toContain(added);
  });

  it('a small site gets few files (the tree merges sparse slices)', async () => {
    expect(sliceFiles('党建领航脱贫奔康', await codePointsOf(face('serif-400'))).length).toBeLessThanOrEqual(2);
  });

  it('unicode-ranges cover each file and never a character of another', () => {
    const files = ['\u4e00\u4e02\u4e05', '\u4e01\u4e10', 'AB'];
    const ranges = unicodeRanges(files);
    expect(ranges).toEqual(['U+4E00,U+4E02-4E05', 'U+4E01,U+4E10', 'U+41-42']);
    const parse = (r: string) => r.split(',').map((part) => part.slice(2).split('-').map((h) => parseInt(h, 16)));
    const inRanges = (point: number, r: string) => parse(r).some(([from, to = from]) => point >= from && point <= to);
    for (const [i, characters] of files.entries()) {
      for (const c of characters) expect(inRanges(c.codePointAt(0)!, ranges[i])).toBe(true);
      for (const [k, other] of files.entries()) if (k !== i) for (const c of other) expect(inRanges(c.codePointAt(0)!, ranges[i])).toBe(false);
    }
  });

  it('are woff2 subsets of the face that map exactly their characters', async () => {
    const sets = ['党建领航', '脱贫奔康。'];
    const made = await subsetSlices(face('serif-400'), sets);
    expect(made).toHaveLength(2);
    for (const [i, bytes] of made.entries()) {
      expect(new TextDecoder().decode(bytes.slice(0, 4))).toBe('wOF2');
      const points = readCodePoints(await truetypeOf(bytes));
      expect([...points].filter((p) => p > 0x20).sort()).toEqual([...sets[i]].map((c) => c.codePointAt(0)!).sort());
    }
  });
});

describe('a group\'s own subsets', () => {
  const css = 'html { font-family: "Daan Serif", serif; } h1 { font-family: "Daan Sans", sans-serif; font-weight: 700; }';
  const page = (title: string, bold: string) => `<html><body><h1>${title}</h1><p>正文<strong>${bold}</strong>。</p></body></html>`;
  const pages = { '2020-01': page('脱贫攻坚', '机制健全'), '2020-02': page('党建领航', '结对帮扶') };

  it('are made as soon as the group is added, beside the rest of the build, and are those its final fonts name', async () => {
    const early = new WebFontText(css);
    for (const [group, html] of Object.entries(pages)) {
      await early.addGroup(group, [{ sha256: createHash('sha256').update(html).digest('hex'), html: async () => html }]);
    }
    // Two groups, each with its bold serif and bold sans (the sans-400 draws nothing): made before webFonts runs, and kept.
    expect(early.started.size).toBe(4);
    await Promise.all(early.started.values());
    for (const key of early.started.keys()) expect(await readCached('fonts', key), key).toBeDefined();
    // The same fonts as when every subset is made at the end.
    const late = new WebFontText(css);
    for (const [group, html] of Object.entries(pages)) await late.addPage(html, group);
    expect(late.started.size).toBe(0);
    const [a, b] = [await webFonts(early), await webFonts(late)];
    expect(a.groups).toEqual(b.groups);
    expect(a.files.map((f) => f.name)).toEqual(b.files.map((f) => f.name));
    for (const name of ['daan-serif-700.', 'daan-sans-700.']) expect(a.groups.get('2020-01')).toContain(name);
    // Each group's stylesheet names its own subsets, one rule a face in the faces' order, and no other group's.
    const named = (group: string) => [...a.groups.get(group)!.matchAll(/font-family: "([^"]+)"; font-weight: (\d+);[^}]*url\("([^"]+)"\)/g)].map(([, family, weight, url]) => ({ family, weight, url }));
    const [first, second] = [named('2020-01'), named('2020-02')];
    expect(first.map(({ family, weight }) => `${family} ${weight}`)).toEqual(['Daan Serif 700', 'Daan Sans 700']);
    expect(second.map(({ family, weight }) => `${family} ${weight}`)).toEqual(['Daan Serif 700', 'Daan Sans 700']);
    for (const { url } of [...first, ...second]) expect(a.files.map((f) => f.name)).toContain(url);
    expect(first.map(({ url }) => url).filter((url) => second.some((other) => other.url === url))).toEqual([]);
  });
});

describe('what a group draws, from the build cache', () => {
  it('an edition with one page changed reads that page alone, and draws what its pages now draw', async () => {
    const css = 'html { font-family: "Daan Serif", serif; } h1 { font-family: "Daan Sans", sans-serif; font-weight: 700; }';
    const read: string[] = [];
    // Hashes of this run's own: pages no earlier run left in the build cache.
    const run = randomUUID();
    const page = (title: string) => ({ sha256: createHash('sha256').update(`${title}${run}`).digest('hex'), html: async () => (read.push(title), `<html><body><h1>${title}</h1></body></html>`) });
    const [a, b, c, d] = ['甲篇', '乙篇', '丙篇', '丁篇'].map(page);
    await new WebFontText(css).addGroup('2030-01', [a, b, c]);
    expect(read.sort()).toEqual(['丙篇', '乙篇', '甲篇'].sort());
    read.length = 0;
    const text = new WebFontText(css);
    await text.addGroup('2030-01', [a, b, d]);
    expect(read).toEqual(['丁篇']);
    expect(new Set(text.charactersOf(face('sans-700'), '2030-01'))).toEqual(new Set('甲乙丁篇'));
  });
});

describe('what groups draw, together', () => {
  it('is the same whether a group was taken from the build cache or its pages were read one by one, also with a page added to it afterwards', async () => {
    const css = 'html { font-family: "Daan Serif", serif; } h1, strong { font-family: "Daan Sans", sans-serif; font-weight: 700; }';
    const run = randomUUID();
    const html = ['<html><body><h1>甲乙</h1><p>正文𠀀</p></body></html>', '<html><body><h1>乙丙</h1><p>正文<strong>丁</strong></p></body></html>'];
    const pages = html.map((page) => ({ sha256: createHash('sha256').update(`${page}${run}`).digest('hex'), html: async () => page }));
    const extra = '<html><body><h1>戊甲</h1></body></html>';
    // The first run reads the pages (and keeps what they draw), the second takes it from the cache.
    for (const pass of ['read', 'cached']) {
      const grouped = new WebFontText(css);
      await grouped.addGroup('2030-01', pages);
      await grouped.addPage('<html><body><p>首页</p></body></html>');
      const onePageAtATime = new WebFontText(css);
      for (const page of html) await onePageAtATime.addPage(page, '2030-01');
      await onePageAtATime.addPage('<html><body><p>首页</p></body></html>');
      for (const text of [grouped, onePageAtATime]) await text.addPage(extra, '2030-01');
      for (const id of ['serif-400', 'sans-700', 'serif-700']) {
        expect(grouped.charactersOf(face(id)), `${pass} ${id}`).toBe(onePageAtATime.charactersOf(face(id)));
        expect(grouped.charactersOf(face(id), '2030-01'), `${pass} ${id}`).toBe(onePageAtATime.charactersOf(face(id), '2030-01'));
      }
      expect(grouped.charactersOf(face('sans-700'), '2030-01')).toBe('丁丙乙戊甲');
      expect(grouped.groupNames()).toEqual(['2030-01', 'site']);
    }
  });
});

describe('the stylesheets\' font rules, from the build cache', () => {
  it('are read once per stylesheet text: later builds take them (and the text they draw) from the cache, a changed stylesheet is read again', async () => {
    const before = process.env.DAAN_CACHE_DIR;
    const cache = mkdtempSync(join(tmpdir(), 'daan-font-rules-'));
    process.env.DAAN_CACHE_DIR = cache;
    try {
      const css = 'html { font-family: "Daan Serif", serif; } h1 { font-family: "Daan Sans", sans-serif; font-weight: 700; } .crumb::before { content: "›"; }';
      const first = new WebFontText(css);
      await first.addPage('<html><body><h1>标题</h1></body></html>');
      expect(first.charactersOf(face('sans-700'))).toContain('标');
      // What the cache holds is what a later build goes by: marked here, so that taking it from there shows.
      const folder = join(cache, 'font-text');
      const [entry] = readdirSync(folder).filter((name) => name.startsWith('rules-'));
      const kept = JSON.parse(readFileSync(join(folder, entry), 'utf8')) as { site: { selector: string; family?: string }[]; generated: string };
      expect(kept.generated).toContain('›');
      writeFileSync(join(folder, entry), JSON.stringify({ ...kept, site: kept.site.map((r) => (r.selector === 'h1' ? { ...r, family: 'serif' } : r)), generated: '〆' }));
      const later = new WebFontText(css);
      await later.addPage('<html><body><h1>标题</h1></body></html>');
      expect(later.charactersOf(face('sans-700'))).not.toContain('标');
      expect(later.charactersOf(face('serif-700'))).toContain('标');
      expect(later.charactersOf(face('serif-400'))).toContain('〆');
      // Another stylesheet is read from its text.
      const changed = new WebFontText(`${css}\n`);
      await changed.addPage('<html><body><h1>标题</h1></body></html>');
      expect(changed.charactersOf(face('sans-700'))).toContain('标');
      expect(changed.charactersOf(face('serif-400'))).not.toContain('〆');
    } finally {
      if (before === undefined) delete process.env.DAAN_CACHE_DIR;
      else process.env.DAAN_CACHE_DIR = before;
      rmSync(cache, { recursive: true, force: true });
    }
  });
});

describe('what a face draws, asked again', () => {
  const inOrder = (text: string) => [...text].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!).join('');

  it('is answered anew once a page, a group or a text was added to the groups it covers', async () => {
    const css = 'html { font-family: "Daan Serif", serif; } h1 { font-family: "Daan Sans", sans-serif; font-weight: 700; }';
    const text = new WebFontText(css);
    await text.addPage('<html><body><h1>甲</h1></body></html>', '2030-01');
    expect(text.charactersOf(face('sans-700'), '2030-01')).toBe('甲');
    expect(text.charactersOf(face('sans-700'))).toBe('甲');
    await text.addPage('<html><body><h1>乙</h1></body></html>', '2030-02');
    expect(text.charactersOf(face('sans-700'), '2030-01')).toBe('甲');
    expect(text.charactersOf(face('sans-700'))).toBe(inOrder('甲乙'));
    await text.addPage('<html><body><h1>丙</h1></body></html>', '2030-01');
    expect(text.charactersOf(face('sans-700'), '2030-01')).toBe(inOrder('甲丙'));
    text.addText('丁');
    expect(text.charactersOf(face('sans-700'), 'site')).toBe('丁');
    expect(text.charactersOf(face('sans-700'))).toBe(inOrder('甲乙丙丁'));
  });
});
