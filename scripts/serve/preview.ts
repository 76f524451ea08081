/**
 * The print preview of `daan serve` (/__print/<edition>/): the edition's PDF exactly as the build
 * printed it — Chromium does not paginate on screen, so the preview shows the printed pages, not
 * the print HTML. pdf.js (pdfjs-dist, served from node_modules at /__daan/pdfjs/) draws every page
 * onto a canvas, as spreads (the cover alone, then left | right pages) or single pages, with the
 * page numbers; the page reloads, keeping its place, whenever the build prints a new PDF.
 * Without pdf.js the browser's own PDF viewer shows the file. With --no-pdf there is no PDF, and
 * the page says so.
 */
import { escapeHtml } from './server.ts';

export interface PreviewInput {
  editionId: string;
  /** The PDF's path under out/ (e.g. 2017-09/daan-2017-09.pdf), when it exists. */
  pdf?: { path: string; size: number; mtimeMs: number };
  /** False when serving with --no-pdf. */
  printing: boolean;
  /** pdf.js is available at /__daan/pdfjs/. */
  pdfjs: boolean;
  /** The PDF name a build writes for this edition (for the reload dependency). */
  pdfName: string;
}

export function editionLabel(id: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(id);
  return match ? `${match[1]}年第${Number(match[2])}期` : id;
}

const STYLE = `
  :root { color-scheme: light; }
  body { margin: 0; background: #5b5b5b; font: 14px/1.5 system-ui, sans-serif; color: #222; }
  header { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; padding: 10px 20px; background: #f4f1ea; border-bottom: 1px solid #ccc; }
  header h1 { font-size: 16px; margin: 0; }
  header a, header button { color: #9e1b1b; }
  header button { font: inherit; background: none; border: 1px solid #9e1b1b; border-radius: 4px; padding: 2px 8px; cursor: pointer; }
  .info { color: #555; }
  #pages { display: flex; flex-direction: column; align-items: center; gap: 28px; padding: 28px 12px 60px; }
  .spread { display: flex; justify-content: center; gap: 0; }
  .single .spread { gap: 28px; flex-direction: column; align-items: center; }
  figure { margin: 0; display: flex; flex-direction: column; align-items: center; }
  canvas { display: block; background: #fff; box-shadow: 0 2px 10px rgba(0,0,0,.45); }
  figcaption { color: #eee; font-size: 12px; margin-top: 6px; }
  .note { max-width: 40em; margin: 48px auto; background: #fff; padding: 24px 28px; border-radius: 6px; }
  .note code { background: #eee; padding: 0 4px; }
  iframe { width: 100%; height: calc(100vh - 60px); border: 0; display: block; }
`;

