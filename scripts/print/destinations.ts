/**
 * Where named destinations landed: Chromium turns every element id that a link points at into a
 * named destination (the catalog's /Dests dictionary; /Names /Dests name trees are read too).
 * Loaded only when the first PDF is read (with pdf-lib).
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, ParseSpeeds, type PDFObject } from 'pdf-lib';

/**
 * The print's bytes parsed, once for all who read them: the page numbers and the floats read the
 * same print, and finishing (finishPdf) takes the document they read (see takeReadPdf).
 * Forgotten with the bytes.
 */
const parsed = new WeakMap<Uint8Array, Promise<PDFDocument>>();
function parse(pdf: Uint8Array): Promise<PDFDocument> {
  let doc = parsed.get(pdf);
  if (!doc) parsed.set(pdf, (doc = PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest })));
  return doc;
}

/**
 * The document these bytes were read into here, if they were, handed over for good: the print
 * whose page numbers were just checked is the one finished next, and parsing it again costs more
 * than anything else in finishing. The caller may change it; it is not handed out again.
 */
export async function takeReadPdf(pdf: Uint8Array): Promise<PDFDocument | undefined> {
  const doc = parsed.get(pdf);
  parsed.delete(pdf);
  return doc?.catch(() => undefined);
}

/** Named destination → 1-based page number (names also under their percent-decoded form). */
export async function readDestinations(pdf: Uint8Array | PDFDocument): Promise<Map<string, number>> {
  const doc = pdf instanceof PDFDocument ? pdf : await parse(pdf);
  const pageNumbers = new Map<string, number>(doc.getPages().map((page, i) => [page.ref.toString(), i + 1]));
  const found = new Map<string, number>();
  const add = (name: string, value: PDFObject | undefined) => {
    const page = destinationPage(doc, value, pageNumbers);
    if (page === undefined) return;
    for (const key of [name, percentDecoded(name)]) if (!found.has(key)) found.set(key, page);
  };
  forEachDestination(doc, add);
  return found;
}

/** Where a mark landed: 1-based page and the top of the element in the destination's coordinates. */
export interface MarkPosition {
  page: number;
  top: number;
  /** The left of the element from the left of the content area (tells the column). */
  left: number;
}

/**
 * The position of each named destination. Chromium writes /XYZ destinations whose top is measured
 * from the top of the page's content area (the margins left out), so only differences are used.
 */
export async function readMarks(pdf: Uint8Array): Promise<{ marks: Map<string, MarkPosition>; pageCount: number }> {
  const doc = await parse(pdf);
  const pages = new Map(doc.getPages().map((page, i) => [page.ref.toString(), i + 1]));
  const found = new Map<string, MarkPosition>();
  const add = (name: string, value: PDFObject | undefined) => {
    let dest = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (dest instanceof PDFDict) dest = dest.lookup(PDFName.of('D'));
    if (!(dest instanceof PDFArray) || dest.size() < 4) return;
    const page = dest.get(0);
    const left = dest.lookup(2);
    const top = dest.lookup(3);
    if (!(page instanceof PDFRef) || !(top instanceof PDFNumber) || !pages.has(page.toString())) return;
    found.set(percentDecoded(name), { page: pages.get(page.toString())!, top: top.asNumber(), left: left instanceof PDFNumber ? left.asNumber() : 0 });
  };
  forEachDestination(doc, add);
  return { marks: found, pageCount: doc.getPageCount() };
}

/** Calls `visit` with the name and value of every named destination: the catalog's /Dests and the /Names /Dests tree. */
export function forEachDestination(doc: PDFDocument, visit: (name: string, value: PDFObject | undefined) => void): void {
  const dests = doc.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  for (const [key, value] of dests?.entries() ?? []) visit(nameText(key), value);
  const tree = doc.catalog.lookupMaybe(PDFName.of('Names'), PDFDict)?.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (tree) walkNameTree(doc, tree, visit, new Set());
}

/**
 * The named destinations the document's links and outline go to, each with the 1-based page of
 * every link to it: an outline entry counts as on page 0.
 */
export function linkTargets(doc: PDFDocument): Map<string, number[]> {
  const targets = new Map<string, number[]>();
  const add = (target: PDFObject | undefined, page: number) => {
    const name = destinationName(target);
    if (name !== undefined) targets.set(name, [...(targets.get(name) ?? []), page]);
  };
  const follow = (item: PDFDict, page: number) => {
    add(item.get(PDFName.of('Dest')), page);
    const action = item.lookup(PDFName.of('A'));
    if (action instanceof PDFDict) add(action.get(PDFName.of('D')), page);
  };
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let k = 0; annots && k < annots.size(); k++) {
      const annot = annots.lookup(k);
      if (annot instanceof PDFDict) follow(annot, i + 1);
    }
  });
  const seen = new Set<PDFDict>();
  const walk = (item: PDFDict | undefined) => {
    for (let node = item; node && !seen.has(node); node = node.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      seen.add(node);
      follow(node, 0);
      walk(node.lookupMaybe(PDFName.of('First'), PDFDict));
    }
  };
  walk(doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)?.lookupMaybe(PDFName.of('First'), PDFDict));
  return targets;
}

/** The name of a named destination (/Dest /name or (name)); undefined for an explicit one. */
function destinationName(target: PDFObject | undefined): string | undefined {
  if (target instanceof PDFName) return nameText(target);
  if (target instanceof PDFString || target instanceof PDFHexString) return target.decodeText();
  return undefined;
}

/** The text of a PDF name, its #xx escapes read as UTF-8 (ids may be Chinese). */
export function nameText(name: PDFName): string {
  return new TextDecoder().decode(name.asBytes());
}

/** Chromium writes the link's fragment as the name: an id "art-冬藏" arrives as "art-%E5%86%AC%E8%97%8F". */
function percentDecoded(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

function walkNameTree(doc: PDFDocument, node: PDFDict, add: (name: string, value: PDFObject | undefined) => void, seen: Set<PDFDict>): void {
  if (seen.has(node)) return;
  seen.add(node);
  const pairs = node.lookupMaybe(PDFName.of('Names'), PDFArray);
  for (let i = 0; pairs && i + 1 < pairs.size(); i += 2) {
    const key = pairs.lookup(i);
    if (key instanceof PDFString || key instanceof PDFHexString) add(key.decodeText(), pairs.get(i + 1));
  }
  const kids = node.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (let i = 0; kids && i < kids.size(); i++) {
    const kid = kids.lookup(i);
    if (kid instanceof PDFDict) walkNameTree(doc, kid, add, seen);
  }
}

/** The page of an explicit destination: [pageRef /XYZ …] or << /D [pageRef …] >>, possibly indirect. */
function destinationPage(doc: PDFDocument, value: PDFObject | undefined, pageNumbers: Map<string, number>): number | undefined {
  let dest = value instanceof PDFRef ? doc.context.lookup(value) : value;
  if (dest instanceof PDFDict) dest = dest.lookup(PDFName.of('D'));
  if (!(dest instanceof PDFArray) || dest.size() === 0) return undefined;
  const target = dest.get(0);
  return target instanceof PDFRef ? pageNumbers.get(target.toString()) : undefined;
}
