/**
 * Footnotes across settled blocks. Each block is parsed alone, so a reference (`[^1]`) and its definition
 * usually sit in different parses, and GFM drops both an unmatched reference (left as text) and an
 * unreferenced definition (its text vanishes). Instead, definitions are shown where they stand and
 * references as a superscript label; a block's unmatched references get a stub definition appended, which
 * the plugin removes again. A block's render still depends on its own source alone, so memoising it and
 * streaming it stay exact.
 */
import type { Nodes, Parents, Root } from 'mdast';

const stubText = '\u2063runnel-footnote-stub';
const reference = /\[\^([^\]\s]+)\](?!:)/g;
const definition = /^ {0,3}\[\^([^\]\s]+)\]:/gm;

/** `source` plus a stub definition for every footnote it references without defining. */
export function withFootnoteStubs(source: string): string {
  if (!source.includes('[^')) return source;
  const defined = new Set([...source.matchAll(definition)].map((m) => (m[1] ?? '').toLowerCase()));
  const stubs = new Set<string>();
  for (const match of source.matchAll(reference)) {
    const label = match[1] ?? '';
    if (!defined.has(label.toLowerCase())) stubs.add(label);
  }
  if (stubs.size === 0) return source;
  return `${source}\n\n${[...stubs].map((label) => `[^${label}]: ${stubText}`).join('\n\n')}\n`;
}

function isStub(node: Nodes): boolean {
  if (node.type !== 'footnoteDefinition' || node.children.length !== 1) return false;
  const paragraph = node.children[0];
  if (paragraph?.type !== 'paragraph' || paragraph.children.length !== 1) return false;
  const text = paragraph.children[0];
  return text?.type === 'text' && text.value === stubText;
}

function labelOf(node: { label?: string | null | undefined; identifier: string }): string {
  return node.label ?? node.identifier;
}

/** Nodes of our own that mdast-util-to-hast turns into plain elements through `data.hName`. */
function element(tagName: string, className: string, children: Nodes[], text?: string): Nodes {
  return {
    type: 'paragraph',
    data: {
      hName: tagName,
      hProperties: { className: [className] },
      ...(text === undefined ? {} : { hChildren: [{ type: 'text', value: text }] }),
    },
    children: children as never,
  };
}

function rewrite(parent: Parents): void {
  const children: Nodes[] = [];
  for (const child of parent.children as Nodes[]) {
    if (child.type === 'footnoteDefinition') {
      if (isStub(child)) continue;
      rewrite(child);
      children.push(
        element('div', 'md-footnote', [
          element('span', 'md-footnote-label', [], `${labelOf(child)}.`),
          ...(child.children as Nodes[]),
        ]),
      );
      continue;
    }
    if (child.type === 'footnoteReference') {
      children.push(element('sup', 'md-footnote-ref', [], labelOf(child)));
      continue;
    }
    if ('children' in child) rewrite(child);
    children.push(child);
  }
  parent.children = children as never;
}

/** The remark plugin: footnote definitions in place, references as labels, stubs removed. */
export function remarkFootnotesInPlace() {
  return (tree: Root): void => {
    rewrite(tree);
  };
}
