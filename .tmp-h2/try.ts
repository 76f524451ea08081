import { loadEditionData } from '../scripts/data/load.ts';
import { formatProblems } from '../scripts/report/problems.ts';
const { datasets, problems } = await loadEditionData(process.argv[2] ?? 'content/2017-09');
console.log(formatProblems(problems));
for (const d of datasets.values()) { console.log(d.id, [...d.values].map(([r, m]) => `${r}: ${[...m.values()].join(' ')}`).join(' | ')); }
