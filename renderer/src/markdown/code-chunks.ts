/**
 * A code block that is still streaming is shown in chunks, each its own block box, so appending text lays
 * out only the last chunk rather than the whole block (so is a block shown as plain text, PlainText.tsx).
 * A chunk ends after the last line break inside a short window, or after the first one past it, or at a
 * fixed length for a line longer than that; the decision depends on the text from the chunk's start to
 * that length alone, so chunks never move once complete.
 */

/** The longest a chunk gets: a line longer than this is cut at this length. */
export const codeChunkLength = 2048;

/**
 * A chunk ends at the last line break within this many characters, or else at the first one after, so
 * the growing chunk that is laid out again on each update is a few lines, not the whole block.
 */
export const codeChunkTarget = 256;

/** Offsets where complete chunks end, extending `known` (from an earlier, shorter prefix of `code`). */
export function chunkEnds(code: string, known: readonly number[] = []): number[] {
  const ends = [...known];
  let start = ends[ends.length - 1] ?? 0;
  while (code.length - start >= codeChunkTarget) {
    const lastBreak = code.lastIndexOf('\n', start + codeChunkTarget - 1);
    let end: number;
    if (lastBreak >= start) end = lastBreak + 1;
    else {
      // One long line: it ends at its line break, or is cut at the longest a chunk gets.
      const nextBreak = code.indexOf('\n', start + codeChunkTarget);
      if (nextBreak !== -1 && nextBreak < start + codeChunkLength) end = nextBreak + 1;
      else if (code.length - start >= codeChunkLength) {
        end = start + codeChunkLength;
        const code16 = code.charCodeAt(end - 1);
        if (code16 >= 0xd800 && code16 <= 0xdbff) end -= 1;
      } else break;
    }
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
