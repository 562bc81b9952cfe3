/** Reads a fenced code block's source (opener line, code, optional closing line) as CommonMark does. */
import { closesFence, openingFence } from './split-blocks';

export interface FenceSource {
  /** The info string after the opening fence, unsanitised: pass it through codeLanguage(). */
  info: string;
  code: string;
}

export function readFence(source: string): FenceSource {
  const firstBreak = source.indexOf('\n');
  const opener = firstBreak === -1 ? source : source.slice(0, firstBreak);
  const fence = openingFence(opener);
  const indent = /^ */.exec(opener)?.[0].length ?? 0;
  const marks = fence ? fence.size : 0;
  const info = opener.slice(indent + marks).trim();
  if (firstBreak === -1) return { info, code: '' };

  let body = source.slice(firstBreak + 1);
  // Drop the closing fence line if the block has one (a block still streaming, or cut off, has none).
  const withoutFinalBreak = body.endsWith('\n') ? body.slice(0, -1) : body;
  const lastBreak = withoutFinalBreak.lastIndexOf('\n');
  const lastLine = withoutFinalBreak.slice(lastBreak + 1);
  if (fence && closesFence(lastLine, fence) && (lastBreak !== -1 || withoutFinalBreak.length > 0)) {
    body = lastBreak === -1 ? '' : withoutFinalBreak.slice(0, lastBreak + 1);
  }
  // The code's own final newline belongs to the fence, not to the code.
  if (body.endsWith('\n')) body = body.slice(0, -1);
  // An indented opener removes up to that much indentation from every code line.
  const code = indent === 0 ? body : body.replace(new RegExp(`^ {1,${indent}}`, 'gm'), '');
  return { info, code };
}
