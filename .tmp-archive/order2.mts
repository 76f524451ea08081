import { SearchIndexer } from '/work/main/scripts/archive/search.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
const dir = process.argv[2];
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();
const contents = files.map((f) => readFileSync(join(dir, f), 'utf8'));
async function run() {
  const ix = await SearchIndexer.start();
  files.forEach((f, i) => ix.add(f, contents[i]));
  const { files: out, pages } = await ix.finish();
  const h = createHash('sha256'); for (const f of out) h.update(f.path).update(f.bytes);
  return `${pages} ${out.length} ${h.digest('hex').slice(0, 12)}`;
}
for (let i = 0; i < 3; i++) { const t = performance.now(); console.log(await run(), (performance.now() - t).toFixed(0)); }
