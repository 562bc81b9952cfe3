/**
 * Answers built to make Markdown parsers slow or overflow their stack (issue 22, items 9 and 10), each
 * about `length` characters: long emphasis runs, deep nesting, long link and table rows, many backticks.
 * The unit tests, the web e2e and the renderer benchmark use the same set.
 */

/** `unit` repeated to exactly `length` characters. */
const repeat = (unit: string, length: number): string =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Lines of `unit` repeated, `width` characters each, with no blank line: one paragraph. */
const lines = (unit: string, length: number, width = 80): string =>
  Array.from({ length: Math.ceil(length / (width + 1)) }, () => repeat(unit, width)).join('\n');

export function hostileAnswers(length = 50_000): Record<string, string> {
  const levels = Math.floor(Math.sqrt(length));
  const nested = Math.floor(length / 8);
  return {
    'underscore run (_a_a…)': repeat('_a', length),
    'star run (*a*a…)': repeat('*a', length),
    'star run in one paragraph of short lines': lines('*a', length),
    'block quote markers (>>>… x)': `${'>'.repeat(3000)} x`,
    'block quote markers, one more a line': Array.from(
      { length: levels },
      (_, i) => `${'>'.repeat(i + 1)} x`,
    ).join('\n'),
    'nested list levels by indentation': Array.from(
      { length: levels },
      (_, i) => `${' '.repeat(2 * i)}- x`,
    ).join('\n'),
    'list markers on one line (- - - … x)': `${repeat('- ', length - 1)}x`,
    'ordered list markers on one line': `${repeat('1. ', length - 1)}x`,
    'nested emphasis': `${'*a '.repeat(nested / 3)}b${' a*'.repeat(nested / 3)}`,
    'nested strikethrough': `${'~~a '.repeat(nested / 4)}b${' a~~'.repeat(nested / 4)}`,
    'nested images': `${'!['.repeat(nested / 2)}a${'](x)'.repeat(nested / 4)}`,
    'unclosed brackets ([a[a…)': repeat('[a', length),
    'long link row': repeat('[link](https://example.com/a_b) ', length),
    'link with a long text': `[${repeat('word *a* ', length - 40)}](https://example.com/)`,
    'wide table row': [
      repeat('| a ', length / 3),
      repeat('| - ', length / 3),
      repeat('| *x* ', length / 3),
    ].join('\n'),
    'many backticks': repeat('`a', length),
    'backtick runs of every length': Array.from(
      { length: levels },
      (_, i) => `${'`'.repeat(i + 1)}a`,
    ).join(' '),
  };
}
