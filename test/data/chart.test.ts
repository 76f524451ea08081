import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll } from './select.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chartText, renderChartSvg, type ChartData } from '../../scripts/data/chart.ts';

const lifted: ChartData = {
  type: 'bar',
  categories: ['2014年', '2015年', '2016年'],
  series: [
    { label: '户数', unit: '户', values: [32, 31, 60] },
    { label: '人数', unit: '人', values: [112, 119, 178] },
  ],
};

// Each test file draws into a cache of its own, so that the first drawing of a spec is a real one.
const cache = mkdtempSync(join(tmpdir(), 'daan-chart-cache-'));
const before = process.env.DAAN_CACHE_DIR;
beforeAll(() => void (process.env.DAAN_CACHE_DIR = cache));
afterAll(() => {
  if (before === undefined) delete process.env.DAAN_CACHE_DIR;
  else process.env.DAAN_CACHE_DIR = before;
  rmSync(cache, { recursive: true, force: true });
});

describe('charts rendered at build time', () => {
  it.each(['bar', 'line', 'stacked'] as const)('a %s chart is SVG whose labels are <text> in the bundled serif', async (type) => {
    const svg = await renderChartSvg({ ...lifted, type });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<script|<foreignObject|on[a-z]+=/i);
    const texts = selectAll(fromHtml(svg, { fragment: true }), 'text');
    const labels = texts.map((t) => t.text);
    for (const label of ['2014年', '2015年', '2016年', '户数（户）', '人数（人）']) expect(labels).toContain(label);
    if (type !== 'stacked') expect(labels).toEqual(expect.arrayContaining(['32', '112', '178']));
    expect(texts.every((t) => String(t.properties.fontFamily).startsWith("'Daan Serif', 'Noto Serif SC'"))).toBe(true);
  });

  it('gives screen readers every value with its unit', () => {
    expect(chartText(lifted)).toBe('2014年，户数32户、人数112人；2015年，户数31户、人数119人；2016年，户数60户、人数178人。');
  });

  it('renders the same SVG twice (builds are reproducible)', async () => {
    expect(await renderChartSvg(lifted)).toBe(await renderChartSvg(lifted));
  });

  it('draws a spec once: the second build takes the drawing from the cache, a changed chart is drawn again', async () => {
    process.env.DAAN_CACHE_DIR = join(cache, 'once');
    const charts = join(cache, 'once', 'charts');
    const drawn = await renderChartSvg(lifted);
    const [entry, ...more] = readdirSync(charts);
    expect(more).toEqual([]);
    expect(entry).toMatch(/^[0-9a-f]{64}\.svg$/);
    // What is in the cache is what a build uses.
    writeFileSync(join(charts, entry), drawn.replace('<svg', '<svg data-from-cache="yes"'));
    expect(await renderChartSvg(lifted)).toContain('data-from-cache="yes"');
    const other = await renderChartSvg({ ...lifted, categories: ['2014年', '2015年', '2018年'] });
    expect(other).toContain('2018年');
    expect(other).not.toContain('data-from-cache');
    expect(readdirSync(charts)).toHaveLength(2);
  });
});
