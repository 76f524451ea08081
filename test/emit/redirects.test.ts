/** planRedirects on its own: which old address leads where, from a previous manifest and this build's pages. */
import { describe, expect, it } from 'vitest';
import { planRedirects } from '../../scripts/emit/redirects.ts';
import type { Manifest } from '../../scripts/emit/manifest.ts';

const manifest = (paths: string[], pages: Record<string, string>, redirects: Record<string, string> = {}): Manifest => ({
  generator: 'test',
  files: paths.map((path) => ({ path, size: 1, sha256: '0' })) as Manifest['files'],
  pages,
  redirects,
});

describe('planRedirects', () => {
  const previous = manifest(['index.html', '2017-08/index.html', '2017-08/a.html', '2017-09/index.html', '2017-09/b.html', '2017-09/c.html'], {
    '2017-08/a.html': 'article:2017-08/a.md',
    '2017-09/b.html': 'article:2017-09/b.md',
    '2017-09/c.html': 'article:2017-09/c.md',
  });

  it('leads a moved page to its new path, a deleted article to its edition, a deleted edition to the home page', () => {
    const present = new Set(['index.html', '2017-09/index.html', '2017-09/b-new.html']);
    const plan = planRedirects(previous, { '2017-09/b-new.html': 'article:2017-09/b.md' }, present);
    expect(plan.moved).toEqual([['2017-09/b.html', '2017-09/b-new.html']]);
    expect(plan.removed).toEqual([
      ['2017-08/a.html', 'index.html'],
      ['2017-08/index.html', 'index.html'],
      ['2017-09/c.html', '2017-09/index.html'],
    ]);
    expect(plan.lost).toEqual([]);
  });

  it('keeps a taken-down address on later builds without announcing it again, and lets a restored page have its address back', () => {
    const later = manifest(['index.html', '2017-09/index.html'], {}, { '2017-09/c.html': '2017-09/index.html' });
    const kept = planRedirects(later, {}, new Set(['index.html', '2017-09/index.html']));
    expect(kept.redirects).toEqual({ '2017-09/c.html': '2017-09/index.html' });
    expect(kept.removed).toEqual([]);
    const restored = planRedirects(later, { '2017-09/c.html': 'article:2017-09/c.md' }, new Set(['index.html', '2017-09/index.html', '2017-09/c.html']));
    expect(restored.redirects).toEqual({});
  });

  it('reports as lost only what has no contents page to lead to', () => {
    const plan = planRedirects(manifest(['2017-09/c.html'], {}), {}, new Set());
    expect(plan.lost).toEqual(['2017-09/c.html']);
  });

  it('works the pages of a manifest that names none out by the old slug rule, asked only then (it spells every title in pinyin)', () => {
    const unnamed: Manifest = { ...manifest(['index.html', '2017-09/index.html', '2017-09/dang-jian.html'], {}), pages: undefined };
    const before = { '2017-09/dang-jian.html': 'article:2017-09/a.md' };
    const plan = planRedirects(unnamed, { '2017-09/dangjian.html': 'article:2017-09/a.md' }, new Set(['index.html', '2017-09/index.html', '2017-09/dangjian.html']), () => before);
    expect(plan.moved).toEqual([['2017-09/dang-jian.html', '2017-09/dangjian.html']]);
    const named = planRedirects(previous, { '2017-09/b-new.html': 'article:2017-09/b.md' }, new Set(['index.html', '2017-09/index.html', '2017-09/b-new.html']), () => {
      throw new Error('the manifest names its pages: the old rule is not needed');
    });
    expect(named.moved).toEqual([['2017-09/b.html', '2017-09/b-new.html']]);
  });
});
