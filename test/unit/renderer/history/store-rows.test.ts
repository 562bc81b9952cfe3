/**
 * Schema 7 through the real store over in-memory sqlite-wasm: a conversation's parameters and an
 * answer's model, provider and dropped parameters are kept, read back, carried by the backup, and
 * reached by the migration from schema 6 with data in it; a damaged value reads as none.
 */
import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { latestVersion, migrate } from '../../../../renderer/src/history/migrations';
import type { ConversationRecord, MessageRecord } from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const conversation: ConversationRecord = {
  id: 'c1',
  title: 'Tuned',
  createdAt: 1,
  updatedAt: 2,
  pinned: false,
  model: 'river-large',
  providerId: 'p2',
  tags: [],
  currentLeafId: null,
  parameters: { temperature: 0.2, stop: ['END', '\n\n'], systemPrompt: 'Be brief.' },
};

const question: MessageRecord = {
  id: 'm1',
  conversationId: 'c1',
  parentId: null,
  role: 'user',
  content: 'Hello',
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: 1,
  updatedAt: 1,
};
const answer: MessageRecord = {
  ...question,
  id: 'm2',
  parentId: 'm1',
  role: 'assistant',
  content: 'Hi',
  createdAt: 2,
  updatedAt: 2,
  model: 'river-large',
  providerId: 'p2',
  droppedParameters: [{ parameter: 'temperature', reason: 'Unsupported parameter: temperature' }],
};

const openStore = async () => {
  const db = await openMemoryDatabase();
  return { db, store: createHistoryStore(db, { parsers: importParsers }) };
};

