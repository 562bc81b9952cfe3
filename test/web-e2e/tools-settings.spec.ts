/**
 * Settings → Tools in the window, over the real MCP host the test main host forks on first use and
 * `server-everything` from npm: add a server and see it connect with its tools, edit it keeping a
 * sealed environment value (the server still sees it), import a Claude Desktop config, a server that
 * cannot start says why, and a tool answered "Always allow" in the chat is listed and revoked.
 * Screenshots wide and narrow, light and dark.
 */
import path from 'node:path';
import type { Page } from '@playwright/test';
import { assistant, expect, send, test } from './fixtures';

const root = path.resolve(import.meta.dirname, '../..');
const everything = path.join(
  root,
  'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
);

const openSettings = async (page: Page) => {
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('tools-section')).toBeVisible();
};

const serverItem = (page: Page, name: string) =>
  page.getByTestId('mcp-server').filter({ has: page.getByText(name, { exact: true }) });

async function addStdioServer(
  page: Page,
  server: { name: string; command: string; args: string[]; env?: Record<string, string> },
) {
  await page.getByTestId('mcp-add').click();
  const form = page.getByTestId('mcp-server-form');
  await form.getByTestId('mcp-name').fill(server.name);
  await form.getByTestId('mcp-command').fill(server.command);
  await form.getByTestId('mcp-args').fill(server.args.join('\n'));
  for (const [name, value] of Object.entries(server.env ?? {})) {
    await form.getByTestId('mcp-env-add').click();
    await form.getByTestId('mcp-env-name').last().fill(name);
    await form.getByTestId('mcp-env-value').last().fill(value);
  }
  await form.getByTestId('mcp-save').click();
  await expect(form).toBeHidden();
}

test('a server added in Settings connects, keeps its sealed value through an edit, and its tool runs in the chat', async ({
  app,
}) => {
  const page = await app.open({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openSettings(page);
  await expect(page.getByTestId('tools-trust')).toContainText(
    'it can read and change what you can',
  );
  await expect(page.getByTestId('mcp-empty')).toBeVisible();

  // A form error is shown beside its field, before any round trip.
  await page.getByTestId('mcp-add').click();
  await page.getByTestId('mcp-save').click();
  await expect(page.getByTestId('mcp-command-error')).toHaveText(
    'Give the command that starts the server, such as npx or node.',
  );
  await page.getByTestId('mcp-policy-all').check();
  await expect(page.getByTestId('mcp-policy-all-warning')).toContainText('without asking');
  await page.getByTestId('mcp-policy-ask').check();
  await page.getByTestId('mcp-cancel').click();

  await addStdioServer(page, {
    name: 'Everything',
    command: process.execPath,
    args: [everything, 'stdio'],
    env: { RUNNEL_E2E_SECRET: 'sealed-value-4711' },
  });
  const item = serverItem(page, 'Everything');
  await expect(item).toHaveAttribute('data-state', 'connected');
  await expect(item.getByTestId('mcp-server-status')).toHaveText(/^Connected · \d+ tools$/);
  await item.getByTestId('mcp-server-tools').locator('summary').click();
  const getEnv = item.getByTestId('mcp-tool').filter({ hasText: 'get-env' });
  await expect(getEnv).toHaveAttribute('data-read-only', 'true');
  await expect(getEnv).toContainText('read-only');
  await expect(getEnv).toContainText('Returns all environment variables');
  // The sealed value never comes back to the page.
  expect(await page.content()).not.toContain('sealed-value-4711');
  await app.screenshot('tools-settings-connected-1280-light');

  // Edit: the saved value shows as saved, is left empty (kept), and the name changes.
  await item.getByTestId('mcp-server-edit').click();
  const form = page.getByTestId('mcp-server-form');
  await expect(form.getByTestId('mcp-env-row')).toHaveAttribute('data-stored', 'value');
  await expect(form.getByTestId('mcp-env-value')).toHaveValue('');
  await expect(form.getByTestId('mcp-env-value')).toHaveAttribute(
    'placeholder',
    'Saved. Leave empty to keep it',
  );
  await expect(form.getByTestId('mcp-args')).toHaveValue(`${everything}\nstdio`);
  await form.getByTestId('mcp-name').fill('Everything server');
  await page.emulateMedia({ colorScheme: 'dark' });
  await form.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await app.screenshot('tools-settings-form-1280-dark');
  await page.setViewportSize({ width: 640, height: 900 });
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await form.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await app.screenshot('tools-settings-form-640-dark');
  await page.setViewportSize({ width: 1280, height: 900 });
  await form.getByTestId('mcp-save').click();
  await expect(form).toBeHidden();
  const edited = serverItem(page, 'Everything server');
  await expect(edited).toHaveAttribute('data-state', 'connected');

  // The chat: the model calls get-env; the card asks; "Always allow"; the server saw the kept value.
  const tools = await app.host.tools.tools();
  const getEnvName = tools.find((tool) => tool.name === 'get-env')?.namespacedName ?? '';
  expect(getEnvName).not.toBe('');
  app.server.script(
    { text: 'Checking.', toolCalls: [{ id: 'call_1', name: getEnvName, arguments: '{}' }] },
    { text: 'The variable is set.' },
  );
  await page.getByTestId('settings-close').click();
  await send(page, 'Is my variable set?');
  const card = assistant(page).getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-state', 'waiting');
  await card.getByTestId('tool-allow-always').click();
  await expect(card).toHaveAttribute('data-state', 'ran');
  await expect(assistant(page)).toContainText('The variable is set.');
  await card.getByTestId('tool-card-result').locator('summary').click();
  await expect(card.getByTestId('tool-card-output')).toContainText('sealed-value-4711');

  // Settings lists the answer; Revoke takes it back.
  await openSettings(page);
  const allowed = page.getByTestId('always-allowed-item');
  await expect(allowed).toHaveCount(1);
  await expect(allowed).toHaveAttribute('data-tool', 'get-env');
  await expect(allowed).toContainText('Everything server');
  await expect(allowed).toContainText('since');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 640, height: 900 });
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await page.getByTestId('always-allowed-list').scrollIntoViewIfNeeded();
  await app.screenshot('tools-settings-allowed-640-light');
  await allowed.getByTestId('always-allowed-revoke').click();
  await expect(allowed).toHaveCount(0);
  await expect(page.getByTestId('always-allowed-empty')).toBeVisible();
});

