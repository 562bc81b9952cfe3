/**
 * The streaming tail, rendered from marked's lexer instead of the full remark pipeline. The tail is
 * re-parsed on every update, and micromark's per-parse setup plus its careful tokenizer cost ~1-2 ms for
 * a few hundred characters (profiled in the renderer benchmark), most of the update; marked lexes the
 * same text in a fraction of that. The tail is transient: once its block settles it is rendered by the
 * remark pipeline like every other block, so the final DOM never depends on this file.
 *
 * Between two updates only the end of the tail changes, so each token's element is kept by its position
 * and source: a token that reads as it did last time gives React the very same element, which it skips
 * without rendering or diffing (the renderer benchmark's update then re-renders one line, not a block).
 *
 * Same rules as settled blocks: raw HTML shows as text, links carry no href while streaming and open
 * only sanitised http(s) URLs, images are placeholders, no highlighting or math yet.
 *
 * This runs on the UI thread, so hostile text is bounded first: nesting past the limit is escaped
 * (nesting-limit.ts), and a tail past the UI thread's parse budget (parse-budget.ts) is shown as plain
 * text rather than lexed. As a last guard, a tail that took longer than `slowLexMs` to lex twice in a row
 * stays plain text while it grows: lexing cost grows with the text, so the next update would cost more.
 */
import { createElement, useState, type ReactNode } from 'react';
import { Lexer, type MarkedOptions, type Token, type Tokens } from 'marked';
import { CodeBlock } from './CodeBlock';
import { ImagePlaceholder } from './ImagePlaceholder';
import { limitNesting } from './nesting-limit';
import { uiThreadBudget, withinParseBudget } from './parse-budget';
import { PlainText } from './PlainText';
import { StreamingLink } from './SafeLink';

const lexerOptions: MarkedOptions = { gfm: true, breaks: false };

const entities: Readonly<Record<string, string>> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': '\u00a0',
};

/** marked leaves text as written; show the common character references as the characters they name. */
const decode = (text: string): string =>
  text.includes('&')
    ? text.replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) => entities[e] ?? e)
    : text;

/** The elements of the previous render and of this one, by position and source. */
interface Reuse {
  previous: ReadonlyMap<string, ReactNode>;
  next: Map<string, ReactNode>;
}

/**
 * The element a token had last render if it is the same kind of token with the same source at the same
 * place, else a new one. The kind is part of it because a later line can change how the same text
 * parses (a blank line makes a whole list loose).
 */
function kept(
  reuse: Reuse,
  path: string,
  kind: string,
  raw: string,
  make: () => ReactNode,
): ReactNode {
  const id = `${path}:${kind}:${raw}`;
  const element = reuse.previous.get(id) ?? make();
  reuse.next.set(id, element);
  return element;
}

function inline(tokens: readonly Token[] | undefined, reuse: Reuse, path: string): ReactNode[] {
  return (tokens ?? []).map((token, key) => {
    const at = `${path}.${key}`;
    return kept(reuse, at, token.type, token.raw, () => inlineToken(token, key, reuse, at));
  });
}

function inlineToken(token: Token, key: number, reuse: Reuse, at: string): ReactNode {
  switch (token.type) {
    case 'text':
      return 'tokens' in token && token.tokens ? (
        <span key={key}>{inline(token.tokens, reuse, at)}</span>
      ) : (
        decode(token.text)
      );
    case 'escape':
      return token.text;
    case 'strong':
      return <strong key={key}>{inline(token.tokens, reuse, at)}</strong>;
    case 'em':
      return <em key={key}>{inline(token.tokens, reuse, at)}</em>;
    case 'del':
      return <del key={key}>{inline(token.tokens, reuse, at)}</del>;
    case 'codespan':
      return <code key={key}>{decode(token.text)}</code>;
    case 'br':
      return <br key={key} />;
    case 'link': {
      const link = token as Tokens.Link;
      return (
        <StreamingLink key={key} href={link.href}>
          {inline(link.tokens, reuse, at)}
        </StreamingLink>
      );
    }
    case 'image': {
      const image = token as Tokens.Image;
      return <ImagePlaceholder key={key} src={image.href} alt={image.text} />;
    }
    default:
      // html and anything unknown: the text as written.
      return token.raw;
  }
}

function cells(
  row: readonly Tokens.TableCell[],
  tag: 'th' | 'td',
  reuse: Reuse,
  path: string,
): ReactNode {
  return row.map((cell, key) =>
    createElement(
      tag,
      { key, align: cell.align ?? undefined },
      inline(cell.tokens, reuse, `${path}.${key}`),
    ),
  );
}

function blocks(tokens: readonly Token[], reuse: Reuse, path: string): ReactNode[] {
  return tokens.map((token, key) => {
    const at = `${path}/${key}`;
    return kept(reuse, at, token.type, token.raw, () => block(token, key, reuse, at));
  });
}

