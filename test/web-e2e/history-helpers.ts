/**
 * What the history e2e tests share: backups built in the test, importing through the app's own
 * dialog, and re-pointing main's events at a page after it was cut off (a "killed" window).
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import type { EventChannel } from '../../preload/contract';
import type { ConversationRecord, MessageRecord } from '../../renderer/src/history/types';
import { expect, type AppUnderTest } from './fixtures';

export type SeedMessage = Omit<MessageRecord, 'conversationId'>;
export type SeedConversation = ConversationRecord & { messages: SeedMessage[] };

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const message = (
  id: string,
  role: 'user' | 'assistant',
  content: string,
  at: number,
  parentId: string | null = null,
): SeedMessage => ({
  id,
  parentId,
  role,
  content,
  reasoning: '',
  status: 'complete',
  finishReason: role === 'assistant' ? 'stop' : null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

export const conversation = (
  id: string,
  title: string,
  at: number,
  options: { pinned?: boolean; tags?: string[]; exchanges?: Array<[string, string]> } = {},
): SeedConversation => ({
  id,
  title,
  createdAt: at,
  updatedAt: at,
  pinned: options.pinned ?? false,
  model: null,
  providerId: null,
  tags: options.tags ?? [],
  currentLeafId: null,
  messages: (
    options.exchanges ?? [[`About ${title}?`, `Here is something about ${title}.`]]
  ).flatMap(([question, answer], index) => [
    message(
      `${id}-q${index}`,
      'user',
      question,
      at - 60_000 + index * 2,
      index > 0 ? `${id}-a${index - 1}` : null,
    ),
    message(`${id}-a${index}`, 'assistant', answer, at - 60_000 + index * 2 + 1, `${id}-q${index}`),
  ]),
});

export const backupOf = (conversations: SeedConversation[]): string =>
  JSON.stringify({
    format: 'runnel-history-backup',
    version: 2,
    exportedAt: Date.now(),
    conversations,
  });

/** A history that spans every date group, with a pinned and a quick-ask conversation. */
export function sampleHistory(now = Date.now()): SeedConversation[] {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const today = Math.max(midnight.getTime() + 60_000, now - 2 * HOUR);
  const yesterday = midnight.getTime() - 6 * HOUR;
  return [
    conversation('c-pinned', 'Project Nile: reading list', now - 40 * DAY, { pinned: true }),
    conversation('c-today-1', 'Sourdough starter schedule', today, {
      exchanges: [
        [
          'How often should I feed a sourdough starter?',
          'Feed it once a day at room temperature; a river-cold fridge slows it to once a week.',
        ],
      ],
    }),
    conversation('c-today-2', 'Rust borrow checker errors', today - 20 * 60_000, {
      tags: ['quick-ask'],
    }),
    conversation('c-yesterday', 'Kyoto in spring', yesterday, {
      exchanges: [
        ['Best time for cherry blossoms in Kyoto?', 'Late March to early April, along the river.'],
      ],
    }),
    conversation('c-week', 'Mekong delta travel notes', now - 4 * DAY),
    conversation('c-month', 'Regex for ISO dates', now - 18 * DAY),
    conversation('c-old-1', 'Tax return checklist', now - 75 * DAY),
    conversation('c-old-2', 'Learning Japanese kana', now - 110 * DAY),
  ];
}

export async function openImportExport(page: Page): Promise<void> {
  await page.getByTestId('open-import-export').click();
  await expect(page.getByTestId('history-dialog')).toBeVisible();
}

export async function closeImportExport(page: Page): Promise<void> {
  await page.getByTestId('history-dialog-close').click();
  await expect(page.getByTestId('history-dialog')).toBeHidden();
}

/** Chooses a file in the dialog's (hidden) input, as the user's file picker would. */
export async function chooseFile(
  page: Page,
  which: 'backup' | 'chatgpt',
  name: string,
  contents: string | Buffer,
  mimeType = 'application/json',
): Promise<void> {
  await page
    .getByTestId(which === 'backup' ? 'import-backup-file' : 'import-chatgpt-file')
    .setInputFiles({
      name,
      mimeType,
      buffer: typeof contents === 'string' ? Buffer.from(contents) : contents,
    });
}

/** The number of the last import the open dialog shows a status for (0: none yet). */
async function shownImportNumber(page: Page, status: Locator): Promise<number> {
  return (await status.count()) > 0 ? Number(await status.getAttribute('data-import')) : 0;
}

export interface ImportOutcome {
  outcome: 'done' | 'error';
  /** This import's status (`import-done` or `import-error`), and no other import's. */
  status: Locator;
}

/**
 * Chooses a file in the open dialog and waits until *this* import finished: the status names each
 * import by its number (`data-import`), so the previous import's status, still on screen and perhaps
 * saying the same words, does not count.
 */
export async function importFile(
  page: Page,
  which: 'backup' | 'chatgpt',
  name: string,
  contents: string | Buffer,
  mimeType?: string,
): Promise<ImportOutcome> {
  const finished = page.locator(
    '[data-testid="import-done"][data-import], [data-testid="import-error"][data-import]',
  );
  const before = await shownImportNumber(page, page.locator('[data-import]'));
  await chooseFile(page, which, name, contents, mimeType);
  let number = before;
  await expect
    .poll(async () => (number = await shownImportNumber(page, finished)), { timeout: 90_000 })
    .toBeGreaterThan(before);
  const outcome = (await finished.getAttribute('data-testid')) === 'import-done' ? 'done' : 'error';
  return {
    outcome,
    status: page.locator(`[data-testid="import-${outcome}"][data-import="${number}"]`),
  };
}

/** Imports a backup through the dialog, as a person does, and expects it to succeed. */
export async function importBackup(page: Page, json: string, name = 'backup.json'): Promise<void> {
  await openImportExport(page);
  const { outcome, status } = await importFile(page, 'backup', name, json);
  expect(outcome, (await status.textContent()) ?? '').toBe('done');
  await closeImportExport(page);
}

/** Clicks something that downloads, and returns the downloaded file's name and text. */
export async function download(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/** Main's events go to the page again (the fixture's delivery, for after `cutOff`). */
export function deliverTo(app: AppUnderTest): void {
  let delivery: Promise<unknown> = Promise.resolve();
  app.host.connect((channel: EventChannel, payload: unknown) => {
    delivery = delivery
      .then(() =>
        app.page.evaluate(
          ([c, p]) =>
            (
              window as unknown as { __runnelDeliver?: (c: string, p: unknown) => void }
            ).__runnelDeliver?.(c, p),
          [channel, payload] as const,
        ),
      )
      .catch(() => {});
  });
}

/** Nothing main sends reaches the page any more, as when its window died. */
export function cutOff(app: AppUnderTest): void {
  app.host.connect(() => {});
}

export const conversationItems = (page: Page) => page.getByTestId('conversation-item');
export const itemTitled = (page: Page, title: string) =>
  page.getByTestId('conversation-item').filter({ hasText: title });
