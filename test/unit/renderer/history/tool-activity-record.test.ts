/**
 * Schema 10 through the real store over in-memory sqlite-wasm: an answer's tool calls and step limit
 * are kept, read back, bounded, found by search (words and CJK), carried by the backup, written in the
 * Markdown export, and reached by the migration from schema 9 with data in it; a damaged value reads
 * as no activity.
 */
import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { latestVersion, migrate } from '../../../../renderer/src/history/migrations';
import {
  maxStoredImageChars,
  maxStoredToolCalls,
  maxStoredToolChars,
  messageSearchColumns,
  readToolActivity,
} from '../../../../renderer/src/history/tool-activity-record';
import type {
  ConversationRecord,
  MessageRecord,
  ToolActivityRecord,
  ToolCallRecord,
} from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const conversation: ConversationRecord = {
  id: 'c1',
  title: 'Weather',
  createdAt: 1,
  updatedAt: 2,
  pinned: false,
  model: null,
  providerId: null,
  tags: [],
  currentLeafId: null,
};

const question: MessageRecord = {
  id: 'm1',
  conversationId: 'c1',
  parentId: null,
  role: 'user',
  content: 'How warm is it where my notes are?',
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: 1,
  updatedAt: 1,
};

const readCall: ToolCallRecord = {
  callId: 'call_1',
  name: 'files__read_file',
  arguments: '{"path":"/notes/trip.txt"}',
  problem: null,
  at: 12,
  approval: { server: 'files', tool: 'read_file', description: 'Reads a file' },
  result: {
    outcome: 'ran',
    content: 'Packing list: umbrella, marmalade, 東京タワー tickets',
    isError: false,
    durationMs: 12,
  },
};
const deniedCall: ToolCallRecord = {
  callId: 'call_2',
  name: 'weather__forecast',
  arguments: '{"city":"Tokyo"}',
  problem: null,
  at: 12,
  approval: null,
  result: {
    outcome: 'denied',
    content: 'The person denied this call.',
    isError: true,
    durationMs: 0,
  },
};
const activity: ToolActivityRecord = { calls: [readCall, deniedCall], stepLimit: 10 };

const answer: MessageRecord = {
  ...question,
  id: 'm2',
  parentId: 'm1',
  role: 'assistant',
  content: 'Let me look. Your notes mention Tokyo.',
  createdAt: 2,
  updatedAt: 2,
  toolActivity: activity,
};

const openStore = async () => {
  const db = await openMemoryDatabase();
  const store = createHistoryStore(db, { parsers: importParsers });
  store.saveConversation(conversation);
  return { db, store };
};

const hitIds = (hits: Array<{ messageId: string | null }>) =>
  hits.flatMap((hit) => hit.messageId ?? []);

