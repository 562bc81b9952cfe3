import { describe, expect, it } from 'vitest';
import { buildMessageTree, type TreeLink } from '../../../../renderer/src/history/message-tree';

const link = (id: string, parentId: string | null, createdAt: number): TreeLink => ({
  id,
  parentId,
  createdAt,
});

/**
 * q1 ─ a1
 *    └ a1b (regenerated)  ─ q2 ─ a2
 * q1e (q1 edited) ─ a1e
 */
const conversation = [
  link('q1', null, 1),
  link('a1', 'q1', 2),
  link('a1b', 'q1', 3),
  link('q2', 'a1b', 4),
  link('a2', 'q2', 5),
  link('q1e', null, 6),
  link('a1e', 'q1e', 7),
];

const ids = (links: readonly TreeLink[]): string[] => links.map((l) => l.id);

describe('message tree', () => {
  it('gives the path from the root to a message, nothing from other branches', () => {
    const tree = buildMessageTree(conversation);
    expect(ids(tree.pathTo('a2'))).toEqual(['q1', 'a1b', 'q2', 'a2']);
    expect(ids(tree.pathTo('a1e'))).toEqual(['q1e', 'a1e']);
    expect(tree.pathTo('nowhere')).toEqual([]);
  });

  it('orders siblings by time, then id, whatever order the store returned them in', () => {
    const tree = buildMessageTree([...conversation].reverse());
    expect(ids(tree.childrenOf(null))).toEqual(['q1', 'q1e']);
    expect(ids(tree.childrenOf('q1'))).toEqual(['a1', 'a1b']);
    const tied = buildMessageTree([link('b', null, 1), link('a', null, 1)]);
    expect(ids(tied.childrenOf(null))).toEqual(['a', 'b']);
  });

  it('places a message among its siblings for the pager, first messages included', () => {
    const tree = buildMessageTree(conversation);
    expect(tree.siblingPosition('a1b')).toEqual({
      index: 2,
      count: 2,
      previousId: 'a1',
      nextId: null,
    });
    expect(tree.siblingPosition('q1')).toEqual({
      index: 1,
      count: 2,
      previousId: null,
      nextId: 'q1e',
    });
    expect(tree.siblingPosition('q2')).toEqual({
      index: 1,
      count: 1,
      previousId: null,
      nextId: null,
    });
  });

  it('pages onto the newest leaf below a sibling, and opens on the newest leaf of all', () => {
    const tree = buildMessageTree(conversation);
    expect(tree.newestLeafUnder('q1')?.id).toBe('a2');
    expect(tree.newestLeafUnder('a1')?.id).toBe('a1');
    expect(tree.newestLeaf()?.id).toBe('a1e');
    expect(buildMessageTree([]).newestLeaf()).toBeUndefined();
  });

  it('deletes a message with everything below it, parents first', () => {
    const tree = buildMessageTree(conversation);
    expect(ids(tree.subtree('q1'))).toEqual(['q1', 'a1', 'a1b', 'q2', 'a2']);
    expect(ids(tree.subtree('a2'))).toEqual(['a2']);
  });

  it('shows a message whose parent is missing, or that closes a cycle, as a first message', () => {
    const tree = buildMessageTree([
      link('orphan', 'gone', 1),
      link('x', 'z', 2),
      link('y', 'x', 3),
      link('z', 'y', 4),
    ]);
    expect(ids(tree.childrenOf(null))).toContain('orphan');
    const shown = tree.childrenOf(null).map((l) => l.id);
    expect(shown.filter((id) => ['x', 'y', 'z'].includes(id))).toHaveLength(1);
    // Every message is on some branch.
    const reachable = new Set(tree.childrenOf(null).flatMap((root) => ids(tree.subtree(root.id))));
    expect([...reachable].sort()).toEqual(['orphan', 'x', 'y', 'z']);
  });

  it('walks a 5,000-message thread without recursion', () => {
    const chain = Array.from({ length: 5000 }, (_, i) =>
      link(`m${i}`, i === 0 ? null : `m${i - 1}`, i),
    );
    const tree = buildMessageTree(chain);
    expect(tree.pathTo('m4999')).toHaveLength(5000);
    expect(tree.newestLeaf()?.id).toBe('m4999');
  });
});
