import type { Place } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import type { SourceLine } from './source-lines.ts';

/**
 * Figures that look damaged. The importer never changes a figure: it reports it with a proposed
 * reading, and an editor confirms readings in a file (see readings.ts).
 */
export interface Finding {
  rule: 'headcount' | 'households' | 'year-month' | 'price' | 'measure-word' | 'unit';
  /** The text flagged, as it stands in the line (punctuation restored). */
  text: string;
  /** The proposed reading, when there is one. */
  reading?: string;
  reason: string;
  place: Place;
  /** Index range of `text` in its line. */
  line: SourceLine;
  start: number;
  end: number;
}

/** A stated population: 总人口1.5万人. */
export interface Population {
  people: number;
  text: string;
  place: Place;
}

type Rule = (line: SourceLine, population?: Population) => Finding[];

export function lintFigures(lines: SourceLine[]): Finding[] {
  const population = findPopulation(lines);
  const rules: Rule[] = [headCounts, yearMonthRuns, pricesWithoutYuan, countsWithoutMeasureWord, asciiUnits];
  return lines
    .flatMap((line) => rules.flatMap((rule) => rule(line, population)))
    .sort((a, b) => a.place.line - b.place.line || a.place.column - b.place.column);
}

export function findPopulation(lines: SourceLine[]): Population | undefined {
  for (const line of lines) {
    const match = /人口(?:约|共|为|有)?(\d+(?:\.\d+)?)(万)?人/.exec(line.text);
    if (match) {
      const people = Number(match[1]) * (match[2] ? 10000 : 1);
      return { people, text: `${match[1]}${match[2] ?? ''}人`, place: line.place(match.index) };
    }
  }
  return undefined;
}

function finding(line: SourceLine, match: RegExpMatchArray, rule: Finding['rule'], reason: string, reading?: string, text = match[0], offset = 0): Finding {
  const start = (match.index ?? 0) + offset;
  return { rule, text, reading, reason, place: line.place(start), line, start, end: start + text.length };
}

/** Words that make a count of people a count of households and people (户 … 人). */
const householdContext = /户|脱贫|贫困|搬迁|危房|危破房|改造|社员|入住|安置/;

/** 4711340人: more people than the township has, or a household count whose 户 was lost (471户1340人 has its 户). */
const headCounts: Rule = (line, population) =>
  [...line.text.matchAll(/(?<![\d.．第]|\d户)(\d+)人/g)].flatMap((match) => {
    const digits = match[1];
    const split = householdSplit(digits);
    const proposal = split && `${split.households}户${split.people}人`;
    const perHousehold = split ? (split.people / split.households).toFixed(1) : undefined;
    if (population && Number(digits) > population.people) {
      return [finding(line, match, 'headcount', say('figure-headcount', { found: match[0], population: population.text, line: population.place.line, proposal: proposal || undefined, perHousehold }), proposal)];
    }
    if (!split || !householdContext.test(sentenceAt(line.text, match.index ?? 0))) return [];
    const uncertain = digits.length <= 2 || split.people / split.households < 1.5;
    return [finding(line, match, 'households', say('figure-households', { found: match[0], proposal: String(proposal), perHousehold: String(perHousehold), uncertain }), proposal)];
  });

/** Splits a digit run into households and people with a plausible household size (1–6, nearest 3). */
export function householdSplit(digits: string): { households: number; people: number } | undefined {
  const splits = [];
  for (let i = 1; i < digits.length; i++) {
    const [h, p] = [digits.slice(0, i), digits.slice(i)];
    if (p.startsWith('0')) continue;
    const ratio = Number(p) / Number(h);
    if (ratio >= 1 && ratio <= 6) splits.push({ households: Number(h), people: Number(p), ratio });
  }
  splits.sort((a, b) => Math.abs(a.ratio - 3) - Math.abs(b.ratio - 3));
  return splits[0] && { households: splits[0].households, people: splits[0].people };
}

/** 20177月: 年 lost between year and month. */
const yearMonthRuns: Rule = (line) =>
  [...line.text.matchAll(/(?<!\d)((?:19|20)\d\d)(1[0-2]|0?[1-9])月/g)].map((match) =>
    finding(line, match, 'year-month', say('figure-year-month', { found: match[0] }), `${match[1]}年${Number(match[2])}月`),
  );

/** 3000/亩: a price per unit without 元. */
const pricesWithoutYuan: Rule = (line) =>
  [...line.text.matchAll(/(?<![\d.])(\d+(?:\.\d+)?)([万千百]?)\/([\u4e00-\u9fff])/g)].map((match) =>
    finding(line, match, 'price', say('figure-price', { found: match[0], per: match[3] }), `${match[1]}${match[2]}元/${match[3]}`),
  );

const measureWords = '次个名项条场期篇件家所处座口批轮户元亩';

/** 竞赛1，: a count right before a punctuation mark, its measure word lost. */
const countsWithoutMeasureWord: Rule = (line) =>
  [...line.text.matchAll(/([\u4e00-\u9fff]{1,2})(?<!第)(\d+)(?=[，。；、！？])/g)].map((match) => {
    const measure = likelyMeasureWord(sentenceAt(line.text, match.index ?? 0));
    const reason = say('figure-measure-word', { found: match[2], thing: match[1], measure: measure || undefined });
    return measure ? finding(line, match, 'measure-word', reason, `${match[0]}${measure}`) : finding(line, match, 'measure-word', reason);
  });

/** The measure word the other counts of the sentence use most. */
function likelyMeasureWord(sentence: string): string | undefined {
  const counts = new Map<string, number>();
  for (const match of sentence.matchAll(new RegExp(`\\d+([${measureWords}])`, 'g'))) counts.set(match[1], (counts.get(match[1]) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Unit symbols whose case is fixed by SI; kw and KM are misspellings of kW and km. */
const unitSymbols: Record<string, string> = { kw: 'kW', kwh: 'kWh', kva: 'kVA', kv: 'kV', km: 'km', kg: 'kg', cm: 'cm', mm: 'mm', ha: 'ha' };

/** 45kw: an ASCII unit symbol written in the wrong case. */
const asciiUnits: Rule = (line) =>
  [...line.text.matchAll(/(?<![A-Za-z\d.])(\d+(?:\.\d+)?) ?([A-Za-z]+)(?![A-Za-z])/g)].flatMap((match) => {
    const symbol = unitSymbols[match[2].toLowerCase()];
    if (!symbol || symbol === match[2]) return [];
    return [finding(line, match, 'unit', say('figure-unit', { found: match[2], symbol }), `${match[1]} ${symbol}`)];
  });

/** The sentence (between 。！？ marks) around an index. */
function sentenceAt(text: string, index: number): string {
  const start = Math.max(...['。', '！', '？'].map((mark) => text.lastIndexOf(mark, index - 1))) + 1;
  const ends = ['。', '！', '？'].map((mark) => text.indexOf(mark, index)).filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) : text.length);
}
