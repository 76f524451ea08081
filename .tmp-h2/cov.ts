import { codePointsOf } from '../scripts/fonts/subset.ts';
import { faces } from '../scripts/fonts/faces.ts';
const cps = await codePointsOf(faces[0]);
for (const cp of [0x20, 0xa0, 0x2002, 0x2005, 0x2006, 0x2009, 0x200a, 0x202f, 0x2060, 0x2212, 0x2014, 0x3000, 0xff0c]) console.log(cp.toString(16), cps.has(cp));
