import type { VFileMessage } from 'vfile-message';
import { problem } from '../report/problems.ts';
import { say, sayProblem, type Said } from '../report/messages.ts';
import type { MammothMessage } from './docx-convert.ts';
import type { PlacedImage } from './docx-figures.ts';
import type { DocxReview } from './docx-review.ts';

function note(file: string, [reason, fix, ruleId]: Said): VFileMessage {
  const message = problem(file, undefined, reason, fix, ruleId);
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
      return [note(file, sayProblem('docx-style', { kind: 'undefined', style: `${undefinedStyle[1]} (${undefinedStyle[2]})` }))];
    }
    if (style?.[1] === 'paragraph') {
      return [note(file, sayProblem('docx-style', { kind: 'paragraph', style: style[2] }))];
    }
    if (style?.[1] === 'run') return [note(file, sayProblem('docx-style', { kind: 'run', style: style[2] }))];
    if (/^Image of type .* is unlikely to display/.test(message)) return []; // reported per image, with how to replace it
    const ignored = /^An unrecognised element was ignored: (.*)$/.exec(message)?.[1];
    if (ignored) {
      const kind = /object|pict|oleObj/i.test(ignored) ? 'object' : /txbx|textbox/i.test(ignored) ? 'textbox' : 'other';
      return [note(file, sayProblem('docx-dropped', { kind, element: ignored }))];
    }
    if (/^Unsupported break type/.test(message)) return []; // page and column breaks mean nothing on the web page
    if (type === 'error') return [problem(file, undefined, ...sayProblem('docx-read', { detail: message }))];
    return [note(file, sayProblem('docx-converter', { detail: message }))];
  });
}

export function reviewWarnings(file: string, review: DocxReview): VFileMessage[] {
  const warnings: VFileMessage[] = [];
  const changes = review.insertions + review.deletions + review.moves;
  if (changes) {
    warnings.push(note(file, sayProblem('docx-revisions', { insertions: review.insertions, deletions: review.deletions, moves: review.moves })));
  }
  review.comments.forEach((comment, i) => {
    warnings.push(note(file, sayProblem('docx-comment', { n: i + 1, author: comment.author || undefined, text: comment.text })));
  });
  return warnings;
}

/** Pictures browsers cannot show, and pictures without a caption. */
export function imageWarnings(file: string, placed: PlacedImage[], editionDir: string, slug: string): VFileMessage[] {
  const warnings: VFileMessage[] = [];
  for (const { image, path, caption, near, nested } of placed) {
    const where = say('docx-picture', { n: image.index, near: near || undefined });
    // A name the written pictures (<slug>-1.png …) cannot have.
    const name = `${slug}-picture${image.index}.png`;
    if (nested) {
      warnings.push(note(file, sayProblem('docx-image-nested', { where, dir: editionDir })));
    } else if (!path) {
      warnings.push(note(file, sayProblem('docx-image-format', { where, emf: /emf|wmf/.test(image.contentType), type: image.contentType, dir: editionDir, name, caption: caption ?? undefined })));
    } else if (!caption) {
      warnings.push(note(file, sayProblem('docx-image-caption', { where, path })));
    }
  }
  return warnings;
}
