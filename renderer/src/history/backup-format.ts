/**
 * The Runnel backup's format and its writer, without the validation that reading one needs (backup.ts,
 * with zod): the history worker exports and writes with this alone, and loads zod only for an import.
 */
import type { ConversationRecord, MessageRecord } from './types';

export const backupFormat = 'runnel-history-backup';
/**
 * Version 2 added each message's `parentId`; version 1 files are read as chains. Version 3 adds
 * optional fields (a conversation's `parameters`; an answer's `model`, `providerId` and
 * `droppedParameters`), so a version 2 file reads as version 3 without them.
 */
export const backupVersion = 3;

/**
 * A backup file as written. Declared here rather than inferred from backup.ts's schema, so the
 * writer needs nothing from the reader; backup.ts checks at compile time that the two agree.
 */
export interface Backup {
  format: typeof backupFormat;
  version: typeof backupVersion;
  exportedAt: number;
  conversations: Array<ConversationRecord & { messages: Omit<MessageRecord, 'conversationId'>[] }>;
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
}

export const toBackup = (bundles: Iterable<ConversationBundle>, exportedAt: number): Backup => ({
  format: backupFormat,
  version: backupVersion,
  exportedAt,
  conversations: Array.from(bundles, ({ conversation, messages }) => ({
    ...conversation,
    messages: messages.map(({ conversationId: _omitted, ...message }) => message),
  })),
});
