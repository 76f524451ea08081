import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import type { MammothMessage } from './docx-convert.ts';
import type { PlacedImage } from './docx-figures.ts';
import type { DocxReview } from './docx-review.ts';

function note(file: string, reason: string, fix: string, rule: string): VFileMessage {
  const message = problem(file, undefined, reason, fix, `docx-${rule}`);
  message.fatal = false;
  return message;
}

/** What each kind of message mammoth gives means for the article, and what to do about it. */
export function mammothWarnings(file: string, messages: MammothMessage[]): VFileMessage[] {
  return messages.flatMap(({ type, message }) => {
    const style = /^Unrecognised (paragraph|run) style: '(.*)' \(Style ID: (.*)\)$/.exec(message);
    if (style?.[2] === 'null') return []; // a style the document does not define: reported below
    const undefinedStyle = /^(paragraph|run|table) style with ID (.*) was referenced but not defined in the document$/i.exec(message);
    if (undefinedStyle) {
      return [note(file, `The document uses a ${undefinedStyle[1]} style it does not define (${undefinedStyle[2]}): those paragraphs became plain text`, `If they are headings or the title, check them in the article; saving the document again in Word usually repairs its styles`, 'style')];
    }
    if (style?.[1] === 'paragraph') {
      return [note(file, `Paragraph style “${style[2]}” is not one the importer knows: its paragraphs became plain paragraphs`, `If “${style[2]}” marks headings, give them Word's 标题 1/2/3 styles or number them (一、 （一）) and import again; otherwise nothing is lost`, 'style')];
    }
    if (style?.[1] === 'run') return [note(file, `Character style “${style[2]}” is not one the importer knows: its text is kept, its formatting dropped`, 'Nothing to do unless the formatting carried meaning (bold is kept as bold)', 'style')];
    if (/^Image of type .* is unlikely to display/.test(message)) return []; // reported per image, with how to replace it
    const ignored = /^An unrecognised element was ignored: (.*)$/.exec(message)?.[1];
    if (ignored) {
      const what = /object|pict|oleObj/i.test(ignored) ? 'an embedded object (an Excel sheet, an equation or a drawing)' : /txbx|textbox/i.test(ignored) ? 'a text box' : `a Word element (${ignored})`;
      return [note(file, `The document has ${what} that the importer cannot read: it is missing from the article`, 'Compare the article with the document; copy such content in as text, a table or a picture', 'dropped')];
    }
    if (/^Unsupported break type/.test(message)) return []; // page and column breaks mean nothing on the web page
    if (type === 'error') return [problem(file, undefined, `Part of the document could not be read: ${message}`, 'Open the document in Word or WPS, save it again as .docx and import again', 'docx-read')];
    return [note(file, `The converter says: ${message}`, 'Compare that part of the article with the document', 'converter')];
  });
}

export function reviewWarnings(file: string, review: DocxReview): VFileMessage[] {
  const warnings: VFileMessage[] = [];
  const changes = review.insertions + review.deletions + review.moves;
  if (changes) {
    const counts = [`${review.insertions} insertion(s)`, `${review.deletions} deletion(s)`, review.moves ? `${review.moves} move(s)` : ''].filter(Boolean).join(', ');
    warnings.push(note(file, `The document has tracked changes (修订): ${counts}. The article has the text as if every change were accepted: insertions kept, deletions left out`, 'If some changes were not meant to be accepted, correct the article; better, ask the sender to accept or reject them (审阅 → 接受/拒绝) and send it again', 'revisions'));
  }
  review.comments.forEach((comment, i) => {
    warnings.push(note(file, `Comment ${i + 1}${comment.author ? ` by ${comment.author}` : ''} (批注, not put in the article): ${comment.text || '(empty)'}`, 'Read it and act on it in the article if needed', 'comment'));
  });
  return warnings;
}

/** Pictures browsers cannot show, and pictures without a caption. */
export function imageWarnings(file: string, placed: PlacedImage[], editionDir: string, slug: string): VFileMessage[] {
  const warnings: VFileMessage[] = [];
  for (const { image, path, caption, near, nested } of placed) {
    const where = `picture ${image.index} of the document${near ? ` (near “${near}”)` : ''}`;
    // A name the written pictures (<slug>-1.png …) cannot have.
    const name = `${slug}-picture${image.index}.png`;
    if (nested) {
      warnings.push(note(file, `The ${where} is inside a table, a list or a note, where a figure cannot stand: it was left out`, `Save it from Word (right-click → 另存为图片), put it in ${editionDir}/images/ and add it as a paragraph of its own: ![说明](images/…)`, 'image-nested'));
    } else if (!path) {
      const kind = /emf|wmf/.test(image.contentType) ? 'a Windows drawing (EMF/WMF)' : `a ${image.contentType} picture`;
      warnings.push(note(file, `The ${where} is ${kind}, which web browsers cannot show: it was left out of the article`, `In Word, right-click it → 另存为图片 → PNG, save it as ${editionDir}/images/${name}, and put ![${caption ?? '图片说明'}](images/${name}) as a paragraph of its own where it belongs${caption ? ` (in place of the paragraph “${caption}” under it)` : ''}`, 'image-format'));
    } else if (!caption) {
      warnings.push(note(file, `The ${where} has no caption (no “图1 …” line under it): its figure has none`, `Write the caption in the alt text: ![瓦高村新貌](${path})`, 'image-caption'));
    }
  }
  return warnings;
}
