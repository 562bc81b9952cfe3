import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../renderer/src/history/attachment-hash';
import { historyMethods } from '../../../../renderer/src/history/history-methods';
import { createMemoryStoreClient } from '../../../../renderer/src/history/memory-store-client';
import type { MessageRecord } from '../../../../renderer/src/history/types';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { conversationRecord } from './conversation-record';

const conversation = conversationRecord('c1', { title: 'Rivers' });
const message: MessageRecord = {
  id: 'm1',
  conversationId: 'c1',
  parentId: null,
  role: 'user',
  content: 'Which river is longest?',
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: 2,
  updatedAt: 2,
};

/** Arguments each method can run with on a store holding `conversation`; none for any other. */
const argsFor: Partial<Record<keyof typeof historyMethods, unknown[]>> = {
  listConversations: [],
  getConversation: ['c1'],
  listMessages: ['c1'],
  saveConversation: [conversation],
  saveMessages: [[]],
  deleteConversation: ['gone'],
  deleteMessages: [[]],
  subtreeSize: ['m1'],
  // Deletes the one message saved below, so the counts at the end are of the conversation alone.
  deleteSubtree: ['m1'],
  search: ['river'],
  renameConversation: ['c1', 'Seas'],
  setPinned: ['c1', true],
  markInterrupted: [[]],
  exportBackup: [],
  exportBackupFile: [],
  putAttachment: [{ bytes: new Uint8Array([1, 2, 3]), mime: 'image/png' }],
  readAttachment: ['0'.repeat(64)],
  importBackup: ['{}'],
  importChatGpt: ['[]'],
  exportMarkdown: ['c1'],
  stats: [],
  verify: [],
};

describe('createMemoryStoreClient', () => {
  it('answers every method of the table, or says which one needs the real store and why', async () => {
    const memory = createMemoryStoreClient('no OPFS') as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    await memory.saveConversation!(conversation);
    await memory.saveMessages!([message]);
    const refused: string[] = [];
    for (const [method, { verb }] of Object.entries(historyMethods)) {
      try {
        await memory[method]!(...(argsFor[method as keyof typeof historyMethods] ?? []));
      } catch (error) {
        expect(error).toMatchObject({
          code: 'storage-unavailable',
          message: `Cannot ${verb}: history storage is unavailable (no OPFS).`,
        });
        refused.push(method);
      }
    }
    // What the chat needs works in memory; backups and imports need the real store.
    expect(refused).toEqual(
      expect.arrayContaining(['exportBackup', 'importBackup', 'importChatGpt']),
    );
    expect(refused.filter((method) => method in createMemoryHistory())).toEqual([]);
    expect(await memory.stats!()).toEqual({ conversations: 1, messages: 0, schemaVersion: 0 });
  });
});

describe('attachments while storage is away', () => {
  it('keeps bytes once per SHA-256 in memory, and reads them back', async () => {
    const memory = createMemoryStoreClient('no OPFS');
    const bytes = new TextEncoder().encode('a pasted screenshot');
    const hash = await memory.putAttachment({ bytes, mime: 'image/png' });
    expect(await memory.putAttachment({ bytes: bytes.slice(), mime: 'image/png' })).toBe(hash);
    expect(hash).toBe(await sha256Hex(bytes));
    const read = await memory.readAttachment(hash);
    expect(read?.mime).toBe('image/png');
    expect(Array.from(read?.bytes ?? [])).toEqual(Array.from(bytes));
    expect(await memory.readAttachment('0'.repeat(64))).toBeNull();
  });
});
