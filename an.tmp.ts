import { readFileSync } from 'node:fs';
import { WebFontText } from './scripts/fonts/web.ts';
import { faces } from './scripts/fonts/faces.ts';
for (const p of process.argv.slice(2)) {
const t = await WebFontText.forTemplates('templates');
t.addPage(readFileSync(p, 'utf8'));
for (const f of faces) console.log(p.split('/').slice(-2).join('/'), f.id, t.charactersOf(f).length, t.charactersOf(f).slice(0, 80));
}
