/**
 * A character missing from the font prints as blank space in Chromium's PDFs, not as a box:
 * the build checks coverage first and names every character no bundled face can draw.
 */
import { faces, type Face } from './faces.ts';
import { codePointsOf } from './subset.ts';

/** Invisible or layout-only characters that need no glyph. */
function needsGlyph(codePoint: number): boolean {
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0)) return false;
  if (codePoint >= 0x200b && codePoint <= 0x200f) return false;
  if (codePoint >= 0x2060 && codePoint <= 0x206f) return false;
  if (codePoint === 0xfeff || (codePoint >= 0xfe00 && codePoint <= 0xfe0f)) return false;
  return true;
}

/** Characters of `text` that the given face (by default the body serif) cannot draw, in order of first use. */
export async function missingCharacters(text: string, face: Face = faces[0]): Promise<string[]> {
  const points = await codePointsOf(face);
  const missing = new Set<string>();
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    if (needsGlyph(codePoint) && !points.has(codePoint)) missing.add(char);
  }
  return [...missing];
}

export function describeCharacter(char: string): string {
  return `“${char}” (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
}
