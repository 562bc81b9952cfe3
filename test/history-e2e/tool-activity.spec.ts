/**
 * An answer's tool calls in the real history store in Chromium (schema 10): saved from a follower
 * window across the BroadcastChannel, read back exactly after a reload from SQLite on OPFS, and found
 * by search by the words and the CJK text of a result.
 */
import { expect, test } from './fixtures';
import type { ConversationRecord, MessageRecord } from '../../renderer/src/history/types';
import { openWindow } from './harness-page';
import './harness/harness-api';

const conversation: ConversationRecord = {
  id: 'c1',
  title: 'Trip',
  createdAt: 1,
  updatedAt: 1,
  pinned: false,
  model: null,
  providerId: null,
  tags: [],
  currentLeafId: null,
};

const base = {
  conversationId: 'c1',
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
} as const;

const question: MessageRecord = {
  ...base,
  id: 'q1',
  parentId: null,
  role: 'user',
  content: 'What did I pack?',
  createdAt: 10,
  updatedAt: 10,
};

const answer: MessageRecord = {
  ...base,
  id: 'a1',
  parentId: 'q1',
  role: 'assistant',
  content: 'Let me read your list. You packed for Tokyo.',
  createdAt: 11,
  updatedAt: 12,
  toolActivity: {
    calls: [
      {
        callId: 'call_1',
        name: 'files__read_file',
        arguments: '{"path":"/notes/packing.txt"}',
        problem: null,
        at: 22,
        approval: { server: 'files', tool: 'read_file', description: 'Reads a file' },
        result: {
          outcome: 'ran',
          content: 'umbrella, marmalade, 東京タワー tickets',
          isError: false,
          durationMs: 9,
        },
      },
    ],
    stepLimit: 10,
  },
};

test('tool calls: kept with the answer across a reload, and found by the text of a result', async ({
  page,
  context,
}) => {
  const follower = await context.newPage();
  expect(await openWindow(page)).toBe('owner');
  expect(await openWindow(follower)).toBe('follower');
  await follower.evaluate(
    async ({ conversation, messages }) => {
      const client = window.harness.client();
      await client.saveConversation(conversation);
      await client.saveMessages(messages);
    },
    { conversation, messages: [question, answer] },
  );

  await page.reload();
  expect(await openWindow(page)).toBe('follower');
  const shown = await page.evaluate(() => window.harness.client().listMessages('c1'));
  expect(shown.messages).toEqual([question, answer]);

  for (const query of ['marmalade', 'packing', '東京タワー', 'タワー tickets']) {
    const hits = await page.evaluate((q) => window.harness.client().search(q), query);
    expect(
      hits.map((hit) => hit.messageId),
      query,
    ).toEqual(['a1']);
  }
  const [hit] = await page.evaluate(() => window.harness.client().search('marmalade'));
  expect(hit?.snippet).toContain('marmalade');
});
