/**
 * The press copy before Ghostscript: colours set for the press (colour.ts), and what PDF/X does
 * not allow or a print shop does not want taken out — link annotations (PDF/X permits only
 * TrapNet and PrinterMark annotations), the structure tree and its marks (Ghostscript drops them
 * anyway), the document language and viewer settings.
 */
import { PDFDocument, PDFName, ParseSpeeds } from 'pdf-lib';
import { rewriteColours, type ColourCounts, type Palette } from './colour.ts';

export async function prepareForPress(pdf: Uint8Array, palette: Palette): Promise<{ pdf: Uint8Array; colours: ColourCounts }> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  for (const page of doc.getPages()) {
    page.node.delete(PDFName.of('Annots'));
    page.node.delete(PDFName.of('StructParents'));
  }
  for (const key of ['StructTreeRoot', 'MarkInfo', 'AcroForm', 'OpenAction', 'ViewerPreferences']) doc.catalog.delete(PDFName.of(key));
  const colours = rewriteColours(doc, palette);
  const bytes = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  return { pdf: bytes, colours };
}
