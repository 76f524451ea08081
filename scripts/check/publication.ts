/**
 * What 《内部资料性出版物管理办法》 (第十四条) asks an internal publication to print, checked on the
 * settings: the particulars the cover and colophon show, and words such a publication may not use
 * for itself (刊号, 杂志社 …). In a press build these are errors; otherwise warnings.
 */
import type { VFileMessage } from 'vfile-message';
import type { Edition, Site } from '../load/model.ts';
import { problem } from '../report/problems.ts';
import { sayProblem } from '../report/messages.ts';

/** Words a continuing internal publication may not use for itself (第十四条). */
export const FORBIDDEN_WORDS = ['刊号', '杂志社', '期刊社', '本刊', '本报', '记者', '杂志'] as const;

export function publicationProblems(site: Site, editions: Edition[], press: boolean): VFileMessage[] {
  const found: VFileMessage[] = [];
  const add = (file: string, place: { line: number; column: number } | undefined, reason: string, fix: string | undefined, ruleId: string) => {
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
    if (!site.publication[key]) add(site.file, undefined, ...sayProblem('internal-publication', { label, key, file: site.file }));
  }
  for (const edition of editions) {
    if (!edition.printDate) add(edition.file, undefined, ...sayProblem('internal-publication-date'));
    if (!edition.copies) add(edition.file, undefined, ...sayProblem('internal-publication-copies'));
    for (const line of edition.cover.lines) lint(edition.file, edition.places.cover, line);
  }
  for (const value of [site.coverMasthead, site.publisher, site.notice ?? '', ...Object.values(site.publication)]) lint(site.file, undefined, value ?? '');
  return found;

  function lint(file: string, place: { line: number; column: number } | undefined, text: string): void {
    const word = FORBIDDEN_WORDS.find((w) => text.includes(w));
    if (word) add(file, place, ...sayProblem('internal-publication-word', { word, text }));
  }
}
