/**
 * The history store as the UI sees it. The app's implementation keeps it in SQLite (FTS5) in a worker;
 * every call is asynchronous so the UI thread never waits on storage.
 */
import type { ChatErrorView, UsageView } from '../../../preload/contract';

export type MessageStatus = 'complete' | 'streaming' | 'interrupted' | 'cancelled' | 'error';

export interface ConversationRecord {
  id: string;
  title: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  pinned: boolean;
  model: string | null;
  providerId: string | null;
  /** For example `quick-ask` for conversations started from the hotkey window. */
  tags: string[];
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  role: 'system' | 'user' | 'assistant';
  content: string;
  reasoning: string;
  status: MessageStatus;
  finishReason: string | null;
  usage: UsageView | null;
  error: ChatErrorView | null;
  createdAt: number;
  updatedAt: number;
}

export interface MessagePage {
  /** Oldest first. */
  messages: MessageRecord[];
  hasOlder: boolean;
}

export interface SearchHit {
  conversationId: string;
  messageId: string | null;
  conversationTitle: string;
  /** Plain text of the snippet; `highlights` are [start, end) offsets into it. Never markup. */
  snippet: string;
  highlights: Array<[number, number]>;
  createdAt: number;
}

export type HistoryChange =
  | { type: 'conversations' }
  | { type: 'messages'; conversationId: string }
  /** The database was found damaged and rebuilt from what could be read: anything may have changed. */
  | { type: 'repaired' };

export interface HistoryClient {
  /** Pinned first, then newest first. */
  listConversations(): Promise<ConversationRecord[]>;
  getConversation(id: string): Promise<ConversationRecord | null>;
  /** The newest `limit` messages before `before` (a createdAt), oldest first; the last page by default. */
  listMessages(
    conversationId: string,
    page?: { before?: number; limit?: number },
  ): Promise<MessagePage>;
  /** Insert or replace, in one transaction. */
  saveConversation(conversation: ConversationRecord): Promise<void>;
  saveMessages(messages: MessageRecord[]): Promise<void>;
  deleteConversation(id: string): Promise<void>;
  deleteMessages(ids: string[]): Promise<void>;
  search(
    query: string,
    options?: { order?: 'newest' | 'relevance'; limit?: number },
  ): Promise<SearchHit[]>;
  /** Another window (or this one) changed history. */
  onChange(listener: (change: HistoryChange) => void): () => void;
}

/**
 * What the SQLite store adds for issue 10 (rename, pin, recovery, import/export). A separate interface so
 * that stand-ins implementing HistoryClient (the in-memory store) keep compiling; the UI takes this one
 * where it needs the extras.
 */
export interface HistoryStoreClient extends HistoryClient {
  renameConversation(id: string, title: string): Promise<void>;
  setPinned(id: string, pinned: boolean): Promise<void>;
  /**
   * On start: every message still `streaming` whose id is not in `liveMessageIds` (streams main still
   * runs) becomes `interrupted`. Returns the ids it marked.
   */
  markInterrupted(liveMessageIds: string[]): Promise<string[]>;
  /** Everything as a Runnel JSON backup (see backup.ts). */
  exportBackup(): Promise<string>;
  /** Idempotent: importing the same backup twice creates no duplicates. All or nothing. */
  importBackup(json: string, options?: ImportOptions): Promise<ImportSummary>;
  /**
   * ChatGPT's data export: the text of one `conversations.json`, or the file the person chose (the
   * export ZIP, whose every conversations file is imported, or one JSON file), read by the worker.
   * All or nothing, a whole ZIP included.
   */
  importChatGpt(file: string | Blob, options?: ImportOptions): Promise<ImportSummary>;
  exportMarkdown(conversationId: string): Promise<string>;
  /** Counts and schema version, for settings screens and tests. */
  stats(): Promise<HistoryStats>;
  /** SQLite's and FTS5's own integrity checks; `ok` with no problems when all is well. */
  verify(): Promise<IntegrityReport>;
  /** Stops this window's worker; if it owned the database, another window takes over. */
  close(): Promise<void>;
}

/** One conversations file read out of ChatGPT's export ZIP: its path in the archive and its text. */
export interface ChatGptFile {
  name: string;
  json: string;
}

export interface ImportProgress {
  /** Conversations written so far, of `total`. */
  done: number;
  total: number;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportSummary {
  conversations: number;
  messages: number;
  /** Conversations of the file that were not imported, each with why; empty for a Runnel backup. */
  skipped: SkippedConversation[];
}

/** One conversation an import left out, named as well as the file allows. */
export interface SkippedConversation {
  /** Its title, when it has one. */
  title: string | null;
  /** Its id in the other app, when it has one. */
  id: string | null;
  /** Where it is: "conversations.json item 12" (in a ZIP, the path of the file inside it). */
  where: string;
  /** Why it was left out, for people. */
  reason: string;
}

export interface HistoryStats {
  conversations: number;
  messages: number;
  schemaVersion: number;
}

export interface IntegrityReport {
  ok: boolean;
  problems: string[];
}