test('a server that cannot start says why; an import says what it added and skipped', async ({
  app,
}) => {
  const page = await app.open({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await openSettings(page);

  await addStdioServer(page, {
    name: 'Missing',
    command: 'runnel-e2e-no-such-command',
    args: [],
  });
  const missing = serverItem(page, 'Missing');
  await expect(missing).toHaveAttribute('data-state', 'failed');
  await expect(missing.getByTestId('mcp-server-status')).toContainText(
    /^Failed: .*runnel-e2e-no-such-command/,
  );

  // A server that starts and dies at once: its stderr's last words, folded.
  await addStdioServer(page, {
    name: 'Crashes',
    command: process.execPath,
    args: [
      '-e',
      'console.error("config file C:\\\\My Files\\\\x.json is missing"); process.exit(3)',
    ],
  });
  const crashes = serverItem(page, 'Crashes');
  await expect(crashes).toHaveAttribute('data-state', 'failed');
  const stderr = crashes.getByTestId('mcp-server-stderr');
  await expect(stderr.locator('pre')).toBeHidden();
  await stderr.locator('summary').click();
  await expect(stderr.locator('pre')).toContainText('config file C:\\My Files\\x.json is missing');
  await app.screenshot('tools-settings-failed-1280-dark');

  // Switching it off stops it: "Off".
  await crashes.getByTestId('mcp-server-enabled').click();
  await expect(crashes).toHaveAttribute('data-state', 'off');
  await expect(crashes.getByTestId('mcp-server-status')).toHaveText('Off');

  const config = {
    mcpServers: {
      'everything-imported': { command: process.execPath, args: [everything, 'stdio'] },
      broken: { nothing: true },
    },
  };
  await page.getByTestId('mcp-import-file').setInputFiles({
    name: 'claude_desktop_config.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(config)),
  });
  const outcome = page.getByTestId('mcp-import-outcome');
  await expect(outcome).toContainText(
    'Added from claude_desktop_config.json: everything-imported.',
  );
  await expect(outcome.getByTestId('mcp-import-skipped')).toContainText('Skipped broken: ');
  await expect(serverItem(page, 'everything-imported')).toBeVisible();
  await page.setViewportSize({ width: 640, height: 900 });
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await outcome.scrollIntoViewIfNeeded();
  await app.screenshot('tools-settings-import-640-dark');

  // A file that is not JSON: main's words, beside the button.
  await page.getByTestId('mcp-import-file').setInputFiles({
    name: 'mcp.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{ not json'),
  });
  await expect(page.getByTestId('mcp-import-error')).toContainText('mcp.json was not imported: ');

  // Editing a server another window removed meanwhile: main's words, beside the form.
  await missing.getByTestId('mcp-server-edit').click();
  const form = page.getByTestId('mcp-server-form');
  await form.getByTestId('mcp-name').fill('Missing, renamed');
  const id = await missing.getAttribute('data-server-id');
  const removed = await app.host.dispatch(
    'runnel:tools:removeServer',
    { id: id ?? '' },
    { windowId: 2 },
  );
  expect(removed.ok).toBe(true);
  await expect(missing).toHaveCount(0);
  await form.getByTestId('mcp-save').click();
  await expect(form.getByTestId('mcp-save-error')).toHaveText('That server is no longer there.');
  await form.getByTestId('mcp-cancel').click();

  // Remove asks first; Keep it leaves the server; Remove removes it.
  const imported = serverItem(page, 'everything-imported');
  await imported.getByTestId('mcp-server-remove').click();
  await imported.getByTestId('mcp-server-remove-cancel').click();
  await expect(imported).toBeVisible();
  await imported.getByTestId('mcp-server-remove').click();
  await imported.getByTestId('mcp-server-remove-confirm').click();
  await expect(imported).toHaveCount(0);
});
