/**
 * Splits a streaming Markdown answer into blocks that have settled (no later text can change how they
 * parse) and the growing tail. Settled blocks are parsed and laid out once; only the tail is re-parsed on
 * each update.
 *
 * The one property everything rests on: the split is prefix-stable. The blocks settled while the text was
 * a prefix are exactly the first blocks of the split of the final text, so a streamed render ends equal
 * to a cold render of the same text. Every rule below decides a boundary from text already seen only.
 *
 * Boundaries, all at column 0 and outside fenced code and `$$` math:
 * - a non-blank line after a blank line (CommonMark: nothing continues across that but indented content);
 * - before a fence opener, before an ATX heading, and after an ATX heading line;
 * - after the closing line of a fence that began its block (a fence block stands alone);
 * - between sibling items of a list that began its block (each item becomes a one-item list);
 * - inside a line longer than `pieceLength`: one huge line (minified JSON) is cut into fixed pieces that
 *   settle, so no single text node grows without bound. Pieces after the first are marked `continuation`
 *   so they are rendered as paragraph text, never as the start of a heading or list.
 */

export type BlockKind = 'markdown' | 'fence';

export interface Block {
  readonly kind: BlockKind;
  readonly source: string;
  /** Offset of `source` in the whole text. */
  readonly start: number;
  /** Starts inside a line that was cut for length: render as a paragraph's continuation. */
  readonly continuation: boolean;
  /** Its last line was cut for length and goes on in the next block: render inline with it. */
  readonly continued: boolean;
  /** Begins with a list item at column 0, so consecutive ones can be styled as one list. */
  readonly listItem: boolean;
}

export interface SplitResult {
  readonly settled: readonly Block[];
  /** The unsettled rest, or null when everything has settled. */
  readonly tail: Block | null;
  /** Changes when the text was replaced rather than extended, so consumers drop what they memoised. */
  readonly generation: number;
}

/** Longest run of one line kept in one block; see "inside a line" above. */
export const pieceLength = 2048;
/** A cut looks this far back from the piece's end for a natural break (space, comma, bracket). */
const cutLookBack = 256;

interface Fence {
  readonly char: string;
  readonly size: number;
}

const fenceOpener = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const mathOpener = /^ {0,3}(\${2,})[^$]*$/;
const atxHeading = /^#{1,6}(?:[ \t]|$)/;
const bulletItem = /^([-*+])[ \t]+\S/;
const orderedItem = /^\d{1,9}([.)])[ \t]+\S/;
const blank = /^[ \t]*$/;

/** The fence a line opens, if any (backtick fences may not have a backtick in their info string). */
export function openingFence(line: string): Fence | null {
  const match = fenceOpener.exec(line);
  if (!match) return null;
  const marks = match[1] ?? '';
  const char = marks.charAt(0);
  if (char === '`' && (match[2] ?? '').includes('`')) return null;
  return { char, size: marks.length };
}

export function closesFence(line: string, fence: Fence): boolean {
  const trimmed = line.replace(/^ {0,3}/, '');
  let run = 0;
  while (trimmed.charAt(run) === fence.char) run += 1;
  return run >= fence.size && blank.test(trimmed.slice(run));
}

function openingMath(line: string): Fence | null {
  const match = mathOpener.exec(line);
  return match ? { char: '$', size: (match[1] ?? '').length } : null;
}

/** `-`, `*`, `+`, `.` or `)`: the marker that makes another line a sibling item of this list. */
function listMarker(line: string): string | null {
  return bulletItem.exec(line)?.[1] ?? orderedItem.exec(line)?.[1] ?? null;
}

/** Where to end a piece of an over-long line starting at `start`; decided from that window alone. */
function cutPoint(text: string, start: number): number {
  const end = start + pieceLength;
  for (let i = end - 1; i > end - cutLookBack; i -= 1) {
    const c = text.charAt(i);
    if (c === ' ' || c === ',' || c === ';' || c === '}' || c === ']' || c === ')') return i + 1;
  }
  const code = text.charCodeAt(end - 1);
  // Never split a surrogate pair.
  return code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}

/** Incremental: feed it the whole text on every update; work is proportional to what is new. */
export class BlockSplitter {
  private text = '';
  private settled: Block[] = [];
  private blockStart = 0;
  private blockContinuation = false;
  /** Start of the next line not yet examined; lines before it in the current block are. */
  private lineStart = 0;
  /** How far the current (incomplete) line has been searched for its newline. */
  private searchedTo = 0;
  private fence: Fence | null = null;
  private fenceBeganBlock = false;
  private math: Fence | null = null;
  private sawBlank = false;
  private itemMarker: string | null = null;
  private finished = false;
  private generation = 0;
  private result: SplitResult = { settled: [], tail: null, generation: 0 };

