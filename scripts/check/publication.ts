/**
 * What 《内部资料性出版物管理办法》 (第十四条) asks an internal publication to print, checked on the
 * settings: the particulars the cover and colophon show, and words such a publication may not use
 * for itself (刊号, 杂志社 …). In a press build these are errors; otherwise warnings.
 */
import type { VFileMessage } from 'vfile-message';
import type { Edition, Site } from '../load/model.ts';
import { readContentText } from '../load/read-text.ts';
import type { YamlSource } from '../load/yaml.ts';
import { problem, type Place } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';

/** Words a continuing internal publication may not use for itself (第十四条). */
export const FORBIDDEN_WORDS = ['刊号', '杂志社', '期刊社', '本刊', '本报', '记者', '杂志'] as const;

export async function publicationProblems(site: Site, editions: Edition[], press: boolean): Promise<VFileMessage[]> {
  const found: VFileMessage[] = [];
  // The settings files are parsed again for the places of their fields only when there is something to say.
  const sources = new Map<string, Promise<YamlSource | undefined>>();
  const placeIn = (file: string, path: (string | number)[], otherwise?: Place) => async () => {
    if (!sources.has(file)) sources.set(file, yamlSource(file));
    const source = await sources.get(file)!;
    return source ? (await import('../load/yaml.ts')).placeOf(source, path) : otherwise;
  };
  const sitePlace = (path: (string | number)[]) => placeIn(site.file, path);
  const pending: Promise<void>[] = [];
  const add = (file: string, place: Place | undefined | (() => Promise<Place | undefined>), reason: string, fix: string | undefined, ruleId: string) => {
    const index = found.length;
    found.push(problem(file, undefined, reason, fix, ruleId));
    pending.push(
      (async () => {
        const message = problem(file, typeof place === 'function' ? await place() : place, reason, fix, ruleId);
        message.fatal = press;
        found[index] = message;
      })(),
    );
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
    edition.cover.lines.forEach((line, i) => lint(edition.file, placeIn(edition.file, ['cover', 'lines', i], edition.places.cover), line));
  }
  const fields: [(string | number)[], string | undefined][] = [
    [['masthead'], site.coverMasthead],
    [['publisher'], site.publisher],
    [['notice'], site.notice],
    ...Object.entries(site.publication).map(([key, value]): [(string | number)[], string | undefined] => [['publication', key], value]),
  ];
  for (const [path, value] of fields) lint(site.file, sitePlace(path), value ?? '');
  await Promise.all(pending);
  return found;

  function lint(file: string, place: () => Promise<Place | undefined>, text: string): void {
    const word = FORBIDDEN_WORDS.find((w) => text.includes(w));
    if (word) add(file, place, ...sayProblem('internal-publication-word', { word, text }));
  }
}

/** The YAML of a settings file, for the places of its fields (undefined when it cannot be read: the loader has said why). */
async function yamlSource(file: string): Promise<YamlSource | undefined> {
  const read = await readContentText(file).catch(() => undefined);
  return read && 'text' in read ? (await import('../load/yaml.ts')).parseYaml(read.text, file).source : undefined;
}
