/**
 * The thread that makes the pages' indexed copies (search-words.mjs) for search.ts, so that
 * segmenting every page of a large archive (seconds of ICU's dictionary) runs beside the build's
 * thread. A message { id, pages: [path, html][] } is answered { id, thread, indexed, entry }: the
 * pages with their copies (those with nothing to index left out, see indexedCopyOf), and the same
 * as JSON for the build cache, encoded here rather than on the build's thread; or { id, error }.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { indexedCopyOf } from './search-words.mjs';

parentPort.on('message', ({ id, pages }) => {
  try {
    const indexed = pages.flatMap(([path, html]) => {
      const copy = indexedCopyOf(html);
      return copy === undefined ? [] : [[path, copy]];
    });
    const entry = new TextEncoder().encode(JSON.stringify(indexed));
    parentPort.postMessage({ id, thread: threadId, indexed, entry }, [entry.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
