/**
 * The history store end to end in Chromium: the real worker, sqlite-wasm, OPFS (opfs-sahpool) and the
 * app's CSP. Each test gets a fresh browser context, so a fresh origin-private file system.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { strToU8, zipSync } from 'fflate';
import { parseQuery } from '../../renderer/src/history/fts-query';
import { shippedAssistants } from '../../renderer/src/history/migration-8-assistants';
import { latestVersion } from '../../renderer/src/history/migrations';
import { prepareForScan, scanMatches } from '../../renderer/src/history/reference-scan';
import type { ConversationRecord, MessageRecord } from '../../renderer/src/history/types';
import { generateHistory } from './generate-history';
import { baseUrl, openWindow } from './harness-page';
import './harness/harness-api';

/** `page` opens the store first and owns it; a second window in the same context follows it. */
const ownerAndFollower = async (page: Page, context: BrowserContext): Promise<Page> => {
  const second = await context.newPage();
  expect(await openWindow(page)).toBe('owner');
  expect(await openWindow(second)).toBe('follower');
  return second;
};

const conversation = (id: string, at: number): ConversationRecord => ({
  id,
  title: `Conversation ${id}`,
  createdAt: at,
  updatedAt: at,
  pinned: false,
  model: null,
  providerId: null,
  tags: [],
  currentLeafId: null,
});

