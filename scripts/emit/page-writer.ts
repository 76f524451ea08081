import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Staging } from './staging.ts';

/**
 * Writes a build's web files into the staging folder, up to 32 at a time while the next pages
 * render; read() reads one back once written, settled() waits for them all.
 */
export interface PageWriter {
  (path: string, data: string | Uint8Array): Promise<void>;
  read(path: string): Promise<string>;
  settled(): Promise<void>;
}

export function pageWriter(staging: Staging): PageWriter {
  const writing = new Map<string, Promise<void>>();
  // The writes that failed, by path: the first is the build's error (a full disk, say).
  const failed = new Map<string, unknown>();
  const firstFailure = () => {
    if (failed.size) throw failed.values().next().value;
  };
  // The last line of defence behind check/outputs.ts: no page silently replaces another.
  const written = new Map<string, string>();
  const write = async (path: string, data: string | Uint8Array) => {
    // Once a write has failed the build stops there, not at the next read of a page never written.
    firstFailure();
    const earlier = written.get(path.toLowerCase());
    if (earlier !== undefined) throw new Error(`two outputs of this build would be written to one file: ${earlier} and ${path}`);
    written.set(path.toLowerCase(), path);
    // A failure is recorded before the write is forgotten: a read or settled() in between sees it.
    const done = staging.write(path, data).then(
      () => void writing.delete(path),
      (error: unknown) => {
        failed.set(path, error);
        writing.delete(path);
        throw error;
      },
    );
    done.catch(() => undefined);
    writing.set(path, done);
    if (writing.size >= 32) await Promise.race(writing.values());
  };
  return Object.assign(write, {
    async read(path: string) {
      await writing.get(path)?.catch(() => undefined);
      if (failed.has(path)) firstFailure();
      return readFile(join(staging.dir, path), 'utf8');
    },
    async settled() {
      await Promise.allSettled(writing.values());
      firstFailure();
    },
  });
}
