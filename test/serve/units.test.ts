/** The pieces of `daan serve` that need no server: paths, MIME types, change batches, the injected script. */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { injectClient } from '../../scripts/serve/client.ts';
import { mimeType, resolveUnder } from '../../scripts/serve/server.ts';
import { affected, isIgnored, withoutTransients } from '../../scripts/serve/watch.ts';
import { previewPage } from '../../scripts/serve/preview.ts';

describe('serving files', () => {
  const root = resolve('/srv/out');
  it('maps URL paths into the root and nowhere else', () => {
    expect(resolveUnder(root, '/')).toBe(root);
    expect(resolveUnder(root, '/2017-09/index.html')).toBe(join(root, '2017-09/index.html'));
    expect(resolveUnder(root, '/%E5%A4%A7%E5%AE%89.html')).toBe(join(root, '大安.html'));
    expect(resolveUnder(root, '/../etc/passwd')).toBeUndefined();
    expect(resolveUnder(root, '/..%2F..%2Fetc%2Fpasswd')).toBeUndefined();
    expect(resolveUnder(root, '/a/../../out-other/x')).toBeUndefined();
    expect(resolveUnder(root, '/..%5Cx')).toBeUndefined();
    expect(resolveUnder(root, '/a%00b')).toBeUndefined();
    expect(resolveUnder(root, '/%E0%A4%A')).toBeUndefined();
  });

  it('knows the MIME types of what a build writes', () => {
    expect(mimeType('a.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('site.css')).toBe('text/css; charset=utf-8');
    expect(mimeType('search.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('daan-2017-09.pdf')).toBe('application/pdf');
    expect(mimeType('daan-serif-400.abc.woff2')).toBe('font/woff2');
    expect(mimeType('cover.PNG')).toBe('image/png');
    expect(mimeType('chart.svg')).toBe('image/svg+xml');
    expect(mimeType('manifest.json')).toBe('application/json; charset=utf-8');
    expect(mimeType('pagefind.zh-cn_1.pf_meta')).toBe('application/octet-stream');
  });

  it('adds the reload script before </body>, once', () => {
    const html = injectClient('<html><body><p>x</p></body></html>');
    expect(html).toBe('<html><body><p>x</p><script src="/__daan/client.js" defer></script>\n</body></html>');
    expect(injectClient('<p>no body</p>')).toContain('<script src="/__daan/client.js" defer></script>');
  });
});

describe('watching', () => {
  const content = resolve('/w/content');
  it('ignores editor files', () => {
    expect(isIgnored('/w/content/2017-09/articles/a.md')).toBe(false);
    for (const name of ['.a.md.swp', 'a.md~', '.#a.md', '#a.md#', '.DS_Store', 'x.tmp']) expect(isIgnored(`/w/content/${name}`), name).toBe(true);
  });

  it('drops files created and removed within one batch', () => {
    const changes = withoutTransients([
      { event: 'add', path: '/w/content/2017-09/articles/sedAbc123' },
      { event: 'unlink', path: '/w/content/2017-09/articles/sedAbc123' },
      { event: 'change', path: '/w/content/2017-09/articles/a.md' },
    ]);
    expect(changes).toEqual([{ event: 'change', path: '/w/content/2017-09/articles/a.md' }]);
  });

  it('tells an edition’s change from a site-wide one', () => {
    expect(affected([{ event: 'change', path: join(content, '2017-09/articles/a.md') }], content, new Set())).toEqual({ all: false, editions: ['2017-09'] });
    expect(affected([{ event: 'change', path: join(content, 'site.yaml') }], content, new Set())).toEqual({ all: true, editions: [] });
    expect(affected([{ event: 'change', path: '/w/templates/pages/article.hbs' }], content, new Set())).toEqual({ all: true, editions: [] });
  });
});

describe('the print preview page', () => {
  it('explains that it needs PDFs when serving with --no-pdf', () => {
    const html = previewPage({ editionId: '2017-09', pdfName: 'daan-2017-09.pdf', printing: false, pdfjs: true });
    expect(html).toContain('印刷预览需要 PDF');
    expect(html).toContain('<meta name="daan-depends" content="2017-09/daan-2017-09.pdf">');
  });

  it('draws the PDF with pdf.js, or falls back to the browser’s viewer', () => {
    const pdf = { path: '2017-09/daan-2017-09.pdf', size: 300_000, mtimeMs: 1 };
    expect(previewPage({ editionId: '2017-09', pdfName: 'daan-2017-09.pdf', printing: true, pdfjs: true, pdf })).toContain("import * as pdfjs from '/__daan/pdfjs/build/pdf.mjs'");
    expect(previewPage({ editionId: '2017-09', pdfName: 'daan-2017-09.pdf', printing: true, pdfjs: false, pdf })).toContain('<iframe src="/2017-09/daan-2017-09.pdf?v=1"');
    expect(previewPage({ editionId: '2017-09', pdfName: 'daan-2017-09.pdf', printing: true, pdfjs: true })).toContain('PDF 尚未生成');
  });
});
