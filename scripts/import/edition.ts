import { stringify } from 'yaml';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';

/** An edition folder name: 2017-09. */
export interface EditionId {
  year: number;
  number: number;
  id: string;
}

export function editionId(year: number, number: number): EditionId {
  return { year, number, id: `${year}-${String(number).padStart(2, '0')}` };
}

/** --edition 2017-09 (or 2017-9). */
export function parseEditionOption(value: string): EditionId {
  const match = /^(\d{4})-(\d{1,2})$/.exec(value.trim());
  if (!match || Number(match[2]) < 1) {
    throw new UserError(say('import-edition-flag', { value }));
  }
  return editionId(Number(match[1]), Number(match[2]));
}

/**
 * edition.yaml for an edition that has no settings yet. The saved pages do not carry the issue
 * date: the last day of the month of the number (or of the year) stands in, and says so.
 */
export function editionStub(edition: EditionId, columns: string[], from: string): string {
  const month = edition.number <= 12 ? edition.number : 12;
  const lastDay = new Date(Date.UTC(edition.year, month, 0)).getUTCDate();
  const date = `${edition.year}-${String(month).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`;
  return [
    `# 《大安》${edition.year}年第${edition.number}期 — created by \`daan import\` from ${from}.`,
    `year: ${edition.year}`,
    `number: ${edition.number}`,
    `# The saved pages do not give the issue date: the last day of the month is a default. Correct it.`,
    `date: ${date}`,
    `columns:`,
    ...columns.map((column) => `  - ${stringify(column).trimEnd()}`),
    '',
  ].join('\n');
}
