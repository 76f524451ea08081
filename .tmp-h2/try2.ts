import { loadEditionData } from '../scripts/data/load.ts';
import { formatProblems } from '../scripts/report/problems.ts';
const { datasets, problems } = await loadEditionData('test/fixtures/data/2099-01');
console.log(formatProblems(problems));
for (const d of datasets.values()) { console.log(d.id, d.columns.map(c=>c.key+':'+c.decimals).join(','), [...d.values].map(([r, m]) => `${r}: ${[...m.values()].join(' ')}`).join(' | ')); }
