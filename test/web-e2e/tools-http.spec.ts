/**
 * MCP servers reached by URL, added in Settings → Tools and used in a chat: `server-everything` from
 * npm in its Streamable HTTP mode, and in its older HTTP+SSE mode (which Runnel reaches by falling back
 * when the Streamable HTTP request gets a 4xx), each on a loopback port, through the real MCP host.
 */
import type { Page } from '@playwright/test';
import { everythingOverHttp } from '../support/mcp-everything';
import { assistant, expect, send, test, type AppUnderTest } from './fixtures';

const servers: Array<{ stop: () => void }> = [];
test.afterAll(() => {
  for (const server of servers) server.stop();
});

async function addUrlServer(page: Page, name: string, url: string) {
  await page.getByTestId('open-settings').click();
  await expect(page.getByTestId('tools-section')).toBeVisible();
  await page.getByTestId('mcp-add').click();
  const form = page.getByTestId('mcp-server-form');
  await form.getByTestId('mcp-name').fill(name);
  await form.getByTestId('mcp-kind-http').check();
  await form.getByTestId('mcp-url').fill(url);
  await form.getByTestId('mcp-save').click();
  await expect(form).toBeHidden();
}

/** The model calls the server's echo; the card asks, is allowed once, and shows the server's answer. */
async function echoThroughChat(app: AppUnderTest, page: Page, serverName: string, message: string) {
  const echo = (await app.host.tools.tools()).find(
    (tool) => tool.serverName === serverName && tool.name === 'echo',
  );
  expect(echo).toBeDefined();
  app.server.script(
    {
      text: 'Asking the server.',
      toolCalls: [
        {
          id: 'call_http',
          name: echo?.namespacedName ?? '',
          arguments: JSON.stringify({ message }),
        },
      ],
    },
    { text: 'It answered.' },
  );
  await page.getByTestId('settings-close').click();
  await send(page, `Echo ${message}`);
  const card = assistant(page).getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-state', 'waiting');
  await expect(card).toContainText(serverName);
  await card.getByTestId('tool-allow-once').click();
  await expect(card).toHaveAttribute('data-state', 'ran');
  await expect(assistant(page)).toContainText('It answered.');
  await card.getByTestId('tool-card-result').locator('summary').click();
  await expect(card.getByTestId('tool-card-output')).toContainText(`Echo: ${message}`);
  // What the model was told is the server's answer, sent back as the tool's message.
  const told = app.server.requests
    .flatMap(
      (request) => (request.body?.messages ?? []) as Array<{ role: string; content: unknown }>,
    )
    .filter((one) => one.role === 'tool');
  expect(told).toEqual([expect.objectContaining({ content: `Echo: ${message}` })]);
}

test('a Streamable HTTP server added by its URL connects and its tool runs in a chat', async ({
  app,
}) => {
  const everything = await everythingOverHttp('streamableHttp');
  servers.push(everything);
  const page = await app.open({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await addUrlServer(page, 'Everything over HTTP', everything.url);
  const item = page
    .getByTestId('mcp-server')
    .filter({ has: page.getByText('Everything over HTTP', { exact: true }) });
  await expect(item).toHaveAttribute('data-state', 'connected');
  await expect(item.getByTestId('mcp-server-status')).toHaveText(
    /^Connected · \d+ tools · Streamable HTTP$/,
  );
  await app.screenshot('tools-http-connected-1280-light');
  await echoThroughChat(app, page, 'Everything over HTTP', 'over streamable http');
});

test('an older HTTP+SSE server is reached by falling back, and its tool runs in a chat', async ({
  app,
}) => {
  const everything = await everythingOverHttp('sse');
  servers.push(everything);
  const page = await app.open({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await addUrlServer(page, 'Everything over SSE', everything.url);
  const item = page
    .getByTestId('mcp-server')
    .filter({ has: page.getByText('Everything over SSE', { exact: true }) });
  await expect(item).toHaveAttribute('data-state', 'connected');
  await expect(item.getByTestId('mcp-server-status')).toHaveText(
    /^Connected · \d+ tools · HTTP\+SSE \(older servers\)$/,
  );
  await echoThroughChat(app, page, 'Everything over SSE', 'over sse');
});

test('a URL where no server answers fails in words, naming the address', async ({ app }) => {
  const gone = await everythingOverHttp('streamableHttp');
  gone.stop();
  await new Promise<void>((resolve) => gone.child.once('exit', () => resolve()));
  const page = await app.open({ colorScheme: 'light' });
  await addUrlServer(page, 'Nobody home', gone.url);
  const item = page
    .getByTestId('mcp-server')
    .filter({ has: page.getByText('Nobody home', { exact: true }) });
  await expect(item).toHaveAttribute('data-state', 'failed');
  await expect(item.getByTestId('mcp-server-status')).toHaveText(
    `Failed: Could not reach “Nobody home” at ${gone.url}: nothing answers there (connection refused). Check the address, and that the server is running.`,
  );
});
