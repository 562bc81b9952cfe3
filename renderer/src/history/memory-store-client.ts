/**
 * The fallback when the SQLite store cannot open (no origin-private file system, another Runnel
 * holding it, a newer schema): history kept in this window's memory, so the app still chats, browses
 * and searches what was said since it started. Every other method of the table (importing, backups)
 * needs the real store and says so.
 */
import { createMemoryHistory } from '../store/memory-history';
import { sha256Hex } from './attachment-hash';
import { conversationToMarkdown } from './export-markdown';
import { historyError } from './history-errors';
import type { HistoryStoreClient } from './history-methods';
import { buildCalls, historyMethods } from './history-methods';

const ALL = 1_000_000;

export function createMemoryStoreClient(reason: string): HistoryStoreClient {
  const memory = createMemoryHistory();
  // Attachments too, so messages with files still send and show while storage is away.
  const attachments = new Map<string, { bytes: Uint8Array; mime: string }>();
  const unavailable = buildCalls(
    (method) => () =>
      Promise.reject(
        historyError(
          'storage-unavailable',
          `Cannot ${historyMethods[method].verb}: history storage is unavailable (${reason}).`,
        ),
      ),
  );
  const update = async (id: string, patch: { title?: string; pinned?: boolean }): Promise<void> => {
    const conversation = await memory.getConversation(id);
    if (!conversation) throw historyError('not-found', 'That conversation no longer exists.');
    await memory.saveConversation({ ...conversation, ...patch });
  };
  return {
    ...unavailable,
    ...memory,
    renameConversation: (id, title) => update(id, { title }),
    setPinned: (id, pinned) => update(id, { pinned }),
    // Nothing in memory outlived the last window, so nothing can be left half-streamed.
    markInterrupted: async () => [],
    exportMarkdown: async (conversationId) => {
      const conversation = await memory.getConversation(conversationId);
      if (!conversation) throw historyError('not-found', 'That conversation no longer exists.');
      const { messages } = await memory.listMessages(conversationId, { limit: ALL });
      return conversationToMarkdown(conversation, messages);
    },
    stats: async () => {
      const conversations = await memory.listConversations();
      let messages = 0;
      for (const conversation of conversations)
        messages += (await memory.listMessages(conversation.id, { limit: ALL })).messages.length;
      return { conversations: conversations.length, messages, schemaVersion: 0 };
    },
    verify: async () => ({ ok: true, problems: [] }),
    putAttachment: async ({ bytes, mime }) => {
      const copy = new Uint8Array(bytes).slice();
      const hash = await sha256Hex(copy);
      if (!attachments.has(hash)) attachments.set(hash, { bytes: copy, mime });
      return hash;
    },
    readAttachment: async (hash) => {
      const found = attachments.get(hash);
      return found ? { bytes: found.bytes.slice(), mime: found.mime } : null;
    },
    close: async () => {},
  };
}
