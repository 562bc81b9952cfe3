/**
 * The Runnel JSON backup through the real store over in-memory sqlite-wasm: what round-trips, and what is
 * refused (with nothing imported) and how the refusal reads.
 */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Backup } from '../../../../renderer/src/history/backup';
import { backupVersion } from '../../../../renderer/src/history/backup-format';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { shippedAssistants } from '../../../../renderer/src/history/migration-8-assistants';
import type { AssistantRecord } from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';
import { refusalOf } from './refusal';

const v1Backup = readFileSync(
  new URL('../../../fixtures/backup/runnel-backup-v1.json', import.meta.url),
  'utf8',
);
const chatGptSample = readFileSync(
  new URL('../../../fixtures/chatgpt/conversations.json', import.meta.url),
  'utf8',
);
type Written = Backup['conversations'][number];
/** The assistants migration 8 writes into every database, as the store lists them. */
const shippedRecords = (): AssistantRecord[] =>
  shippedAssistants.map((shipped, position) => ({
    id: `builtin-${shipped.builtinId}`,
    name: shipped.name,
    emoji: shipped.emoji,
    systemPrompt: shipped.systemPrompt,
    providerId: null,
    model: null,
    parameters: shipped.parameters,
    openingMessages: [],
    position,
    builtinId: shipped.builtinId,
    quickAskDefault: false,
    createdAt: 0,
    updatedAt: 0,
  }));
type V1Conversation = Omit<Written, 'currentLeafId' | 'messages'> & {
  messages: Omit<Written['messages'][number], 'parentId'>[];
};
/**
 * The version 1 fixture as this version writes it: one line, version 2, each message the child of the
 * one before it, no branch remembered (the keys in the writer's order).
 */
const asWritten = (json: string): Backup => {
  const v1 = JSON.parse(json) as Omit<Backup, 'version' | 'conversations'> & {
    conversations: V1Conversation[];
  };
  return {
    ...v1,
    version: backupVersion,
    conversations: v1.conversations.map(({ messages, ...conversation }) => ({
      ...conversation,
      currentLeafId: null,
      messages: messages.map(({ id, ...rest }, i) => ({
        id,
        parentId: messages[i - 1]?.id ?? null,
        ...rest,
      })),
    })),
    // Every store starts with the shipped assistants, so every backup it writes lists them.
    assistants: shippedRecords(),
  };
};
const parsed = (): Backup => asWritten(v1Backup);

let store: HistoryStore;
const freshStore = async (): Promise<HistoryStore> =>
  createHistoryStore(await openMemoryDatabase(), {
    parsers: importParsers,
    now: () => 1764000000000,
  });
beforeEach(async () => {
  store = await freshStore();
});

describe('Runnel backup', () => {
  it('a version 1 backup (kept in the repo) imports exactly, each conversation a chain', () => {
    expect(store.importBackup(v1Backup)).toEqual({ conversations: 2, messages: 7, skipped: [] });
    expect(store.exportBackup()).toBe(JSON.stringify(parsed()));
    expect(store.listConversations().map((c) => c.id)).toEqual(['c-rich', 'c-plain']);
    const rich = store.listMessages('c-rich').messages;
    expect(rich.map((m) => m.status)).toEqual(['complete', 'interrupted', 'error', 'cancelled']);
    expect(rich[2]?.error).toEqual({ code: 'network', message: 'The connection dropped.' });
    expect(store.listMessages('c-plain').messages[2]?.usage).toEqual({
      promptTokens: 12,
      completionTokens: 8,
      totalTokens: 20,
      reasoningTokens: 4,
    });
  });

  it('importing the same backup twice adds nothing, into an empty store or a used one', async () => {
    store.importBackup(v1Backup);
    store.importBackup(v1Backup);
    expect(store.stats()).toMatchObject({ conversations: 2, messages: 7 });
    const used = await freshStore();
    used.importChatGpt(chatGptSample);
    used.importBackup(v1Backup);
    used.importBackup(v1Backup);
    expect(used.stats()).toMatchObject({ conversations: 5, messages: 18 });
  });

  it('a tree of edits and regenerations round-trips exactly, branches and all', async () => {
    const backup = parsed();
    const plain = backup.conversations[0];
    const [system, question, answer] = plain?.messages ?? [];
    if (!plain || !system || !question || !answer) throw new Error('fixture');
    plain.messages.push(
      {
        ...answer,
        id: 'm3b',
        content: 'Twice a day when it is warm.',
        createdAt: answer.createdAt + 10,
      },
      {
        ...question,
        id: 'm2e',
        content: 'How often in winter?',
        createdAt: question.createdAt + 20,
      },
      {
        ...answer,
        id: 'm3e',
        parentId: 'm2e',
        content: 'Every other day.',
        createdAt: answer.createdAt + 30,
      },
    );
    const json = JSON.stringify(backup);
    expect(store.importBackup(json)).toEqual({ conversations: 2, messages: 10, skipped: [] });
    expect(store.exportBackup()).toBe(json);
    const other = await freshStore();
    other.importBackup(store.exportBackup());
    expect(other.exportBackup()).toBe(json);
  });

  it('huge strings, markup, CJK, emoji and control characters round-trip exactly', async () => {
    const huge = `${'长文本 long text 🙂 '.repeat(250_000)}end`; // about 4.5 million characters
    const backup = parsed();
    const conversation = backup.conversations[1];
    if (!conversation?.messages[0]) throw new Error('fixture');
    conversation.title = '<img src=x onerror="alert(1)"> \u202eevil\u202c\ttabbed\nline';
    conversation.messages[0].content = huge;
    conversation.messages[0].reasoning = 'nul\u0000 bell\u0007 ok';
    const json = JSON.stringify(backup);
    expect(store.importBackup(json)).toEqual({ conversations: 2, messages: 7, skipped: [] });
    expect(store.exportBackup()).toBe(json);
    const other = await freshStore();
    other.importBackup(store.exportBackup());
    expect(other.exportBackup()).toBe(json);
    // A title is text: search gives it back as text, never as markup.
    expect(store.search('onerror').map((hit) => hit.conversationTitle)).toEqual([
      conversation.title,
    ]);
    expect(store.search('end').some((hit) => hit.messageId === 'm4')).toBe(true);
  });
});

