/**
 * Bounds how deeply Markdown can nest before any parser sees it. Both parsers recurse once per level of
 * block quote, list and emphasis: `'>'.repeat(3000)` overflowed the stack of marked (the streaming tail)
 * and of micromark (the settled-block worker), and a thousand nested emphases cost marked a third of a
 * second. Here, the marker that would open a level past the limit is escaped with a backslash, so it
 * reads as the character it is and the parsers see at most `maxNestingDepth` levels of each kind.
 *
 * Ordinary text is returned unchanged (the same string): nothing is escaped until a line or a paragraph
 * goes past the limit, far deeper than anyone nests on purpose. The estimates err on the deep side (a
 * list indented by four spaces a level counts as more levels than it is), never on the shallow one, so
 * the parsers' real depth stays within the limit. One pass over the text, no regular expression that
 * can backtrack.
 */

/** Levels of block quotes and lists together, and of emphasis and link brackets, that parsers see. */
export const maxNestingDepth = 16;

const backslash = 92;
const space = 32;
const tab = 9;
const gt = 62;
const backtick = 96;
const bracketOpen = 91;
const bracketClose = 93;

const isSpaceOrTab = (code: number): boolean => code === space || code === tab;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;
/** A thematic break (`- - -`, `***`): it opens nothing, so its markers are never escaped. */
const thematicBreak = /^([-*_])[ \t]*(?:\1[ \t]*){2,}$/;
const fenceOpener = /^(`{3,}|~{3,}|\${2,})/;

function isWhitespace(char: string): boolean {
  return char === '' || /\s/.test(char);
}

function isPunctuation(char: string): boolean {
  return /[\p{P}\p{S}]/u.test(char);
}

/** Where each backslash goes (before the character at that offset), collected in one pass. */
class Escapes {
  readonly at: number[] = [];
  add(offset: number): void {
    this.at.push(offset);
  }
  apply(source: string): string {
    if (this.at.length === 0) return source;
    // Inline escapes are added when their paragraph ends, after the container escapes of its lines.
    this.at.sort((a, b) => a - b);
    let text = '';
    let from = 0;
    for (const offset of this.at) {
      text += `${source.slice(from, offset)}\\`;
      from = offset;
    }
    return text + source.slice(from);
  }
}

/** The end of the line that starts at `start` (the offset of its newline, or the text's end). */
function lineEnd(source: string, start: number): number {
  const end = source.indexOf('\n', start);
  return end === -1 ? source.length : end;
}

/**
 * The container markers (`>`, `-`, `+`, `*`, `1.`, `1)`) at the start of a line, with the levels they
 * and the line's indentation can open; the first one past the limit is escaped. Returns where the
 * line's content starts.
 */
function limitContainers(source: string, start: number, end: number, escapes: Escapes): number {
  let at = start;
  let markers = 0;
  let indent = 0;
  for (;;) {
    while (at < end && isSpaceOrTab(source.charCodeAt(at))) {
      indent += source.charCodeAt(at) === tab ? 4 : 1;
      at += 1;
    }
    if (at >= end) return at;
    const code = source.charCodeAt(at);
    let markerEnd = at + 1;
    let escapeAt = at;
    if (code === gt) {
      // A block quote marker needs nothing after it.
    } else if (code === 45 || code === 43 || code === 42) {
      // `-`, `+`, `*`: a bullet only when a space, a tab or the line's end follows.
      if (markerEnd < end && !isSpaceOrTab(source.charCodeAt(markerEnd))) return at;
    } else if (isDigit(code)) {
      let digits = at;
      while (digits < end && digits - at < 9 && isDigit(source.charCodeAt(digits))) digits += 1;
      const delimiter = source.charCodeAt(digits);
      if (delimiter !== 46 && delimiter !== 41) return at;
      markerEnd = digits + 1;
      if (markerEnd < end && !isSpaceOrTab(source.charCodeAt(markerEnd))) return at;
      // `12\.` reads as text; a backslash before the digits would not stop the list.
      escapeAt = digits;
    } else {
      return at;
    }
    markers += 1;
    if (markers + Math.floor(indent / 2) > maxNestingDepth) {
      if (!thematicBreak.test(source.slice(at, end).trimEnd())) escapes.add(escapeAt);
      return at;
    }
    at = markerEnd;
    // The one space that follows a marker belongs to it; more is indentation.
    if (at < end && isSpaceOrTab(source.charCodeAt(at))) at += 1;
  }
}

/** Where the fence or `$$` block that `line` opens would close, or null if it opens none. */
function openedFence(line: string): { char: string; size: number } | null {
  const match = fenceOpener.exec(line);
  if (!match) return null;
  const marks = match[1] ?? '';
  return { char: marks.charAt(0), size: marks.length };
}

function closesFence(line: string, fence: { char: string; size: number }): boolean {
  let run = 0;
  while (line.charAt(run) === fence.char) run += 1;
  return run >= fence.size && line.slice(run).trim() === '';
}

/** An emphasis run or bracket that can only open, or only close, a level. */
interface Delimiter {
  at: number;
  end: number;
  char: number;
  opens: boolean;
}

/**
 * The inline delimiters of one paragraph. Levels exist only where an opener meets its closer, so they
 * are matched first (each closer with the nearest open one of its kind, as brackets are); then the
 * opener of a matched pair that sits deeper than the limit is escaped, and its closer with it.
 * Openers that never close (`javascript:__x()`) nest nothing and are left alone.
 */
class Paragraph {
  private delimiters: Delimiter[] = [];

  add(delimiter: Delimiter): void {
    this.delimiters.push(delimiter);
  }

  end(escapes: Escapes): void {
    const delimiters = this.delimiters;
    this.delimiters = [];
    if (delimiters.length <= 2 * maxNestingDepth) return;
    const open = new Map<number, number[]>();
    const partner = new Map<number, number>();
    delimiters.forEach((delimiter, index) => {
      const stack = open.get(delimiter.char) ?? [];
      open.set(delimiter.char, stack);
      if (delimiter.opens) stack.push(index);
      else {
        const opener = stack.pop();
        if (opener !== undefined) partner.set(opener, index);
      }
    });
    const closers = new Set(partner.values());
    const escaped = new Set<number>();
    let depth = 0;
    delimiters.forEach((delimiter, index) => {
      const escape = (): void => {
        for (let at = delimiter.at; at < delimiter.end; at += 1) escapes.add(at);
      };
      if (delimiter.opens) {
        const closer = partner.get(index);
        if (closer === undefined) return;
        if (depth < maxNestingDepth) depth += 1;
        else {
          escaped.add(closer);
          escape();
        }
      } else if (escaped.has(index)) escape();
      else if (closers.has(index)) depth -= 1;
    });
  }
}

/**
 * The backtick runs of one line, so that a code span (from a run to the next run of exactly as many
 * backticks) is found in one pass: searching ahead from each run would cost its square on a line of
 * runs of every length.
 */
class CodeSpans {
  /** Run start offsets, and for each run the index of the next run of the same length. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly next: number[] = [];
  private current = 0;

  constructor(source: string, start: number, end: number) {
    const lastOfLength = new Map<number, number>();
    for (let at = source.indexOf('`', start); at !== -1 && at < end;) {
      let run = at;
      while (run < end && source.charCodeAt(run) === backtick) run += 1;
      const index = this.starts.length;
      this.starts.push(at);
      this.ends.push(run);
      this.next.push(-1);
      const previous = lastOfLength.get(run - at);
      if (previous !== undefined) this.next[previous] = index;
      lastOfLength.set(run - at, index);
      at = source.indexOf('`', run);
    }
  }

  /** Where scanning resumes after the backtick run at `at`: past its code span, or past the run. */
  skip(at: number): number {
    while (this.current < this.starts.length && (this.starts[this.current] ?? 0) < at)
      this.current += 1;
    const index = this.current;
    const close = this.next[index] ?? -1;
    if (close === -1) return this.ends[index] ?? at + 1;
    this.current = close + 1;
    return this.ends[close] ?? at + 1;
  }
}

