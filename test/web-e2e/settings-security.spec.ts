/**
 * The provider form and the window in real Chromium over the real bridge and handler table (issue 22
 * items 2, 3, 4, 11): saved header values are kept, replaced and removed without ever reaching the
 * page; credentials in an address move to an Authorization header in one click; plain http to a remote
 * host with a secret is warned about; a damaged settings file is named in the window.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createSettingsFile } from '../../main/settings/settings-file';
import { openConfStore } from '../support/conf-store';
import { wirePagesToHost } from '../support/app-wiring';
import { expect, send, test } from './fixtures';
import { createMainHost } from '../support/main-host';

const openProviderForm = async (page: Page): Promise<void> => {
  await page.getByTestId('open-settings').click();
  await page.getByTestId('provider-edit').first().click();
  await expect(page.getByTestId('provider-form')).toBeVisible();
};

const secrets = ['gw-secret-e2e-1', 'team-secret-e2e-2', 'team-secret-e2e-3'];

const pageHolds = (page: Page, values: string[]): Promise<string[]> =>
  page.evaluate(
    (wanted) =>
      wanted.filter((value) => {
        const inputs = [...document.querySelectorAll('input')].map((input) => input.value);
        return document.documentElement.outerHTML.includes(value) || inputs.includes(value);
      }),
    values,
  );

test('saved header values are kept, replaced and removed without reaching the page', async ({
  app,
}) => {
  const { page, host, server } = app;
  host.settings.saveProvider({
    id: app.providerId,
    name: 'Test server',
    baseURL: server.baseURL,
    defaultModel: 'scripted',
    headers: { 'X-Gateway-Key': secrets[0]!, 'X-Team': secrets[1]! },
  });
  await app.open();
  await send(page, 'Hello');
  await expect(
    page.locator('[data-testid="message"][data-role="assistant"]').last(),
  ).toHaveAttribute('data-status', 'complete');
  expect(server.requests.at(-1)?.headers['x-gateway-key']).toBe(secrets[0]);

  await openProviderForm(page);
  const rows = page.getByTestId('provider-header-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId('provider-header-name')).toHaveValue('X-Gateway-Key');
  await expect(rows.nth(0)).toHaveAttribute('data-stored', 'value');
  await expect(rows.nth(0).getByTestId('provider-header-value')).toHaveValue('');
  await expect(rows.nth(0).getByTestId('provider-header-value')).toHaveAttribute(
    'placeholder',
    /Saved\. Leave empty to keep it/,
  );
  expect(await pageHolds(page, secrets)).toEqual([]);

  // Replace X-Team's value, remove X-Gateway-Key, save.
  await rows.nth(1).getByTestId('provider-header-value').fill(secrets[2]!);
  await rows.nth(0).getByTestId('provider-header-remove').click();
  await page.getByTestId('provider-save').click();
  await expect(page.getByTestId('provider-form')).toBeHidden();
  expect(host.settings.resolve(app.providerId).endpoint.headers).toEqual({ 'X-Team': secrets[2] });

  await page.getByTestId('settings-close').click();
  await send(page, 'Again');
  await expect(page.locator('[data-testid="message"][data-role="assistant"]')).toHaveCount(2);
  await expect(
    page.locator('[data-testid="message"][data-role="assistant"]').last(),
  ).toHaveAttribute('data-status', 'complete');
  expect(server.requests.at(-1)?.headers['x-team']).toBe(secrets[2]);
  expect(server.requests.at(-1)?.headers['x-gateway-key']).toBeUndefined();
  expect(await pageHolds(page, secrets)).toEqual([]);
});

test('credentials in an address move to an Authorization header in one click', async ({ app }) => {
  const { page, host, server } = app;
  await app.open();
  await page.getByTestId('open-settings').click();
  await page.getByTestId('provider-add-custom').click();
  const form = page.getByTestId('provider-form');
  await form.getByTestId('provider-name').fill('Behind a proxy');
  const withCredentials = server.baseURL.replace('http://', 'http://alice:s3cret@');
  await form.getByTestId('provider-base-url').fill(withCredentials);
  await expect(form.getByTestId('provider-credentials-in-url')).toContainText(
    'user name or password',
  );
  await form.getByTestId('provider-save').click();
  await expect(form.getByTestId('provider-base-url-error')).toContainText('Move the user name');

  await form.getByTestId('provider-move-credentials').click();
  await expect(form.getByTestId('provider-base-url')).toHaveValue(server.baseURL);
  await expect(form.getByTestId('provider-credentials-in-url')).toBeHidden();
  await expect(form.getByTestId('provider-header-name').last()).toHaveValue('Authorization');
  await form.getByTestId('provider-save').click();
  await expect(form).toBeHidden();

  const saved = host.settings.view().providers.find((p) => p.name === 'Behind a proxy');
  expect(saved?.baseURL).toBe(server.baseURL);
  expect(saved?.headers).toEqual([{ name: 'Authorization', hasValue: true }]);
  expect(host.settings.resolve(saved?.id).endpoint.headers).toEqual({
    Authorization: `Basic ${Buffer.from('alice:s3cret').toString('base64')}`,
  });
  expect(await pageHolds(page, ['s3cret', Buffer.from('alice:s3cret').toString('base64')])).toEqual(
    [],
  );
});

test('plain http to a remote host with a key is warned about; loopback and https are not', async ({
  app,
}) => {
  const { page } = app;
  await app.open();
  await openProviderForm(page);
  const form = page.getByTestId('provider-form');
  const warning = form.getByTestId('provider-plain-http-warning');
  // The fixture's provider is on 127.0.0.1 over http, with a key: fine on loopback.
  await expect(form.getByTestId('provider-key-state')).toContainText('A key is saved');
  await expect(warning).toBeHidden();
  await form.getByTestId('provider-api-key').fill('sk-typed-for-remote');
  for (const [address, warned] of [
    ['http://gateway.example.com/v1', true],
    ['http://192.168.1.20:11434/v1', false],
    ['http://[fd00::5]:8080/v1', false],
    ['http://ollama.local:11434/v1', false],
    ['https://gateway.example.com/v1', false],
    ['http://8.8.8.8/v1', true],
  ] as const) {
    await form.getByTestId('provider-base-url').fill(address);
    if (warned) await expect(warning, address).toContainText('unencrypted');
    else await expect(warning, address).toBeHidden();
  }
});

test('a damaged settings file is named in the window, which starts with defaults', async ({
  page,
  rendererUrl,
  bridgeScript,
}) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'runnel-e2e-settings-'));
  try {
    await writeFile(path.join(dir, 'settings.json'), Buffer.alloc(2048));
    const host = createMainHost({
      persistence: createSettingsFile({ dir, openStore: openConfStore }),
    });
    const keptAs = host.settings.view().reset?.keptAs ?? '';
    expect(path.dirname(keptAs)).toBe(dir);
    expect((await readFile(keptAs)).equals(Buffer.alloc(2048))).toBe(true);
    const { wire } = wirePagesToHost(host, bridgeScript);
    await wire(page, 1);
    await page.goto(`${rendererUrl}/index.html`);
    await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
    const notice = page.getByTestId('settings-reset-notice');
    await expect(notice).toContainText('Your settings file was damaged');
    await expect(notice).toContainText(keptAs);
    await expect(notice).toContainText('Runnel started with default settings');
    await notice.getByTestId('settings-reset-dismiss').click();
    await expect(notice).toBeHidden();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
