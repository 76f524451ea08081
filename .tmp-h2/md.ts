import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkDirective from 'remark-directive';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { VFile } from 'vfile';
import { loadEditionData } from '../scripts/data/load.ts';
import { remarkDataDirectives } from '../scripts/transform/data-directives.ts';
import { formatProblems } from '../scripts/report/problems.ts';
const { datasets } = await loadEditionData('content/2017-09');
const md = `见:ref{id=poverty}和:ref{#lifted}。全乡:value{data=poverty row=registered2013 col=households,people}，截止:value{data=poverty row=identified col=as_of}，已入住:value{data=housing row=xinfang_moved_in col=people}，各:value{data=water row=pumps col=size}，蓄水:value{data=water row=weir col=size}。

::table{data=poverty}

::chart{#lifted data=poverty type=bar rows=lifted2014,lifted2015,lifted2016 x=as_of y=households,people title="2014—2016年脱贫户数和人数"}

::table{data=water cols=item,quantity,unit,size}

::table{data=housing}

:value{data=nope row=x col=y} :ref{id=zzz} :value{data=poverty row=identified col=peple}
`;
const file = new VFile({ path: 'x.md', value: md });
const p = unified().use(remarkParse).use(remarkDirective).use(remarkDataDirectives, { datasets: () => datasets, editionId: '2017-09' }).use(remarkRehype).use(rehypeStringify);
const out = await p.process(file);
console.log(String(out).replace(/<svg[\s\S]*?<\/svg>/, '<svg…/>'));
console.log(formatProblems(file.messages));
