/**
 * The Markdown pipelines and component maps, at module scope so every render reuses the same identities
 * (react-markdown rebuilds its processor from them, and a new array each render would also defeat memo).
 *
 * Settled blocks get math typeset and code highlighted; the streaming tail gets neither: math shows as its
 * source and code plain until the block settles, so no expensive or layout-shifting work is repeated on
 * every update.
 */
import type { ComponentProps, ReactNode } from 'react';
import type { Components, ExtraProps, UrlTransform } from 'react-markdown';
import type { PluggableList } from 'unified';
import type { ElementContent } from 'hast';
import rehypeKatex, { type Options as KatexOptions } from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { CodeBlock } from './CodeBlock';
import { remarkFootnotesInPlace } from './footnotes';
import { ImagePlaceholder } from './ImagePlaceholder';
import { safeHttpUrl } from './safe-url';
import { SafeLink, StreamingLink } from './SafeLink';

const katexOptions: KatexOptions = {
  // No \href, \url, \includegraphics, \htmlClass and friends from model output.
  trust: false,
  strict: 'ignore',
  // Bounds on what a hostile formula can make KaTeX build: sizes in em, macro expansions.
  maxSize: 20,
  maxExpand: 200,
};

export const streamingRemarkPlugins: PluggableList = [
  remarkGfm,
  remarkMath,
  remarkFootnotesInPlace,
];
export const settledRemarkPlugins = streamingRemarkPlugins;
export const streamingRehypePlugins: PluggableList = [];
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

function preBlock({ node, children }: PreProps, settled: boolean): ReactNode {
  const code = node?.children.find((child) => child.type === 'element' && child.tagName === 'code');
  if (code?.type !== 'element') return <pre>{children}</pre>;
  const classes = code.properties.className;
  const classList = Array.isArray(classes) ? classes.map(String) : [];
  // Display math in a streaming block: its source, until the block settles and KaTeX typesets it.
  if (classList.includes('language-math')) return <pre className="md-math-source">{children}</pre>;
  const info = classList.find((name) => name.startsWith('language-'))?.slice('language-'.length);
  // mdast-util-to-hast ends code with a line break that the fence did not have.
  const text = textOf(code.children).replace(/\n$/, '');
  return <CodeBlock info={info ?? ''} code={text} settled={settled} />;
}

const SettledPre = (props: PreProps): ReactNode => preBlock(props, true);
const StreamingPre = (props: PreProps): ReactNode => preBlock(props, false);

export const settledComponents: Components = {
  a: SafeLink,
  img: ImagePlaceholder,
  pre: SettledPre,
};
export const streamingComponents: Components = {
  a: StreamingLink,
  img: ImagePlaceholder,
  pre: StreamingPre,
};
