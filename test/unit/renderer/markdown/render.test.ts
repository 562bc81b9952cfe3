/**
 * What MessageMarkdown puts in the page for hostile and ordinary answers, rendered to static markup in
 * Node: which elements and attributes exist, which URLs survive, what stays plain while streaming.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { pageSize } from '../../../../renderer/src/markdown/BlockPage';
import { MessageMarkdown } from '../../../../renderer/src/markdown/MessageMarkdown';

const render = (text: string, streaming = false): string =>
  renderToStaticMarkup(
    createElement(MessageMarkdown, { text, streaming, onOpenLink: () => undefined }),
  );

/** Elements our renderer, GFM and KaTeX produce; anything else came from the model. */
const allowedTags = new Set(
  (
    'div p span a code pre button ul ol li table thead tbody tr th td blockquote h1 h2 h3 h4 h5 h6 ' +
    'strong em del hr br sup input section ' +
    // KaTeX's MathML and HTML output.
    'math semantics mrow mi mo mn msup msub msubsup mfrac msqrt mroot mtext mspace mstyle mpadded ' +
    'mover munder munderover mtable mtr mtd annotation menclose svg path line'
  ).split(' '),
);
const allowedAttributes = new Set(
  'class mathcolor href title rel type disabled checked start align style aria-hidden aria-label xmlns display encoding width height viewBox preserveAspectRatio d x1 y1 x2 y2 stroke-width mathvariant stretchy fence separator lspace rspace accent accentunder columnalign rowspacing columnspacing scriptlevel displaystyle minsize maxsize'.split(
    ' ',
  ),
);

