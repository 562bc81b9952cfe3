/**
 * A real full disk in Chromium: the origin's storage quota is lowered through the DevTools protocol
 * (Storage.overrideQuotaForOrigin), so OPFS itself refuses the write with a QuotaExceededError, as it
 * does when the disk or the browser's share of it runs out. History must call that storage full, not
 * a disk error, and stay readable.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { generateHistory } from './generate-history';
import { baseUrl, openWindow } from './harness-page';
import './harness/harness-api';

const big = generateHistory({
  conversations: 20,
  messages: 3000,
  longConversation: 300,
  seed: 3,
  averageChars: 2000,
});

const usage = (page: Page) =>
  page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);

test('a write past the storage quota says storage is full, and history stays readable', async ({
  page,
}) => {
  expect(await openWindow(page)).toBe('owner');
  await page.evaluate(async () => {
    const client = window.harness.client();
    await client.saveConversation({
      id: 'kept',
      title: 'Kept',
      createdAt: 1,
      updatedAt: 1,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    await client.saveMessages([
      {
        id: 'kept-1',
        conversationId: 'kept',
        parentId: null,
        role: 'user',
        content: 'saved before the quota ran out',
        reasoning: '',
        status: 'complete',
        finishReason: null,
        usage: null,
        error: null,
        createdAt: 2,
        updatedAt: 2,
      },
    ]);
  });
  // Room for about 1 MB more than is used now; the import needs several times that.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', {
    origin: new URL(baseUrl()).origin,
    quotaSize: (await usage(page)) + 1024 * 1024,
  });
  const failure = await page.evaluate(async (json) => {
    try {
      await window.harness.client().importBackup(json);
      return null;
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message };
    }
  }, JSON.stringify(big.backup));
  expect(failure).toEqual({
    code: 'storage-full',
    message:
      'Could not import the backup: storage is full. History is still readable; free some space and try again.',
  });
  const after = await page.evaluate(async () => {
    const client = window.harness.client();
    return {
      list: (await client.listConversations()).map((c) => c.id),
      hits: (await client.search('quota')).map((h) => h.messageId),
    };
  });
  expect(after).toEqual({ list: ['kept'], hits: ['kept-1'] });
});
