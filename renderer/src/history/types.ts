/**
 * The records history keeps and the shapes its methods take and give (the methods themselves are in
 * history-methods.ts).
 */
import type {
  ChatErrorView,
  ChatParametersView,
  DroppedParameterView,
  ToolMediaView,
  UsageView,
} from '../../../preload/contract';
import type { SiblingPosition } from './message-tree';

export type { SiblingPosition } from './message-tree';

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
  /**
   * The last message of the branch shown, so the conversation opens on it; `null` (or a message since
   * deleted) shows the newest leaf. Below it, a branch continues to its newest leaf.
   */
  currentLeafId: string | null;
  /**
   * The conversation's own parameters over Settings' defaults; absent when it sets none. Read from
   * storage as written; the window checks them with the contract's schema before use.
   */
  parameters?: ChatParametersView;
}

/** What an attachment is, which decides how it is shown (a thumbnail, or a file chip). */
export type AttachmentKind = 'image' | 'text' | 'pdf';

/**
 * One attachment of a message, as history keeps it: the bytes are stored once under their SHA-256
 * (`hash`, lowercase hex) and read with `readAttachment(hash)`; this is what the message says about them.
 */
export interface AttachmentRef {
  /** SHA-256 of the stored bytes, 64 lowercase hex digits. */
  hash: string;
  kind: AttachmentKind;
  /** The file name as the user attached it (text, never markup). */
  name: string;
  mime: string;
  /** Bytes stored. */
  size: number;
  /** Pixels, for images. */
  width?: number;
  height?: number;
  /** Pages, for PDFs. */
  pages?: number;
}

/** Bytes to keep as an attachment (`putAttachment`); stored once however often they are put. */
export interface AttachmentUpload {
  bytes: ArrayBuffer | Uint8Array;
  mime: string;
  /** Text to find the file by in search: a text file's content, a PDF's extracted text. */
  text?: string;
  /**
   * SHA-256 of `bytes`, set by the window's history worker (which hashes them off the UI thread)
   * before the request reaches the database's owner; callers leave it out.
   */
  hash?: string;
}

/** An attachment's stored bytes, as `readAttachment` gives them. */
export interface AttachmentData {
  bytes: Uint8Array;
  mime: string;
}

/**
 * One tool call of an answer as history keeps it: what the model asked, where in the answer's text it
 * came (`at`), the approval card's heading, and how it ended (null: it had not ended when saved).
 */
export interface ToolCallRecord {
  callId: string;
  name: string;
  arguments: string;
  problem: string | null;
  at: number;
  approval: { server: string; tool: string; description: string | null } | null;
  /**
   * Set while the answer streams and the call waits for the person, so a window reloaded meanwhile,
   * which re-attaches to the stream, asks again. A finished answer's calls are stored settled.
   */
  waiting?: true;
  result: {
    outcome: 'ran' | 'failed' | 'denied' | 'timed_out' | 'invalid' | 'cancelled';
    content: string;
    isError: boolean;
    durationMs: number;
    /** The result's images and links (ToolMediaView); images within the column's budget. */
    media?: ToolMediaView[];
  } | null;
}

/** An answer's tool calls, and the step limit it hit (the note under it), when it did. */
export interface ToolActivityRecord {
  calls: ToolCallRecord[];
  stepLimit?: number;
}

export interface MessageRecord {
  id: string;
  conversationId: string;
  /**
   * The message this one follows (an answer its question, a question the answer before it); `null` for
   * a first message. Edits and regenerations are siblings: messages with the same parent.
   */
  parentId: string | null;
  role: 'system' | 'user' | 'assistant';
  content: string;
  reasoning: string;
  status: MessageStatus;
  finishReason: string | null;
  usage: UsageView | null;
  error: ChatErrorView | null;
  createdAt: number;
  updatedAt: number;
  /**
   * The files sent with the message, in the order they were attached. Absent on a message without
   * any (as read back from history too). Saving a message with `attachments` set replaces its list
   * (`[]` removes them); saving one without the field leaves its list as stored.
   */
  attachments?: AttachmentRef[];
  /** What the answer did with tools (schema 10); absent when it called none. */
  toolActivity?: ToolActivityRecord;
  /** The model that wrote an answer, and its provider's id; absent for questions and older answers. */
  model?: string;
  providerId?: string;
  /** Parameters the answer went without because the provider refused them; absent when none. */
  droppedParameters?: DroppedParameterView[];
}

