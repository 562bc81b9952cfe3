/**
 * The Markdown pipeline for settled blocks, with its plugin lists and component map at module scope so
 * every render reuses the same identities (a new array each render would defeat memoisation). Settled
 * blocks get math typeset and code highlighted; the streaming tail (StreamingTail.tsx) gets neither.
 */
import type { ComponentProps, ReactNode } from 'react';
import type { Components, ExtraProps, Options, UrlTransform } from 'react-markdown';
import type { ElementContent } from 'hast';
import rehypeKatex, { type Options as KatexOptions } from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { CodeBlock } from './CodeBlock';
import { remarkFootnotesInPlace } from './footnotes';
import { ImagePlaceholder } from './ImagePlaceholder';
import { safeHttpUrl } from './safe-url';
import { SafeLink } from './SafeLink';

/** react-markdown's own plugin-list type, so we need no direct dependency on unified. */
type PluggableList = NonNullable<Options['remarkPlugins']>;

const katexOptions: KatexOptions = {
  // No \href, \url, \includegraphics, \htmlClass and friends from model output.
  trust: false,
  strict: 'ignore',
  // Bounds on what a hostile formula can make KaTeX build: sizes in em, macro expansions.
  maxSize: 20,
  maxExpand: 200,
};

export const settledRemarkPlugins: PluggableList = [remarkGfm, remarkMath, remarkFootnotesInPlace];
// rehype-katex renders a formula that fails to parse as its source in red rather than throwing.
export const settledRehypePlugins: PluggableList = [[rehypeKatex, katexOptions]];

/** Every URL attribute (href, src, cite, …) is emptied unless it is a plain http(s) URL. */
export const safeUrlTransform: UrlTransform = (url) => safeHttpUrl(url) ?? '';

function textOf(nodes: readonly ElementContent[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'element') text += textOf(node.children);
  }
  return text;
}

type PreProps = ComponentProps<'pre'> & ExtraProps;

/** A fenced code block inside a Markdown block (in a list item, say): the same CodeBlock as a fence block. */
function SettledPre({ node, children }: PreProps): ReactNode {
  const code = node?.children.find((child) => child.type === 'element' && child.tagName === 'code');
  if (code?.type !== 'element') return <pre>{children}</pre>;
  const classes = code.properties.className;
  const classList = Array.isArray(classes) ? classes.map(String) : [];
  // Display math that KaTeX could not take over stays as its source.
  if (classList.includes('language-math')) return <pre className="md-math-source">{children}</pre>;
  const info = classList.find((name) => name.startsWith('language-'))?.slice('language-'.length);
  // mdast-util-to-hast ends code with a line break that the fence did not have.
  const text = textOf(code.children).replace(/\n$/, '');
  return <CodeBlock info={info ?? ''} code={text} settled />;
}

export const settledComponents: Components = {
  a: SafeLink,
  img: ImagePlaceholder,
  pre: SettledPre,
};
