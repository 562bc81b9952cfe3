/**
 * Syntax highlighting for settled code blocks. The core build plus the languages models write most: the
 * full bundle registers ~190 grammars, most of which no answer ever needs, and it would all be parsed at
 * start-up.
 */
import hljs from 'highlight.js/lib/core';
import javascript from 'highlight.js/lib/languages/javascript';
import typescript from 'highlight.js/lib/languages/typescript';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import go from 'highlight.js/lib/languages/go';
import rust from 'highlight.js/lib/languages/rust';
import java from 'highlight.js/lib/languages/java';
import kotlin from 'highlight.js/lib/languages/kotlin';
import swift from 'highlight.js/lib/languages/swift';
import cLang from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import php from 'highlight.js/lib/languages/php';
import bash from 'highlight.js/lib/languages/bash';
import shell from 'highlight.js/lib/languages/shell';
import powershell from 'highlight.js/lib/languages/powershell';
import sql from 'highlight.js/lib/languages/sql';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';
import ini from 'highlight.js/lib/languages/ini';
import xml from 'highlight.js/lib/languages/xml';
import css from 'highlight.js/lib/languages/css';
import scss from 'highlight.js/lib/languages/scss';
import less from 'highlight.js/lib/languages/less';
import markdown from 'highlight.js/lib/languages/markdown';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import makefile from 'highlight.js/lib/languages/makefile';
import lua from 'highlight.js/lib/languages/lua';
import rLang from 'highlight.js/lib/languages/r';
import perl from 'highlight.js/lib/languages/perl';
import scala from 'highlight.js/lib/languages/scala';
import dart from 'highlight.js/lib/languages/dart';
import haskell from 'highlight.js/lib/languages/haskell';
import elixir from 'highlight.js/lib/languages/elixir';
import graphql from 'highlight.js/lib/languages/graphql';
import plaintext from 'highlight.js/lib/languages/plaintext';

const languages = {
  javascript,
  typescript,
  python,
  ruby,
  go,
  rust,
  java,
  kotlin,
  swift,
  c: cLang,
  cpp,
  csharp,
  php,
  bash,
  shell,
  powershell,
  sql,
  json,
  yaml,
  ini,
  xml,
  css,
  scss,
  less,
  markdown,
  diff,
  dockerfile,
  makefile,
  lua,
  r: rLang,
  perl,
  scala,
  dart,
  haskell,
  elixir,
  graphql,
  plaintext,
};
for (const [name, grammar] of Object.entries(languages)) hljs.registerLanguage(name, grammar);

/**
 * Highlighting runs in the parse worker, but the page still builds every token's span from its HTML in one
 * go; above this a block is shown plain, because one slow frame is worse than missing colours on a block
 * nobody reads line by line.
 */
export const maxHighlightLength = 20_000;

/**
 * HTML for a code block, or null to show it plain. highlight.js escapes every character of the source
 * (`&`, `<`, `>`, `"`, `'`) and adds only its own `<span class="hljs-…">` wrappers, so the result carries
 * no markup from the model.
 */
export function highlightCode(code: string, highlightId: string | null): string | null {
  if (highlightId === null || highlightId === 'plaintext' || code.length > maxHighlightLength)
    return null;
  if (!hljs.getLanguage(highlightId)) return null;
  return hljs.highlight(code, { language: highlightId, ignoreIllegals: true }).value;
}
