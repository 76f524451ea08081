/**
 * What 《内部资料性出版物管理办法》 (第十四条) asks an internal publication to print, checked on the
 * settings: the particulars the cover and colophon show, and words such a publication may not use
 * for itself (刊号, 杂志社 …). In a press build these are errors; otherwise warnings.
 */
import type { VFileMessage } from 'vfile-message';
import type { Edition, Site } from '../load/model.ts';
import { readContentText } from '../load/read-text.ts';
import { parseYaml, placeOf, type YamlSource } from '../load/yaml.ts';
import { problem, type Place } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';

/** Words a continuing internal publication may not use for itself (第十四条). */
export const FORBIDDEN_WORDS = ['刊号', '杂志社', '期刊社', '本刊', '本报', '记者', '杂志'] as const;

export async function publicationProblems(site: Site, editions: Edition[], press: boolean): Promise<VFileMessage[]> {
  const found: VFileMessage[] = [];
  const siteSource = await yamlSource(site.file);
  const sitePlace = (path: (string | number)[]) => (siteSource ? placeOf(siteSource, path) : undefined);
  const add = (file: string, place: Place | undefined, reason: string, fix: string | undefined, ruleId: string) => {
    const message = problem(file, place, reason, fix, ruleId);
    message.fatal = press;
    found.push(message);
  };
  const required: [keyof Site['publication'], string][] = [
    ['permit', '准印证号'],
    ['sponsor', '主办单位'],
    ['audience', '发送对象'],
    ['printer', '印刷单位'],
  ];
  for (const [key, label] of required) {
    if (!site.publication[key]) add(site.file, sitePlace(['publication', key]), ...sayProblem('internal-publication', { label, key, file: site.file }));
  }
  for (const edition of editions) {
    // A missing field has no place of its own: the message points at date:, where it belongs.
    const near = edition.places.date;
    if (!edition.printDate) add(edition.file, near, ...sayProblem('internal-publication-date'));
    if (!edition.copies) add(edition.file, near, ...sayProblem('internal-publication-copies'));
    const source = edition.cover.lines.length ? await yamlSource(edition.file) : undefined;
    edition.cover.lines.forEach((line, i) => lint(edition.file, source ? placeOf(source, ['cover', 'lines', i]) : edition.places.cover, line));
  }
  const fields: [(string | number)[], string | undefined][] = [
    [['masthead'], site.coverMasthead],
    [['publisher'], site.publisher],
    [['notice'], site.notice],
    ...Object.entries(site.publication).map(([key, value]): [(string | number)[], string | undefined] => [['publication', key], value]),
  ];
  for (const [path, value] of fields) lint(site.file, sitePlace(path), value ?? '');
  return found;

  function lint(file: string, place: Place | undefined, text: string): void {
    const word = FORBIDDEN_WORDS.find((w) => text.includes(w));
    if (word) add(file, place, ...sayProblem('internal-publication-word', { word, text }));
  }
}

/** The YAML of a settings file, for the places of its fields (undefined when it cannot be read: the loader has said why). */
async function yamlSource(file: string): Promise<YamlSource | undefined> {
  const read = await readContentText(file).catch(() => undefined);
  return read && 'text' in read ? parseYaml(read.text, file).source : undefined;
}
