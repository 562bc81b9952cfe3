/**
 * A search snippet as runs of plain and highlighted text. The store returns text plus [start, end)
 * ranges, never markup; the UI renders each run as a text node, highlighted runs inside <mark>.
 */
export interface SnippetSegment {
  text: string;
  mark: boolean;
}

/**
 * Ranges out of order, overlapping, out of bounds or empty are tolerated (clamped, merged, dropped):
 * a bad range may move a highlight but never lose text.
 */
export function snippetSegments(
  text: string,
  highlights: ReadonlyArray<readonly [number, number]>,
): SnippetSegment[] {
  const ranges = highlights
    .map(([start, end]): [number, number] => [
      Math.max(0, Math.min(text.length, Math.floor(start))),
      Math.max(0, Math.min(text.length, Math.floor(end))),
    ])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  const segments: SnippetSegment[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (end <= at) continue;
    const from = Math.max(start, at);
    if (from > at) segments.push({ text: text.slice(at, from), mark: false });
    const last = segments.at(-1);
    // Touching or overlapping ranges become one <mark>.
    if (last?.mark && from === at) last.text += text.slice(from, end);
    else segments.push({ text: text.slice(from, end), mark: true });
    at = end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), mark: false });
  return segments;
}
