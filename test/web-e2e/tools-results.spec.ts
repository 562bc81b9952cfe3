/**
 * What a tool result shows beyond text, and what happens when the MCP host dies under a call, with
 * the fault MCP server added in Settings → Tools and run by the real MCP host:
 * - a picture as a thumbnail that opens full size (Esc closes, focus returns), an SVG with script and
 *   HTML that says it is a PNG shown as lines of text, never as pictures; an https link opened through
 *   main's external-open path, `javascript:` and `file:` addresses shown as text; the picture given to
 *   a model that reads images; all of it back after a reload;
 * - the host killed while a call runs: the card says so in words, the answer goes on, and Settings →
 *   Tools says the host stopped and was restarted, with the server connected again.
 */
import type { Page } from '@playwright/test';
import { faultMcpServer } from '../support/mcp-everything';
import { assistant, expect, send, test, type AppUnderTest } from './fixtures';

const FAULT_PNG_START = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAg';

async function addFaultServer(page: Page, name: string, flags: string[], policy: 'ask' | 'all') {
  const server = faultMcpServer(...flags);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('mcp-add').click();
  const form = page.getByTestId('mcp-server-form');
  await form.getByTestId('mcp-name').fill(name);
  await form.getByTestId('mcp-command').fill(server.command);
  await form.getByTestId('mcp-args').fill(server.args.join('\n'));
  await form.getByTestId('mcp-cwd').fill(server.cwd);
  await form.getByTestId(`mcp-policy-${policy}`).check();
  await form.getByTestId('mcp-save').click();
  await expect(form).toBeHidden();
  const item = page
    .getByTestId('mcp-server')
    .filter({ has: page.getByText(name, { exact: true }) });
  await expect(item).toHaveAttribute('data-state', 'connected');
  await page.getByTestId('settings-close').click();
}

const toolName = async (app: AppUnderTest, tool: string): Promise<string> => {
  const found = (await app.host.tools.tools()).find((one) => one.name === tool);
  expect(found).toBeDefined();
  return found?.namespacedName ?? '';
};

