/**
 * A settled block's Markdown to a hast tree that is safe to render: the pipeline react-markdown runs
 * (remark-parse, GFM, math, footnotes in place, remark-rehype, KaTeX) and its post-processing, done here
 * so it can run off the UI thread: raw HTML becomes text, and every URL attribute is emptied unless it is a
 * plain http(s) URL. DOM-free and React-free, so the parse worker bundles it; a page without the worker
 * calls it directly.
 *
 * Hostile text is bounded before micromark sees it: nesting past the limit is escaped (nesting-limit.ts),
 * and a block past the worker's parse budget (parse-budget.ts) is not parsed at all but shown as plain
 * text, which is what the null result asks for.
 */
import type { Root } from 'hast';
import { urlAttributes } from 'html-url-attributes';
import rehypeKatex, { type Options as KatexOptions } from 'rehype-katex';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { remarkFootnotesInPlace } from './footnotes';
import { limitNesting } from './nesting-limit';
import { withinParseBudget, workerBudget } from './parse-budget';
import { safeHttpUrl } from './safe-url';

const katexOptions: KatexOptions = {
  // No \href, \url, \includegraphics, \htmlClass and friends from model output.
  trust: false,
  strict: 'ignore',
  // Bounds on what a hostile formula can make KaTeX build: sizes in em, macro expansions.
  maxSize: 20,
  maxExpand: 200,
};

// allowDangerousHtml keeps raw HTML as `raw` nodes only so the walk below can show it as text.
const processor = unified()
  .use(remarkParse)
  .use([remarkGfm, remarkMath, remarkFootnotesInPlace])
  .use(remarkRehype, { allowDangerousHtml: true })
  // rehype-katex renders a formula that fails to parse as its source in red rather than throwing.
  .use(rehypeKatex, katexOptions)
  .freeze();

/** The block's safe tree, or null: show it as plain text, as it is past what the parser may be given. */
export function settledTree(source: string): Root | null {
  if (!withinParseBudget(source, workerBudget)) return null;
  const tree = processor.runSync(processor.parse(limitNesting(source)));
  visit(tree, (node, index, parent) => {
    // Nothing renders source positions; without them the tree the worker posts is about half the objects.
    delete node.position;
    if (node.type === 'raw' && parent && index !== undefined) {
      parent.children[index] = { type: 'text', value: node.value };
      return index;
    }
    if (node.type !== 'element') return undefined;
    for (const [name, tags] of Object.entries(urlAttributes)) {
      if (!Object.hasOwn(node.properties, name)) continue;
      if (tags !== null && !tags.includes(node.tagName)) continue;
      node.properties[name] = safeHttpUrl(String(node.properties[name] ?? '')) ?? '';
    }
    return undefined;
  });
  return tree;
}
