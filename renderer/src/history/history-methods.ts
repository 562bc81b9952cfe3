/**
 * Every history method, declared once: its parameters and result, and the facts the worker needs about
 * it. As `preload/contract.ts` drives `window.runnel`, this table drives the rest: the store implements
 * `HistoryMethods` (a missing method fails to compile), and the window's client, the resilient wrapper
 * and the in-memory stand-in are built from it by a loop. Adding a method is one entry here plus its
 * implementation in the store (docs/architecture.md, "A history method").
 */
import type {
  AssistantRecord,
  AttachmentData,
  AttachmentUpload,
  ChatGptFile,
  ConversationRecord,
  DeletedSubtree,
  HistoryChange,
  HistoryStats,
  ImportOptions,
  ImportProgress,
  ImportSummary,
  IntegrityReport,
  MessagePage,
  MessageRecord,
  SearchHit,
} from './types';
import type { MarkdownExportOptions } from './export-markdown';
import type { ImportPart } from './backup-format';

/**
 * A method that answers from the database, typed by the signature the store runs it with (carried in
 * the type alone: the table holds no functions). `verb` names what it does in its error messages
 * ("Could not <verb>: …").
 */
interface CallSpec<Signature> {
  kind: 'call';
  verb: string;
  signature?: Signature;
}

/**
 * An import: it reports progress, and the worker loads the import parsers before running it and
 * merges the search indexes after. The window may hand it something its worker turns into the input
 * first (`ClientInput`: the file the person chose).
 */
interface ImportSpec<Signature, ClientInput> {
  kind: 'import';
  verb: string;
  signature?: Signature;
  clientInput?: ClientInput;
}

type Signature = (...params: never[]) => unknown;
type ImportSignature = (input: never) => unknown;

const call = <S extends Signature>(verb: string): CallSpec<S> => ({ kind: 'call', verb });
const importer = <S extends ImportSignature, ClientInput = Parameters<S>[0]>(
  verb: string,
): ImportSpec<S, ClientInput> => ({ kind: 'import', verb });

type PageRequest = {
  beforeId?: string;
  limit?: number;
  /**
   * The branch that ends at this message, in place of the one the conversation remembers: a window
   * shows the branch it just made, even when another window has since remembered another.
   */
  leafId?: string;
  /**
   * The `limit` messages after this one on the branch shown (or the newest branch below it, when the
   * branch shown no longer runs through it), for paging down from a window; the page says `hasNewer`.
   */
  afterId?: string;
  /**
   * A window of about `limit` messages around this one on the branch shown (or the one ending at
   * `leafId`), it in the middle, for jumping to it without reading every page in between; the page
   * says `hasOlder` and `hasNewer`. Empty when the message is not on that branch.
   */
  aroundId?: string;
};
type SearchOptions = { order?: 'newest' | 'relevance'; limit?: number };

export const historyMethods = {
  /**
   * Pinned first, then newest first; with `limit`, the first `limit` of them (ConversationListPage:
   * what a window shows first at open, before the rest, so the open does not grow with the history).
   */
  listConversations:
    call<(page?: { limit?: number }) => ConversationRecord[]>('list conversations'),
  getConversation: call<(id: string) => ConversationRecord | null>('read a conversation'),
  /**
   * The branch the conversation shows, oldest first, the last `limit` messages of it; with `beforeId`,
   * the `limit` messages before that one on its branch.
   */
  listMessages: call<(conversationId: string, page?: PageRequest) => MessagePage>('read messages'),
  /** The newest leaf at or below a message: where the branch shown from it ends. */
  branchLeaf: call<(messageId: string) => string | null>('find the branch'),
  /** Insert or replace, in one transaction. */
  saveConversation: call<(conversation: ConversationRecord) => void>('save a conversation'),
  saveMessages: call<(messages: MessageRecord[]) => void>('save messages'),
  deleteConversation: call<(id: string) => void>('delete a conversation'),
  deleteMessages: call<(ids: string[]) => void>('delete messages'),
  /** How many messages `deleteSubtree(messageId)` would remove: it and everything below it. */
  subtreeSize: call<(messageId: string) => number>('count the messages below'),
  /**
   * Deletes a message with everything below it, on every branch. A conversation whose branch shown
   * ran through it shows a sibling's branch instead (the version before it, else the one after), or
   * its parent's. Returns what it removed, so Undo can save it back. Refused while any of it streams.
   */
  deleteSubtree: call<(messageId: string) => DeletedSubtree>('delete messages'),
  search: call<(query: string, options?: SearchOptions) => SearchHit[]>('search history'),
  renameConversation: call<(id: string, title: string) => void>('rename a conversation'),
  setPinned: call<(id: string, pinned: boolean) => void>('pin a conversation'),
  /**
   * On start: every message still `streaming` whose id is not in `liveMessageIds` (streams main still
   * runs) becomes `interrupted`. Returns the ids it marked.
   */
  markInterrupted: call<(liveMessageIds: string[]) => string[]>('mark interrupted messages'),
  /** Everything as a Runnel JSON backup (see backup.ts). */
  exportBackup: call<() => string>('export history'),
  /**
   * The same backup as a Blob, written a piece at a time so its attachments are never in memory twice:
   * what the window saves as a file.
   */
  exportBackupFile: call<() => Blob>('export history'),
  /**
   * Keeps a file's bytes (once per SHA-256, however often put) and gives their hash, for a message's
   * `attachments` to name. Bytes no saved message names are removed a day later.
   */
  putAttachment: call<(upload: AttachmentUpload) => string>('store an attachment'),
  /** A stored attachment's bytes and type; null when no message keeps it any more. */
  readAttachment: call<(hash: string) => AttachmentData | null>('read an attachment'),
  /**
   * Idempotent: importing the same backup twice creates no duplicates. The text of a backup (all or
   * nothing), or the file the person chose, read by the window's own worker a piece at a time
   * (StreamedBackup, backup-stream-import.ts): a damaged conversation is skipped and named, a file
   * that is no backup or is cut off imports nothing.
   */
  importBackup: importer<(json: string) => ImportSummary, string | Blob>('import the backup'),
  /**
   * ChatGPT's data export: the text of one `conversations.json`, or the file the person chose (the
   * export ZIP, whose every conversations file is imported, or one JSON file), read by the window's
   * own worker into the files it holds. All or nothing, a whole ZIP included.
   */
  importChatGpt: importer<(input: string | ChatGptFile[]) => ImportSummary, string | Blob>(
    'import the ChatGPT export',
  ),
  /**
   * A streamed import (store-import-session.ts): the window's worker reads the file a piece at a time
   * and writes what it read into one transaction the owner holds open, which the last call commits or
   * rolls back. The owner holds other requests while a session is open (ImportSessionStream).
   */
  // StreamedBackup: a session imports a ChatGPT export or a backup file, so its words name neither.
  importSessionBegin: call<() => string>('import the file'),
  importSessionWrite: call<(session: string, part: ImportPart) => void>('import the file'),
  importSessionFinish: call<(session: string) => void>('import the file'),
  importSessionAbort: call<(session: string) => void>('cancel the import'),
  /** The branch shown, or with `branches: 'all'` every branch (see export-markdown.ts). */
  exportMarkdown:
    call<(conversationId: string, options?: MarkdownExportOptions) => string>(
      'export the conversation',
    ),
  /** Assistants in the person's order. */
  listAssistants: call<() => AssistantRecord[]>('list assistants'),
  /**
   * Insert or replace, all in one transaction. A new one goes to the end of the list; an existing one
   * keeps its place and quick-ask mark.
   */
  saveAssistants: call<(assistants: AssistantRecord[]) => void>('save assistants'),
  deleteAssistant: call<(id: string) => void>('delete an assistant'),
  /** These first, in this order; any not named keep their order after them. */
  reorderAssistants: call<(ids: string[]) => void>('reorder assistants'),
  /** The assistant quick ask starts its chats with; null for none. */
  setQuickAskAssistant: call<(id: string | null) => void>('choose the quick-ask assistant'),
  /** Counts and schema version, for settings screens and tests. */
  stats: call<() => HistoryStats>('count history'),
  /** SQLite's and FTS5's own integrity checks; `ok` with no problems when all is well. */
  verify: call<() => IntegrityReport>('check history'),
};

