import { planBuild } from '/work/main/scripts/archive/plan.ts';
const p = await planBuild({ contentDir: process.argv[2], outDir: process.argv[3], templatesDir: '/work/main/templates', pdf: true });
console.log(p.upToDate, p.options, p.site.slice(0, 8), p.editions.map(e => `${e.id} ${e.hash.slice(0, 8)} ${e.reuse} ${e.why}`));
