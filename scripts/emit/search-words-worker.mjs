/**
 * The thread that makes the pages' indexed copies (search-words.mjs) for search.ts, so that
 * segmenting every page of a large archive (seconds of ICU's dictionary) runs beside the build's
 * thread. A message { id, pages: html[] } is answered { id, thread, copies } (null for a page with nothing
 * to index, see indexedCopyOf) or { id, error }.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { indexedCopyOf } from './search-words.mjs';

parentPort.on('message', ({ id, pages }) => {
  try {
    parentPort.postMessage({ id, thread: threadId, copies: pages.map((html) => indexedCopyOf(html) ?? null) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
