import { stringify } from 'yaml';
import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import type { Finding } from './lint-figures.ts';

/** A figure to check, as a warning with its place and, when there is one, the readings-file entry to confirm it. */
export function findingWarning(file: string, finding: Finding): VFileMessage {
  const fix = say('figure-reading', { entry: finding.reading ? readingEntry(finding) : undefined });
  const warning = problem(file, finding.place, finding.reason, fix, `figure-${finding.rule}`);
  warning.fatal = false;
  warning.actual = finding.text;
  if (finding.reading) warning.expected = [finding.reading];
  return warning;
}

/** - { line: 12, text: 4711340人, reading: 471户1340人 } */
function readingEntry(finding: Finding): string {
  const entry = stringify([{ line: finding.place.line, text: finding.text, reading: finding.reading }], { collectionStyle: 'flow', lineWidth: 0 });
  return `- ${entry.trim().replace(/^\[\s*|\s*\]$/g, '')}`;
}
