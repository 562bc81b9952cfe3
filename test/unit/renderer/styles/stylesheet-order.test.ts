/**
 * The stylesheets are one per room of the UI, imported by the entry points in cascade order (a later
 * sheet may refine an earlier one's rules). The build puts the sheets both windows import into one shared
 * file, so the two windows must agree on their order, or one of them would get a cascade it was never
 * checked with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../../..');
const stylesDir = path.join(root, 'renderer/src/styles');

/** The sheets of renderer/src/styles an entry imports, in its order. */
const sheetsImportedBy = (entry: string): string[] =>
  [
    ...readFileSync(path.join(root, entry), 'utf8').matchAll(
      /^import '(?:\.\.?\/)+styles\/([\w-]+\.css)';$/gm,
    ),
  ].map((match) => match[1]!);

const chatWindow = sheetsImportedBy('renderer/src/main.tsx');
const quickAsk = sheetsImportedBy('renderer/src/quick-ask/main.tsx');

describe('stylesheet order', () => {
  it('has the chat window import every sheet in styles/, once, theme first', () => {
    const sheets = readdirSync(stylesDir).filter((name) => name.endsWith('.css'));
    expect([...chatWindow].sort()).toEqual([...sheets].sort());
    expect(new Set(chatWindow).size).toBe(chatWindow.length);
    expect(chatWindow[0]).toBe('theme.css');
  });

  it("has quick ask import its sheets in the chat window's order", () => {
    expect(quickAsk.length).toBeGreaterThan(1);
    expect(quickAsk[0]).toBe('theme.css');
    const positions = quickAsk.map((sheet) => chatWindow.indexOf(sheet));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });
});