describe('schema 10: tool calls kept with the answer', () => {
  it('keeps and reads back the calls and the step limit; an answer without any has none', async () => {
    const { db, store } = await openStore();
    store.saveMessages([question, answer]);
    expect(store.listMessages('c1').messages).toEqual([question, answer]);
    expect(store.listMessages('c1').messages[0]).not.toHaveProperty('toolActivity');
    expect(db.selectValue("SELECT tool_activity FROM messages WHERE id = 'm1'")).toBeNull();
    // Saving the answer again without calls clears them (a retry answers in place).
    const { toolActivity: _gone, ...plain } = answer;
    store.saveMessages([plain]);
    expect(db.selectValue("SELECT tool_activity FROM messages WHERE id = 'm2'")).toBeNull();
    expect(store.listMessages('c1').messages[1]).not.toHaveProperty('toolActivity');
  });

  it('reads a damaged value as no activity, and still opens the conversation', async () => {
    const { db, store } = await openStore();
    store.saveMessages([question, answer]);
    const bad = [
      '{"calls": [',
      '[1, 2]',
      '"text"',
      '42',
      'null',
      '{"calls": "many"}',
      '{"calls": [{"callId": 5}]}',
      `{"calls": [], "pad": "${'x'.repeat(8_000_001)}"}`,
    ];
    for (const value of bad) {
      db.exec({ sql: "UPDATE messages SET tool_activity = ? WHERE id = 'm2'", bind: [value] });
      const [, read] = store.listMessages('c1').messages;
      expect(read?.content).toBe(answer.content);
      expect(read).not.toHaveProperty('toolActivity');
    }
  });

  it('keeps a call that waits for the person while the answer streams', async () => {
    const { store } = await openStore();
    const waiting: ToolCallRecord = { ...readCall, waiting: true, result: null };
    const live: MessageRecord = {
      ...answer,
      status: 'streaming',
      toolActivity: { calls: [waiting] },
    };
    store.saveMessages([question, live]);
    expect(store.listMessages('c1').messages[1]?.toolActivity).toEqual({ calls: [waiting] });
    // Anything but true reads as a call that does not wait.
    const odd = readToolActivity(JSON.stringify({ calls: [{ ...readCall, waiting: 'yes' }] }));
    expect(odd?.calls[0]).not.toHaveProperty('waiting');
  });

  it('keeps the calls that fit the shape when others of the same answer do not', () => {
    const text = JSON.stringify({
      calls: [
        readCall,
        { ...deniedCall, result: { outcome: 'exploded' } },
        { ...readCall, at: -1 },
      ],
    });
    expect(readToolActivity(text)).toEqual({ calls: [readCall] });
    expect(readToolActivity(JSON.stringify({ calls: [], stepLimit: 3 }))).toEqual({
      calls: [],
      stepLimit: 3,
    });
  });

  it('bounds what it stores: calls past the most, and long arguments and results cut', async () => {
    const { store } = await openStore();
    const long = 'word '.repeat(20_000);
    const many: ToolActivityRecord = {
      calls: Array.from({ length: maxStoredToolCalls + 5 }, (_, i) => ({
        ...readCall,
        callId: `call_${i}`,
        arguments: long,
        result: { ...readCall.result!, content: long },
      })),
    };
    store.saveMessages([question, { ...answer, toolActivity: many }]);
    const stored = store.listMessages('c1').messages[1]?.toolActivity;
    expect(stored?.calls).toHaveLength(maxStoredToolCalls);
    const first = stored?.calls[0];
    expect(first?.arguments.startsWith(long.slice(0, maxStoredToolChars))).toBe(true);
    expect(first?.arguments).toMatch(/\[Cut in history: 100,000 characters; the first 32,000/);
    expect(first?.result?.content.length).toBeLessThan(maxStoredToolChars + 200);
  });

  it('finds an answer by the text of its tool calls and results, with a snippet from them', async () => {
    const { store } = await openStore();
    store.saveMessages([question, answer]);
    // A word of a result only, a word of the arguments only, a tool's name.
    for (const query of ['marmalade', 'trip.txt', 'read_file', 'forecast']) {
      expect(hitIds(store.search(query)), query).toEqual(['m2']);
    }
    const [hit] = store.search('marmalade');
    expect(hit?.snippet).toContain('marmalade');
    const [from, to] = hit?.highlights[0] ?? [0, 0];
    expect(hit?.snippet.slice(from, to).toLowerCase()).toBe('marmalade');
    // CJK in a result is found by its bigrams, alone and with a word.
    expect(hitIds(store.search('東京タワー'))).toEqual(['m2']);
    expect(hitIds(store.search('タワー tickets'))).toEqual(['m2']);
    expect(store.search('タワー')[0]?.snippet).toContain('東京タワー');
    // A word of the answer's own text still shows the answer's text.
    expect(store.search('notes').find((h) => h.messageId === 'm2')?.snippet).toContain(
      'Your notes',
    );
    // Both relevance and newest-first find it.
    expect(hitIds(store.search('umbrella', { order: 'relevance' }))).toEqual(['m2']);
  });

  it('forgets the text of calls a later save no longer has', async () => {
    const { store } = await openStore();
    store.saveMessages([question, answer]);
    const { toolActivity: _gone, ...plain } = answer;
    store.saveMessages([{ ...plain, updatedAt: 3 }]);
    expect(store.search('marmalade')).toEqual([]);
    expect(store.search('東京')).toEqual([]);
  });

  it('keeps a phrase from matching across the answer and its calls', async () => {
    // The answer's latin fragment glued to CJK is in content_words too, where the calls' text goes.
    const call: ToolCallRecord = { ...readCall, name: 'native', arguments: '{}', result: null };
    expect(messageSearchColumns('用React', { calls: [call] }).words).toBe(
      'React \u3006 native\n{}\n',
    );
    const { store } = await openStore();
    store.saveMessages([
      question,
      { ...answer, content: '用React', toolActivity: { calls: [call] } },
    ]);
    expect(hitIds(store.search('React'))).toEqual(['m2']);
    expect(hitIds(store.search('native'))).toEqual(['m2']);
    expect(store.search('"React native"')).toEqual([]);
  });

  it('migrates schema 9 with data: old answers have no activity, and take it like new ones', async () => {
    const db = await openMemoryDatabase(9);
    db.exec(`
      INSERT INTO conversations (id, title, title_cjk, created_at, updated_at)
        VALUES ('c1', 'Before 10', '', 1, 3);
      INSERT INTO messages (id, conversation_id, parent_id, role, content, content_cjk, status,
                            created_at, updated_at, model)
        VALUES ('q1', 'c1', NULL, 'user', 'Question from before', '', 'complete', 1, 1, NULL),
               ('a1', 'c1', 'q1', 'assistant', 'Answer from before', '', 'complete', 2, 2, 'm-old');
    `);
    expect(migrate(db, 10)).toBe(10);
    expect(
      db.selectArrays("SELECT name FROM pragma_table_info('messages')").map(([name]) => name),
    ).toContain('tool_activity');
    expect(migrate(db)).toBe(latestVersion);
    const store = createHistoryStore(db, { parsers: importParsers });
    const messages = store.listMessages('c1').messages;
    expect(messages.map((m) => m.content)).toEqual(['Question from before', 'Answer from before']);
    expect(messages[1]?.model).toBe('m-old');
    for (const message of messages) expect(message).not.toHaveProperty('toolActivity');
    expect(hitIds(store.search('before')).sort()).toEqual(['a1', 'q1']);
    store.saveMessages([{ ...messages[1]!, toolActivity: activity, updatedAt: 4 }]);
    expect(store.listMessages('c1').messages[1]?.toolActivity).toEqual(activity);
    expect(hitIds(store.search('marmalade'))).toEqual(['a1']);
  });

  it('carries them through a backup (version 3) and back, exactly', async () => {
    const { store } = await openStore();
    store.saveMessages([question, answer]);
    const exported = store.exportBackup();
    expect((JSON.parse(exported) as { version: number }).version).toBe(3);
    const { store: other } = await openStore();
    other.importBackup(exported);
    expect(other.listMessages('c1').messages).toEqual([question, answer]);
    expect(hitIds(other.search('marmalade'))).toEqual(['m2']);
    const withoutTime = (json: string) => ({ ...JSON.parse(json), exportedAt: 0 }) as unknown;
    expect(withoutTime(other.exportBackup())).toEqual(withoutTime(exported));
  });

  it('refuses a backup whose tool call is not one, saying where', async () => {
    const { store } = await openStore();
    store.saveMessages([question, answer]);
    const broken = JSON.parse(store.exportBackup()) as {
      conversations: Array<{ messages: Array<Record<string, unknown>> }>;
    };
    broken.conversations[0]!.messages[1]!.toolActivity = { calls: [{ callId: 'x' }] };
    const { store: other } = await openStore();
    expect(() => other.importBackup(JSON.stringify(broken))).toThrow(
      /toolActivity.*Nothing was imported/s,
    );
  });

  it('writes each call under the text before it in the Markdown export', async () => {
    const { store } = await openStore();
    const fence = { ...readCall, result: { ...readCall.result!, content: 'has ``` inside' } };
    store.saveMessages([
      question,
      { ...answer, toolActivity: { calls: [fence, deniedCall], stepLimit: 10 } },
    ]);
    const markdown = store.exportMarkdown('c1');
    const before = markdown.indexOf('Let me look.');
    const call = markdown.indexOf('**Tool call** `files__read_file` · ran · 12 ms');
    const denied = markdown.indexOf('**Tool call** `weather__forecast` · denied · 0 ms');
    const after = markdown.indexOf(' Your notes mention Tokyo.');
    expect(before).toBeGreaterThan(-1);
    expect(before).toBeLessThan(call);
    expect(call).toBeLessThan(denied);
    expect(denied).toBeLessThan(after);
    expect(markdown).toContain('```json\n{\n  "path": "/notes/trip.txt"\n}\n```');
    // A fence longer than the result's own backticks, so the result cannot close it.
    expect(markdown).toContain('````\nhas ``` inside\n````');
    expect(markdown).toContain('stopped after 10 rounds of tool calls');
  });
});

describe('images and links of results', () => {
  // A real PNG's first bytes (server-everything's tiny image starts the same way).
  const png = 'iVBORw0KGgoAAAANSUhEUgAAABQAAAAUCAYAAACNiR0N';
  const pictureCall: ToolCallRecord = {
    ...readCall,
    callId: 'call_pic',
    name: 'everything__get-tiny-image',
    result: {
      ...readCall.result!,
      content: '[image: image/png, shown to the user, not to you]',
      media: [
        { kind: 'image', mimeType: 'image/png', data: png },
        { kind: 'link', uri: 'https://example.com/docs?a=1', name: 'The [docs] page' },
        { kind: 'link', uri: 'file:///etc/passwd', name: 'passwd' },
      ],
    },
  };
  const withPicture: MessageRecord = { ...answer, toolActivity: { calls: [pictureCall] } };

  it('keeps them with the call, reads them back, and finds a link by its name', async () => {
    const { store } = await openStore();
    store.saveMessages([question, withPicture]);
    expect(store.listMessages('c1').messages[1]?.toolActivity).toEqual({ calls: [pictureCall] });
    expect(hitIds(store.search('docs'))).toEqual(['m2']);
  });

  it('leaves out a damaged image or link and keeps the rest of the result', () => {
    const text = JSON.stringify({
      calls: [
        {
          ...pictureCall,
          result: {
            ...pictureCall.result,
            media: [
              { kind: 'image', mimeType: 'image/svg+xml', data: 'PHN2Zy8+' },
              { kind: 'image', mimeType: 'image/png', data: 'not base64!' },
              { kind: 'link', uri: 42, name: 'x' },
              { kind: 'script', src: 'x' },
              { kind: 'link', uri: 'https://example.com', name: 'ok' },
            ],
          },
        },
      ],
    });
    expect(readToolActivity(text)?.calls[0]?.result?.media).toEqual([
      { kind: 'link', uri: 'https://example.com', name: 'ok' },
    ]);
  });

  it(`keeps at most ${maxStoredImageChars.toLocaleString('en-US')} characters of images an answer, saying what was left out`, async () => {
    const { store } = await openStore();
    const big = `${png}${'A'.repeat(600_000 - png.length)}`;
    const calls = Array.from({ length: 3 }, (_, i) => ({
      ...pictureCall,
      callId: `call_${i}`,
      result: {
        ...pictureCall.result!,
        media: [
          { kind: 'image' as const, mimeType: 'image/png' as const, data: big },
          { kind: 'image' as const, mimeType: 'image/png' as const, data: big },
        ],
      },
    }));
    store.saveMessages([question, { ...answer, toolActivity: { calls } }]);
    const stored = store.listMessages('c1').messages[1]?.toolActivity?.calls ?? [];
    expect(stored.map((call) => call.result?.media?.length ?? 0)).toEqual([2, 0, 0]);
    expect(stored[1]?.result?.content).toContain(
      '[2 images of this result were not kept in history: an answer keeps about 1 MB of images.]',
    );
  });

  it('carries them through a backup, and writes them in the Markdown export as text and safe links', async () => {
    const { store } = await openStore();
    store.saveMessages([question, withPicture]);
    const { store: other } = await openStore();
    other.importBackup(store.exportBackup());
    expect(other.listMessages('c1').messages[1]?.toolActivity).toEqual({ calls: [pictureCall] });

    const markdown = store.exportMarkdown('c1');
    expect(markdown).toContain('- _Image (image/png, 1 KB), kept in Runnel_');
    expect(markdown).toContain('- [The \\[docs\\] page](<https://example.com/docs?a=1>)');
    // Only http and https become links; another address is text.
    expect(markdown).toContain('- passwd: ` file:///etc/passwd `');
    expect(markdown).not.toContain('data:image');
  });
});
