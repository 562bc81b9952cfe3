/**
 * Deleting a message with everything below it (every branch under it), and counting what that would
 * remove for the confirmation. The conversation keeps showing something sensible: if the branch shown
 * ran through the deleted message, it moves to a sibling's branch, or to the parent's.
 */
import { historyError } from './history-errors';
import type { HistoryMethods } from './history-protocol';
import { compareSiblings } from './message-tree';
import type { BranchQueries } from './store-branches';
import { messageColumnList, toMessage } from './store-rows';
import type { Statements } from './store-statements';
import type { Write } from './store-writes';

export type StoreSubtree = Pick<HistoryMethods, 'subtreeSize' | 'deleteSubtree'>;

export interface StoreSubtreeDeps {
  statements: Pick<Statements, 'all' | 'one' | 'run'>;
  branches: BranchQueries;
  write: Write;
}

/** `id` and every message below it. UNION (not UNION ALL): a cycle written by mistake still ends. */
const subtreeIds = `WITH RECURSIVE down(id) AS (
    SELECT id FROM messages WHERE id = ?
    UNION
    SELECT m.id FROM messages m JOIN down ON m.parent_id = down.id)`;

export const createStoreSubtree = ({
  statements: { all, one, run },
  branches,
  write,
}: StoreSubtreeDeps): StoreSubtree => {
  /** Where the branch shown goes when `deleted` goes: the sibling before it, else after, else the parent. */
  const fallbackLeaf = (deleted: {
    id: string;
    conversationId: string;
    parentId: string | null;
  }) => {
    const siblings = all(
      deleted.parentId === null
        ? 'SELECT id, created_at FROM messages WHERE conversation_id = ? AND parent_id IS NULL'
        : 'SELECT id, created_at FROM messages WHERE conversation_id = ? AND parent_id = ?',
      deleted.parentId === null
        ? [deleted.conversationId]
        : [deleted.conversationId, deleted.parentId],
    )
      .map((row) => ({
        id: String(row.id),
        parentId: deleted.parentId,
        createdAt: Number(row.created_at),
      }))
      .sort(compareSiblings);
    const at = siblings.findIndex((sibling) => sibling.id === deleted.id);
    const sibling = siblings[at - 1] ?? siblings[at + 1];
    if (sibling) return branches.branchLeaf(sibling.id);
    return deleted.parentId;
  };

  return {
    subtreeSize: (messageId) =>
      Number(one(`${subtreeIds} SELECT count(*) AS size FROM down`, [messageId])?.size ?? 0),

    deleteSubtree: (messageId) =>
      write((changed) => {
        const messages = all(
          `${subtreeIds} SELECT ${messageColumnList.map((c) => `m.${c}`).join(', ')}
           FROM down JOIN messages m ON m.id = down.id ORDER BY m.created_at, m.rowid`,
          [messageId],
        ).map(toMessage);
        const top = messages.find((message) => message.id === messageId);
        if (!top) throw historyError('not-found', 'That message is no longer there to delete.');
        if (messages.some((message) => message.status === 'streaming')) {
          throw historyError(
            'bad-request',
            'An answer below this message is still being written. Stop it or let it finish, then delete.',
          );
        }
        const conversationId = top.conversationId;
        const previousLeafId =
          one('SELECT current_leaf_id FROM conversations WHERE id = ?', [conversationId])
            ?.current_leaf_id ?? null;
        const removed = new Set(messages.map((message) => message.id));
        const shownBefore = branches.shownLeaf(conversationId);
        const currentLeafId =
          shownBefore !== null && removed.has(shownBefore) ? fallbackLeaf(top) : shownBefore;

        run(`${subtreeIds} DELETE FROM messages WHERE id IN (SELECT id FROM down)`, [messageId]);
        run('UPDATE conversations SET current_leaf_id = ? WHERE id = ?', [
          currentLeafId,
          conversationId,
        ]);
        changed.add(conversationId);
        changed.add('');
        return {
          conversationId,
          messages,
          previousLeafId: previousLeafId === null ? null : String(previousLeafId),
          currentLeafId,
        };
      }),
  };
};
