/**
 * The stylesheets' font rules and the text they draw themselves, read with postcss: a module of
 * its own, loaded only when a stylesheet changed (fonts/web.ts keeps what it found in the build cache).
 */
import postcss from 'postcss';
import { familyOf, weightOf, type FontRule } from './drawn.ts';

/** The rules of `css` that set font-family (to a bundled family) or font-weight, with one selector each. */
export function fontRules(css: string): FontRule[] {
  const rules: FontRule[] = [];
  postcss.parse(css).walkRules((rule) => {
    let family: FontRule['family'];
    let weight: FontRule['weight'];
    rule.walkDecls((decl) => {
      if (decl.prop === 'font-family') family = familyOf(decl.value);
      if (decl.prop === 'font-weight') weight = weightOf(decl.value);
    });
    if (!family && !weight) return;
    const inAtRule = rule.parent?.type === 'atrule';
    for (const selector of rule.selectors) {
      // Generated content (::before) is no page text; a state (:hover, :focus) may apply to any matching element.
      if (selector.includes('::')) continue;
      const plain = selector.replace(/:(hover|focus|focus-visible|focus-within|active|visited|link)\b/g, '').trim();
      if (plain) rules.push({ selector: plain, family, weight, ...(inAtRule || plain !== selector.trim() ? { conditional: true } : {}) });
    }
  });
  return rules;
}

/** The text of the stylesheets' content: strings (a breadcrumb's ›), escapes decoded. */
export function generatedText(css: string): string {
  let text = '';
  postcss.parse(css).walkDecls('content', (decl) => {
    for (const [, double, single] of decl.value.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)) {
      text += (double ?? single ?? '').replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16))).replace(/\\(.)/g, '$1');
    }
  });
  return text;
}
