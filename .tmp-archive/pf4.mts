import * as pagefind from 'pagefind';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
const dir = process.argv[2];
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /^\d{4}-\d{2}\/a\d+\.html$/.test(f));
const seg = new Intl.Segmenter('zh', { granularity: 'word' });
let t = performance.now();
const { index } = await pagefind.createIndex({});
const mode = process.argv[3];
for (const f of files) {
  let html = readFileSync(join(dir, f), 'utf8');
  if (mode === 'seg') html = html.replace(/>([^<]+)</g, (m, text) => '>' + [...seg.segment(text)].map((s) => s.segment).join('\u200b') + '<');
  await index!.addHTMLFile({ sourcePath: f, content: html });
}
const t1 = performance.now();
const out = await index!.getFiles();
console.log(mode, out.files.length, 'files', (t1 - t).toFixed(0), 'ms add', (performance.now() - t1).toFixed(0), 'ms write');
await pagefind.close();
