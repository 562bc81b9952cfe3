/**
 * The streaming tail, rendered from marked's lexer instead of the full remark pipeline. The tail is
 * re-parsed on every update, and micromark's per-parse setup plus its careful tokenizer cost ~1-2 ms for
 * a few hundred characters (profiled in the renderer benchmark), most of the update; marked lexes the
 * same text in a fraction of that. The tail is transient: once its block settles it is rendered by the
 * remark pipeline like every other block, so the final DOM never depends on this file.
 *
 * Same rules as settled blocks: raw HTML shows as text, links carry no href while streaming and open
 * only sanitised http(s) URLs, images are placeholders, no highlighting or math yet.
 */
import { createElement, type ReactNode } from 'react';
import { Lexer, type MarkedOptions, type Token, type Tokens } from 'marked';
import { CodeBlock } from './CodeBlock';
import { ImagePlaceholder } from './ImagePlaceholder';
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

function inline(tokens: readonly Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map((token, key) => {
    switch (token.type) {
      case 'text':
        return 'tokens' in token && token.tokens ? (
          <span key={key}>{inline(token.tokens)}</span>
        ) : (
          decode(token.text)
        );
      case 'escape':
        return token.text;
      case 'strong':
        return <strong key={key}>{inline(token.tokens)}</strong>;
      case 'em':
        return <em key={key}>{inline(token.tokens)}</em>;
      case 'del':
        return <del key={key}>{inline(token.tokens)}</del>;
      case 'codespan':
        return <code key={key}>{decode(token.text)}</code>;
      case 'br':
        return <br key={key} />;
      case 'link': {
        const link = token as Tokens.Link;
        return (
          <StreamingLink key={key} href={link.href}>
            {inline(link.tokens)}
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
  });
}

function cells(row: readonly Tokens.TableCell[], tag: 'th' | 'td'): ReactNode {
  return row.map((cell, key) =>
    createElement(tag, { key, align: cell.align ?? undefined }, inline(cell.tokens)),
  );
}

function blocks(tokens: readonly Token[]): ReactNode[] {
  return tokens.map((token, key) => {
    switch (token.type) {
      case 'space':
      case 'def':
        return null;
      case 'heading': {
        const heading = token as Tokens.Heading;
        return createElement(`h${heading.depth}`, { key }, inline(heading.tokens));
      }
      case 'paragraph':
        return <p key={key}>{inline(token.tokens)}</p>;
      case 'text':
        return (
          <span key={key}>
            {'tokens' in token && token.tokens ? inline(token.tokens) : token.text}
          </span>
        );
      case 'code': {
        const code = token as Tokens.Code;
        return <CodeBlock key={key} info={code.lang ?? ''} code={code.text} settled={false} />;
      }
      case 'blockquote':
        return <blockquote key={key}>{blocks((token as Tokens.Blockquote).tokens)}</blockquote>;
      case 'list': {
        const list = token as Tokens.List;
        const items = list.items.map((item, index) => (
          <li key={index}>
            {item.task ? <input type="checkbox" checked={item.checked ?? false} disabled /> : null}
            {blocks(item.tokens.filter((t) => t.type !== 'checkbox'))}
          </li>
        ));
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
              <tr>{cells(table.header, 'th')}</tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>{cells(row, 'td')}</tr>
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
  });
}

export function StreamingTail({ source }: { source: string }): ReactNode {
  return blocks(Lexer.lex(source, lexerOptions));
}
