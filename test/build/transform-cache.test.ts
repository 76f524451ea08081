/**
 * The transform stage's cache (build/transform-edition.ts transformEditionCached): an edition's
 * bodies come from the build cache while the edition as loaded, the data sets it quotes from other
 * editions and the images it shows are the same, and are made again when one of them changed; an
 * edition with a character no font draws is never kept, so that its message always names the place.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '../../scripts/load/index.ts';
import { datasetLookup, transformEditionCached } from '../../scripts/build/transform-edition.ts';
import { workspace } from '../archive/helpers.ts';
import { solidPng } from '../helpers/png.ts';
import { removeTemporary, temporary } from '../helpers/temporary.ts';

const { dir, content } = workspace('daan-transform-cache-');
temporary(dir);
afterAll(removeTemporary);
let before: string | undefined;
beforeAll(() => {
  before = process.env.DAAN_CACHE_DIR;
  process.env.DAAN_CACHE_DIR = join(dir, 'cache');
  mkdirSync(join(content, '2017-09/images'), { recursive: true });
  writeFileSync(join(content, '2017-09/images/probe.png'), solidPng(2400, 1600, [0, 0, 0]));
  appendFileSync(join(content, '2017-09/articles/tuopin.md'), '\n瓦高村:value{data=2017-03/visits row=wagao col=households}户。\n\n![瓦高村](images/probe.png)\n');
  // A second article, which quotes the same data set and shows the same image.
  writeFileSync(join(content, '2017-09/articles/wagao.md'), '---\ntitle: 瓦高村的变化\ncolumn: 脱贫攻坚进行时\nslug: wagao\norder: 2\n---\n\n瓦高村有:value{data=2017-03/visits row=wagao col=households}户。\n\n![瓦高村](images/probe.png)\n');
});
afterAll(() => {
  if (before === undefined) delete process.env.DAAN_CACHE_DIR;
  else process.env.DAAN_CACHE_DIR = before;
});

/** The edition 2017-09 loaded afresh and transformed: by article slug, its HTML and whether it was made now (it has its tree). */
async function transformed(): Promise<Map<string, { html: string; printHtml?: string; made: boolean; images: string[] }>> {
  const { content: loaded, problems } = await loadContent(content);
  expect(problems).toEqual([]);
  const edition = loaded!.editions.find((e) => e.id === '2017-09')!;
  const result = await transformEditionCached(edition, datasetLookup(loaded!.editions));
  expect(result.problems).toEqual([]);
  return new Map(edition.articles.map((article) => {
    const body = result.bodies.get(article)!;
    return [article.slug, { html: body.html, printHtml: body.printHtml ?? body.html, made: body.hast !== undefined, images: (body.images ?? []).map((image) => image.info.hash) }];
  }));
}

const made = (bodies: Map<string, { made: boolean }>) => [...bodies.values()].map((body) => body.made);

describe('the transform stage with the build cache', () => {
  it('takes an unchanged edition from the cache: the same bodies, without their trees', async () => {
    const first = await transformed();
    expect(made(first).every(Boolean)).toBe(true);
    expect(first.get('dangjian-linghang')!.html).toContain('<picture>');
    const again = await transformed();
    expect(made(again).some(Boolean)).toBe(false);
    for (const [slug, body] of first) {
      expect(again.get(slug)!.html, slug).toBe(body.html);
      expect(again.get(slug)!.printHtml, slug).toBe(body.printHtml);
    }
  });

  it('after an edit to one article, makes that article alone again: the others come from the cache, as they were made', async () => {
    const first = await transformed();
    appendFileSync(join(content, '2017-09/articles/tuopin.md'), '\n编辑新加的一段：瓦高村:value{data=2017-03/visits row=wagao col=households}户。\n');
    const after = await transformed();
    expect(after.size).toBe(2);
    expect([...after].filter(([, body]) => body.made).map(([slug]) => slug)).toEqual(['dangjian-linghang']);
    expect(after.get('dangjian-linghang')!.html).toContain('编辑新加的一段');
    expect(after.get('dangjian-linghang')!.html).not.toBe(first.get('dangjian-linghang')!.html);
    for (const [slug, body] of first) if (slug !== 'dangjian-linghang') expect(after.get(slug)!.html, slug).toBe(body.html);
    // And then the whole edition is taken again.
    expect(made(await transformed()).some(Boolean)).toBe(false);
  });

  it('makes it again when a data set it quotes from another edition changed', async () => {
    const file = join(content, '2017-03/data/visits.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('households: 42', 'households: 43'));
    const after = await transformed();
    expect(made(after).every(Boolean)).toBe(true);
    expect(after.get('dangjian-linghang')!.html).toContain('>43户<');
    expect(made(await transformed()).some(Boolean)).toBe(false);
  });

  it('makes it again when an image it shows has other bytes under the same name', async () => {
    const [hash] = (await transformed()).get('dangjian-linghang')!.images;
    writeFileSync(join(content, '2017-09/images/probe.png'), solidPng(2400, 1600, [200, 30, 30]));
    const after = await transformed();
    expect(made(after).every(Boolean)).toBe(true);
    expect(after.get('dangjian-linghang')!.images).toHaveLength(1);
    expect(after.get('dangjian-linghang')!.images[0]).not.toBe(hash);
  });

  it('makes it again when its text changed; one with a character no font draws is not kept, and the message names its place every time', async () => {
    appendFileSync(join(content, '2017-09/articles/tuopin.md'), '\n罕见字&#x2A6A5;。\n');
    const lines = readFileSync(join(content, '2017-09/articles/tuopin.md'), 'utf8').split('\n');
    const line = lines.findIndex((text) => text.includes('&#x2A6A5;')) + 1;
    for (let run = 0; run < 2; run++) {
      const { content: loaded } = await loadContent(content);
      const edition = loaded!.editions.find((e) => e.id === '2017-09')!;
      const result = await transformEditionCached(edition, datasetLookup(loaded!.editions));
      expect(result.problems.map((p) => [p.line, p.column, p.reason.includes('U+2A6A5')])).toEqual([[line, 4, true]]);
      expect([...result.bodies.values()].every((body) => body.hast !== undefined)).toBe(true);
    }
  });
});
