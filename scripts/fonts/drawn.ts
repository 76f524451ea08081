/**
 * What each face draws on a page (fonts/web.ts WebFontText): pages followed down with
 * htmlparser2 and css-select by the stylesheets' font rules (fonts/font-rules.ts). A module of
 * its own, loaded only when a page has to be read: a build whose pages are all in the build
 * cache loads neither.
 */
import { compile } from 'css-select';
import { Document, Element, Text, type AnyNode } from 'domhandler';
import { parseDocument } from 'htmlparser2';

/** A bundled face by family and weight: "Daan Serif" 700 → serif-700. */
export type FaceKey = `${'serif' | 'sans'}-${400 | 700}`;

/** A rule of the stylesheets that chooses a face: its selector, and the family or weight it sets. */
export interface FontRule {
  selector: string;
  family?: 'serif' | 'sans';
  weight?: 400 | 700;
  /** Applies only sometimes (a:hover, inside @media): the face it sets is added to the inherited one, not put in its place. */
  conditional?: boolean;
}

/** Elements the browser sets in bold by default (its own stylesheet). */
const BOLD_BY_DEFAULT = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'th', 'strong', 'b']);

/** Font rules by the tag or first class of their last compound selector (`*` for others), so that an element is tried only against rules that may match it. */
export type IndexedRules = Map<string, { matches: (node: Element) => boolean; family?: FontRule['family']; weight?: FontRule['weight']; conditional?: boolean }[]>;

export function indexRules(fontRules: FontRule[]): IndexedRules {
  const rules: IndexedRules = new Map();
  for (const rule of fontRules) {
    const last = rule.selector.split(/[\s>+~]+/).at(-1) ?? '';
    const key = /\.([\w-]+)/.exec(last)?.[1] ?? /^[a-z][a-z0-9]*/i.exec(last)?.[0].toLowerCase() ?? '*';
    const list = rules.get(key) ?? [];
    list.push({ matches: compile(rule.selector) as (node: Element) => boolean, family: rule.family, weight: rule.weight, conditional: rule.conditional });
    rules.set(key, list);
  }
  return rules;
}

/**
 * What one page draws in each face, added to `faces`: its HTML followed down, the stylesheets'
 * rules (`rules`, indexRules) applied as the browser cascades them. Where several rules match
 * an element, its text counts for each of their faces.
 */
export function collectDrawn(html: string, faces: Map<FaceKey, Set<string>>, rules: IndexedRules): void {
  const add = (families: Set<'serif' | 'sans'>, weights: Set<400 | 700>, text: string) => {
    for (const family of families) for (const weight of weights) {
      const set = faces.get(`${family}-${weight}`)!;
      for (const c of text) set.add(c);
    }
  };
  const walk = (node: AnyNode, families: Set<'serif' | 'sans'>, weights: Set<400 | 700>) => {
    if (node instanceof Text) return add(families, weights, node.data);
    if (!(node instanceof Element) && !(node instanceof Document)) return;
    if (node instanceof Element) {
      if (node.name === 'script' || node.name === 'style' || node.name === 'head') return;
      // What the rules that always apply set (the cascade picks one of them), and what the conditional ones may add.
      const chosenFamilies = new Set<'serif' | 'sans'>();
      const chosenWeights = new Set<400 | 700>();
      const maybeFamilies = new Set<'serif' | 'sans'>();
      const maybeWeights = new Set<400 | 700>();
      const classes = node.attribs.class?.split(/\s+/) ?? [];
      for (const key of ['*', node.name, ...classes]) {
        for (const rule of rules.get(key) ?? []) {
          if (!rule.matches(node)) continue;
          if (rule.family) (rule.conditional ? maybeFamilies : chosenFamilies).add(rule.family);
          if (rule.weight) (rule.conditional ? maybeWeights : chosenWeights).add(rule.weight);
        }
      }
      const svg = svgFontAttributes(node);
      if (svg.family) chosenFamilies.add(svg.family);
      if (svg.weight) chosenWeights.add(svg.weight);
      if (!chosenWeights.size && BOLD_BY_DEFAULT.has(node.name)) chosenWeights.add(700);
      families = new Set([...(chosenFamilies.size ? chosenFamilies : families), ...maybeFamilies]);
      weights = new Set([...(chosenWeights.size ? chosenWeights : weights), ...maybeWeights]);
      // A placeholder is drawn in the field's face.
      if (node.attribs.placeholder) add(families, weights, node.attribs.placeholder);
    }
    for (const child of node.children) walk(child, families, weights);
  };
  walk(parseDocument(html), new Set(['serif']), new Set([400]));
}

/** The bundled family a font-family list draws in: its first Daan family (the office faces fall back to the serif). */
export function familyOf(value: string): FontRule['family'] {
  if (/^\s*"?Daan Sans/.test(value)) return 'sans';
  if (/Daan (Serif|Fangsong|Kaiti)/.test(value)) return 'serif';
  return undefined;
}

/** 600 and up is drawn in the 700 face (the nearest of 400 and 700). */
export function weightOf(value: string): FontRule['weight'] {
  if (/^(bold|bolder)$/.test(value.trim())) return 700;
  if (/^(normal|lighter)$/.test(value.trim())) return 400;
  const n = Number(value);
  return Number.isFinite(n) ? (n >= 600 ? 700 : 400) : undefined;
}

/** SVG text (charts) names its font in attributes. */
function svgFontAttributes(node: Element): { family?: 'serif' | 'sans'; weight?: 400 | 700 } {
  const family = node.attribs['font-family'];
  const weight = node.attribs['font-weight'];
  return { family: family ? (familyOf(family.replaceAll("'", '"')) ?? undefined) : undefined, weight: weight ? weightOf(weight) : undefined };
}
