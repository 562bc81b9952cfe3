/** The history e2e harness page, for every spec of this suite. */
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import type { ClientOptions } from '../../renderer/src/history/history-protocol';
import './harness/harness-api';

export const baseUrl = (): string => {
  const url = process.env.HISTORY_E2E_URL;
  if (!url) throw new Error('HISTORY_E2E_URL is set by global-setup.ts');
  return url;
};

/** Loads the harness page and opens history in it: whether this window owns the database. */
export const openWindow = async (
  page: Page,
  options: Partial<ClientOptions> = {},
): Promise<'owner' | 'follower'> => {
  await page.goto(baseUrl());
  await expect(page.locator('#status')).toHaveText('ready');
  return page.evaluate((o) => window.harness.open(o), options);
};
