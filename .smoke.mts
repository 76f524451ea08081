import { readFileSync } from 'node:fs';
import { importPage } from './scripts/import/import-page.ts';
const { page, problems } = importPage('seed.txt', readFileSync('test/fixtures/import/seed.txt'));
console.log(problems);
console.log(page!.decoded, page!.meta);
for (const f of page!.findings) console.log(f.place.line + ':' + f.place.column, f.rule, f.text, '→', f.reading, '|', f.reason);
console.log(page!.blocks.map(b => b.kind === 'heading' ? '#'.repeat(b.level) + ' ' + b.text : b.text).join('\n\n').slice(0, 1500));