export function previewPage(input: PreviewInput): string {
  const label = editionLabel(input.editionId);
  const pdfUrl = `/${input.editionId}/${input.pdfName}`;
  const depends = `${input.editionId}/${input.pdfName}`;
  const head = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="daan-depends" content="${escapeHtml(depends)}">
<title>印刷预览 · ${escapeHtml(label)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
  <h1>印刷预览 · print preview — ${escapeHtml(label)}</h1>
  <a href="/${escapeHtml(input.editionId)}/">网页版 (web)</a>
  ${input.pdf ? `<a href="${escapeHtml(pdfUrl)}">打开 PDF (open the PDF)</a>` : ''}
  ${input.pdf && input.pdfjs ? '<button type="button" id="layout">单页 / 跨页 (single pages / spreads)</button>' : ''}
  <span class="info" id="info"></span>
</header>
`;
  if (!input.printing) {
    return `${head}<div class="note" id="no-pdf">
<h2>印刷预览需要 PDF</h2>
<p>The print preview shows the PDF as the build prints it, page by page. This server was started with
<code>--no-pdf</code>, so no PDF is printed.</p>
<p>Restart it without <code>--no-pdf</code> — <code>npm run serve</code> — to see the pages here; every save then prints the
edition again (a few seconds) and this page reloads.</p>
</div>
</body>
</html>
`;
  }
  if (!input.pdf) {
    return `${head}<div class="note" id="no-pdf-yet">
<h2>PDF 尚未生成 · not printed yet</h2>
<p>There is no <code>${escapeHtml(depends)}</code> in the build yet: the first build is still running, or it failed
(the problems are shown over this page). This page reloads when the PDF is printed.</p>
</div>
</body>
</html>
`;
  }
  const versioned = `${pdfUrl}?v=${Math.round(input.pdf.mtimeMs)}`;
  if (!input.pdfjs) {
    return `${head}<iframe src="${escapeHtml(versioned)}" title="${escapeHtml(label)} PDF"></iframe>
</body>
</html>
`;
  }
  return `${head}<main id="pages" aria-live="polite"></main>
<script type="module">
import * as pdfjs from '/__daan/pdfjs/build/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/__daan/pdfjs/build/pdf.worker.mjs';
const container = document.getElementById('pages');
const info = document.getElementById('info');
const MM = 25.4 / 72;
let spreads = localStorage.getItem('daan-preview-layout') !== 'single';
document.getElementById('layout').addEventListener('click', () => {
  spreads = !spreads;
  localStorage.setItem('daan-preview-layout', spreads ? 'spreads' : 'single');
  draw();
});
const doc = await pdfjs.getDocument({
  url: ${JSON.stringify(versioned)},
  cMapUrl: '/__daan/pdfjs/cmaps/',
  cMapPacked: true,
  standardFontDataUrl: '/__daan/pdfjs/standard_fonts/',
  wasmUrl: '/__daan/pdfjs/wasm/',
}).promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) pages.push(await doc.getPage(n));
const first = pages[0].getViewport({ scale: 1 });
info.textContent = '共 ' + doc.numPages + ' 页 · ' + (first.width * MM).toFixed(0) + ' × ' + (first.height * MM).toFixed(0) + ' mm · ' + ${JSON.stringify(formatSize(input.pdf.size))};

// Spreads as a magazine opens: page 1 (the cover) alone on the right, then 2|3, 4|5, …
function groups() {
  if (!spreads) return pages.map((_, i) => [i]);
  const out = [[0]];
  for (let i = 1; i < pages.length; i += 2) out.push(i + 1 < pages.length ? [i, i + 1] : [i]);
  return out;
}

let drawing = 0;
async function draw() {
  const run = ++drawing;
  container.removeAttribute('data-rendered');
  container.classList.toggle('single', !spreads);
  container.replaceChildren();
  const across = spreads ? 2 : 1;
  const fit = (Math.min(window.innerWidth, 1600) - 48) / (first.width * across);
  const scale = Math.max(0.3, Math.min(fit, 1.6));
  const ratio = window.devicePixelRatio || 1;
  const jobs = [];
  for (const group of groups()) {
    const spread = document.createElement('div');
    spread.className = 'spread';
    // A recto (odd page) alone sits on the right, a verso alone on the left, as in the printed copy.
    const blank = () => {
      const gap = document.createElement('div');
      const size = pages[group[0]].getViewport({ scale });
      gap.style.width = Math.floor(size.width) + 'px';
      return gap;
    };
    if (spreads && group.length === 1 && group[0] % 2 === 0) spread.append(blank());
    for (const index of group) {
      const page = pages[index];
      const viewport = page.getViewport({ scale });
      const figure = document.createElement('figure');
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = Math.floor(viewport.width) + 'px';
      canvas.style.height = Math.floor(viewport.height) + 'px';
      canvas.dataset.page = String(index + 1);
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', '第 ' + (index + 1) + ' 页');
      const caption = document.createElement('figcaption');
      caption.textContent = index === 0 ? '第 1 页 · 封面' : '第 ' + (index + 1) + ' 页';
      figure.append(canvas, caption);
      spread.append(figure);
      jobs.push({ page, canvas, viewport });
    }
    if (spreads && group.length === 1 && group[0] % 2 === 1) spread.append(blank());
    container.append(spread);
  }
  window.__daanRestoreScroll?.();
  for (const { page, canvas, viewport } of jobs) {
    if (run !== drawing) return;
    await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise;
  }
  if (run === drawing) container.dataset.rendered = String(jobs.length);
}
await draw();
let resized;
window.addEventListener('resize', () => {
  clearTimeout(resized);
  resized = setTimeout(draw, 200);
});
</script>
</body>
</html>
`;
}

export function previewIndex(editions: string[], printing: boolean): string {
  const items = editions.map((id) => `<li><a href="/__print/${escapeHtml(id)}/">${escapeHtml(editionLabel(id))}</a></li>`).join('\n');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>印刷预览</title><meta name="daan-depends" content="index.html"><style>${STYLE}</style></head>
<body>
<div class="note">
<h2>印刷预览 · print preview</h2>
${printing ? '' : '<p>This server runs with <code>--no-pdf</code>: the previews need PDFs.</p>'}
<ul>
${items || '<li>No edition has been built yet.</li>'}
</ul>
</div>
</body>
</html>
`;
}

function formatSize(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}
