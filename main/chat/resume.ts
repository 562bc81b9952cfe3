/**
 * Resuming an interrupted answer: ask for the rest with the partial text as the last assistant message,
 * then drop whatever the model repeats of that text before its continuation goes on screen.
 */
import type { RequestMessage } from './types';

/** The user turn that asks for the rest. The fault server recognises it to test resume end to end. */
export const CONTINUE_INSTRUCTION =
  'Your previous answer was cut off by a network error. Continue it exactly where it stopped, starting with the very next character. Do not repeat anything already written and do not mention the interruption.';

export function continuationMessages(
  messages: readonly RequestMessage[],
  partial: string,
): RequestMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: partial },
    { role: 'user', content: CONTINUE_INSTRUCTION },
  ];
}

/** The partial answer a continuation request carries, or null for an ordinary request. */
export function continuationOf(messages: readonly RequestMessage[]): string | null {
  const last = messages.at(-1);
  const previous = messages.at(-2);
  if (last?.role !== 'user' || last.content !== CONTINUE_INSTRUCTION) return null;
  return previous?.role === 'assistant' && typeof previous.content === 'string'
    ? previous.content
    : null;
}

/**
 * Overlaps shorter than this are taken as coincidence, not repetition: a continuation that starts with
 * "e" after a text ending in "e" is probably a new word.
 */
const MIN_OVERLAP = 3;
/** Models repeat at most a sentence or two; looking further back only invites false matches. */
const MAX_OVERLAP = 500;

/**
 * Length of the longest prefix of `head` that is also a suffix of `tail` (≥ MIN_OVERLAP, else 0). A
 * tail shorter than MIN_OVERLAP is a whole answer of one or two characters ("3" of "391"): a
 * continuation that starts with all of it is the model starting over, so that repeat counts too.
 */
export function longestOverlap(tail: string, head: string): number {
  const limit = Math.min(tail.length, head.length, MAX_OVERLAP);
  const shortest = Math.max(1, Math.min(MIN_OVERLAP, tail.length));
  for (let length = limit; length >= shortest; length -= 1) {
    if (tail.endsWith(head.slice(0, length))) return length;
  }
  return 0;
}

export interface OverlapTrimmer {
  /** New continuation text in; what may be shown now out (held back while it could still be a repeat). */
  push(text: string): string;
  /** The continuation ended: release what is still held back. */
  finish(): string;
}

/**
 * Holds the start of a continuation until it is clear how much of it repeats the partial text: either
 * it stops being a substring of the partial text's tail (no longer overlap is possible) or it reaches
 * MAX_OVERLAP characters. From then on text passes straight through.
 */
export function createOverlapTrimmer(partial: string): OverlapTrimmer {
  const tail = partial.slice(-MAX_OVERLAP);
  let held = '';
  let decided = tail.length === 0;
  const decide = (): string => {
    decided = true;
    const overlap = longestOverlap(tail, held);
    const released = held.slice(overlap);
    held = '';
    return released;
  };
  return {
    push(text) {
      if (decided) return text;
      held += text;
      if (held.length >= MAX_OVERLAP || !tail.includes(held)) return decide();
      return '';
    },
    finish() {
      return decided ? '' : decide();
    },
  };
}
