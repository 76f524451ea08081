import * as pagefind from 'pagefind';
const t = performance.now();
const { index } = await pagefind.createIndex(process.argv[3] ? { forceLanguage: process.argv[3] } : {});
const r = await index!.addDirectory({ path: process.argv[2], glob: '**/*.html' });
const t1 = performance.now();
const { files } = await index!.getFiles();
console.log(r.page_count, 'pages', files.length, 'files', (t1 - t).toFixed(0), 'ms add', (performance.now() - t1).toFixed(0), 'ms write');
await pagefind.close();
