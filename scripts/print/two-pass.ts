/**
 * Page numbers for a table of contents, which Chromium cannot compute (no target-counter()):
 * print, read the page each id landed on, print again with the numbers filled in, and check that
 * nothing moved. A third pass is allowed (the numbers can push text); then it fails clearly.
 */
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { readDestinations } from './destinations.ts';

export interface TwoPassResult<L = undefined> {
  /** The arrangement the last pass was printed with (see TwoPassOptions.arrange). */
  layout?: L;
  /** The PDF of the last pass, its numbers verified. */
  pdf: Uint8Array;
  /** id → 1-based page where it starts. */
  pages: Map<string, number>;
  /** How many prints it took (2 normally, 3 when the numbers moved something). */
  passes: number;
}

export interface TwoPassOptions {
  /** The document's name in messages. */
  name?: string;
  /** At most this many prints for the page numbers once the arrangement is settled (default 3). */
  maxPasses?: number;
}

/**
 * Something else the document arranges from its own print (floats, print/floats.ts): `next`
 * reads a print and returns the arrangement for the next one, or undefined when it is right as
 * it is. At most `maxRounds` rearrangements; after them the document keeps the last one.
 */
export interface Arrangement<L> {
  initial: L;
  next(pdf: Uint8Array, current: L): Promise<L | undefined>;
  maxRounds: number;
}

/**
 * `print(undefined)` prints the document with placeholder numbers (render them as wide as the
 * real ones, e.g. "00", so the first pass lays out like the last); `print(pages)` prints it with
 * the page of every id filled in. The first print is only read, never returned: it is asked for
 * as a draft (`draft` true, see print-page.ts). Every id must be the target of a link in the document (that is
 * what makes Chromium write a named destination for it).
 */
export async function printWithPageNumbers<L = undefined>(
  print: (pages?: Map<string, number>, layout?: L, draft?: boolean) => Promise<Uint8Array>,
  ids: string[],
  options: TwoPassOptions & { arrange?: Arrangement<L> } = {},
): Promise<TwoPassResult<L>> {
  const name = options.name ?? 'document';
  const { arrange } = options;
  let layout = arrange?.initial;
  let rounds = 0;
  let pdf = await print(undefined, layout, true);
  let pages: Map<string, number> | undefined;
  let settled = 0;
  for (let pass = 2; ; pass++) {
    const landed = await pagesOf(pdf, ids, name);
    const rearranged = arrange && rounds < arrange.maxRounds ? await arrange.next(pdf, layout as L) : undefined;
    if (rearranged === undefined) {
      const moved = pages ? differences(pages, landed) : [say('print-first')];
      if (moved.length === 0) return { pdf, pages: pages!, passes: pass - 1, layout };
      settled++;
      if (settled >= Math.max(2, options.maxPasses ?? 3)) {
        throw new UserError(say('print-unsettled', { name, passes: pass - 1, moved: moved.join(', ') }));
      }
    } else {
      rounds++;
      layout = rearranged;
    }
    pages = landed;
    pdf = await print(pages, layout);
  }
}

/** The page of each id; a UserError naming the ids that have no destination. */
export async function pagesOf(pdf: Uint8Array, ids: string[], name: string): Promise<Map<string, number>> {
  const destinations = await readDestinations(pdf);
  const missing = ids.filter((id) => !destinations.has(id));
  if (missing.length) {
    throw new UserError(say('print-no-page', { name, ids: missing.map((id) => `#${id}`).join(', '), first: missing[0] }));
  }
  return new Map(ids.map((id) => [id, destinations.get(id)!]));
}

function differences(before: Map<string, number>, after: Map<string, number>): string[] {
  return [...before].filter(([id, page]) => after.get(id) !== page).map(([id, page]) => `#${id} (page ${page} → ${after.get(id)})`);
}
