/**
 * A streamed import's writes: one transaction held open across many requests, each bringing a few MB of
 * conversations (or an image's bytes) as the window's worker reads them out of the file. Finishing
 * commits it; cancelling, an error or a reader that stopped sending rolls it back, so history is exactly
 * as it was. One session at a time; the worker holds every other request while one is open
 * (database-owner.ts), so nothing else lands in, or is undone with, the import's transaction.
 *
 * Large imports drop the search triggers once the rows written pass the bulk threshold and rebuild the
 * indexes once at the end, as a one-call import does (store-import.ts).
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ImportPart } from './backup-format';
import { historyError } from './history-errors';
import type { MessageRowids } from './message-rowids';
import { createFtsTriggersSql, dropFtsTriggersSql, rebuildFtsSql } from './migrations';
import type { AssistantsStore } from './store-assistants';
import type { StoreAttachments } from './store-attachments';
import { bulkImportThreshold, createBundleWriter } from './store-import';
import type { Statements } from './store-statements';
import type { HistoryChange } from './types';

export interface ImportSessionMethods {
  /** Opens the session's transaction; answers its id. Refused while another session is open. */
  importSessionBegin(): string;
  importSessionWrite(session: string, part: ImportPart): void;
  /** Rebuilds the search indexes if they were dropped, commits, and tells every window. */
  importSessionFinish(session: string): void;
  /** Rolls back everything the session wrote. Idempotent: a session already gone is no error. */
  importSessionAbort(session: string): void;
}

export interface ImportSession extends ImportSessionMethods {
  /** The session open, if any: the worker holds other requests while there is one. */
  openSession(): string | null;
}

export interface ImportSessionDeps {
  db: Database;
  statements: Statements;
  rowids: MessageRowids;
  attachments: Pick<StoreAttachments, 'putAttachment' | 'writeLinks'>;
  /** A streamed backup's assistants (StreamedBackup). */
  assistants?: Pick<AssistantsStore, 'writeFromBackup'>;
  emit: (change: HistoryChange) => void;
  newId?: () => string;
}

/**
 * Page cache while a session is open, in KiB: enough to keep the indexes' upper pages, small enough that
 * the importing worker stays within its memory budget (dirty pages past it go to the file, and the
 * rollback journal keeps the originals).
 */
const sessionCacheKiB = -32768;

interface Open {
  id: string;
  /** Messages stored when it began: a table empty then needs no look-ups of older copies. */
  stored: number;
  written: number;
  bulk: boolean;
  cacheSize: number;
  rowid: (createdAt: number) => number | null;
  /** Conversations written, told to every window once the session commits. */
  changed: Set<string>;
  /** Whether a backup's assistants were written (StreamedBackup), told the same way. */
  assistantsChanged: boolean;
}

export const createImportSession = (deps: ImportSessionDeps): ImportSession => {
  const { db, statements } = deps;
  const { one } = statements;
  const writeBundle = createBundleWriter(deps);
  const newId = deps.newId ?? (() => crypto.randomUUID());
  let open: Open | null = null;

  const current = (session: string): Open => {
    if (open?.id !== session) {
      throw historyError(
        'bad-request',
        'The import was interrupted (its writing was stopped, or history was reopened), so nothing of it was kept. Import the file again.',
      );
    }
    return open;
  };

  /** Ends the session either way; a failed ROLLBACK means SQLite already rolled back by itself. */
  const close = (session: Open, commit: boolean): void => {
    open = null;
    try {
      db.exec(commit ? 'COMMIT' : 'ROLLBACK');
    } catch (error) {
      if (commit) {
        try {
          db.exec('ROLLBACK');
        } catch {
          // Already rolled back by SQLite itself.
        }
        throw error;
      }
    } finally {
      try {
        db.exec(`PRAGMA cache_size = ${session.cacheSize}`);
      } catch {
        // Only the cache's size: the next open sets it again.
      }
    }
  };

  return {
    openSession: () => open?.id ?? null,

    importSessionBegin: () => {
      if (open) {
        throw historyError(
          'bad-request',
          'Another import is still running. Wait for it to finish, or cancel it, then import again.',
        );
      }
      const cacheSize = Number(one('PRAGMA cache_size')?.cache_size ?? -2000);
      db.exec('BEGIN IMMEDIATE');
      const stored = Number(one('SELECT count(*) AS n FROM messages')?.n ?? 0);
      db.exec(`PRAGMA cache_size = ${sessionCacheKiB}`);
      // Into an empty history the one rebuild at the end costs no more than keeping the index up row
      // by row, whatever comes: the triggers go at once.
      if (stored === 0) db.exec(dropFtsTriggersSql);
      open = {
        id: newId(),
        stored,
        written: 0,
        bulk: stored === 0,
        cacheSize,
        rowid: deps.rowids.allocator(stored === 0),
        changed: new Set(),
        assistantsChanged: false,
      };
      return open.id;
    },

    importSessionWrite: (session, part) => {
      const state = current(session);
      try {
        for (const upload of part.uploads ?? []) deps.attachments.putAttachment(upload);
        for (const bundle of part.bundles) {
          // A conversation written earlier in this session (split files may hold it twice) is
          // stored now: the newer copy replaces it as a later import would.
          const fresh = state.stored === 0 && !state.changed.has(bundle.conversation.id);
          writeBundle(bundle, fresh, state.rowid);
          state.changed.add(bundle.conversation.id);
          state.written += bundle.messages.length;
        }
        // After the files they name, which a backup holds after its conversations (StreamedBackup).
        if (part.links && part.links.length > 0) deps.attachments.writeLinks(part.links, true);
        if (part.assistants && part.assistants.length > 0) {
          if (!deps.assistants)
            throw historyError('bad-request', 'This history cannot import assistants.');
          deps.assistants.writeFromBackup(part.assistants);
          state.assistantsChanged = true;
        }
        if (!state.bulk && state.written >= bulkImportThreshold && state.written >= state.stored) {
          // From here plain inserts and one rebuild at the end beat per-row trigger upkeep.
          db.exec(dropFtsTriggersSql);
          state.bulk = true;
        }
      } catch (error) {
        close(state, false);
        throw error;
      }
    },

    importSessionFinish: (session) => {
      const state = current(session);
      try {
        if (state.bulk) {
          db.exec(rebuildFtsSql);
          db.exec(createFtsTriggersSql);
        }
      } catch (error) {
        close(state, false);
        throw error;
      }
      close(state, true);
      for (const id of state.changed) deps.emit({ type: 'messages', conversationId: id });
      deps.emit({ type: 'conversations' });
      if (state.assistantsChanged) deps.emit({ type: 'assistants' });
    },

    importSessionAbort: (session) => {
      if (open?.id === session) close(open, false);
    },
  };
};
