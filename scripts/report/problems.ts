import { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { reporter } from 'vfile-reporter';
import { currentLanguage } from './language.ts';
import { say } from './messages.ts';

/** A 1-based line and column in a source file. */
export interface Place {
  line: number;
  column: number;
}

/**
 * One problem a user can fix: where it is, what is wrong, how to fix it.
 * It is a vfile message so that reporters and editors understand it.
 */
export function problem(file: string, place: Place | undefined, reason: string, fix?: string, ruleId?: string): VFileMessage {
  const message = new VFileMessage(reason, { place: place ? { line: place.line, column: place.column } : undefined, ruleId, source: 'daan' });
  message.file = file;
  message.fatal = true;
  if (fix) message.note = fix;
  return message;
}

/** Collects the problems of one build so that they are reported together. */
export class Problems {
  readonly list: VFileMessage[] = [];

  add(file: string, place: Place | undefined, reason: string, fix?: string, ruleId?: string): VFileMessage {
    const message = problem(file, place, reason, fix, ruleId);
    this.list.push(message);
    return message;
  }

  push(...messages: VFileMessage[]): void {
    this.list.push(...messages);
  }

  get size(): number {
    return this.list.length;
  }

  /** Throws a BuildFailure when any problem was collected. */
  throwIfAny(): void {
    if (this.list.length) throw new BuildFailure(this.list);
  }
}

/** Thrown when a build cannot go on; carries every problem found so far. */
export class BuildFailure extends Error {
  constructor(readonly problems: VFileMessage[]) {
    super(say('problems-count', { n: problems.length }));
    this.name = 'BuildFailure';
  }
}

/**
 * Problems sorted by file, line and column, grouped per file, vfile-reporter style, each with its
 * fix; in Chinese the place reads 第3行第5列.
 */
export function formatProblems(messages: readonly VFileMessage[], options: { color?: boolean } = {}): string {
  if (currentLanguage() === 'zh') return formatProblemsZh(messages);
  const byFile = new Map<string, VFile>();
  for (const message of sortProblems(messages)) {
    const path = message.file || '(build)';
    let file = byFile.get(path);
    if (!file) byFile.set(path, (file = new VFile({ path })));
    const copy = new VFileMessage(message.note ? `${message.reason}\n  ${say('problems-fix', { fix: message.note })}` : message.reason, {
      place: message.place,
      ruleId: message.ruleId,
      source: message.source,
    });
    copy.file = path;
    copy.fatal = message.fatal;
    file.messages.push(copy);
  }
  return reporter([...byFile.values()], { color: options.color ?? false, verbose: false });
}

/** vfile-reporter's layout, in Chinese words: the file, then per problem its place, kind, reason, rule and fix. */
function formatProblemsZh(messages: readonly VFileMessage[]): string {
  const lines: string[] = [];
  let file: string | undefined;
  for (const message of sortProblems(messages)) {
    const path = message.file || '(build)';
    if (path !== file) lines.push(...(file === undefined ? [] : ['']), path);
    file = path;
    const place = message.line ? say('problems-place', { line: message.line, column: message.column ?? 1 }) : '';
    const kind = say(message.fatal === false ? 'problems-warning' : 'problems-error');
    lines.push(`  ${[place, kind, message.reason, message.ruleId ? `[${message.ruleId}]` : ''].filter(Boolean).join('  ')}`);
    if (message.note) lines.push(`    ${say('problems-fix', { fix: message.note })}`);
  }
  const errors = messages.filter((m) => m.fatal !== false).length;
  const warnings = messages.length - errors;
  const counts = [errors ? say('problems-summary-errors', { n: errors }) : '', warnings ? say('problems-summary-warnings', { n: warnings }) : ''].filter(Boolean);
  if (counts.length) lines.push('', `${errors ? '✖' : '⚠'} ${counts.join('，')}`);
  return `${lines.join('\n')}\n`;
}

export function sortProblems(messages: readonly VFileMessage[]): VFileMessage[] {
  return [...messages].sort(
    (a, b) =>
      (a.file || '').localeCompare(b.file || '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

/** A failure the user can fix that has no position in a file (a missing folder, a bad option value). */
export class UserError extends Error {
  override name = 'UserError';
}
