/**
 * Text shown on one line of limited room (a retry's reason, a context preview): whitespace folded to
 * single spaces, cut with an ellipsis past `max` characters. Only the start is read, so a clipboard of
 * megabytes costs no more than a sentence.
 */
export function oneLine(text: string, max: number): string {
  const line = text
    .slice(0, max * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
