import mammoth from 'mammoth';
import type { DocxPackage } from './docx-package.ts';

/**
 * Word's built-in heading styles keep their English names inside the file even in Chinese Word
 * (the dialog shows 标题 1); WPS and documents made from copied styles carry the Chinese names.
 * Headings keep their level here; the article's own title and the depth of its sections are
 * decided on the tree (docx-structure.ts).
 */
export const docxStyleMap = [
  "p[style-name='Title'] => h1.docx-title:fresh",
  "p[style-name='标题'] => h1.docx-title:fresh",
  "p[style-name='Subtitle'] => p.docx-subtitle:fresh",
  "p[style-name='副标题'] => p.docx-subtitle:fresh",
  ...[1, 2, 3, 4, 5, 6].flatMap((level) => [
    `p[style-name='heading ${level}'] => h${level}:fresh`,
    `p[style-name='Heading ${level}'] => h${level}:fresh`,
    `p[style-name='标题 ${level}'] => h${level}:fresh`,
    `p[style-name='标题${level}'] => h${level}:fresh`,
  ]),
  // 题注 is Word's caption style (图1 …, 表1 …); the text says which it is.
  "p[style-name='caption'] => p:fresh",
  "p[style-name='题注'] => p:fresh",
  "p[style-name='Normal (Web)'] => p:fresh",
  "p[style-name='普通(网站)'] => p:fresh",
  "p[style-name='Body Text'] => p:fresh",
  "p[style-name='正文文本'] => p:fresh",
  "p[style-name='Body Text Indent'] => p:fresh",
  "p[style-name='正文文本缩进'] => p:fresh",
  "p[style-name='Plain Text'] => p:fresh",
  // LibreOffice's own paragraph styles in the .docx it saves.
  "p[style-name='Table Contents'] => p:fresh",
  "p[style-name='Table Heading'] => p:fresh",
  "p[style-name='Text Body'] => p:fresh",
  "p[style-name='Default Paragraph Style'] => p:fresh",
  "p[style-name='纯文本'] => p:fresh",
];

/** One picture of the document, in document order. */
export interface DocxImage {
  /** 1, 2, 3 … in document order. */
  index: number;
  contentType: string;
  bytes: Buffer;
  alt?: string;
}

export interface MammothMessage {
  type: 'warning' | 'error';
  message: string;
}

export interface Converted {
  html: string;
  images: DocxImage[];
  messages: MammothMessage[];
}

/** The src an image gets in the HTML until the article's slug names its file. */
export const imagePlaceholder = (index: number) => `docx-image:${index}`;

/** mammoth turns the document into HTML; pictures are kept aside, never inlined as data URIs. */
export async function convertDocx(docx: DocxPackage): Promise<Converted> {
  const images: DocxImage[] = [];
  const convertImage = mammoth.images.imgElement(async (image) => {
    const index = images.length + 1;
    images.push({ index, contentType: image.contentType, bytes: await image.readAsBuffer(), alt: (image as { altText?: string }).altText });
    return { src: imagePlaceholder(index) };
  });
  const result = await mammoth.convertToHtml(
    { buffer: docx.bytes },
    { styleMap: docxStyleMap, convertImage, externalFileAccess: false, ignoreEmptyParagraphs: true },
  );
  return { html: result.value, images, messages: result.messages.map(({ type, message }) => ({ type, message })) };
}