function block(token: Token, key: number, reuse: Reuse, at: string): ReactNode {
  switch (token.type) {
    case 'space':
    case 'def':
      return null;
    case 'heading': {
      const heading = token as Tokens.Heading;
      return createElement(`h${heading.depth}`, { key }, inline(heading.tokens, reuse, at));
    }
    case 'paragraph':
      return <p key={key}>{inline(token.tokens, reuse, at)}</p>;
    case 'text':
      return (
        <span key={key}>
          {'tokens' in token && token.tokens ? inline(token.tokens, reuse, at) : token.text}
        </span>
      );
    case 'code': {
      const code = token as Tokens.Code;
      return <CodeBlock key={key} info={code.lang ?? ''} code={code.text} settled={false} />;
    }
    case 'blockquote':
      return (
        <blockquote key={key}>{blocks((token as Tokens.Blockquote).tokens, reuse, at)}</blockquote>
      );
    case 'list': {
      const list = token as Tokens.List;
      const items = list.items.map((item, index) =>
        kept(reuse, `${at}-${index}`, list.loose ? 'loose' : 'tight', item.raw, () => (
          <li key={index} className={item.task ? 'task-list-item' : undefined}>
            {item.task ? <input type="checkbox" checked={item.checked ?? false} disabled /> : null}
            {blocks(
              item.tokens.filter((t) => t.type !== 'checkbox'),
              reuse,
              `${at}-${index}`,
            )}
          </li>
        )),
      );
      return list.ordered ? (
        <ol key={key} start={typeof list.start === 'number' ? list.start : undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table': {
      const table = token as Tokens.Table;
      return (
        <table key={key}>
          <thead>
            <tr>{cells(table.header, 'th', reuse, `${at}h`)}</tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index}>{cells(row, 'td', reuse, `${at}r${index}`)}</tr>
            ))}
          </tbody>
        </table>
      );
    }
    case 'hr':
      return <hr key={key} />;
    default:
      // Block HTML and anything unknown: the text as written, never markup.
      return <p key={key}>{token.raw}</p>;
  }
}

/**
 * Two lexes in a row that take longer than this are not repeated while the tail grows. Ordinary tails lex
 * in well under a millisecond once warm, and in 16-26 ms cold (the first frames of a page's first answer);
 * one slow lex can be a garbage collection or a busy machine, two in a row are the text.
 */
export const slowLexMs = 40;

/**
 * Remembers one render's elements for the next; an optimisation only, as elements depend on nothing else.
 * Also remembers a tail that was slow to lex, so that it stays plain text while it grows.
 */
export class ElementMemory {
  private previous: ReadonlyMap<string, ReactNode> = new Map();
  private definitions = '{}';
  private slow: string | null = null;
  private slowLexes = 0;

  /** The tail's elements, or null: show it as plain text (past the budget, or slow to lex). */
  render(source: string): ReactNode[] | null {
    if (this.slow !== null && source.startsWith(this.slow)) return null;
    if (this.slow !== null) this.slowLexes = 0;
    this.slow = null;
    if (!withinParseBudget(source, uiThreadBudget)) return null;
    const started = performance.now();
    const tokens = Lexer.lex(limitNesting(source), lexerOptions);
    // A new reference definition can turn text anywhere in the tail into a link: start afresh.
    const definitions = JSON.stringify(tokens.links);
    const previous =
      definitions === this.definitions ? this.previous : new Map<string, ReactNode>();
    const reuse: Reuse = { previous, next: new Map() };
    const elements = blocks(tokens, reuse, '');
    this.previous = reuse.next;
    this.definitions = definitions;
    this.slowLexes = performance.now() - started > slowLexMs ? this.slowLexes + 1 : 0;
    if (this.slowLexes >= 2) this.slow = source;
    return elements;
  }
}

/**
 * A short answer that uses every rule of the lexer. Its prefixes, 40 characters apart, also meet the
 * partial forms a streaming tail shows (an emphasis, fence or table still open).
 */
const warmUpSample = [
  '# Heading\n\nSetext heading\n---\n\nA *paragraph* with **strong**, ~~struck~~, `code`, a [link](https://example.com "t"),',
  ' ![image](https://example.com/a.png), <https://example.com>, a\\* escape, &amp; and a break  \nhere.\n\n',
  '- item\n- [x] task\n  - nested *item*\n\n1. first\n2. second\n\n> quote with `code`\n\n',
  '```ts\nconst x = 1;\n```\n\n| a | b |\n| :-- | --: |\n| 1 | 2 |\n\n***\n\n<div>html</div>\n\n[ref]: https://example.com\n',
].join('');

/**
 * marked compiles each rule's regular expression the first time it runs, and V8 its code, so a page's
 * first answer paid for it in its first frames (in Chromium the first 40 of 400 windows along an answer
 * lexed in 16-26 ms, the last 40 in under 1 ms). Rendering the sample's prefixes while the page is idle
 * moves most of that out of the answer: lexing during the renderer benchmark's 10k stream went from
 * 51-62 ms to 36-45 ms. Each page's entry point calls this once it has started.
 */
export function warmUpStreamingTail(): void {
  let memory = new ElementMemory();
  let end = 0;
  // As much as each idle period has room for: all at once took 30-55 ms, a long task at start-up.
  const next = (deadline: IdleDeadline): void => {
    do {
      end = Math.min(warmUpSample.length, end + 40);
      // A busy machine can make a cold lex slow enough that the memory stops lexing: start a new one.
      if (memory.render(warmUpSample.slice(0, end)) === null) memory = new ElementMemory();
    } while (end < warmUpSample.length && deadline.timeRemaining() > 0);
    if (end < warmUpSample.length) requestIdleCallback(next);
  };
  requestIdleCallback(next);
}

interface StreamingTailProps {
  /** The block as marked reads it. */
  source: string;
  /** The block as written: what shows if it is shown as plain text. */
  text: string;
  /** Show it as plain text without lexing (the parse worker declined or gave up on it). */
  plain?: boolean;
}

export function StreamingTail({ source, text, plain = false }: StreamingTailProps): ReactNode {
  const [memory] = useState(() => new ElementMemory());
  return (plain ? null : memory.render(source)) ?? <PlainText text={text} />;
}
