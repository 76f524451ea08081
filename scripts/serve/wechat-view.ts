/**
 * The 公众号 view of `daan serve` (/__wechat/<edition>/<slug>): the article's fragment as the build
 * wrote it (out/<edition>/wechat/<slug>.html), with a button that puts it on the clipboard as rich
 * text, ready to paste into the 公众号 editor, and the list of pictures to upload beside it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { escapeHtml } from './server.ts';

const STYLE = `body{margin:0;background:#f2f2f2;font:14px/1.6 sans-serif}
#daan-wechat-bar{position:sticky;top:0;z-index:1;display:flex;gap:1em;align-items:center;flex-wrap:wrap;padding:.6em 1em;background:#263238;color:#fff}
#daan-wechat-bar a{color:#cfe8ff}
#daan-wechat-copy{font:inherit;padding:.3em 1em;border:0;border-radius:3px;background:#07c160;color:#fff;cursor:pointer}
#daan-wechat-phone{max-width:578px;margin:1.5em auto;padding:20px 16px;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.15)}`;

/** The view of one article, or undefined when the build wrote no fragment for it. */
export async function wechatView(outDir: string, edition: string, slug: string): Promise<string | undefined> {
  const page = await readFile(join(outDir, edition, 'wechat', `${slug}.html`), 'utf8').catch(() => undefined);
  if (page === undefined) return undefined;
  const start = page.indexOf('<body>');
  const end = page.lastIndexOf('</body>');
  const fragment = page.slice(start + '<body>'.length, end).trim();
  // The fragment's own pictures are relative to out/<edition>/wechat/.
  const base = `/${encodeURIComponent(edition)}/wechat/`;
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>公众号版 · ${escapeHtml(slug)}</title><base href="${base}"><meta name="daan-depends" content="${escapeHtml(`${edition}/wechat/${slug}.html`)}"><style>${STYLE}</style></head>
<body>
<div id="daan-wechat-bar" role="toolbar" aria-label="公众号版">
<button id="daan-wechat-copy" type="button">复制到公众号</button>
<span id="daan-wechat-status" role="status">复制后，在公众号编辑器里粘贴；再上传图片，替换文中同序号的图片。</span>
<a href="index.html">本期要上传的图片</a>
</div>
<div id="daan-wechat-phone">${fragment}</div>
<script>
(() => {
  const button = document.getElementById('daan-wechat-copy');
  const status = document.getElementById('daan-wechat-status');
  button.addEventListener('click', async () => {
    const node = document.getElementById('daan-wechat-phone').firstElementChild;
    const html = node.outerHTML;
    try {
      await navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([node.innerText], { type: 'text/plain' }) })]);
    } catch {
      const range = document.createRange();
      range.selectNode(node);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      if (!document.execCommand('copy')) { status.textContent = '浏览器不让复制：请按 Ctrl+A、Ctrl+C 手动复制。'; return; }
      getSelection().removeAllRanges();
    }
    status.textContent = '已复制：到公众号编辑器里粘贴。';
  });
})();
</script>
</body>
</html>
`;
}
