/**
 * Open editorial queries as the editors see them: listed by `daan check` with file:line:column,
 * shown by `daan serve`, and, in a press build, problems that stop the print until they are
 * answered (or the build is told `--allow-queries`).
 */
import type { VFileMessage } from 'vfile-message';
import type { Query } from '../load/model.ts';
import { problem, sortProblems } from '../report/problems.ts';
import { say, sayProblem } from '../report/messages.ts';

/** The queries sorted by file, line and column. */
export function sortQueries(queries: readonly Query[]): Query[] {
  return [...queries].sort((a, b) => a.at.file.localeCompare(b.at.file) || a.at.line - b.at.line || a.at.column - b.at.column);
}

/** One line per query: `content/2017-09/data/housing.yaml:19:24  原刊印作“34人”…` under a heading with the count. */
export function formatQueries(queries: readonly Query[]): string {
  if (!queries.length) return say('queries-none');
  const lines = sortQueries(queries).map((q) => `  ${q.at.file}:${q.at.line}:${q.at.column}  ${q.text}`);
  return [say('queries-head', { n: queries.length }), ...lines].join('\n');
}

/** A press build with open queries: one problem per query, each at its place. */
export function openQueryProblems(queries: readonly Query[]): VFileMessage[] {
  return sortProblems(
    queries.map((q) =>
      problem(q.at.file, q.at, ...sayProblem('open-query', { query: q.text })),
    ),
  );
}
