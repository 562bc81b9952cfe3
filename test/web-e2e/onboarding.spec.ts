/**
 * First run with no provider: the onboarding page finds a local server started after it opened
 * ("Look again"), shows each hosted preset's key format and where to get one, and offers a custom
 * provider as a real button. Screenshots of each state, light and dark.
 */
import http from 'node:http';
import { expect, test } from './fixtures';

/** LM Studio's preset points at localhost:1234; a tiny stand-in there answers its `GET /v1/models`. */
async function startLocalModelServer(port: number): Promise<http.Server | null> {
  const server = http.createServer((request, response) => {
    if (request.url === '/v1/models') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ object: 'list', data: [{ id: 'qwen3-4b', object: 'model' }] }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  return new Promise((resolve) => {
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`onboarding offers keys pages and looks again for local servers (${colorScheme})`, async ({
    app,
  }) => {
    const { page, host, providerId } = app;
    host.settings.deleteProvider(providerId);
    await app.open({ colorScheme });
    const onboarding = page.getByTestId('onboarding');
    await expect(onboarding).toBeVisible();
    await expect(page.getByTestId('onboarding-local')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('onboarding-local')).toContainText('No local server answered');

    // Each hosted preset says what its key looks like and where to get one.
    await page.getByTestId('onboarding-preset').selectOption('openrouter');
    await expect(page.getByTestId('onboarding-key')).toHaveAttribute('placeholder', 'sk-or-v1-…');
    await page.getByTestId('onboarding-preset').selectOption('openai');
    await expect(page.getByTestId('onboarding-key')).toHaveAttribute('placeholder', 'sk-proj-…');
    await page.getByTestId('onboarding-keys-page').click();
    // The page opens in the system browser: main is asked to, over IPC, just after the click.
    await expect.poll(() => app.openedExternally).toEqual(['https://platform.openai.com/api-keys']);
    await expect(page.getByRole('button', { name: 'Set up a custom provider' })).toBeVisible();
    await app.screenshot(`onboarding-${colorScheme}`);

    // A server started now is found by Look again, without reopening the window.
    const local = await startLocalModelServer(1234);
    test.skip(local === null, 'port 1234 is taken on this machine');
    try {
      await page.getByTestId('onboarding-look-again').click();
      await expect(page.getByTestId('onboarding-use-local')).toBeVisible();
      await expect(page.getByTestId('onboarding-local')).toContainText('1 model');
      await app.screenshot(`onboarding-found-${colorScheme}`);
    } finally {
      await new Promise((resolve) => local?.close(resolve));
    }
  });
}

test('the custom provider button opens the provider form in Settings', async ({ app }) => {
  const { page, host, providerId } = app;
  host.settings.deleteProvider(providerId);
  await app.open();
  await page.getByTestId('onboarding-open-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect(page.getByTestId('providers-empty')).toContainText('No provider yet');
  await page.getByTestId('provider-add-custom').click();
  await expect(page.getByTestId('providers-empty')).toHaveCount(0);
});
