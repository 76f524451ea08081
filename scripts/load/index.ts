/**
 * The load stage: content/ on disk → a validated Site and its Editions. Problems of every file are
 * collected and returned together; nothing here writes.
 */
import { existsSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { VFileMessage } from 'vfile-message';
import { asUnit, recordListing, type CheckedReads } from '../core/inputs.ts';
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { loadEditionCached } from './edition-cache.ts';
import { loadSite } from './site.ts';
import { loadBriefings } from './briefing.ts';
import type { Briefing, Edition, Site } from './model.ts';

export interface Content {
  dir: string;
  site: Site;
  /** Newest first. */
  editions: Edition[];
  /** content/briefings/*.md, by id. */
  briefings: Briefing[];
  /** Edition folders whose edition.yaml could not be loaded (said once, at the file; what only follows from it is left out). */
  unloaded: string[];
}

/**
 * `checked`: what the build's plan just hashed (an edition whose reads are all as the plan found them is taken from the cache);
 * `reused`: the editions whose pages the build takes from out/ (their articles' texts are read only if asked for: load/edition-cache.ts).
 */
export async function loadContent(dir: string, checked?: CheckedReads, reused?: (id: string) => boolean): Promise<{ content?: Content; problems: VFileMessage[] }> {
  if (!existsSync(dir)) throw new UserError(say('no-content-folder', { dir }));
  const { site, problems } = await loadSite(dir);
  if (!site) return { problems };
  const dirs = await asUnit('site', () => editionDirs(dir));
  // What an edition's load reads is that edition's input, what a briefing's reads that briefing's (load/briefing.ts).
  const [results, briefings] = await Promise.all([Promise.all(dirs.map((d) => asUnit(basename(d), () => loadEditionCached(d, site, checked, reused?.(basename(d)) ?? false)))), asUnit('site', () => loadBriefings(dir))]);
  problems.push(...results.flatMap((r) => r.problems), ...briefings.problems);
  const editions = results.flatMap((r) => (r.edition ? [r.edition] : []));
  editions.sort((a, b) => b.year - a.year || b.number - a.number);
  const unloaded = dirs.filter((_, i) => !results[i].edition).map((d) => basename(d));
  return { content: { dir, site, editions, briefings: briefings.briefings, unloaded }, problems };
}

/** Every folder directly under content/ that holds an edition.yaml is an edition (a broken or looping link named edition.yaml too: it is then refused with its path). */
export async function editionDirs(contentDir: string): Promise<string[]> {
  const entries = await readdir(contentDir, { withFileTypes: true });
  recordListing(contentDir, entries.map((entry) => entry.name));
  const found = await Promise.all(entries.map(async (entry) => entry.isDirectory() && (await lstat(join(contentDir, entry.name, 'edition.yaml')).then(() => true, () => false))));
  return entries
    .filter((_, i) => found[i])
    .map((entry) => join(contentDir, entry.name))
    .sort();
}
