import { DOMParser } from '@xmldom/xmldom';

type Element = ReturnType<Document['getElementsByTagNameNS']>[number];
import type { DocxPackage } from './docx-package.ts';

/** What reviewers left in a document: tracked changes (counted) and comments (listed, never imported). */
export interface DocxReview {
  insertions: number;
  deletions: number;
  moves: number;
  comments: DocxComment[];
}

export interface DocxComment {
  author?: string;
  text: string;
}

export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

/** Tracked changes in the body, footnotes and endnotes, and the comments of word/comments.xml. */
export function readReview(docx: DocxPackage): DocxReview {
  const stories = ['word/document.xml', 'word/footnotes.xml', 'word/endnotes.xml'].map((name) => parseXml(docx.parts.get(name))).filter((doc) => doc !== undefined);
  const count = (name: string) => stories.reduce((sum, doc) => sum + doc.getElementsByTagNameNS(W, name).length, 0);
  const comments = parseXml(docx.parts.get('word/comments.xml'));
  return {
    insertions: count('ins'),
    deletions: count('del'),
    moves: count('moveFrom'),
    comments: comments ? [...elements(comments.getElementsByTagNameNS(W, 'comment'))].map(readComment) : [],
  };
}

/** A part of the package as an XML document; undefined when it is missing or not well-formed. */
export function parseXml(bytes: Buffer | undefined) {
  if (!bytes) return undefined;
  try {
    const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: () => undefined } }).parseFromString(bytes.toString('utf8'), 'application/xml');
    return doc?.documentElement ? doc : undefined;
  } catch {
    // A part that is not well-formed XML: mammoth reports it when it matters; the review stays empty.
    return undefined;
  }
}

export function* elements(list: { length: number; item(i: number): Element | null }): Generator<Element> {
  for (let i = 0; i < list.length; i++) yield list.item(i)!;
}

/** A comment's paragraphs, one line each. */
function readComment(comment: Element): DocxComment {
  const paragraphs = [...elements(comment.getElementsByTagNameNS(W, 'p'))].map((p) => [...elements(p.getElementsByTagNameNS(W, 't'))].map((t) => t.textContent ?? '').join(''));
  const author = comment.getAttributeNS(W, 'author') || undefined;
  return { author, text: paragraphs.filter(Boolean).join(' / ') };
}
