/**
 * Model types shared by the stages (a place in a content file, an editorial query): they
 * live on the ground floor so that neither stage's model imports the other's.
 */

/** A place in a content file. */
export interface Source {
  /** Path relative to the working directory, as it is shown in messages (content/2017-09/articles/x.md). */
  file: string;
  line: number;
  column: number;
}

/**
 * An editorial query: a question for the editors (原刊印作“34人”，请核实), written on a data row or
 * cell, in an article's text or front matter, or a briefing's. Never printed or published; open
 * while it stands in the source (`daan check` lists them, a press build refuses them).
 */
export interface Query {
  text: string;
  at: Source;
}
