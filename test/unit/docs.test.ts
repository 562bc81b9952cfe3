/**
 * The documentation points at real things: every file or folder docs/architecture.md names exists, and
 * every relative link in the README and docs/ leads somewhere. A file moved or renamed without its
 * docs fails here instead of leaving a newcomer a path that goes nowhere.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

/** The text outside fenced code blocks (a tree drawn in a code block names folders relative to others). */
const prose = (markdown: string): string => markdown.replace(/^```[\s\S]*?^```/gm, '');

/** Inline code spans that read as a path in the repository: `main/chat/engine.ts`, `tsconfig.json`. */
export function namedPaths(markdown: string): string[] {
  const spans = [...prose(markdown).matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '');
  const looksLikePath = (span: string): boolean =>
    /^[\w@.-]+(\/[\w@.-]+)*\/?$/.test(span) &&
    !span.startsWith('.') &&
    (span.includes('/') || /\.(ts|tsx|json|css|md|mjs|html|yml)$/.test(span));
  return [...new Set(spans.filter(looksLikePath))];
}

/** Relative link targets of `file` (external links and in-page anchors left out), with their anchors. */
function relativeLinks(file: string): Array<{ target: string; anchor: string | null }> {
  const links = [...prose(read(file)).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? '');
  return links
    .filter((link) => !/^[a-z]+:/i.test(link) && !link.startsWith('#'))
    .map((link) => {
      const [target = '', anchor] = link.split('#');
      return { target: path.join(path.dirname(file), target), anchor: anchor ?? null };
    });
}

/** The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces to -. */
export const headingAnchors = (markdown: string): string[] =>
  [...prose(markdown).matchAll(/^#{1,6} (.+)$/gm)].map((match) =>
    (match[1] ?? '')
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-'),
  );

const markdownUnder = (dir: string): string[] =>
  readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join(dir, name));

describe('docs/architecture.md', () => {
  const doc = read('docs/architecture.md');

  it('names files that exist', () => {
    const named = namedPaths(doc);
    // The three paths alone name dozens of files; an empty list means the extraction broke.
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((file) => !existsSync(path.join(root, file)))).toEqual([]);
  });

  it('has the sections a newcomer looks for', () => {
    for (const heading of [
      '## Rooms and their jobs',
      '## One stream event, from socket to paint',
      '## One history write',
      '## One IPC call',
      '## Who owns pacing',
      '### An IPC channel',
      '### A history method',
      '### A history migration',
      '### A setting',
      '### A test',
    ]) {
      expect(doc).toContain(`\n${heading}\n`);
    }
  });

  it('names the three layers that pace a stream', () => {
    const pacing = doc.slice(doc.indexOf('## Who owns pacing'));
    for (const file of [
      'main/chat/coalescer.ts',
      'main/streams/shown-gate.ts',
      'renderer/src/store/stream-buffer.ts',
    ]) {
      expect(pacing).toContain(`\`${file}\``);
    }
  });
});

describe('namedPaths', () => {
  it('takes paths from inline code and leaves out code blocks, globals and commands', () => {
    const markdown = [
      'See `main/chat/engine.ts`, `tsconfig.json` and `test/web-e2e/screenshots/`.',
      'Not `window.runnel.chat`, `.md-streaming`, `app://runnel`, `npx vitest run test/unit/x`.',
      '```',
      'main/   `renderer/only-in-a-block.ts`',
      '```',
    ].join('\n');
    expect(namedPaths(markdown)).toEqual([
      'main/chat/engine.ts',
      'tsconfig.json',
      'test/web-e2e/screenshots/',
    ]);
  });
});

describe('headingAnchors', () => {
  it('makes the anchors GitHub makes', () => {
    expect(
      headingAnchors('# Performance: how Runnel is measured\n### The 10k Markdown answer'),
    ).toEqual(['performance-how-runnel-is-measured', 'the-10k-markdown-answer']);
  });
});

describe('links in the README and docs/', () => {
  const files = ['README.md', ...markdownUnder('docs')];

  it.each(files)('%s links only to files and headings that exist', (file) => {
    const broken = relativeLinks(file).filter(({ target, anchor }) => {
      if (!existsSync(path.join(root, target))) return true;
      return anchor !== null && !headingAnchors(read(target)).includes(anchor);
    });
    expect(broken).toEqual([]);
  });

  it('docs/decisions/README.md lists every decision', () => {
    const index = read('docs/decisions/README.md');
    const decisions = readdirSync(path.join(root, 'docs/decisions')).filter(
      (name) => name !== 'README.md',
    );
    expect(decisions.length).toBeGreaterThan(10);
    expect(decisions.filter((name) => !index.includes(`(${name})`))).toEqual([]);
  });
});

describe('the README', () => {
  const readme = read('README.md');

  it('opens with the two commands', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toMatch(/^npm install && npm start +# /m);
    expect(firstBlock).toMatch(/^npm test +# /m);
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
  });

  // The benchmark table is generated and grows a row with each benchmark; the words around it are what
  // a reader reads through, and those stay near 150 lines.
  // The generated benchmark table grows a row with each benchmark: it lives in docs/performance.md.
  it('is short enough to read: at most 160 lines, the benchmark table in docs/', () => {
    expect(readme).not.toContain('<!-- bench-table:start -->');
    expect(read('docs/performance.md')).toContain('<!-- bench-table:start -->');
    expect(readme.split('\n').length).toBeLessThanOrEqual(160);
  });

  it.each(['README.md', ...markdownUnder('docs')])('%s is written without "I"', (file) => {
    expect(prose(read(file)).match(/(^|[^\w`'])I('m|'ve|\b)(?![-.`/])/gm)).toBeNull();
  });
});
