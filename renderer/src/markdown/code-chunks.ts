/**
 * A code block that is still streaming is shown in chunks, each its own block box, so appending text lays
 * out only the last chunk rather than the whole block (so is a block shown as plain text, PlainText.tsx).
 * A chunk ends after the last line break inside a fixed window, or at the window's end for a line longer
 * than that; the decision depends on the window's text alone, so chunks never move once complete.
 */

export const codeChunkLength = 2048;

/** Offsets where complete chunks end, extending `known` (from an earlier, shorter prefix of `code`). */
export function chunkEnds(code: string, known: readonly number[] = []): number[] {
  const ends = [...known];
  let start = ends[ends.length - 1] ?? 0;
  while (code.length - start >= codeChunkLength) {
    const windowEnd = start + codeChunkLength;
    const lastBreak = code.lastIndexOf('\n', windowEnd - 1);
    let end = lastBreak >= start ? lastBreak + 1 : windowEnd;
    const code16 = code.charCodeAt(end - 1);
    if (end === windowEnd && code16 >= 0xd800 && code16 <= 0xdbff) end -= 1;
    ends.push(end);
    start = end;
  }
  return ends;
}

/** Splits `code` at `ends`; the last piece is the incomplete rest (possibly empty). */
export function chunksOf(code: string, ends: readonly number[]): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (const end of ends) {
    pieces.push(code.slice(start, end));
    start = end;
  }
  pieces.push(code.slice(start));
  return pieces;
}

/** Keeps the chunk boundaries found so far, so each update only looks at what is new. */
export class ChunkMemo {
  private text = '';
  private ends: number[] = [];

  chunks(text: string): string[] {
    if (!text.startsWith(this.text)) this.ends = [];
    this.ends = chunkEnds(text, this.ends);
    this.text = text;
    return chunksOf(text, this.ends);
  }
}