type Table = typeof historyMethods;
export type HistoryMethod = keyof Table;
type SignatureOf<M extends HistoryMethod> = NonNullable<Table[M]['signature']>;
export type MethodParams<M extends HistoryMethod> = Parameters<SignatureOf<M>>;
export type MethodResult<M extends HistoryMethod> = ReturnType<SignatureOf<M>>;

export const isImport = (method: HistoryMethod): boolean =>
  historyMethods[method].kind === 'import';

/** The calls of a streamed import's session (ImportSessionStream): run while every other request waits. */
export const isImportSession = (method: HistoryMethod): boolean =>
  method.startsWith('importSession');

/** What the store runs, synchronously; an import also takes a listener for its progress. */
export type HistoryMethods = {
  [M in keyof Table]: Table[M] extends ImportSpec<ImportSignature, unknown>
    ? (
        input: MethodParams<M>[0],
        onProgress?: (progress: ImportProgress) => void,
      ) => MethodResult<M>
    : SignatureOf<M>;
};

/** The same methods as the UI calls them: asynchronous, so the UI thread never waits on storage. */
export type HistoryCalls = {
  [M in keyof Table]: Table[M] extends ImportSpec<ImportSignature, infer ClientInput>
    ? (input: ClientInput, options?: ImportOptions) => Promise<MethodResult<M>>
    : (...params: MethodParams<M>) => Promise<MethodResult<M>>;
};

/** The history store as the UI sees it: the SQLite worker's client, or a stand-in for it. */
export interface HistoryStoreClient extends HistoryCalls {
  /** Another window (or this one) changed history. */
  onChange(listener: (change: HistoryChange) => void): () => void;
  /** Stops this window's worker; if it owned the database, another window takes over. */
  close(): Promise<void>;
}

/** What the chat store needs of history: reading and writing conversations and messages. */
export type HistoryClient = Pick<
  HistoryStoreClient,
  | 'listConversations'
  | 'getConversation'
  | 'listMessages'
  | 'branchLeaf'
  | 'saveConversation'
  | 'saveMessages'
  | 'deleteConversation'
  | 'deleteMessages'
  | 'subtreeSize'
  | 'deleteSubtree'
  | 'search'
  | 'onChange'
>;

type AnyCall = (...args: unknown[]) => Promise<unknown>;

/**
 * One function per method of the table, made by `make` (as `createBridge` builds `window.runnel`), so
 * a method added to the table needs no edit where calls are built.
 */
export const buildCalls = (make: (method: HistoryMethod) => AnyCall): HistoryCalls =>
  Object.fromEntries(
    (Object.keys(historyMethods) as HistoryMethod[]).map((method) => [method, make(method)]),
  ) as HistoryCalls;

/** Calls `method` of `calls` with arguments the caller received untyped (a loop's forwarding). */
export const callMethod = (
  calls: HistoryCalls,
  method: HistoryMethod,
  args: unknown[],
): Promise<unknown> => (calls[method] as AnyCall)(...args);
