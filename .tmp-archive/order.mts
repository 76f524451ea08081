import { SearchIndexer } from '/work/main/scripts/archive/search.ts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
const dir = process.argv[2];
const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html')).sort();
async function run(list: string[]) {
  const ix = await SearchIndexer.start();
  for (const f of list) ix.add(f, readFileSync(join(dir, f), 'utf8'));
  const { files: out, pages } = await ix.finish();
  const h = createHash('sha256'); for (const f of out) h.update(f.path).update(f.bytes);
  return `${pages} ${out.length} ${h.digest('hex').slice(0, 12)}`;
}
const t = performance.now();
console.log(await run(files), (performance.now() - t).toFixed(0));
console.log(await run([...files].reverse()));
const shuffled = [...files].sort(() => Math.random() - 0.5);
console.log(await run(shuffled));
