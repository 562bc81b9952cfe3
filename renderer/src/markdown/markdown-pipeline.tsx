/**
 * How a settled block's hast tree (settled-tree.ts) becomes React elements: the component map at module
 * scope, so every render reuses the same identities. Settled blocks get code highlighted (math was typeset
 * with the tree); the streaming tail (StreamingTail.tsx) gets neither.
 */
import type { ComponentProps, ReactNode } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import type { ElementContent, Root } from 'hast';
import { toJsxRuntime, type Components, type ExtraProps } from 'hast-util-to-jsx-runtime';
import { CodeBlock } from './CodeBlock';
import { ImagePlaceholder } from './ImagePlaceholder';
import { SafeLink } from './SafeLink';

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

const settledComponents: Partial<Components> = {
  a: SafeLink,
  img: ImagePlaceholder,
  pre: SettledPre,
};

/** As react-markdown renders its tree: keys, and the hast node passed to components. */
export const settledElements = (tree: Root): ReactNode =>
  toJsxRuntime(tree, {
    Fragment,
    jsx,
    jsxs,
    components: settledComponents,
    ignoreInvalidStyle: true,
    passKeys: true,
    passNode: true,
  });
