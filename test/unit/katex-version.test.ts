/**
 * Math is laid out by the katex that rehype-katex imports and styled by the katex CSS that markdown.css
 * imports. Two versions means the HTML of one and the font metrics of the other: one katex, everywhere.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function katexVersionSeenFrom(fromDir: string): string {
  const requireFrom = createRequire(path.join(fromDir, 'package.json'));
  const manifest = requireFrom.resolve('katex/package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

describe('katex', () => {
  const declared = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    }
  ).devDependencies.katex;

  it('is locked at one version, the one the CSS comes from', () => {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string }>;
    };
    const copies = Object.entries(lock.packages)
      .filter(([key]) => key === 'node_modules/katex' || key.endsWith('/node_modules/katex'))
      .map(([key, entry]) => `${key}@${entry.version}`);
    expect(copies).toEqual([`node_modules/katex@${declared}`]);
  });

  it('is the same installed copy for rehype-katex, remark-math and the stylesheet', () => {
    const fromRoot = katexVersionSeenFrom(root);
    expect(fromRoot).toBe(declared);
    for (const dependent of ['rehype-katex', 'micromark-extension-math']) {
      expect(katexVersionSeenFrom(path.join(root, 'node_modules', dependent)), dependent).toBe(
        fromRoot,
      );
    }
  });
});
