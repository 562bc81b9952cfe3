/**
 * A piece cut from the middle of an over-long line is parsed on its own; this keeps it parsing as the
 * paragraph text it was, instead of as the start of a heading, list, quote, fence, table or definition.
 */

// Characters that can open a block construct at the start of a line, and so need a backslash there.
const blockOpeners = new Set([
  '#',
  '>',
  '-',
  '+',
  '*',
  '=',
  '|',
  '`',
  '~',
  '$',
  '_',
  '[',
  '<',
  ':',
]);

export function asParagraphContinuation(piece: string): string {
  // Leading spaces would make indented code; a paragraph drops them anyway.
  const text = piece.replace(/^[ \t]+/, '');
  const first = text.charAt(0);
  if (blockOpeners.has(first)) return `\\${text}`;
  // `1986. was a year` would start an ordered list.
  return text.replace(/^(\d{1,9})([.)])/, '$1\\$2');
}
