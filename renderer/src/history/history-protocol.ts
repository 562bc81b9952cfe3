/**
 * The messages between a window's history client, its worker, and the worker that owns the database.
 * The requests are typed from the method table (history-methods.ts).
 */
import type { HistoryError } from './history-errors';
import type { HistoryMethod, MethodParams } from './history-methods';
import type { HistoryChange, ImportProgress } from './types';

/** The store's methods, as history-store.ts implements them. */
export type { HistoryMethods } from './history-methods';

export type HistoryRequest = {
  [M in HistoryMethod]: { kind: 'request'; id: string; method: M; params: MethodParams<M> };
}[HistoryMethod];

export type HistoryResponse =
  | { kind: 'response'; id: string; ok: true; value: unknown }
  | { kind: 'response'; id: string; ok: false; error: HistoryError };

export interface ClientOptions {
  /**
   * Names the database, its OPFS pool, its owner lock and its channel. One name per app; tests use
   * their own so they never meet.
   */
  storeName: string;
  /**
   * Tests only, and honoured only by a worker built in Vite's `test` mode (the history e2e harness):
   * stop migrations at this version to build an old shape.
   */
  schemaVersion?: number;
  /** Tests only, as `schemaVersion`: cap the database size (in pages) to provoke a full disk. */
  maxPageCount?: number;
  /** Tests only, as `schemaVersion`, and with it: SQL run after migrating, to fill an old shape. */
  testSeedSql?: string;
  /** Tests only, as `schemaVersion`: the integrity check's time at open (0 stops it at once). */
  integrityBudgetMs?: number;
}

/**
 * A file chosen for the ChatGPT import, sent by a window to its own worker. That worker reads it a
 * chunk at a time (the export ZIP is unzipped there) and writes what it read through an import session
 * (`importSessionBegin` … `importSessionFinish`), so the reading never holds up the worker that owns
 * the database, and no Blob crosses the channel. Progress and the answer come under the same id.
 */
export interface ChatGptFileRequest {
  kind: 'import-chatgpt-file';
  id: string;
  file: Blob;
}

/** StreamedBackup: a backup file chosen for import, read by the window's worker as ChatGptFileRequest. */
export interface BackupFileRequest {
  kind: 'import-backup-file';
  id: string;
  file: Blob;
}

/**
 * UI thread → its worker. `wasm` follows `init` once the window has compiled SQLite's wasm (null if it
 * could not, and the worker fetches it itself).
 */
export type ClientToWorker =
  | { kind: 'init'; options: ClientOptions }
  | { kind: 'wasm'; module: WebAssembly.Module | null }
  | HistoryRequest
  | ChatGptFileRequest
  | BackupFileRequest
  /** StreamedImportCancel: stop the ChatGPT import `id`; what it wrote is rolled back. */
  | { kind: 'cancel-import'; id: string }
  | { kind: 'close'; id: string };

/** Whether a window's worker owns the database; `starting` until the lock has been tried. */
export type HistoryRole = 'starting' | 'owner' | 'follower';

/** A worker → its UI thread. */
export type WorkerToClient =
  | HistoryResponse
  | { kind: 'change'; change: HistoryChange }
  | { kind: 'progress'; id: string; progress: ImportProgress }
  | { kind: 'role'; role: Exclude<HistoryRole, 'starting'> }
  | { kind: 'closed'; id: string };

/**
 * Worker ↔ worker over a same-origin BroadcastChannel. Requests carry the asking worker's id; answers
 * and progress are addressed back to it. `owner-ready` makes followers re-send what is still unanswered,
 * which is safe because every write is an idempotent upsert or delete by id.
 */
export type ChannelMessage =
  | { kind: 'forward'; from: string; request: HistoryRequest }
  | { kind: 'answer'; to: string; response: HistoryResponse }
  | { kind: 'forward-progress'; to: string; id: string; progress: ImportProgress }
  | { kind: 'change'; change: HistoryChange }
  | { kind: 'owner-ready'; owner: string }
  | { kind: 'who-owns' };
