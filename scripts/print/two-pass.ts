/**
 * Page numbers for a table of contents, which Chromium cannot compute (no target-counter()):
 * print a draft, read the page each id landed on, print again with the numbers filled in, and
 * check that nothing moved. Two more tries are allowed (the numbers can push text); then it fails
 * clearly.
 */
import { UserError } from '../report/problems.ts';
import { say } from '../report/messages.ts';
import { readDestinations, readMarks } from './destinations.ts';

export interface TwoPassResult<L = undefined> {
  /** The arrangement the last pass was printed with (see TwoPassOptions.arrange). */
  layout?: L;
  /** The PDF of the last pass, its numbers verified. */
  pdf: Uint8Array;
  /** id → 1-based page where it starts. */
  pages: Map<string, number>;
  /** How many prints it took, drafts included (2 normally, 4 when the numbers moved something). */
  passes: number;
}

export interface TwoPassOptions {
  /** The document's name in messages. */
  name?: string;
  /** At most this many final prints for the page numbers once the arrangement is settled (default 3). */
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

/** A draft is printed only to be read (everything marked, nothing drawn); the final print is the one kept. */
export type PrintKind = 'draft' | 'final';

/**
 * `print(undefined, layout, 'draft')` prints the document with placeholder numbers (render them
 * as wide as the real ones, e.g. "00", so that the drafts lay out like the final print);
 * `print(pages, layout, kind)` prints it with the page of every id filled in. Drafts are read for
 * the pages and for the arrangement, and printed until the arrangement no longer changes. The
 * final print is laid out as the drafts but need not name every mark (print/floats.ts: the
 * character marks' thousands of destinations are left out); it is kept when its ids landed on
 * the pages it shows and every named destination it has lies where the draft before it put it,
 * else the drafts go on from the pages it found. Every id must be the target of a link in the
 * document (that is what makes Chromium write a named destination for it).
 */
export async function printWithPageNumbers<L = undefined>(
  print: (pages: Map<string, number> | undefined, layout: L | undefined, kind: PrintKind) => Promise<Uint8Array>,
  ids: string[],
  options: TwoPassOptions & { arrange?: Arrangement<L> } = {},
): Promise<TwoPassResult<L>> {
  const name = options.name ?? 'document';
  const { arrange } = options;
  let layout = arrange?.initial;
  let rounds = 0;
  let settled = 0;
  let prints = 1;
  let pages: Map<string, number> | undefined;
  let draft = await print(undefined, layout, 'draft');
  for (;;) {
    const landed = await pagesOf(draft, ids, name);
    const rearranged = arrange && rounds < arrange.maxRounds ? await arrange.next(draft, layout as L) : undefined;
    if (rearranged === undefined) {
      const final = await print(landed, layout, 'final');
      prints++;
      const shown = await pagesOf(final, ids, name);
      const moved = [...differences(landed, shown), ...(await movedDestinations(draft, final))];
      if (moved.length === 0) return { pdf: final, pages: landed, passes: prints, layout };
      settled++;
      if (settled >= Math.max(2, options.maxPasses ?? 3)) {
        throw new UserError(say('print-unsettled', { name, passes: prints, moved: moved.join(', ') }));
      }
      pages = shown;
    } else {
      rounds++;
      layout = rearranged;
      pages = landed;
    }
    draft = await print(pages, layout, 'draft');
    prints++;
  }
}

/** How far a destination may lie from where the draft put it, pt. */
const LANDED_TOLERANCE_PT = 1;

/** The named destinations of `final` that are not where `draft` put them: "#id (page 3 → 4)", "#id (page 5, 19 pt lower)". */
async function movedDestinations(draft: Uint8Array, final: Uint8Array): Promise<string[]> {
  const [before, after] = await Promise.all([readMarks(draft), readMarks(final)]);
  const moved: string[] = [];
  for (const [id, at] of after.marks) {
    const was = before.marks.get(id);
    if (!was) continue;
    if (was.page !== at.page) moved.push(`#${id} (page ${was.page} → ${at.page})`);
    else {
      // Chromium measures a destination's top from the top of the content area: larger is lower.
      const shifts = [
        Math.abs(at.top - was.top) > LANDED_TOLERANCE_PT ? `${Math.round(Math.abs(at.top - was.top))} pt ${at.top > was.top ? 'lower' : 'higher'}` : '',
        Math.abs(at.left - was.left) > LANDED_TOLERANCE_PT ? `${Math.round(Math.abs(at.left - was.left))} pt to the ${at.left > was.left ? 'right' : 'left'}` : '',
      ].filter(Boolean);
      if (shifts.length) moved.push(`#${id} (page ${at.page}, ${shifts.join(', ')})`);
    }
  }
  return moved;
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
