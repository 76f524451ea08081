import * as pagefind from 'pagefind';
const { index } = await pagefind.createIndex({});
await index!.addDirectory({ path: process.argv[2], glob: '**/*.html' });
await index!.writeFiles({ outputPath: process.argv[2] + '/pagefind' });
await pagefind.close();
