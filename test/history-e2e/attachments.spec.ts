/**
 * Attachments in the real history store in Chromium: the worker hashes the bytes with Web Crypto, the
 * owner keeps them once in SQLite on OPFS, a follower window's bytes cross the BroadcastChannel to
 * it, and they are read back after a reload and removed with the last message that lists them.
 */
import { createHash } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import type { AttachmentRef, MessageRecord } from '../../renderer/src/history/types';
import { openWindow } from './harness-page';
import './harness/harness-api';

const imageBytes = Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 256);
const imageHash = createHash('sha256').update(Uint8Array.from(imageBytes)).digest('hex');
const notesText = 'The lighthouse keeper logs every zeppelin that passes.';

const question = (id: string, conversationId: string, attachments: AttachmentRef[]) =>
  ({
    id,
    conversationId,
    parentId: null,
    role: 'user',
    content: `Question ${id}`,
    reasoning: '',
    status: 'complete',
    finishReason: null,
    usage: null,
    error: null,
    createdAt: 10,
    updatedAt: 10,
    attachments,
  }) satisfies MessageRecord;

const conversation = (id: string) => ({
  id,
  title: `Conversation ${id}`,
  createdAt: 1,
  updatedAt: 1,
  pinned: false,
  model: null,
  providerId: null,
  tags: [],
  currentLeafId: null,
});

/** Puts the bytes from a window and gives the hash its worker computed. */
const put = (page: Page, bytes: number[], mime: string, text?: string): Promise<string> =>
  page.evaluate(
    ({ bytes, mime, text }) =>
      window.harness
        .client()
        .putAttachment({ bytes: Uint8Array.from(bytes), mime, ...(text ? { text } : {}) }),
    { bytes, mime, text },
  );

const readBack = (page: Page, hash: string): Promise<{ mime: string; bytes: number[] } | null> =>
  page.evaluate(async (hash) => {
    const data = await window.harness.client().readAttachment(hash);
    return data ? { mime: data.mime, bytes: Array.from(data.bytes) } : null;
  }, hash);

test('attachments: hashed in the worker, kept once, read after a reload, gone with their last message', async ({
  page,
  context,
}) => {
  const follower = await context.newPage();
  expect(await openWindow(page)).toBe('owner');
  expect(await openWindow(follower)).toBe('follower');

  // The same bytes from both windows: one hash, Node's SHA-256 of them, stored once.
  const fromOwner = await put(page, imageBytes, 'image/png');
  const fromFollower = await put(follower, imageBytes, 'image/png');
  expect(fromOwner).toBe(imageHash);
  expect(fromFollower).toBe(imageHash);
  const notesBytes = Array.from(new TextEncoder().encode(notesText));
  const notes = await put(follower, notesBytes, 'text/plain', notesText);

  const image: AttachmentRef = {
    hash: imageHash,
    kind: 'image',
    name: 'lighthouse.png',
    mime: 'image/png',
    size: imageBytes.length,
    width: 800,
    height: 600,
  };
  const file: AttachmentRef = {
    hash: notes,
    kind: 'text',
    name: 'log.txt',
    mime: 'text/plain',
    size: notesBytes.length,
  };
  await follower.evaluate(
    async ({ conversations, messages }) => {
      const client = window.harness.client();
      for (const c of conversations) await client.saveConversation(c);
      await client.saveMessages(messages);
    },
    {
      conversations: [conversation('c1'), conversation('c2')],
      messages: [question('q1', 'c1', [image, file]), question('q2', 'c2', [image])],
    },
  );

  await page.reload();
  expect(await openWindow(page)).toBe('follower');
  const shown = await page.evaluate(() => window.harness.client().listMessages('c1'));
  expect(shown.messages[0]?.attachments).toEqual([image, file]);
  expect(await readBack(page, imageHash)).toEqual({ mime: 'image/png', bytes: imageBytes });

  const hits = await page.evaluate(() => window.harness.client().search('zeppelin'));
  expect(hits.map((hit) => [hit.messageId, hit.attachmentName])).toEqual([['q1', 'log.txt']]);

  // Shared bytes stay while any message lists them; the last delete removes them.
  await page.evaluate(() => window.harness.client().deleteConversation('c1'));
  expect(await readBack(page, imageHash)).not.toBeNull();
  expect(await readBack(page, notes)).toBeNull();
  await follower.evaluate(() => window.harness.client().deleteMessages(['q2']));
  expect(await readBack(page, imageHash)).toBeNull();
  expect(await page.evaluate(() => window.harness.client().verify())).toEqual({
    ok: true,
    problems: [],
  });
});
