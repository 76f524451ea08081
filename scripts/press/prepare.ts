/**
 * The press copy before Ghostscript: colours set for the press (colour.ts), and what PDF/X does
 * not allow or a print shop does not want taken out — link annotations (PDF/X permits only
 * TrapNet and PrinterMark annotations), the structure tree and its marks (Ghostscript drops them
 * anyway), the document language and viewer settings. A document printed without bleed (a
 * briefing) gets its white bleed here.
 */
import { PDFDocument, PDFName, ParseSpeeds, type PDFPage } from 'pdf-lib';
import { rewriteColours, type ColourCounts, type Palette } from './colour.ts';

export async function prepareForPress(pdf: Uint8Array, palette: Palette, options: { addBleedMm?: number } = {}): Promise<{ pdf: Uint8Array; colours: ColourCounts }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  for (const page of doc.getPages()) {
    page.node.delete(PDFName.of('Annots'));
    page.node.delete(PDFName.of('StructParents'));
    if (options.addBleedMm) addBleed(page, (options.addBleedMm * 72) / 25.4);
  }
  for (const key of ['StructTreeRoot', 'MarkInfo', 'AcroForm', 'OpenAction', 'ViewerPreferences']) doc.catalog.delete(PDFName.of(key));
  const colours = rewriteColours(doc, palette);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  return { pdf: bytes, colours };
}

/**
 * A margin of `bleed` pt around a page printed without bleed (a briefing: nothing of it touches
 * the trim edge, so white bleed is all it needs): the page grows, its content moves in, the
 * TrimBox is the page it was and the BleedBox the page it is.
 */
function addBleed(page: PDFPage, bleed: number): void {
  const { width, height } = page.getSize();
  page.setSize(width + 2 * bleed, height + 2 * bleed);
  page.translateContent(bleed, bleed);
  page.setBleedBox(0, 0, width + 2 * bleed, height + 2 * bleed);
  page.setTrimBox(bleed, bleed, width, height);
}
