import { describe, expect, it } from 'vitest';
import {
  CONTINUE_INSTRUCTION,
  continuationMessages,
  continuationOf,
  createOverlapTrimmer,
  longestOverlap,
} from '../../../../main/chat/resume';

/** Feeds a continuation in small pieces, as a stream would, and returns what gets shown. */
function trimmed(partial: string, continuation: string, pieceSize = 3): string {
  const trimmer = createOverlapTrimmer(partial);
  let shown = '';
  for (let index = 0; index < continuation.length; index += pieceSize) {
    shown += trimmer.push(continuation.slice(index, index + pieceSize));
  }
  return shown + trimmer.finish();
}

describe('resume', () => {
  it('asks for the rest with the partial answer as the last assistant message', () => {
    const messages = continuationMessages([{ role: 'user', content: 'Q' }], 'Half an ans');
    expect(messages).toEqual([
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'Half an ans' },
      { role: 'user', content: CONTINUE_INSTRUCTION },
    ]);
    expect(continuationOf(messages)).toBe('Half an ans');
    expect(continuationOf([{ role: 'user', content: 'Q' }])).toBeNull();
  });

  it('finds the longest repeat at the seam, ignoring coincidences under three characters', () => {
    expect(longestOverlap('the river bends', 'river bends south')).toBe('river bends'.length);
    expect(longestOverlap('Hello wor', 'world')).toBe(3);
    expect(longestOverlap('one', 'e two')).toBe(0);
    expect(longestOverlap('abc', 'xyz')).toBe(0);
  });

  it('drops what the continuation repeats and keeps the rest, in any piece size', () => {
    const partial = 'Rivers carry water from high ground to the sea. Along the';
    const full = `${partial} way they cut valleys.`;
    for (const size of [1, 2, 5, 100]) {
      expect(partial + trimmed(partial, 'to the sea. Along the way they cut valleys.', size)).toBe(
        full,
      );
      expect(partial + trimmed(partial, ' way they cut valleys.', size)).toBe(full);
    }
  });

  it('lets text through as soon as it cannot be a repeat', () => {
    const trimmer = createOverlapTrimmer('The end of a sentence');
    expect(trimmer.push('Zebras')).toBe('Zebras');
    expect(trimmer.push(' run')).toBe(' run');
  });

  it('drops a restart of an answer only one or two characters long (replay: Mistral cut after "3")', () => {
    for (const size of [1, 2, 5]) {
      expect(`3${trimmed('3', '391', size)}`).toBe('391');
      expect(`3${trimmed('3', '91', size)}`).toBe('391');
      expect(`Hi${trimmed('Hi', 'Hi there', size)}`).toBe('Hi there');
      expect(`Hi${trimmed('Hi', ' there', size)}`).toBe('Hi there');
    }
    expect(longestOverlap('G', 'Grok')).toBe(1);
    expect(longestOverlap('G', 'rok')).toBe(0);
  });

  it('releases held text when the continuation ends while still ambiguous', () => {
    const trimmer = createOverlapTrimmer('abc def');
    expect(trimmer.push('de')).toBe('');
    expect(trimmer.finish()).toBe('de');
  });
});
