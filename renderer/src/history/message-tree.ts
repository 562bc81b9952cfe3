/**
 * A conversation as a tree: each message names its parent (the first messages have none), an edited
 * question is a sibling of the one it replaces, and a regenerated answer a sibling of the answer. The
 * conversation shows one branch, the path from a root to its current leaf. Pure functions over the
 * messages' links, so the store, the view and the importers agree on one reading of the tree.
 */

/** What the tree needs to know of a message. */
export interface TreeLink {
  id: string;
  /** `null` for a first message: first messages are siblings of one another. */
  parentId: string | null;
  /** Epoch milliseconds; siblings are ordered by it, then by id, so the order never depends on storage. */
  createdAt: number;
}

/** Where a message sits among its siblings, for the `‹ 2 / 3 ›` pager. */
export interface SiblingPosition {
  /** 1-based. */
  index: number;
  count: number;
  previousId: string | null;
  nextId: string | null;
}

/** A conversation's links, indexed once for the questions the view asks of it. */
export interface MessageTree<T extends TreeLink = TreeLink> {
  get(id: string): T | undefined;
  /** The parent `id` is shown under: `null` for a first message, a missing parent or a cycle. */
  parentOf(id: string): string | null;
  /** Children oldest first; `null` gives the first messages. */
  childrenOf(parentId: string | null): readonly T[];
  /** Root first, ending at `id`; empty when `id` is unknown. */
  pathTo(id: string): T[];
  /** The leaf a branch shown from `id` ends on: the newest leaf below it (itself when it has no children). */
  newestLeafUnder(id: string): T | undefined;
  /** The newest leaf of the whole tree, the branch to show when none was remembered. */
  newestLeaf(): T | undefined;
  siblingPosition(id: string): SiblingPosition | undefined;
  /** `id` and everything below it, parents before children. */
  subtree(id: string): T[];
}

/** The order of siblings everywhere: oldest first, then by id. */
export function compareSiblings(a: TreeLink, b: TreeLink): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Indexes `links`. A link whose parent is not among them, or that would close a cycle, is treated as a
 * first message, so a damaged or partly imported tree still shows every message on some branch.
 */
export function buildMessageTree<T extends TreeLink>(links: readonly T[]): MessageTree<T> {
  const byId = new Map<string, T>();
  for (const link of links) byId.set(link.id, link);
  const parentOf = resolveParents(byId);

  const children = new Map<string | null, T[]>();
  for (const link of byId.values()) {
    const parent = parentOf.get(link.id) ?? null;
    const list = children.get(parent);
    if (list) list.push(link);
    else children.set(parent, [link]);
  }
  for (const list of children.values()) list.sort(compareSiblings);

  const childrenOf = (parentId: string | null): readonly T[] => children.get(parentId) ?? [];

  const subtree = (id: string): T[] => {
    const start = byId.get(id);
    if (!start) return [];
    const out: T[] = [start];
    for (let i = 0; i < out.length; i += 1) out.push(...childrenOf((out[i] as T).id));
    return out;
  };

  const newestOf = (candidates: readonly T[]): T | undefined =>
    candidates.reduce<T | undefined>(
      (newest, link) => (!newest || compareSiblings(link, newest) > 0 ? link : newest),
      undefined,
    );

  const newestLeafUnder = (id: string): T | undefined =>
    newestOf(subtree(id).filter((link) => childrenOf(link.id).length === 0));

  return {
    get: (id) => byId.get(id),
    parentOf: (id) => parentOf.get(id) ?? null,
    childrenOf,
    pathTo(id) {
      const path: T[] = [];
      for (let at = byId.get(id); at;) {
        path.push(at);
        const parent = parentOf.get(at.id) ?? null;
        at = parent === null ? undefined : byId.get(parent);
      }
      return path.reverse();
    },
    newestLeafUnder,
    newestLeaf: () =>
      newestOf(
        childrenOf(null).flatMap((root) => {
          const leaf = newestLeafUnder(root.id);
          return leaf ? [leaf] : [];
        }),
      ),
    siblingPosition(id) {
      const link = byId.get(id);
      return link && positionAmong(childrenOf(parentOf.get(id) ?? null), link);
    },
    subtree,
  };
}

/**
 * Each link's parent as shown: its own, or `null` where that parent is missing or the link closes a
 * cycle. One walk up per chain, remembered, so a 5,000-message thread costs linear time.
 */
function resolveParents<T extends TreeLink>(
  byId: ReadonlyMap<string, T>,
): Map<string, string | null> {
  const resolved = new Map<string, string | null>();
  for (const link of byId.values()) {
    const walk: T[] = [];
    const onWalk = new Set<string>();
    let at: T | undefined = link;
    while (at && !resolved.has(at.id)) {
      walk.push(at);
      onWalk.add(at.id);
      const parent: string | null = at.parentId;
      if (parent === null || !byId.has(parent) || onWalk.has(parent)) {
        resolved.set(at.id, null);
        break;
      }
      at = byId.get(parent);
    }
    for (const step of walk) if (!resolved.has(step.id)) resolved.set(step.id, step.parentId);
  }
  return resolved;
}

/** Where `link` sits among `siblings` (sorted with compareSiblings, `link` among them). */
export function positionAmong(siblings: readonly TreeLink[], link: TreeLink): SiblingPosition {
  const at = siblings.findIndex((sibling) => sibling.id === link.id);
  return {
    index: at + 1,
    count: siblings.length,
    previousId: siblings[at - 1]?.id ?? null,
    nextId: siblings[at + 1]?.id ?? null,
  };
}
