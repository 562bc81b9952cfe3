import { describe, expect, it } from 'vitest';
import { cleanModelTitle, titlePrompt } from '../../../../renderer/src/titles/title-text';
import { titleFrom } from '../../../../renderer/src/store/conversation-request';

describe('cleanModelTitle', () => {
  it('takes the first line and strips quotes, "Title:", Markdown and the full stop', () => {
    expect(cleanModelTitle('"Kyoto in Spring"')).toBe('Kyoto in Spring');
    expect(cleanModelTitle('Title: Sine wave plot.')).toBe('Sine wave plot');
    expect(cleanModelTitle('**Rivers by length**\n\nSome explanation')).toBe('Rivers by length');
    expect(cleanModelTitle('## Recursion explained')).toBe('Recursion explained');
    expect(cleanModelTitle('\n\n  “递归的解释”。\n')).toBe('递归的解释');
    expect(cleanModelTitle('<think>hmm, a title</think>\nSorting in Rust')).toBe('Sorting in Rust');
  });

  it('rejects what is not a title, so the first words of the question stay', () => {
    expect(cleanModelTitle('')).toBeNull();
    expect(cleanModelTitle('   \n  ')).toBeNull();
    expect(cleanModelTitle('""')).toBeNull();
    expect(cleanModelTitle(`Sure! ${'here is a long answer '.repeat(5)}`)).toBeNull();
  });
});

describe('titlePrompt', () => {
  it('is one user message carrying a bounded excerpt of the exchange', () => {
    const messages = titlePrompt('What is a monad?', 'x'.repeat(5_000));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.role).toBe('user');
    expect(messages[0]?.content).toContain('Question: What is a monad?');
    expect(messages[0]?.content.length).toBeLessThan(1_000);
  });
});

describe('the fallback title (first words of the question)', () => {
  it('is the question on one line, cut at a word near 60 characters', () => {
    expect(titleFrom('  How do\nrivers   form?  ')).toBe('How do rivers form?');
    const long = titleFrom(
      'Please explain in detail how the longest rivers of the world were measured over time',
    );
    expect(long.endsWith('…')).toBe(true);
    expect(long.length).toBeLessThanOrEqual(61);
    expect(titleFrom('   ')).toBe('New chat');
  });
});
