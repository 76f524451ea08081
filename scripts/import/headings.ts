/** One block of the article body, ready to be written as Markdown. */
export type Block = { kind: 'heading'; level: 2 | 3; text: string } | { kind: 'paragraph'; text: string };

/** Longer than this, a line that starts like a heading is a paragraph that happens to. */
const MAX_HEADING = 40;

const sectionHeading = /^[一二三四五六七八九十百]+、/;
const subsectionHeading = /^（[一二三四五六七八九十百]+）/;

/**
 * 一、… is a level-2 heading. （一）… is a level-3 heading: a line of its own when short, else its
 * lead sentence (up to the first 。！？) is the heading and the rest of the line its paragraph.
 */
export function blocksOf(line: string): Block[] {
  if (sectionHeading.test(line) && isHeadingLength(line)) return [{ kind: 'heading', level: 2, text: line }];
  if (subsectionHeading.test(line)) return subsection(line);
  return [{ kind: 'paragraph', text: line }];
}

function subsection(line: string): Block[] {
  if (isHeadingLength(line) && !/[。！？].+/.test(line)) return [{ kind: 'heading', level: 3, text: line }];
  const lead = /^.+?[。！？]/.exec(line)?.[0];
  if (!lead || lead.length > MAX_HEADING) return [{ kind: 'paragraph', text: line }];
  return [
    { kind: 'heading', level: 3, text: lead },
    { kind: 'paragraph', text: line.slice(lead.length) },
  ];
}

function isHeadingLength(line: string): boolean {
  return line.length <= MAX_HEADING && !/[。！？]./.test(line);
}