/**
 * Collects the paragraph's emphasis runs (`*`, `_`, `~`) that can only open or only close, and its
 * brackets; code spans are skipped, and runs that can do both (`a*b`) nest nothing.
 */
function scanInline(source: string, start: number, end: number, paragraph: Paragraph): void {
  const codeSpans = new CodeSpans(source, start, end);
  let at = start;
  while (at < end) {
    const code = source.charCodeAt(at);
    if (code === backslash) {
      at += 2;
      continue;
    }
    if (code === backtick) {
      at = codeSpans.skip(at);
      continue;
    }
    if (code === bracketOpen || code === bracketClose) {
      paragraph.add({ at, end: at + 1, char: bracketOpen, opens: code === bracketOpen });
      at += 1;
      continue;
    }
    if (code !== 42 && code !== 95 && code !== 126) {
      at += 1;
      continue;
    }
    let run = at;
    while (run < end && source.charCodeAt(run) === code) run += 1;
    const before = at > 0 ? source.charAt(at - 1) : '';
    const after = run < end ? source.charAt(run) : '';
    const left =
      !isWhitespace(after) &&
      (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
    const right =
      !isWhitespace(before) &&
      (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
    if (left !== right) paragraph.add({ at, end: run, char: code, opens: left });
    at = run;
  }
}

/**
 * Whether `source` has enough emphasis and bracket characters to nest past the limit at all (an opener
 * and a closer a level): most tails do not, and then only the starts of lines need a look.
 */
function mayNestInline(source: string): boolean {
  let count = 0;
  for (let at = 0; at < source.length; at += 1) {
    const code = source.charCodeAt(at);
    if (code === 42 || code === 95 || code === 126 || code === bracketOpen) {
      count += 1;
      if (count > 2 * maxNestingDepth) return true;
    }
  }
  return false;
}

/** `source` with every marker that would nest past `maxNestingDepth` escaped. */
export function limitNesting(source: string): string {
  const inline = mayNestInline(source);
  const escapes = new Escapes();
  const paragraph = new Paragraph();
  let fence: { char: string; size: number } | null = null;
  let start = 0;
  while (start < source.length) {
    const end = lineEnd(source, start);
    if (fence) {
      // Code and math are left as written; only the closing fence matters (after any `>` or indent).
      let at = start;
      while (at < end && (isSpaceOrTab(source.charCodeAt(at)) || source.charCodeAt(at) === gt))
        at += 1;
      if (closesFence(source.slice(at, end), fence)) fence = null;
    } else {
      const content = limitContainers(source, start, end, escapes);
      if (content >= end) {
        // A blank line (or one of markers only) ends the paragraph that emphasis could span.
        paragraph.end(escapes);
      } else {
        const first = source.charCodeAt(content);
        fence =
          first === backtick || first === 126 || first === 36
            ? openedFence(source.slice(content, end))
            : null;
        if (fence) paragraph.end(escapes);
        else if (inline) scanInline(source, content, end, paragraph);
      }
    }
    start = end + 1;
  }
  paragraph.end(escapes);
  return escapes.apply(source);
}
