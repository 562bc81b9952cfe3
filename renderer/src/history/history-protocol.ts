/**
 * The messages between a window's HistoryClient, its worker, and the worker that owns the database.
 * Declared once, like preload/contract.ts: the method table below types the client, the worker's
 * dispatch and the store.
 */
import type { HistoryError } from './history-errors';
import type {
  ChatGptFile,
  ConversationRecord,
  HistoryChange,
  HistoryStats,
  IntegrityReport,
  ImportProgress,
  ImportSummary,
  MessagePage,
  MessageRecord,
  SearchHit,
} from './types';

/** Every request the store answers: parameters and result, synchronous as the store runs them. */
export interface HistoryMethods {
  listConversations(): ConversationRecord[];
  getConversation(id: string): ConversationRecord | null;
  listMessages(conversationId: string, page?: { before?: number; limit?: number }): MessagePage;
  saveConversation(conversation: ConversationRecord): void;
  saveMessages(messages: MessageRecord[]): void;
  deleteConversation(id: string): void;
  deleteMessages(ids: string[]): void;
  search(query: string, options?: { order?: 'newest' | 'relevance'; limit?: number }): SearchHit[];
  renameConversation(id: string, title: string): void;
  setPinned(id: string, pinned: boolean): void;
  markInterrupted(liveMessageIds: string[]): string[];
  exportBackup(): string;
  importBackup(json: string): ImportSummary;
  /** One file's text, or every conversations file of an export ZIP in order, in one transaction. */
  importChatGpt(input: string | ChatGptFile[]): ImportSummary;
  exportMarkdown(conversationId: string): string;
  stats(): HistoryStats;
  verify(): IntegrityReport;
}

export type HistoryMethod = keyof HistoryMethods;
export type MethodParams<M extends HistoryMethod> = Parameters<HistoryMethods[M]>;
export type MethodResult<M extends HistoryMethod> = ReturnType<HistoryMethods[M]>;

/** The methods that change history, and so are announced to every window afterwards. */
export const writeMethods = [
  'saveConversation',
  'saveMessages',
  'deleteConversation',
  'deleteMessages',
  'renameConversation',
  'setPinned',
  'markInterrupted',
  'importBackup',
  'importChatGpt',
] as const satisfies readonly HistoryMethod[];

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
 * A file chosen for the ChatGPT import, sent by a window to its own worker. That worker reads it (the
 * export ZIP is unzipped there) and then asks for `importChatGpt` under the same id, so the reading
 * never holds up the worker that owns the database, and no Blob crosses the channel.
 */
export interface ChatGptFileRequest {
  kind: 'import-chatgpt-file';
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
  | { kind: 'close'; id: string };

/** A worker → its UI thread. */
export type WorkerToClient =
  | HistoryResponse
  | { kind: 'change'; change: HistoryChange }
  | { kind: 'progress'; id: string; progress: ImportProgress }
  | { kind: 'role'; role: 'owner' | 'follower' }
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