describe('schema 7: conversation parameters and the model of each answer', () => {
  it('keeps and reads back the parameters, the model, the provider and the dropped note', async () => {
    const { store } = await openStore();
    store.saveConversation(conversation);
    store.saveMessages([question, answer]);
    expect(store.getConversation('c1')).toEqual(conversation);
    expect(store.listMessages('c1').messages).toEqual([question, answer]);
    // A question has no model, and its record says nothing of one.
    expect(store.listMessages('c1').messages[0]).not.toHaveProperty('model');
  });

  it('writes no parameters as NULL, and clearing them clears the column', async () => {
    const { db, store } = await openStore();
    store.saveConversation(conversation);
    const { parameters: _cleared, ...plain } = conversation;
    store.saveConversation(plain);
    expect(db.selectValue("SELECT parameters FROM conversations WHERE id = 'c1'")).toBeNull();
    expect(store.getConversation('c1')).toEqual(plain);
    expect(store.listConversations()[0]).not.toHaveProperty('parameters');
  });

  it('reads a damaged parameters or dropped value as none, and still opens the conversation', async () => {
    const { db, store } = await openStore();
    store.saveConversation(conversation);
    store.saveMessages([question, answer]);
    for (const bad of ['{"temperature": 0.2', '[1, 2]', '"text"', '42', 'null']) {
      db.exec({ sql: "UPDATE conversations SET parameters = ? WHERE id = 'c1'", bind: [bad] });
      db.exec({ sql: "UPDATE messages SET dropped_parameters = ? WHERE id = 'm2'", bind: [bad] });
      expect(store.getConversation('c1')).not.toHaveProperty('parameters');
      expect(store.listConversations()[0]?.id).toBe('c1');
      const [, read] = store.listMessages('c1').messages;
      expect(read?.content).toBe('Hi');
      expect(read).not.toHaveProperty('droppedParameters');
      expect(read?.model).toBe('river-large');
    }
  });

  it('migrates schema 6 with data: old rows keep everything and have no model or parameters', async () => {
    const db = await openMemoryDatabase(6);
    db.exec(`
      INSERT INTO conversations (id, title, title_cjk, created_at, updated_at, model, provider_id,
                                 current_leaf_id)
        VALUES ('old', 'Before 7', '', 1, 3, 'gpt-old', 'p1', 'a1');
      INSERT INTO messages (id, conversation_id, parent_id, role, content, content_cjk, status,
                            usage, created_at, updated_at)
        VALUES ('q1', 'old', NULL, 'user', 'Question from before', '', 'complete', NULL, 1, 1),
               ('a1', 'old', 'q1', 'assistant', 'Answer from before', '', 'complete',
                '{"promptTokens":3,"completionTokens":4,"totalTokens":7}', 2, 2);
    `);
    expect(migrate(db, 7)).toBe(7);
    const columns = (table: string) =>
      db.selectArrays(`SELECT name FROM pragma_table_info('${table}')`).map(([name]) => name);
    expect(columns('conversations')).toContain('parameters');
    expect(columns('messages')).toEqual(
      expect.arrayContaining(['model', 'provider_id', 'dropped_parameters']),
    );
    expect(migrate(db)).toBe(latestVersion);
    const store = createHistoryStore(db, { parsers: importParsers });
    const old = store.getConversation('old');
    expect(old).toMatchObject({ model: 'gpt-old', providerId: 'p1', currentLeafId: 'a1' });
    expect(old).not.toHaveProperty('parameters');
    const messages = store.listMessages('old').messages;
    expect(messages.map((m) => m.content)).toEqual(['Question from before', 'Answer from before']);
    expect(messages[1]?.usage).toEqual({ promptTokens: 3, completionTokens: 4, totalTokens: 7 });
    for (const message of messages) {
      expect(message).not.toHaveProperty('model');
      expect(message).not.toHaveProperty('providerId');
      expect(message).not.toHaveProperty('droppedParameters');
    }
    expect(
      store
        .search('before')
        .flatMap((hit) => hit.messageId ?? [])
        .sort(),
    ).toEqual(['a1', 'q1']);
    // The migrated rows take the new values like new ones.
    store.saveMessages([{ ...messages[1]!, model: 'gpt-new', providerId: 'p1' }]);
    expect(store.listMessages('old').messages[1]?.model).toBe('gpt-new');
  });

  it('carries them through a backup (version 3) and back, exactly', async () => {
    const { store } = await openStore();
    store.saveConversation(conversation);
    store.saveMessages([question, answer]);
    const exported = store.exportBackup();
    const written = JSON.parse(exported) as { version: number; conversations: unknown[] };
    expect(written.version).toBe(3);
    const { store: other } = await openStore();
    other.importBackup(exported);
    expect(other.getConversation('c1')).toEqual(conversation);
    expect(other.listMessages('c1').messages).toEqual([question, answer]);
    const withoutTime = (json: string) => ({ ...JSON.parse(json), exportedAt: 0 }) as unknown;
    expect(withoutTime(other.exportBackup())).toEqual(withoutTime(exported));
  });

  it('imports a version 2 backup, which has none of them', async () => {
    const { store } = await openStore();
    const { parameters: _p, ...v2Conversation } = conversation;
    const strip = ({
      conversationId: _c,
      model: _m,
      providerId: _pr,
      droppedParameters: _d,
      ...m
    }: MessageRecord) => m;
    const v2 = {
      format: 'runnel-history-backup',
      version: 2,
      exportedAt: 5,
      conversations: [{ ...v2Conversation, messages: [strip(question), strip(answer)] }],
    };
    expect(store.importBackup(JSON.stringify(v2))).toMatchObject({ conversations: 1, messages: 2 });
    expect(store.getConversation('c1')).not.toHaveProperty('parameters');
    expect(store.listMessages('c1').messages[1]).not.toHaveProperty('model');
  });

  it('refuses a backup whose parameters break the limits, in the contract words', async () => {
    const { store } = await openStore();
    store.saveConversation({ ...conversation, parameters: { temperature: 7 } });
    const exported = store.exportBackup();
    const { store: other } = await openStore();
    expect(() => other.importBackup(exported)).toThrow(
      /Temperature must be a number from 0 to 2; it was 7\..*Nothing was imported/,
    );
  });
});
