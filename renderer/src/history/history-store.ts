/**
 * Every history operation as SQL over one open, migrated database. Synchronous and free of workers and
 * OPFS, so the same code runs in the history worker and, over an in-memory database, in Node tests.
 * This file composes the store's rooms: rows (store-rows.ts), statements (store-statements.ts), reads,
 * writes, the imports' bulk writes, search and maintenance, each over the one database handle.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { BackupContents, ConversationBundle } from './backup-format';
import type { HistoryMethods } from './history-protocol';
import { createMessageRowids } from './message-rowids';
import { createStoreAssistants } from './store-assistants';
import { createImportBundles } from './store-import';
import { createImportSession } from './store-import-session';
import type { StoreMaintenance } from './store-maintenance';
import { createStoreAttachments } from './store-attachments';
import { createStoreMaintenance } from './store-maintenance';
import { createStoreReads } from './store-reads';
import { createBranchQueries } from './store-branches';
import { createStoreSearch } from './store-search';
import { createStoreSubtree } from './store-subtree';
import { createStatements } from './store-statements';
import { createStoreWrites, createWrite } from './store-writes';
import type {
  ChatGptFile,
  HistoryChange,
  ImportProgress,
  ImportSummary,
  SkippedConversation,
} from './types';

export interface HistoryStore extends HistoryMethods, Pick<StoreMaintenance, 'tidyIndexes'> {
  /** The streamed import open, if any (ImportSessionStream): other requests wait until it ends. */
  openImportSession(): string | null;
  importBackup(json: string, onProgress?: (progress: ImportProgress) => void): ImportSummary;
  importChatGpt(
    input: string | ChatGptFile[],
    onProgress?: (progress: ImportProgress) => void,
  ): ImportSummary;
  /**
   * Reads one message of `conversationId` and drops it: the statements, SQLite's code and the pages
   * that reading a conversation needs are then ready when the window opens one.
   */
  warmMessagePages(conversationId: string): void;
  /** Finalizes cached statements; the caller closes the database. */
  dispose(): void;
}

/**
 * Reads each import format into bundles, refusing bad files (import-parsers.ts has the real ones). A
 * ChatGPT export may also name conversations it could not read; the rest imports.
 */
export interface ImportParsers {
  backup(json: string): BackupContents;
  chatGpt(input: string | ChatGptFile[]): {
    bundles: ConversationBundle[];
    skipped: SkippedConversation[];
    /** Conversations shown on their newest leaf, having no usable `current_node`. */
    newestLeafShown?: number;
  };
}

export interface HistoryStoreOptions {
  /**
   * Passed in rather than imported, so the store, and the worker opening it, do not load zod and the
   * formats' schemas before anyone imports anything: that would slow the worker's start.
   */
  parsers: ImportParsers;
  now?: () => number;
  /** Told after every committed change, so the worker can tell every window. */
  onChange?: (change: HistoryChange) => void;
}

export const createHistoryStore = (db: Database, options: HistoryStoreOptions): HistoryStore => {
  const now = options.now ?? Date.now;
  const statements = createStatements(db);
  const rowids = createMessageRowids(statements);
  const write = createWrite(db, options.onChange ?? (() => undefined));
  const attachments = createStoreAttachments(statements, now);
  const reads = createStoreReads(statements, now, attachments);
  const importBundles = createImportBundles({ db, statements, rowids, write, attachments });
  const maintenance = createStoreMaintenance(db, statements);
  let swept = false;
  const assistants = createStoreAssistants({
    db,
    statements,
    emit: options.onChange ?? (() => undefined),
  });
  const importSession = createImportSession({
    db,
    statements,
    rowids,
    attachments,
    // StreamedBackup: a backup's assistants go into the session's transaction too.
    assistants,
    emit: options.onChange ?? (() => undefined),
  });

  return {
    ...reads,
    ...createStoreWrites({ statements, rowids, write, now, attachments }),
    ...createStoreSubtree({ statements, branches: createBranchQueries(statements), write }),
    ...createStoreSearch(statements),
    ...maintenance,

    // Needs no announcement: bytes no message lists are in no view.
    putAttachment: (upload) => write(() => attachments.putAttachment(upload)),
    readAttachment: attachments.readAttachment,

    // The first idle step also removes bytes put long ago for a message that was never sent.
    tidyIndexes: () => {
      if (!swept) {
        swept = true;
        write(() => attachments.sweepUnlisted(now()));
      }
      return maintenance.tidyIndexes();
    },
    listAssistants: assistants.listAssistants,
    saveAssistants: assistants.saveAssistants,
    deleteAssistant: assistants.deleteAssistant,
    reorderAssistants: assistants.reorderAssistants,
    setQuickAskAssistant: assistants.setQuickAskAssistant,

    importBackup: (json, onProgress) => {
      const { bundles, assistants: backedUp } = options.parsers.backup(json);
      if (backedUp.length === 0) return importBundles(bundles, onProgress);
      // In the same transaction as the conversations: a backup imports whole or not at all.
      const summary = importBundles(bundles, onProgress, [], () =>
        assistants.writeFromBackup(backedUp),
      );
      options.onChange?.({ type: 'assistants' });
      return summary;
    },

    importChatGpt: (input, onProgress) => {
      const { bundles, skipped, newestLeafShown } = options.parsers.chatGpt(input);
      const summary = importBundles(bundles, onProgress, skipped);
      return newestLeafShown ? { ...summary, newestLeafShown } : summary;
    },

    // ImportSessionStream: a streamed import's transaction, across requests.
    importSessionBegin: importSession.importSessionBegin,
    importSessionWrite: importSession.importSessionWrite,
    importSessionFinish: importSession.importSessionFinish,
    importSessionAbort: importSession.importSessionAbort,
    openImportSession: importSession.openSession,

    warmMessagePages: (conversationId) => {
      reads.listMessages(conversationId, { limit: 1 });
    },

    dispose: statements.dispose,
  };
};
