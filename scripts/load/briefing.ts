/**
 * Briefings (简报): content/briefings/<id>.md — front matter with the 报头 and the 版记, the body in
 * Markdown. Briefings are not editions: their body carries articles, sections and data of any
 * edition (resolved in the transform stage, see transform/include.ts).
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';
import { splitFrontMatter } from './front-matter.ts';
import { nestingProblem } from './nesting.ts';
import { controlCharacterProblem, readContentText } from './read-text.ts';
import { asUnit, briefingUnit, recordListing } from '../core/inputs.ts';
import { refuseOutside } from './safe-path.ts';
import type { BriefingSettings } from './schemas.ts';
import type { Briefing } from './model.ts';

/** The folder of briefings under content/. */
export const BRIEFINGS_DIR = 'briefings';

/** Every briefing under content/briefings/, in order of id (file name). */
export async function loadBriefings(contentDir: string): Promise<{ briefings: Briefing[]; problems: VFileMessage[] }> {
  const folder = join(contentDir, BRIEFINGS_DIR);
  if (!existsSync(folder)) return { briefings: [], problems: [] };
  const listed = await readdir(folder);
  recordListing(folder, listed);
  const names = listed.filter((name) => name.endsWith('.md')).sort();
  // Each briefing is a unit of the build: its file is its input (the folder's listing is the site's, which lists them).
  const results = await Promise.all(names.map((name) => asUnit(briefingUnit(basename(name, '.md')), () => loadBriefing(join(folder, name)))));
  return {
    briefings: results.flatMap((r) => (r.briefing ? [r.briefing] : [])),
    problems: results.flatMap((r) => r.problems),
  };
}

export async function loadBriefing(file: string): Promise<{ briefing?: Briefing; problems: VFileMessage[] }> {
  const id = basename(file, '.md');
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    return { problems: [problem(file, { line: 1, column: 1 }, ...sayProblem('briefing-id', { id }))] };
  }
  const refused = await refuseOutside(file, dirname(dirname(file)), say('noun-briefing'));
  if (refused) return { problems: [refused] };
  const read = await readContentText(file);
  if ('error' in read) return { problems: [read.error] };
  const split = splitFrontMatter(read.text);
  if (!split) {
    return { problems: [problem(file, { line: 1, column: 1 }, ...sayProblem('briefing-front-matter'))] };
  }
  // Loaded with the first briefing, not at the command's start (see load/edition.ts).
  const [{ fieldPlaces, frontMatterQueries, parseAndValidate }, { briefingSchema }] = await Promise.all([import('./yaml.ts'), import('./schemas.ts')]);
  const parsed = parseAndValidate(split.yaml, file, briefingSchema, split.yamlLineOffset);
  if ('problems' in parsed) return { problems: parsed.problems };
  const body = read.text.split('\n').slice(split.bodyLine - 1).join('\n');
  if (!body.trim()) {
    return { problems: [problem(file, { line: split.bodyLine, column: 1 }, ...sayProblem('empty-briefing'))] };
  }
  const unseen = controlCharacterProblem(body, file, split.bodyLine);
  if (unseen) return { problems: [unseen] };
  const tooDeep = nestingProblem(body, file, split.bodyLine);
  if (tooDeep) return { problems: [tooDeep] };
  return { briefing: toBriefing(parsed.value, { id, file, text: read.text, places: fieldPlaces(parsed.source), queries: frontMatterQueries(parsed.value.queries, parsed.source) }), problems: [] };
}

function toBriefing(fm: BriefingSettings, where: Pick<Briefing, 'id' | 'file' | 'text' | 'places' | 'queries'>): Briefing {
  const labels = ['报', '送', '发'] as const;
  return {
    ...where,
    name: fm.name,
    number: fm.number,
    serial: fm.serial,
    unit: fm.unit,
    date: fm.date,
    title: fm.title,
    edition: fm.edition,
    classification: fm.classification,
    copy: fm.copy,
    distribution: labels.flatMap((label) => {
      const units = fm.distribution[label];
      return units === undefined ? [] : [{ label, units: typeof units === 'string' ? [units] : units }];
    }),
    copies: fm.copies,
  };
}
