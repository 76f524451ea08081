/**
 * The web fonts in real builds (HTML only): a one-article change writes new font files only for
 * the characters it adds (the other slices and subsets keep their names and bytes), the font
 * step shows progress in a pipe, and every page links the stylesheets its fonts are declared in.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daan } from '../helpers/cli.ts';
import { makeContent } from '../helpers/content.ts';

const body = '党建领航，脱贫奔康。坚持组织引领，凝聚脱贫奔康优势力量；突出结对帮扶，形成整体合力。';

function fontFiles(out: string): Map<string, Buffer> {
  const dir = join(out, 'assets/fonts');
  return new Map(readdirSync(dir).filter((f) => f.endsWith('.woff2')).map((f) => [f, readFileSync(join(dir, f))]));
}

describe('web fonts in a build', () => {
  it('a one-article change makes font files only for its new characters', () => {
    const content = makeContent({
      '2020-01/articles/a.md': `---\ntitle: 第一篇\ncolumn: 要闻\nslug: di-yi-pian\n---\n\n${body}\n\n**机制**健全。\n`,
      '2020-02/edition.yaml': 'year: 2020\nnumber: 2\ndate: 2020-02-29\ncolumns:\n  - 要闻\n',
      '2020-02/articles/b.md': `---\ntitle: 第二篇\ncolumn: 要闻\nslug: di-er-pian\n---\n\n${body}\n`,
    });
    const out = join(content, 'out');
    // A build cache of its own: what is made, and said, does not depend on earlier runs.
    const env = { ...process.env, CI: 'true', DAAN_CACHE_DIR: join(content, 'cache') };
    const first = daan(['build', '--no-pdf', '--content', content, '--out', out], { env });
    expect(first.code, first.stderr).toBe(0);
    const before = fontFiles(out);
    expect(readFileSync(join(out, '2020-01/di-yi-pian.html'), 'utf8')).toMatch(/href="\.\.\/assets\/fonts\.css"[\s\S]*href="\.\.\/assets\/fonts\/2020-01\.css"/);

    // One article gains a rare character (in the body serif) and a bold one.
    writeFileSync(join(content, '2020-02/articles/b.md'), `---\ntitle: 第二篇\ncolumn: 要闻\nslug: di-er-pian\n---\n\n${body}龘\n\n**鑫**。\n`);
    const second = daan(['build', '--no-pdf', '--content', content, '--out', out], { env });
    expect(second.code, second.stderr).toBe(0);
    const after = fontFiles(out);
    const added = [...after.keys()].filter((name) => !before.has(name));
    const kept = [...after.keys()].filter((name) => before.has(name));
    // The body serif's slice with 龘, and 2020-02's bold serif subset (鑫): nothing else.
    expect(added.length).toBe(2);
    expect(added.some((name) => name.startsWith('daan-serif-400.'))).toBe(true);
    expect(added.some((name) => name.startsWith('daan-serif-700.'))).toBe(true);
    for (const name of kept) expect(after.get(name)!.equals(before.get(name)!)).toBe(true);
    // 2020-01's pages still load the same subsets.
    expect(readFileSync(join(out, 'assets/fonts/2020-01.css'), 'utf8')).not.toContain(added.find((n) => n.startsWith('daan-serif-700.')));
    expect(readFileSync(join(out, 'assets/fonts/2020-02.css'), 'utf8')).toContain(added.find((n) => n.startsWith('daan-serif-700.')));
    // In a pipe (CI=true), a line says which fonts were made.
    expect(second.stdout).toMatch(/made 1 web font subset\(s\) of serif-400 \(\d+ reused/);
  }, 600_000);
});