describe('refused backups import nothing and say why', () => {
  const refusal = (json: string): Promise<string> => {
    store.importChatGpt(chatGptSample);
    return refusalOf(store, 'invalid-backup', () => store.importBackup(json));
  };

  it('a truncated file', async () => {
    for (const cut of [10, v1Backup.length / 2, v1Backup.length - 3])
      expect(await refusal(v1Backup.slice(0, cut))).toMatch(/not valid JSON .*it may be truncated/);
  });

  it('wrong top-level types name what the file holds', async () => {
    expect(await refusal('[]')).toMatch(/not a Runnel history backup: it holds a list/);
    expect(await refusal('"backup"')).toMatch(/holds a string/);
    expect(await refusal('null')).toMatch(/holds null/);
    expect(await refusal('7')).toMatch(/holds a number/);
    expect(await refusal('{"format": "something-else", "version": 1}')).toMatch(
      /holds an object with the keys "format", "version"/,
    );
    expect(await refusal('')).toMatch(/The file is empty/);
    expect(await refusal('PK\u0003\u0004rest-of-zip')).toMatch(
      /ZIP archive, not a Runnel backup.*ChatGPT’s data export, choose it with “Import ChatGPT…”/,
    );
  });

  it('a ChatGPT export or another app’s export points to the right place', async () => {
    expect(await refusal(chatGptSample)).toMatch(
      /ChatGPT's conversations\.json.*Import from ChatGPT/,
    );
    expect(
      await refusal(
        readFileSync(
          new URL('../../../fixtures/chatgpt/not-chatgpt/openwebui-export.json', import.meta.url),
          'utf8',
        ),
      ),
    ).toMatch(/Open WebUI/);
  });

  it('a backup from a newer Runnel is refused, not read in part', async () => {
    const future = {
      ...parsed(),
      version: backupVersion + 1,
      folders: [{ id: 'f1', name: 'Work' }],
      conversations: parsed().conversations.map((c) => ({ ...c, folderId: 'f1' })),
    };
    expect(await refusal(JSON.stringify(future))).toBe(
      `This backup was made by a newer version of Runnel (backup version ${backupVersion + 1}; this version reads version ${backupVersion}). Update Runnel, then import it. Nothing was imported.`,
    );
  });

  it('unknown fields in a version 1 backup are named by their path', async () => {
    const extra = parsed();
    (extra.conversations[1]?.messages[2] as Record<string, unknown>).colour = 'red';
    expect(await refusal(JSON.stringify(extra))).toMatch(
      /damaged: conversations\[1\]\.messages\[2\]: Unrecognized key: "colour"/,
    );
    const top = { ...parsed(), note: 'hand-edited' };
    expect(await refusal(JSON.stringify(top))).toMatch(
      /damaged: the file: Unrecognized key: "note"/,
    );
  });

  it('duplicate ids inside one file', async () => {
    const sameConversation = parsed();
    const [first] = sameConversation.conversations;
    if (first) sameConversation.conversations.push({ ...first, messages: [] });
    expect(await refusal(JSON.stringify(sameConversation))).toMatch(
      /conversations\[2\] repeats the id "c-plain"/,
    );
    const sameMessage = parsed();
    const plain = sameMessage.conversations[0];
    const rich = sameMessage.conversations[1];
    if (plain?.messages[0] && rich) rich.messages.push({ ...plain.messages[0] });
    expect(await refusal(JSON.stringify(sameMessage))).toMatch(
      /conversations\[1\]\.messages\[4\] repeats the message id "m1"/,
    );
  });

  it('bad values deep inside are named by their path, the first three of them', async () => {
    const bad = parsed();
    const messages = bad.conversations[1]?.messages as Array<Record<string, unknown>>;
    if (messages[0]) messages[0].role = 'wizard';
    if (messages[1]) messages[1].createdAt = -5;
    if (messages[2]) messages[2].status = 'done';
    if (messages[3]) messages[3].content = null;
    expect(await refusal(JSON.stringify(bad))).toMatch(
      /damaged: conversations\[1\]\.messages\[0\]\.role: .*; conversations\[1\]\.messages\[1\]\.createdAt: .*; conversations\[1\]\.messages\[2\]\.status: .* \(and 1 more\)/,
    );
  });
});