const message = (
  id: string,
  conversationId: string,
  at: number,
  content: string,
): MessageRecord => ({
  id,
  conversationId,
  parentId: null,
  role: 'user',
  content,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

const small = generateHistory({
  conversations: 40,
  messages: 1200,
  longConversation: 300,
  seed: 7,
  averageChars: 200,
});
const smallJson = JSON.stringify(small.backup);

const importSmall = async (page: Page): Promise<void> => {
  const summary = await page.evaluate(
    (json) =>
      window.harness.client().importBackup(json, {
        onProgress: (p) => window.harness.progress.push(p),
      }),
    smallJson,
  );
  expect(summary).toEqual({ conversations: 40, messages: 1200, skipped: [] });
};

test('runs under the CSP: the worker and its wasm load, inline script stays blocked', async ({
  page,
  guard,
}) => {
  const response = await page.goto(baseUrl());
  expect(response?.headers()['content-security-policy']).toContain(
    "script-src 'self' 'wasm-unsafe-eval'",
  );
  expect(await openWindow(page)).toBe('owner');
  expect((await page.evaluate(() => window.harness.client().stats())).schemaVersion).toBe(
    latestVersion,
  );
  // The CSP is live: an inline script is refused (and reported), so what passed above passed under it.
  const inlineRan = await page.evaluate(async () => {
    const reported = new Promise((resolve) =>
      document.addEventListener('securitypolicyviolation', resolve, { once: true }),
    );
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.append(script);
    // An allowed inline script would have run by now; a refused one is reported.
    await reported;
    const ran = (window as unknown as { inlineRan?: boolean }).inlineRan === true;
    const seen = window.harness.violations.splice(0);
    return { ran, seen };
  });
  expect(inlineRan).toEqual({ ran: false, seen: [expect.stringContaining('script-src')] });
  // The guard saw it too; it was provoked here, so it comes off the guard's list.
  await expect
    .poll(() => guard.violations.map((violation) => violation.directive))
    .toEqual(['script-src-elem']);
  guard.takeViolations();
});

test('saves, lists newest first with pinned on top, and opens a long conversation on its last page', async ({
  page,
}) => {
  await openWindow(page);
  await page.evaluate(async () => {
    const client = window.harness.client();
    const make = (id: string, at: number, pinned = false) => ({
      id,
      title: id,
      createdAt: at,
      updatedAt: at,
      pinned,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    await client.saveConversation(make('old', 1));
    await client.saveConversation(make('new', 2));
    await client.saveConversation(make('pinned', 0, true));
    await client.saveMessages(
      Array.from({ length: 130 }, (_, i) => ({
        id: `m${i}`,
        conversationId: 'old',
        parentId: i === 0 ? null : `m${i - 1}`,
        role: i % 2 ? ('assistant' as const) : ('user' as const),
        content: `message number ${i}`,
        reasoning: '',
        status: 'complete' as const,
        finishReason: null,
        usage: null,
        error: null,
        createdAt: 10 + i,
        updatedAt: 10 + i,
      })),
    );
  });
  const order = await page.evaluate(async () =>
    (await window.harness.client().listConversations()).map((c) => c.id),
  );
  expect(order).toEqual(['pinned', 'old', 'new']);

  const pages = await page.evaluate(async () => {
    const client = window.harness.client();
    const seen: string[][] = [];
    let current = await client.listMessages('old', { limit: 50 });
    seen.push(current.messages.map((m) => m.id));
    while (current.hasOlder) {
      const beforeId = current.messages[0]?.id ?? '';
      current = await client.listMessages('old', { limit: 50, beforeId });
      seen.push(current.messages.map((m) => m.id));
    }
    return seen;
  });
  expect(pages.map((p) => p.length)).toEqual([50, 50, 30]);
  expect(pages[0]?.[49]).toBe('m129');
  expect(pages.reverse().flat()).toEqual(Array.from({ length: 130 }, (_, i) => `m${i}`));
});

test('answers every query kind exactly as a scan of the same data does', async ({ page }) => {
  await openWindow(page);
  await importSmall(page);
  const progress = await page.evaluate(() => window.harness.progress);
  expect(progress.at(-1)).toEqual({ done: 40, total: 40 });

  const texts = small.backup.conversations.flatMap((c) =>
    c.messages.map((m) => ({ id: m.id, text: prepareForScan(m.content), createdAt: m.createdAt })),
  );
  const titles = small.backup.conversations.map((c) => ({
    id: c.id,
    text: prepareForScan(c.title),
  }));
  const kinds = new Set<string>();
  for (const { kind, query } of small.queries) {
    const terms = parseQuery(query);
    const expectedMessages = texts.filter((t) => scanMatches(t.text, terms));
    const expectedTitles = titles.filter((t) => scanMatches(t.text, terms)).map((t) => t.id);
    const hits = await page.evaluate(
      (q) => window.harness.client().search(q, { limit: 500 }),
      query,
    );
    const gotMessages = hits.filter((h) => h.messageId !== null);
    const gotTitles = hits.filter((h) => h.messageId === null).map((h) => h.conversationId);
    if (expectedMessages.length + expectedTitles.length < 500) {
      expect(gotMessages.map((h) => h.messageId).sort(), `${kind} ${query}`).toEqual(
        expectedMessages.map((t) => t.id).sort(),
      );
      expect(gotTitles.sort(), `titles ${kind} ${query}`).toEqual(expectedTitles.sort());
    }
    // Newest first, and the first page is the newest of the scan's answers.
    const times = gotMessages.map((h) => h.createdAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const newest = expectedMessages.map((t) => t.createdAt).sort((a, b) => b - a);
    expect(times.slice(0, 20)).toEqual(newest.slice(0, Math.min(20, times.length)));
    if (expectedMessages.length > 0) kinds.add(kind);
  }
  expect([...kinds].sort()).toEqual(['and', 'cjk1', 'cjk2', 'cjk3', 'phrase', 'prefix', 'word']);

  const byRelevance = await page.evaluate(
    (q) => window.harness.client().search(q, { order: 'relevance', limit: 5 }),
    small.queries[0]?.query ?? 'the',
  );
  expect(byRelevance.length).toBeGreaterThan(0);
});

test('CJK queries of 1, 2 and 3+ characters, Japanese and Korean', async ({ page }) => {
  await openWindow(page);
  await page.evaluate(
    async ({ conversation, messages }) => {
      const client = window.harness.client();
      await client.saveConversation(conversation);
      await client.saveMessages(messages);
    },
    {
      conversation: conversation('cjk', 1),
      messages: [
        message('zh', 'cjk', 2, '我喜欢用中文写代码，中文搜索需要索引。'),
        message('ja', 'cjk', 3, 'コーヒーを飲みながらプログラムを書く'),
        message('ko', 'cjk', 4, '한국어 검색도 됩니다'),
        message('mixed', 'cjk', 5, '用React开发桌面应用'),
      ],
    },
  );
  const ids = async (query: string): Promise<Array<string | null>> =>
    (await page.evaluate((q) => window.harness.client().search(q), query)).map((h) => h.messageId);
  expect(await ids('中')).toEqual(['zh']);
  expect(await ids('中文')).toEqual(['zh']);
  expect(await ids('中文搜索')).toEqual(['zh']);
  expect(await ids('文写代码')).toEqual(['zh']);
  expect(await ids('文中')).toEqual([]);
  expect(await ids('コーヒー')).toEqual(['ja']);
  expect(await ids('ー')).toEqual(['ja']);
  expect(await ids('검색')).toEqual(['ko']);
  expect(await ids('react')).toEqual(['mixed']);
  expect(await ids('开发 react')).toEqual(['mixed']);
  const [hit] = await page.evaluate(() => window.harness.client().search('中文搜索'));
  expect(hit?.highlights.map(([a, b]) => hit.snippet.slice(a, b))).toEqual(['中文搜索']);
});

test('FTS syntax and odd queries are searched for, never an error', async ({ page }) => {
  await openWindow(page);
  await page.evaluate(
    async ({ conversation, messages }) => {
      const client = window.harness.client();
      await client.saveConversation(conversation);
      await client.saveMessages(messages);
    },
    {
      conversation: conversation('odd', 1),
      messages: [
        message(
          'syntax',
          'odd',
          2,
          'Say "OR" and NOT (AND) with NEAR: col:value ^start -minus c++ *star*',
        ),
        message('plain', 'odd', 3, 'nothing special here'),
      ],
    },
  );
  const odd = [
    '"',
    '""',
    '*',
    '(',
    ')',
    'a OR',
    'NOT',
    'AND',
    'NEAR(a b)',
    'col:value',
    '^start',
    '-minus',
    'c++',
    '*star*',
    '{content}',
    "'",
    '\\',
    '\u0000',
    '"unclosed',
    '😀',
    '   ',
    'x'.repeat(3000),
  ];
  for (const query of odd) {
    const result = await page.evaluate(async (q) => {
      try {
        return { ok: true, hits: await window.harness.client().search(q) };
      } catch (error) {
        return { ok: false, error: String(error) };
      }
    }, query);
    expect(result.ok, query).toBe(true);
  }
  const ids = async (query: string): Promise<Array<string | null>> =>
    (await page.evaluate((q) => window.harness.client().search(q), query)).map((h) => h.messageId);
  expect(await ids('NOT')).toEqual(['syntax']);
  expect(await ids('col:value')).toEqual(['syntax']);
  expect(await ids('"and with near"')).toEqual(['syntax']);
  expect(await ids('near')).toEqual(['syntax']);
});

test('snippets are text plus ranges: stored markup and markup in a query never render', async ({
  page,
}) => {
  await openWindow(page);
  const nasty =
    'Look <img src=x onerror="window.pwned=1"> and <mark>fake</mark> <b>bold</b> payload \uE000here\uE001';
  await page.evaluate(
    async ({ conversation, messages }) => {
      const client = window.harness.client();
      await client.saveConversation({
        ...conversation,
        title: '<script>alert(1)</script> payload',
      });
      await client.saveMessages(messages);
    },
    { conversation: conversation('x', 1), messages: [message('nasty', 'x', 2, nasty)] },
  );
  for (const query of ['payload', 'img', '<img src=x>', 'mark', '<script>']) {
    const hits = await page.evaluate((q) => window.harness.client().search(q), query);
    expect(hits.length, query).toBeGreaterThan(0);
    for (const hit of hits) {
      for (const [a, b] of hit.highlights) {
        expect(a).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThanOrEqual(hit.snippet.length);
        expect(a).toBeLessThan(b);
      }
    }
    const html = await page.evaluate((h) => window.harness.renderHits(h), hits);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>');
  }
  expect(await page.locator('#hits img, #hits script, #hits b').count()).toBe(0);
  expect(
    await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
  ).toBeUndefined();
  const [hit] = await page.evaluate(() => window.harness.client().search('payload'));
  expect(hit?.snippet).toContain('<img src=x');
});

test('history survives a reload, and a window killed mid-stream keeps its last save, marked interrupted', async ({
  page,
  context,
}) => {
  await openWindow(page);
  await page.evaluate(
    async ({ conversation, messages, answer }) => {
      const client = window.harness.client();
      await client.saveConversation(conversation);
      await client.saveMessages(messages);
      // The answer streams: saved about once a second, the last save before the window dies.
      await client.saveMessages([
        { ...answer, content: 'The answer so far, part one', status: 'streaming' },
      ]);
      await client.saveMessages([
        { ...answer, content: 'The answer so far, part one and two', status: 'streaming' },
      ]);
    },
    {
      conversation: conversation('c', 1),
      messages: [
        message('q', 'c', 2, 'A question'),
        { ...message('a', 'c', 3, ''), role: 'assistant' as const, parentId: 'q' },
      ],
      answer: { ...message('a', 'c', 3, ''), role: 'assistant' as const, parentId: 'q' },
    },
  );
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  await page.evaluate(() => window.harness.open({}));
  expect(
    (await page.evaluate(() => window.harness.client().listMessages('c'))).messages.map(
      (m) => m.content,
    ),
  ).toEqual(['A question', 'The answer so far, part one and two']);

  // Kill the window without closing anything (no client.close(), no unload handlers).
  await page.close({ runBeforeUnload: false });
  const next = await context.newPage();
  expect(await openWindow(next)).toBe('owner');
  const marked = await next.evaluate(() => window.harness.client().markInterrupted([]));
  expect(marked).toEqual(['a']);
  const [, answer] = (await next.evaluate(() => window.harness.client().listMessages('c')))
    .messages;
  expect(answer).toMatchObject({
    status: 'interrupted',
    content: 'The answer so far, part one and two',
  });
  expect((await next.evaluate(() => window.harness.client().verify())).ok).toBe(true);
});

const writeBatches = (page: Page, prefix: string): Promise<void> =>
  page.evaluate(async (p) => {
    const client = window.harness.client();
    await client.saveConversation({
      id: p,
      title: `from ${p}`,
      createdAt: 1,
      updatedAt: 1,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    const writes: Array<Promise<void>> = [];
    for (let batch = 0; batch < 25; batch++) {
      writes.push(
        client.saveMessages(
          Array.from({ length: 8 }, (_, i) => ({
            id: `${p}-${batch}-${i}`,
            conversationId: p,
            parentId: null,
            role: 'user' as const,
            content: `${p} writes batch ${batch} item ${i} shared`,
            reasoning: '',
            status: 'complete' as const,
            finishReason: null,
            usage: null,
            error: null,
            createdAt: 10 + batch * 8 + i,
            updatedAt: 10 + batch * 8 + i,
          })),
        ),
      );
    }
    await Promise.all(writes);
  }, prefix);

test('two windows writing at once lose nothing and never corrupt; the other window takes over when the owner closes', async ({
  page,
  context,
}) => {
  const second = await ownerAndFollower(page, context);
  const changesSeen = second.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const stop = window.harness.client().onChange((change) => {
          if (change.type === 'messages' && change.conversationId === 'A') {
            stop();
            resolve(change.conversationId);
          }
        });
      }),
  );
  await Promise.all([writeBatches(page, 'A'), writeBatches(second, 'B')]);
  expect(await changesSeen).toBe('A');
  for (const p of [page, second]) {
    expect(await p.evaluate(() => window.harness.client().stats())).toMatchObject({
      conversations: 2,
      messages: 400,
    });
    expect(
      await p.evaluate(() => window.harness.client().search('shared', { limit: 500 })),
    ).toHaveLength(400);
  }
  expect(await page.evaluate(() => window.harness.client().verify())).toEqual({
    ok: true,
    problems: [],
  });

  // The owner's window goes away; the follower's worker gets the lock and opens the database itself.
  await page.close();
  await expect.poll(() => second.evaluate(() => window.harness.client().role())).toBe('owner');
  await writeBatches(second, 'C');
  expect(await second.evaluate(() => window.harness.client().stats())).toMatchObject({
    conversations: 3,
    messages: 600,
  });
  expect((await second.evaluate(() => window.harness.client().verify())).ok).toBe(true);
});

test('backup export then import round-trips exactly, twice without duplicates', async ({
  page,
}) => {
  await openWindow(page);
  await importSmall(page);
  const result = await page.evaluate(async () => {
    const exported = await window.harness.client().exportBackup();
    const other = await window.harness.openOther({ storeName: 'round-trip' });
    await other.importBackup(exported);
    await other.importBackup(exported);
    const again = await other.exportBackup();
    const stats = await other.stats();
    return { exported, again, stats };
  });
  const strip = (json: string): unknown => ({ ...(JSON.parse(json) as object), exportedAt: 0 });
  expect(strip(result.again)).toEqual(strip(result.exported));
  // Every store starts with the shipped assistants (schema 8), so its backup lists them too.
  const { assistants, ...exported } = strip(result.exported) as { assistants?: unknown[] };
  expect(exported).toEqual({ ...small.backup, exportedAt: 0 });
  expect(assistants).toHaveLength(shippedAssistants.length);
  expect(result.stats).toMatchObject({ conversations: 40, messages: 1200 });
});

test('a corrupt or truncated backup imports nothing and says what is wrong', async ({ page }) => {
  await openWindow(page);
  await importSmall(page);
  const broken = structuredClone(small.backup);
  const victim = broken.conversations[39]?.messages[5];
  if (victim) (victim as { status: string }).status = 'exploded';
  const outcomes = await page.evaluate(
    async ({ corrupt, truncated }) => {
      const client = window.harness.client();
      const attempt = async (json: string) => {
        try {
          await client.importBackup(json);
          return { code: 'none', message: '' };
        } catch (error) {
          const failure = error as { code: string; message: string };
          return { code: failure.code, message: failure.message };
        }
      };
      return [await attempt(corrupt), await attempt(truncated), await attempt('{"hello": 1}')];
    },
    {
      corrupt: JSON.stringify({
        ...broken,
        conversations: [...broken.conversations].reverse().map((c, i) =>
          i === 0
            ? c
            : {
                ...c,
                id: `new-${c.id}`,
                messages: c.messages.map((m) => ({ ...m, id: `new-${m.id}` })),
              },
        ),
      }),
      truncated: smallJson.slice(0, smallJson.length - 100),
    },
  );
  expect(outcomes[0]).toMatchObject({ code: 'invalid-backup' });
  expect(outcomes[0]?.message).toMatch(/conversations\[0\]\.messages\[5\]\.status/);
  expect(outcomes[1]).toMatchObject({ code: 'invalid-backup' });
  expect(outcomes[1]?.message).toMatch(/not valid JSON/);
  expect(outcomes[2]?.message).toMatch(/not a Runnel history backup/);
  expect(await page.evaluate(() => window.harness.client().stats())).toMatchObject({
    conversations: 40,
    messages: 1200,
  });
});

test('imports a ChatGPT export: every branch, visible text, idempotent', async ({ page }) => {
  await openWindow(page);
  const sample = readFileSync(
    new URL('../fixtures/chatgpt/conversations.json', import.meta.url),
    'utf8',
  );
  const summary = await page.evaluate(async (json) => {
    const client = window.harness.client();
    await client.importChatGpt(json);
    return client.importChatGpt(json);
  }, sample);
  // Every branch: the regenerated answer and the question before its edit are kept too.
  expect(summary).toEqual({ conversations: 3, messages: 11, skipped: [] });
  const result = await page.evaluate(async () => {
    const client = window.harness.client();
    return {
      list: (await client.listConversations()).map((c) => c.title),
      stats: await client.stats(),
      regenerated: await client.search('regenerated'),
      code: await client.search('matplotlib'),
      chinese: await client.search('递归'),
      markdown: await client.exportMarkdown('chatgpt-6632a1b0-7c1e-8005-a4a1-1f2e3d4c5b6a'),
    };
  });
  expect(result.list).toEqual(['用中文解释递归', 'Plot a sine wave', 'Trip to Kyoto in spring']);
  expect(result.stats).toMatchObject({ conversations: 3, messages: 11 });
  expect(result.regenerated.map((h) => h.messageId)).toEqual([
    'chatgpt-6632a1b0-7c1e-8005-a4a1-1f2e3d4c5b6a-b1b2b3b4-old',
  ]);
  expect(result.code.length).toBe(2);
  const chinese = 'chatgpt-6634c3d2-9e30-8005-c6c3-3b4c5d6e7f80';
  expect(result.chinese.map((h) => h.messageId)).toEqual([null, `${chinese}-a3`, `${chinese}-u3`]);
  expect(result.markdown).toContain('## Assistant\n\n> **Reasoning**');

  const bad = JSON.parse(sample) as Array<{ current_node: string }>;
  const third = bad[2];
  if (third) third.current_node = 'gone';
  // A current message that names no node: the conversation still imports, on its newest leaf, and
  // the summary says so; the others import again (idempotently).
  const partial = await page.evaluate(
    (json) => window.harness.client().importChatGpt(json),
    JSON.stringify(bad),
  );
  expect(partial).toEqual({ conversations: 3, messages: 11, skipped: [], newestLeafShown: 1 });
});

test('imports ChatGPT’s export ZIP chosen in a follower window: read in its worker, one import', async ({
  page,
  context,
}) => {
  const second = await ownerAndFollower(page, context);
  const fixture = (name: string): string =>
    readFileSync(new URL(`../fixtures/chatgpt/${name}`, import.meta.url), 'utf8');
  const [first, other] = JSON.parse(fixture('2024-09-shared-message-id.json')) as unknown[];
  const folder = 'chatgpt-export-2025-06-01';
  const zip = zipSync({
    [`${folder}/chat.html`]: strToU8('<!DOCTYPE html><html></html>'),
    [`${folder}/conversations-001.json`]: strToU8(JSON.stringify([other])),
    [`${folder}/conversations-000.json`]: strToU8(fixture('conversations.json')),
    [`${folder}/conversations-002.json`]: strToU8(JSON.stringify([first])),
    [`${folder}/file-abc123-photo.png`]: strToU8('not a png '.repeat(5000)),
  });
  const importZip = (bytes: number[]) =>
    second.evaluate(async (data) => {
      const file = new File([new Uint8Array(data)], 'export.zip', { type: 'application/zip' });
      try {
        return await window.harness.client().importChatGpt(file);
      } catch (e) {
        return { code: (e as { code: string }).code, message: (e as Error).message };
      }
    }, bytes);
  // What is stored, as the backup has it, without the backup's own time.
  const stored = () =>
    page.evaluate(
      async () =>
        (JSON.parse(await window.harness.client().exportBackup()) as { conversations: unknown })
          .conversations,
    );
  expect(await importZip(Array.from(zip))).toEqual({ conversations: 5, messages: 15, skipped: [] });
  const backup = await stored();
  expect(await importZip(Array.from(zip))).toEqual({ conversations: 5, messages: 15, skipped: [] });
  expect(await stored()).toEqual(backup);

  const refused = await importZip(Array.from(zipSync({ 'user.json': strToU8('{}') })));
  expect(refused).toMatchObject({ code: 'invalid-chatgpt-export' });
  expect((refused as { message: string }).message).toMatch(/^This ZIP has no conversations\.json/);
  const truncated = await importZip(Array.from(zip.subarray(0, zip.length >> 1)));
  expect((truncated as { message: string }).message).toMatch(/end is missing/);
  expect(await stored()).toEqual(backup);
  expect(await page.evaluate(() => window.harness.client().verify())).toEqual({
    ok: true,
    problems: [],
  });
});

test('migrates a version 1 database with data in it', async ({ page }) => {
  await openWindow(page, {
    schemaVersion: 1,
    testSeedSql: `
      INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('v1', '旧版本的对话 legacy', 1, 5);
      INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)
        VALUES ('v1-m', 'v1', 'user', '升级之前写的消息 written before upgrade', 'complete', 2, 2);
    `,
  });
  expect((await page.evaluate(() => window.harness.client().stats())).schemaVersion).toBe(1);
  await page.evaluate(() => window.harness.client().close());
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  await page.evaluate(() => window.harness.open({}));
  const result = await page.evaluate(async () => {
    const client = window.harness.client();
    return {
      stats: await client.stats(),
      zh: (await client.search('升级')).map((h) => h.messageId),
      en: (await client.search('upgrade')).map((h) => h.messageId),
      both: (await client.search('升级 upgrade')).map((h) => h.messageId),
      title: (await client.search('版本')).map((h) => h.conversationId),
      verify: await client.verify(),
    };
  });
  expect(result).toEqual({
    stats: { conversations: 1, messages: 1, schemaVersion: latestVersion },
    zh: ['v1-m'],
    en: ['v1-m'],
    both: ['v1-m'],
    title: ['v1'],
    verify: { ok: true, problems: [] },
  });
});

test('a full disk is a clear error; history stays readable and undamaged', async ({ page }) => {
  // Pages of 64 KiB: the empty schema takes 16 of them, so this leaves room for one message, not 1,200.
  await openWindow(page, { maxPageCount: 24 });
  await page.evaluate(
    async ({ conversation, messages }) => {
      const client = window.harness.client();
      await client.saveConversation(conversation);
      await client.saveMessages(messages);
    },
    {
      conversation: conversation('kept', 1),
      messages: [message('kept-1', 'kept', 2, 'kept before the disk filled')],
    },
  );
  const failure = await page.evaluate(async (json) => {
    try {
      await window.harness.client().importBackup(json);
      return null;
    } catch (error) {
      return { code: (error as { code: string }).code, message: (error as Error).message };
    }
  }, smallJson);
  expect(failure?.message).toMatch(/storage is full/);
  expect(failure?.code).toBe('storage-full');
  expect(failure?.message).toMatch(/storage is full/);
  const after = await page.evaluate(async () => {
    const client = window.harness.client();
    return {
      stats: await client.stats(),
      hits: (await client.search('disk')).map((h) => h.messageId),
      verify: await client.verify(),
    };
  });
  expect(after).toEqual({
    stats: { conversations: 1, messages: 1, schemaVersion: latestVersion },
    hits: ['kept-1'],
    verify: { ok: true, problems: [] },
  });
});
