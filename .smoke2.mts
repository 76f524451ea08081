import { readFileSync } from 'node:fs';
import { importPage } from './scripts/import/import-page.ts';
import { htmlLines } from './scripts/import/html.ts';
const src = readFileSync('test/fixtures/import/seed.html', 'utf8');
for (const l of htmlLines(src)) console.log(l.line, JSON.stringify(l.text.slice(0, 60)));
const { page, problems } = importPage('seed.html', readFileSync('test/fixtures/import/seed.html'));
console.log(problems, page!.decoded, page!.meta);
const lines = src.split('\n');
for (const f of page!.findings) console.log(f.place.line + ':' + f.place.column, f.text, JSON.stringify(lines[f.place.line - 1].slice(f.place.column - 1, f.place.column - 1 + f.text.length)));
