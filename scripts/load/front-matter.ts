/** Splits an article into its YAML front matter and its Markdown body, keeping line numbers. */
export interface FrontMatterSplit {
  yaml: string;
  /** Lines before the YAML text (the opening ---). */
  yamlLineOffset: number;
  /** 1-based line where the body starts. */
  bodyLine: number;
}

export function splitFrontMatter(text: string): FrontMatterSplit | undefined {
  const match = /^---[ \t]*\r?\n([\s\S]*?\r?\n)?---[ \t]*(\r?\n|$)/.exec(text);
  if (!match) return undefined;
  const yaml = match[1] ?? '';
  const bodyLine = match[0].split('\n').length + (match[0].endsWith('\n') ? 0 : 1);
  return { yaml, yamlLineOffset: 1, bodyLine };
}