test('a result’s picture is a thumbnail that opens full size, and its links open only when safe', async ({
  app,
}) => {
  const dialogs: string[] = [];
  const page = await app.open({ colorScheme: 'light' });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  // The person marked this model as reading images (the model switcher's switch).
  await page.evaluate((providerId) => {
    localStorage.setItem(
      'runnel.visionOverrides.v1',
      JSON.stringify({ [`${providerId}\nscripted`]: true }),
    );
  }, app.providerId);
  await addFaultServer(page, 'Charts', ['--media'], 'ask');
  app.server.script(
    {
      text: 'Drawing it.',
      toolCalls: [{ id: 'call_media', name: await toolName(app, 'media'), arguments: '{}' }],
    },
    { text: 'There is your chart.' },
  );
  await send(page, 'Draw the chart');
  const card = assistant(page).getByTestId('tool-card');
  await card.getByTestId('tool-allow-once').click();
  await expect(card).toHaveAttribute('data-state', 'ran');
  await expect(assistant(page)).toContainText('There is your chart.');

  // One picture: the SVG with script and the HTML that says it is a PNG are not pictures.
  const thumbs = card.getByTestId('tool-media-image');
  await expect(thumbs).toHaveCount(1);
  const image = thumbs.locator('img');
  await expect(image).toHaveAttribute('src', new RegExp(`^${FAULT_PNG_START}`));
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(48);
  await expect(card.locator('img')).toHaveCount(1);
  await card.getByTestId('tool-card-result').locator('summary').click();
  const told = card.getByTestId('tool-card-output');
  await expect(told).toContainText(
    '[image not shown: its type “image/svg+xml” is not PNG, JPEG, GIF or WebP]',
  );
  await expect(told).toContainText('[image not shown: it says image/png but its data is not]');
  await app.screenshot('tools-result-media-1280-light');

  // Full size in the viewer; Esc closes it and puts focus back on the thumbnail.
  await thumbs.click();
  const viewer = page.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer.getByTestId('image-viewer-image')).toHaveAttribute(
    'src',
    new RegExp(`^${FAULT_PNG_START}`),
  );
  await app.screenshot('tools-result-image-viewer-1280-light');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(thumbs).toBeFocused();

  // The https link opens through main; javascript: and file: are text, not links.
  const links = card.getByTestId('tool-media-link');
  await expect(links).toHaveCount(3);
  await card.getByTestId('tool-media-open').click();
  await expect.poll(() => app.openedExternally).toEqual(['https://example.com/report']);
  const addresses = card.getByTestId('tool-media-address');
  await expect(addresses).toHaveCount(2);
  await expect(addresses.nth(0)).toHaveText('Click me: javascript:alert(1)');
  await expect(addresses.nth(1)).toHaveText('file:///tmp/chart-data.csv');
  await expect(card.getByTestId('tool-media').locator('a')).toHaveCount(1);
  await expect(card.locator('a[href^="javascript:"], a[href^="file:"]')).toHaveCount(0);
  expect(dialogs).toEqual([]);

  // The model reads images: the picture followed the tool messages, as an image part.
  const step2 = app.server.requests
    .map((request) => (request.body?.messages ?? []) as Array<{ role: string; content: unknown }>)
    .find((messages) => messages.some((one) => one.role === 'tool'));
  expect(step2?.at(-2)?.role).toBe('tool');
  expect(step2?.at(-1)?.role).toBe('user');
  expect(JSON.stringify(step2?.at(-1)?.content)).toContain(FAULT_PNG_START);

  // Kept in history: after a reload the picture and the links are back.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await page.getByTestId('conversation-item').first().click();
  const again = assistant(page).getByTestId('tool-card');
  await expect(again.getByTestId('tool-media-image')).toHaveCount(1);
  await expect(again.getByTestId('tool-media-link')).toHaveCount(3);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 640, height: 900 });
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await again.scrollIntoViewIfNeeded();
  await app.screenshot('tools-result-media-640-dark');
  expect(dialogs).toEqual([]);
});

test('the MCP host killed during a call: the card says so, the answer goes on, Settings says it was restarted', async ({
  app,
}) => {
  const page = await app.open({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await addFaultServer(page, 'Flaky', [], 'all');
  const hang = await toolName(app, 'hang');
  app.server.script(
    {
      text: 'Working on it.',
      toolCalls: [{ id: 'call_hang', name: hang, arguments: '{}' }],
    },
    { text: 'The tool did not finish; try again later.' },
  );
  await send(page, 'Do the slow thing');
  const card = assistant(page).getByTestId('tool-card');
  // Allowed by the server's policy: it runs at once, and hangs.
  await expect(card).toHaveAttribute('data-state', 'running');

  const host = app.host.mcpHost.hostStatus();
  expect(host.state).toBe('running');
  process.kill((host as { pid: number }).pid, 'SIGKILL');

  await expect(card).toHaveAttribute('data-state', 'failed');
  await expect(card.getByTestId('tool-card-error')).toHaveText(
    `The tool "${hang}" failed: Runnel's MCP host (the process its tool servers run in) stopped (signal SIGKILL) during this call; Runnel is restarting it with its servers, so ask again in a moment.`,
  );
  await expect(assistant(page)).toContainText('The tool did not finish; try again later.');
  await app.screenshot('tools-host-crashed-card-1280-light');

  await page.getByTestId('open-settings').click();
  const notice = page.getByTestId('mcp-host-status');
  await expect(notice).toHaveAttribute('data-state', 'running');
  await expect(notice).toContainText(
    /^The MCP host stopped \(signal SIGKILL\)\. Runnel restarted it at .+, with its servers\.$/,
  );
  const item = page
    .getByTestId('mcp-server')
    .filter({ has: page.getByText('Flaky', { exact: true }) });
  await expect(item).toHaveAttribute('data-state', 'connected');
  await notice.evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await app.screenshot('tools-host-restarted-settings-1280-light');
});