/** A line an assistant's chats open with, before the person writes anything. */
export interface AssistantOpeningMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * A named preset a chat can start from: its system prompt, model and parameters. Kept in history, so
 * every window sees the same list and the backup carries it.
 */
export interface AssistantRecord {
  id: string;
  name: string;
  /** An emoji (or a few characters) shown beside the name; '' for none. */
  emoji: string;
  systemPrompt: string;
  /** The model its chats use; both null: the Settings default. */
  providerId: string | null;
  model: string | null;
  /**
   * The contract's chat parameters, without the system prompt (that is `systemPrompt`); but
   * `systemPrompt: null` with an empty `systemPrompt` says "no system prompt, not even Settings'"
   * (the assistant editor's switch).
   */
  parameters: Omit<ChatParametersView, 'systemPrompt'> & { systemPrompt?: null };
  openingMessages: AssistantOpeningMessage[];
  /** Where it sits in the list, smallest first. */
  position: number;
  /** Which shipped assistant this is (it may have been edited since); null for the person's own. */
  builtinId: string | null;
  /** Quick ask starts its chats with this assistant (at most one is). */
  quickAskDefault: boolean;
  /** Epoch milliseconds; 0 for a shipped assistant never edited. */
  createdAt: number;
  updatedAt: number;
}

/** What deleting a message with everything below it removed, so Undo can put it back as it was. */
export interface DeletedSubtree {
  conversationId: string;
  /** The message and everything below it, on every branch, oldest first. */
  messages: MessageRecord[];
  /** The leaf the conversation remembered before the delete (Undo remembers it again). */
  previousLeafId: string | null;
  /** The leaf it shows now: the branch of a sibling of the deleted message, or its parent. */
  currentLeafId: string | null;
}

export interface MessagePage {
  /** The branch shown, oldest first. */
  messages: MessageRecord[];
  hasOlder: boolean;
  /** Pages read `afterId` or `aroundId` only: the branch goes on past the page's last message. */
  hasNewer?: boolean;
  /** Where each message of the page that has siblings sits among them (others are absent). */
  siblings: Record<string, SiblingPosition>;
}

export interface SearchHit {
  conversationId: string;
  messageId: string | null;
  conversationTitle: string;
  /** Plain text of the snippet; `highlights` are [start, end) offsets into it. Never markup. */
  snippet: string;
  highlights: Array<[number, number]>;
  createdAt: number;
  /** Set when the match is in the text of a file attached to the message: that file's name. */
  attachmentName?: string;
}

export type HistoryChange =
  | { type: 'conversations' }
  | { type: 'messages'; conversationId: string }
  /** The database was found damaged and rebuilt from what could be read: anything may have changed. */
  | { type: 'repaired' }
  | { type: 'assistants' };

/** One conversations file read out of ChatGPT's export ZIP: its path in the archive and its text. */
export interface ChatGptFile {
  name: string;
  json: string;
  /**
   * Images of the ZIP that the export's messages point to (`image_asset_pointer`), read and hashed
   * by the window's worker; on the first file only, for the whole export.
   */
  assets?: ChatGptAsset[];
}

/** An image of ChatGPT's export ZIP, found by the file id in its name (`file-XXXX-name.png`). */
export interface ChatGptAsset {
  /** The id an `asset_pointer` names after its scheme: `file-XXXX` or `file_0000…`. */
  fileId: string;
  /** The file's name, without the id ChatGPT puts before it. */
  name: string;
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex. */
  hash: string;
}

export interface ImportProgress {
  /** Conversations written so far, of `total`. */
  done: number;
  /** In a streamed import (StreamedImportProgress), an estimate from the bytes still to read. */
  total: number;
  /** StreamedImportProgress: the title of the conversation read last. */
  title?: string;
  /** StreamedImportProgress: everything is read; the search indexes are built and it is saved. */
  finishing?: boolean;
}

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** StreamedImportCancel: a ChatGPT file's import stops and rolls back when this aborts. */
  signal?: AbortSignal;
}

export interface ImportSummary {
  conversations: number;
  messages: number;
  /** Conversations of the file that were not imported, each with why; empty for a Runnel backup. */
  skipped: SkippedConversation[];
  /**
   * ChatGPT conversations whose `current_node` was missing or named no message: each opens on its
   * newest leaf. Absent when there were none.
   */
  newestLeafShown?: number;
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