function checkMarkup(html: string): void {
  for (const [, tag] of html.matchAll(/<([a-zA-Z][\w-]*)/g)) {
    expect(allowedTags, `tag <${tag}>`).toContain(tag?.toLowerCase());
  }
  for (const [, attribute] of html.matchAll(/\s([a-zA-Z-:]+)=["']/g)) {
    expect(allowedAttributes, `attribute ${attribute}`).toContain(attribute);
  }
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
    expect(href).toMatch(/^https?:\/\//);
  }
  expect(html).not.toMatch(
    /<(img|script|iframe|object|embed|style|link|meta|base|form|svg\s+onload)/i,
  );
}

/** Raw-HTML vectors from OWASP's XSS Filter Evasion Cheat Sheet and the app issue's list. */
const htmlVectors = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>',
  '<img src=x onerror="alert(1)">',
  '<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>',
  '<svg/onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<BODY ONLOAD=alert(1)>',
  '<div style="background-image: url(javascript:alert(1))">x</div>',
  '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1);">',
  '<!--[if gte IE 4]><SCRIPT>alert(1);</SCRIPT><![endif]-->',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  'text <b onmouseover=alert(1)>bold</b> more',
];

const linkVectors = [
  '[x](javascript:alert(1))',
  '[x](JaVaScRiPt:alert(1))',
  '[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))',
  '[x](&#x6A;avascript:alert(1))',
  '[x](java&#x09;script:alert(1))',
  '[x](<java\tscript:alert(1)>)',
  '[x](%6Aavascript:alert(1))',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[x](file:///etc/passwd)',
  '[x][ref]\n\n[ref]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)',
  '$\\href{javascript:alert(1)}{x}$',
  '$$\\url{javascript:alert(1)}$$',
  '$\\htmlClass{x}{y}\\includegraphics{https://evil.example/a.png}$',
];

describe('MessageMarkdown with hostile input', () => {
  it.each(htmlVectors)('renders raw HTML as text: %s', (vector) => {
    for (const streaming of [false, true]) {
      const html = render(`Before\n\n${vector}\n\nafter`, streaming);
      checkMarkup(html);
    }
  });

  it.each(linkVectors)('makes no unsafe link or image: %s', (vector) => {
    for (const streaming of [false, true]) {
      const html = render(vector, streaming);
      checkMarkup(html);
      expect(html).not.toMatch(/(href|src)="(?!https?:)/);
    }
  });

  it('links http(s) with the parsed URL and never loads images', () => {
    const html = render(
      '[docs](HTTPS://Example.com/a) and ![chart](https://img.example/c.png "t")',
    );
    expect(html).toContain('<a href="https://example.com/a"');
    expect(html).toContain('Image from img.example — open in browser');
    checkMarkup(html);
  });

  it('autolinks bare URLs as GFM does', () => {
    expect(render('see https://example.com/x and www.example.org')).toContain(
      'href="https://example.com/x"',
    );
  });

  it('shows a fence info string only as a sanitised label', () => {
    const html = render('```js" onclick="alert(1)\nconst a = "<img src=x onerror=alert(1)>";\n```');
    checkMarkup(html);
    expect(html).not.toContain('onclick');
    const odd = render('```<script>alert(1)</script>\nx\n```');
    expect(odd).toContain('<span class="md-code-language">code</span>');
    checkMarkup(odd);
  });
});

describe('MessageMarkdown rendering', () => {
  it('renders GFM: tables, task lists, strikethrough', () => {
    const html = render('| a | b |\n| - | - |\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<del>old</del>');
  });

  it('marks task items with one class, settled and streaming, for the stylesheet', () => {
    const html = render('- [x] done\n- [ ] todo\n- plain');
    expect(html.match(/<li class="task-list-item">/g)?.length).toBe(2);
    // Still streaming, the item is the tail.
    expect(render('- [ ] to', true)).toContain('<li class="task-list-item">');
  });

  it('highlights a settled code block, with a label and a copy button', () => {
    const html = render('```ts\nconst a: number = 1;\n```');
    expect(html).toContain('class="hljs language-typescript"');
    expect(html).toContain('hljs-keyword');
    expect(html).toContain('<span class="md-code-language">ts</span>');
    expect(html).toContain('Copy</button>');
  });

  it('leaves a streaming fence plain, and typesets math only once settled', () => {
    const streaming = render('```ts\nconst a: number = 1;\n', true);
    expect(streaming).not.toContain('hljs-keyword');
    expect(render('Euler: $e^{i\\pi}+1=0$\n\nnext\n')).toContain('class="katex"');
    expect(render('Euler: $e^{i\\pi}+1=0$', true)).not.toContain('class="katex"');
  });

  it('shows footnotes defined in another block', () => {
    const html = render('A claim[^1].\n\nMore text.\n\n[^1]: The source.');
    expect(html).toContain('<sup class="md-footnote-ref">1</sup>');
    expect(html).toContain('The source.');
    expect(html).not.toContain('runnel-footnote-stub');
  });

  it('groups settled blocks into pages, only full pages marked for skipping', () => {
    const text = Array.from({ length: 70 }, (_, i) => `Paragraph ${i}.`).join('\n\n');
    const html = render(text);
    expect(html.match(/class="md-page md-page-full"/g)?.length).toBe(Math.floor(70 / pageSize));
    expect(html.match(/class="md-page"/g)?.length).toBe(1);
    expect(html.match(/<p>/g)?.length).toBe(70);
  });

  it('marks a page that starts inside a list, so the list reads on without a gap', () => {
    const items = Array.from({ length: pageSize + 4 }, (_, i) => `- item ${i}`).join('\n');
    const html = render(`Intro.\n\n${items}\n\nAfter.`);
    expect(html.match(/md-page-in-list/g)?.length).toBe(1);
    const paragraphs = Array.from({ length: pageSize + 4 }, (_, i) => `Para ${i}.`).join('\n\n');
    expect(render(paragraphs)).not.toContain('md-page-in-list');
  });

  it('renders a huge single line in pieces that read as one paragraph', () => {
    const line = `# not a heading ${'{"a":[1,2],"b":"- x"},'.repeat(1000)}`;
    const html = render(line);
    expect(html.match(/class="md-block md-piece[^"]*"/g)?.length).toBeGreaterThan(5);
    expect(html.match(/<h1>/g)?.length).toBe(1);
    expect(html).not.toMatch(/<(ul|ol|h2|blockquote)/);
  });

  it('loses no space where a long line of words is cut into pieces', () => {
    const line = Array.from({ length: 1500 }, (_, index) => `word${index % 97}`).join(' ');
    const html = render(line);
    expect(html.match(/md-continued/g)?.length).toBeGreaterThan(2);
    const text = html
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .trim();
    expect(text).toBe(line);
  });
});