  update(text: string, final: boolean): SplitResult {
    if (text === this.text && final === this.finished) return this.result;
    if (!this.extends(text) || this.finished) this.reset();
    this.text = text;
    this.scan(final);
    this.finished = final;
    const tail =
      this.blockStart < text.length
        ? this.block(this.blockStart, text.length, this.fence !== null && this.fenceBeganBlock)
        : null;
    // A fresh array only when something settled, so consumers can compare by identity.
    const settled =
      this.result.settled.length === this.settled.length ? this.result.settled : [...this.settled];
    this.result = { settled, tail, generation: this.generation };
    return this.result;
  }

  /**
   * Whether `text` continues what we have seen. Checking the unsettled region and the last settled block
   * catches a message being replaced (regenerate, another message in the same component) without
   * comparing the whole text on every update.
   */
  private extends(text: string): boolean {
    if (text.length < this.text.length) return false;
    const last = this.settled[this.settled.length - 1];
    const from = last ? last.start : 0;
    return text.startsWith(this.text.slice(from), from);
  }

  private reset(): void {
    this.text = '';
    this.settled = [];
    this.blockStart = 0;
    this.blockContinuation = false;
    this.lineStart = 0;
    this.searchedTo = 0;
    this.resetBlockState();
    this.finished = false;
    this.generation += 1;
    this.result = { settled: [], tail: null, generation: this.generation };
  }

  private resetBlockState(): void {
    this.fence = null;
    this.fenceBeganBlock = false;
    this.math = null;
    this.sawBlank = false;
    this.itemMarker = null;
  }

  private block(start: number, end: number, fence: boolean, continued = false): Block {
    const continuation = this.blockContinuation && start === this.blockStart;
    const source = this.text.slice(start, end);
    return {
      kind: fence ? 'fence' : 'markdown',
      source,
      start,
      continuation,
      continued,
      listItem: !fence && !continuation && listMarker(source.slice(0, 16)) !== null,
    };
  }

  /** Settle [blockStart, end) and start a fresh block at `end`. */
  private settle(end: number, continuation = false): void {
    if (end > this.blockStart) {
      this.settled.push(this.block(this.blockStart, end, this.fenceBeganBlock, continuation));
    }
    this.blockStart = end;
    this.blockContinuation = continuation;
    this.resetBlockState();
  }

  private scan(final: boolean): void {
    const text = this.text;
    for (;;) {
      const newline = text.indexOf('\n', Math.max(this.lineStart, this.searchedTo));
      const complete = newline !== -1;
      const lineEnd = complete ? newline : text.length;
      if (!complete) this.searchedTo = text.length;
      if (this.fence === null && this.math === null && lineEnd - this.lineStart >= pieceLength) {
        this.cutLongLine();
        continue;
      }
      if (!complete && (!final || this.lineStart === text.length)) break;
      const next = complete ? newline + 1 : text.length;
      this.examine(text.slice(this.lineStart, lineEnd), this.lineStart, next);
      this.lineStart = next;
      this.searchedTo = next;
    }
    if (final) this.settle(text.length);
  }

  private cutLongLine(): void {
    const start = this.lineStart;
    const lineIsContinuation = this.blockContinuation && start === this.blockStart;
    // What came before this line in the block settles on its own; the piece is then a block by itself.
    if (start > this.blockStart) this.settle(start);
    this.blockContinuation = lineIsContinuation;
    const cut = cutPoint(this.text, start);
    this.settle(cut, true);
    this.lineStart = cut;
    this.searchedTo = Math.max(this.searchedTo, cut);
  }

  private examine(line: string, start: number, next: number): void {
    if (this.fence) {
      if (closesFence(line, this.fence)) {
        if (this.fenceBeganBlock) this.settle(next);
        else this.fence = null;
      }
      return;
    }
    if (this.math) {
      if (closesFence(line, this.math)) this.math = null;
      return;
    }
    if (blank.test(line)) {
      this.sawBlank = true;
      return;
    }
    const continuation = this.blockContinuation && start === this.blockStart;
    const column0 = !continuation && line.charAt(0) !== ' ' && line.charAt(0) !== '\t';
    const fence = continuation ? null : openingFence(line);
    const heading = column0 && atxHeading.test(line);
    if (start > this.blockStart && column0) {
      const sibling = this.itemMarker !== null && listMarker(line) === this.itemMarker;
      if (this.sawBlank || heading || sibling || fence) {
        this.settle(start);
      }
    }
    this.sawBlank = false;
    if (continuation) return;
    if (fence) {
      this.fence = fence;
      this.fenceBeganBlock = start === this.blockStart;
      return;
    }
    const math = openingMath(line);
    if (math) {
      this.math = math;
      return;
    }
    if (start === this.blockStart) this.itemMarker = column0 ? listMarker(line) : null;
    if (heading) this.settle(next);
  }
}

/** A cold split of a whole text: what a render with `streaming: false` uses. */
export function splitBlocks(text: string): readonly Block[] {
  return new BlockSplitter().update(text, true).settled;
}
