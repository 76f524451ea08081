/**
 * Model types shared by the stages (the load stage's content, the data stage's data sets): they
 * live on the ground floor so that neither stage's model imports the other's.
 */

/** A place in a content file. */
export interface Source {
  /** Path relative to the working directory, as it is shown in messages (content/2017-09/articles/x.md). */
  file: string;
  line: number;
  column: number;
}
