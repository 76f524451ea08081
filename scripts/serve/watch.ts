/**
 * Watches the inputs of a build (content/ and templates/) with chokidar and reports changes in
 * batches: every change within `debounceMs` of the last one is one batch, so that saving several
 * files (or an editor's write-rename dance) causes one rebuild.
 */
import { basename, relative, sep } from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface Change {
  event: 'add' | 'addDir' | 'change' | 'unlink' | 'unlinkDir';
  path: string;
}

export interface InputWatcher {
  /** Resolves when the initial scan is done and changes are being reported. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/** Editor and system files that never change a build. */
export function isIgnored(path: string): boolean {
  const name = basename(path);
  return (
    name === '.DS_Store' ||
    name === 'Thumbs.db' ||
    name.endsWith('~') ||
    /^\.#|^#.*#$/.test(name) ||
    /\.(swp|swo|swx|tmp|bak|crdownload)$/i.test(name) ||
    path.split(sep).includes('.git') ||
    path.split(sep).includes('node_modules')
  );
}

export function watchInputs(paths: string[], onBatch: (changes: Change[]) => void, options: { debounceMs?: number } = {}): InputWatcher {
  // An editor's save (write, or write-then-rename) lands within a few ms; what comes later is queued
  // as the next rebuild, so a short wait costs nothing and is part of every edit-to-preview.
  const debounceMs = options.debounceMs ?? 50;
  const watcher: FSWatcher = watch(paths, { ignoreInitial: true, ignored: (path) => isIgnored(path), persistent: true });
  let batch: Change[] = [];
  let timer: NodeJS.Timeout | undefined;
  watcher.on('all', (event, path) => {
    batch.push({ event: event as Change['event'], path });
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const changes = withoutTransients(batch);
      batch = [];
      timer = undefined;
      if (changes.length) onBatch(changes);
    }, debounceMs);
  });
  const ready = new Promise<void>((done) => watcher.once('ready', () => done()));
  return {
    ready,
    async close() {
      if (timer) clearTimeout(timer);
      await watcher.close();
    },
  };
}

/** Files created and removed again within one batch (editors' and sed's temporary files). */
export function withoutTransients(changes: Change[]): Change[] {
  const added = new Set(changes.filter((c) => c.event === 'add').map((c) => c.path));
  const transient = new Set(changes.filter((c) => c.event === 'unlink' && added.has(c.path)).map((c) => c.path));
  return changes.filter((c) => !transient.has(c.path));
}

/**
 * What a batch of changes touches: the editions (folder names under content/) or everything
 * (site.yaml, templates, briefings, anything else under content/).
 */
export function affected(changes: Change[], contentDir: string, editionIds: Set<string>): { all: boolean; editions: string[] } {
  const editions = new Set<string>();
  let all = false;
  for (const change of changes) {
    const rel = relative(contentDir, change.path);
    const first = rel.split(sep)[0];
    if (!rel.startsWith('..') && rel.includes(sep) && (editionIds.has(first) || /^\d{4}-\d{2}$/.test(first))) editions.add(first);
    else all = true;
  }
  return { all, editions: [...editions].sort() };
}
