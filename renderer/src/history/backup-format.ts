/**
 * The Runnel backup's format and its writer, without the validation that reading one needs (backup.ts,
 * with zod): the history worker exports and writes with this alone, and loads zod only for an import.
 */
import type { AssistantRecord, AttachmentUpload, ConversationRecord, MessageRecord } from './types';

export const backupFormat = 'runnel-history-backup';
/**
 * Version 2 added each message's `parentId`; version 1 files are read as chains. Version 3 adds
 * optional fields (a conversation's `parameters`; an answer's `model`, `providerId` and
 * `droppedParameters`; its `toolActivity`), so a version 2 file reads as version 3 without them.
 */
export const backupVersion = 3;

/**
 * One stored attachment in a backup (version 3): its bytes as base64, once however many messages
 * list it. Messages name it in their `attachments` lists; both are absent when there are none.
 */
export interface BackupAttachment {
  hash: string;
  mime: string;
  /** Its search text (a text file's content, a PDF's text), when it has any. */
  text?: string;
  /** The bytes, base64. */
  data: string;
}

/**
 * A backup file as written. Declared here rather than inferred from backup.ts's schema, so the
 * writer needs nothing from the reader; backup.ts checks at compile time that the two agree.
 */
export interface Backup {
  format: typeof backupFormat;
  version: typeof backupVersion;
  exportedAt: number;
  conversations: Array<ConversationRecord & { messages: Omit<MessageRecord, 'conversationId'>[] }>;
  attachments?: BackupAttachment[];
  /** Version 3: the assistants (issue 25), in list order; absent in older files, read as none. */
  assistants?: AssistantRecord[];
}

/** What a backup file holds, as the import writes it. */
export interface BackupContents {
  bundles: ConversationBundle[];
  assistants: AssistantRecord[];
}

/** One conversation and its messages, oldest first: the unit every import writes. */
export interface ConversationBundle {
  conversation: ConversationRecord;
  messages: MessageRecord[];
  /**
   * Set by imports that mirror another app's conversation: the id prefix of the messages that came
   * from it. When the import is at least as new as those stored, it replaces them: messages of
   * branches the other app no longer shows go; messages written in Runnel stay.
   */
  mirroredIdPrefix?: string;
  /**
   * Bytes the messages list that the store may not hold yet (imports): stored before the messages,
   * once per hash. `hash` is set: the import checked or computed it.
   */
  attachments?: Array<AttachmentUpload & { hash: string }>;
}

const backupConversation = ({
  conversation,
  messages,
}: ConversationBundle): Backup['conversations'][number] => ({
  ...conversation,
  messages: messages.map(({ conversationId: _omitted, ...message }) => message),
});

export const toBackup = (bundles: Iterable<ConversationBundle>, exportedAt: number): Backup => ({
  format: backupFormat,
  version: backupVersion,
  exportedAt,
  conversations: Array.from(bundles, backupConversation),
});

/** Base64 in 32 KB slices: String.fromCharCode takes its arguments on the stack. */
export const toBase64 = (bytes: Uint8Array): string => {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
};

/**
 * Writes a backup as JSON text a piece at a time: the head, each conversation, then each attachment
 * as `attachment()` reads it, so a history of many large files is never in memory whole (the store
 * hands the pieces to a Blob as they come). The text is what `JSON.stringify` of the same backup
 * gives, key for key.
 */
export const writeBackup = (
  bundles: Iterable<ConversationBundle>,
  attachmentHashes: readonly string[],
  attachment: (hash: string) => BackupAttachment | null,
  exportedAt: number,
  write: (piece: string) => void,
  assistants: readonly AssistantRecord[] = [],
): void => {
  write(
    `{"format":${JSON.stringify(backupFormat)},"version":${backupVersion},"exportedAt":${JSON.stringify(exportedAt)},"conversations":[`,
  );
  let first = true;
  for (const bundle of bundles) {
    write((first ? '' : ',') + JSON.stringify(backupConversation(bundle)));
    first = false;
  }
  write(']');
  if (attachmentHashes.length > 0) {
    write(',"attachments":[');
    first = true;
    for (const hash of attachmentHashes) {
      const entry = attachment(hash);
      if (!entry) continue;
      write((first ? '' : ',') + JSON.stringify(entry));
      first = false;
    }
    write(']');
  }
  if (assistants.length > 0) write(`,"assistants":${JSON.stringify(assistants)}`);
  write('}');
};

/** What one request of a session brings: conversations, and files their messages list. */
export interface ImportPart {
  bundles: ConversationBundle[];
  /** Files (with their SHA-256 as `hash`) stored before the conversations that name them. */
  uploads?: Array<AttachmentUpload & { hash: string }>;
  /**
   * StreamedBackup: messages' file lists, written after the files they name (a backup holds its files
   * after its conversations, so a streamed import sends the messages without them and these last).
   */
  links?: Array<Pick<MessageRecord, 'id' | 'updatedAt' | 'attachments'>>;
  /** StreamedBackup: a backup's assistants, written in the same transaction. */
  assistants?: AssistantRecord[];
}
