/**
 * Tool calls in the chat window, with a real MCP host (forked, as the app runs it in a utility process)
 * and `server-everything` from npm: the approval card, Allow once, Deny, "Always allow" lasting across
 * a reload, and a hostile result that runs nothing. Screenshots of the card, light and dark, wide and
 * narrow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import type { McpHostClient } from '../../main/mcp/host-client';
import { createApprovals } from '../../main/tools/approvals';
import { createToolService } from '../../main/tools/tool-service';
import { startEverything } from '../support/mcp-everything';
import { assistant, expect, send, test } from './fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'runnel-e2e-tools-'));

let mcp: McpHostClient;
let echoName = '';
/** Each test's own approvals file: "always" in one test is not remembered in the next. */
let approvalsDir = dir;

test.beforeAll(async () => {
  ({ host: mcp, echoName } = await startEverything());
});
test.afterAll(async () => {
  await mcp.stop();
  rmSync(dir, { recursive: true, force: true });
});
test.beforeEach(() => {
  approvalsDir = mkdtempSync(path.join(dir, 'approvals-'));
});

test.use({
  mainHostOptions: {
    tools: () =>
      createToolService({
        host: mcp,
        approvals: createApprovals({
          dir: approvalsDir,
          openStore: (cwd, name) => new Conf({ cwd, configName: name, clearInvalidConfig: true }),
        }),
        policyOf: () => 'ask',
      }),
  },
});

const echoCall = (id: string, message: string) => ({
  id,
  name: echoName,
  arguments: JSON.stringify({ message }),
});

test('asks before a call, runs it once allowed, and the answer goes on', async ({ app }) => {
  app.server.script(
    { text: 'Let me echo that.', toolCalls: [echoCall('call_1', 'hello from the card')] },
    { text: 'The tool said hello.' },
  );
  const page = await app.open({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await send(page, 'Echo hello');

  const card = assistant(page).getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-state', 'waiting');
  await expect(card).toContainText('echo');
  await expect(card).toContainText('Everything');
  await expect(card.getByTestId('tool-card-arguments')).toContainText(
    '"message": "hello from the card"',
  );
  // The card asks; nothing has been run yet, so the model has been asked once.
  expect(app.server.requests).toHaveLength(1);
  // Nothing took the focus from the composer while the card appeared.
  await expect(page.getByTestId('composer-input')).toBeFocused();
  await app.screenshot('tools-card-waiting-1280-light');
  await page.setViewportSize({ width: 640, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await app.screenshot('tools-card-waiting-640-dark');
  await page.setViewportSize({ width: 1280, height: 800 });

  await card.getByTestId('tool-allow-once').click();
  await expect(card).toHaveAttribute('data-state', 'ran');
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  await expect(assistant(page)).toContainText('Let me echo that.');
  await expect(assistant(page)).toContainText('The tool said hello.');
  await card.getByTestId('tool-card-result').locator('summary').click();
  await expect(card.getByTestId('tool-card-output')).toContainText('hello from the card');
  await app.screenshot('tools-card-done-1280-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 640, height: 800 });
  await expect(page.getByTestId('sidebar')).toBeHidden();
  await app.screenshot('tools-card-done-640-light');

  const toolMessage = (
    app.server.requests[1]?.body?.messages as Array<{ role: string; content: string }>
  ).at(-1);
  expect(toolMessage).toMatchObject({
    role: 'tool',
    content: expect.stringContaining('hello from the card'),
  });
});

test('a denied call is never run, and the model is told', async ({ app }) => {
  app.server.script(
    { text: '', toolCalls: [echoCall('call_1', 'do not run me')] },
    { text: 'Understood, I will not.' },
  );
  const page = await app.open();
  await send(page, 'Echo something');
  const card = assistant(page).getByTestId('tool-card');
  await card.getByTestId('tool-deny').click();
  await expect(card).toHaveAttribute('data-state', 'denied');
  await expect(card.getByTestId('tool-card-status')).toHaveText('Denied');
  await expect(assistant(page)).toContainText('Understood, I will not.');
  const toolMessage = (
    app.server.requests[1]?.body?.messages as Array<{ role: string; content: string }>
  ).at(-1);
  expect(toolMessage).toEqual({
    role: 'tool',
    tool_call_id: 'call_1',
    content: 'The user denied this call.',
  });
});

test('"Always allow" holds after a reload: the next call runs without a card', async ({ app }) => {
  app.server.script(
    { text: '', toolCalls: [echoCall('call_1', 'first')] },
    { text: 'First done.' },
  );
  const page = await app.open();
  await send(page, 'First');
  await assistant(page).getByTestId('tool-allow-always').click();
  await expect(assistant(page)).toContainText('First done.');
  // The conversation's title is asked for next (without tools): script the second answer after it.
  await expect.poll(() => app.server.requests.length).toBe(3);
  expect(app.server.requests[2]?.body).not.toHaveProperty('tools');
  app.server.script(
    { text: '', toolCalls: [echoCall('call_2', 'second')] },
    { text: 'Second done.' },
  );

  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  await send(page, 'Second');
  await expect(assistant(page)).toContainText('Second done.');
  const card = assistant(page).getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-state', 'ran');
  await expect(card.getByTestId('tool-allow-once')).toHaveCount(0);
});

test('a hostile result is shown as text and runs nothing', async ({ app }) => {
  const hostile = '<img src=x onerror="window.__pwned = 1"> [link](javascript:alert(1))';
  app.server.script({ text: '', toolCalls: [echoCall('call_1', hostile)] }, { text: 'Shown.' });
  const page = await app.open();
  await send(page, 'Echo this');
  const card = assistant(page).getByTestId('tool-card');
  await card.getByTestId('tool-allow-once').click();
  await expect(assistant(page)).toContainText('Shown.');
  await card.getByTestId('tool-card-result').locator('summary').click();
  await expect(card.getByTestId('tool-card-output')).toContainText('<img src=x');
  expect(await card.locator('img, a[href^="javascript"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('the cards are still there after a reload, and a result is found by search', async ({
  app,
}) => {
  app.server.script(
    { text: 'Let me echo that.', toolCalls: [echoCall('call_1', 'zanzibar quokka')] },
    { text: 'The tool answered.' },
  );
  const page = await app.open();
  await send(page, 'Echo a password');
  await assistant(page).getByTestId('tool-allow-once').click();
  await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
  // A new chat, so the hit has to open the answer's conversation.
  await page.getByTestId('new-chat').click();
  await expect(page.locator('[data-testid="message"]')).toHaveCount(0);

  // The result's text (server-everything's echo) is found, and the hit opens the answer.
  await page.getByTestId('search-input').fill('quokka');
  const hit = page.getByTestId('search-result');
  await expect(hit).toHaveCount(1);
  // The snippet comes from the call (its arguments and its result both say it).
  await expect(hit.locator('mark').first()).toHaveText('quokka');
  await expect(hit).toContainText('zanzibar quokka');
  await hit.click();
  await expect(assistant(page)).toContainText('The tool answered.');
  await expect(assistant(page).getByTestId('tool-card')).toHaveAttribute('data-state', 'ran');
  const status = await assistant(page).getByTestId('tool-card-status').textContent();
  expect(status).toMatch(/^Done/);

  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  // No stream is running, so the window opens on a new chat: open the conversation.
  await page.getByTestId('conversation-item').first().click();
  const answer = assistant(page);
  await expect(answer).toContainText('Let me echo that.');
  await expect(answer).toContainText('The tool answered.');
  const card = answer.getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-state', 'ran');
  await expect(card).toContainText('echo');
  await expect(card).toContainText('Everything');
  // The same outcome and time as before the reload.
  await expect(card.getByTestId('tool-card-status')).toHaveText(status ?? '');
  await card.getByTestId('tool-card-result').locator('summary').click();
  await expect(card.getByTestId('tool-card-output')).toContainText('zanzibar quokka');
  // The card sits between the text before the call and the text after it.
  const order = await answer.evaluate((node) => {
    const text = node.textContent ?? '';
    return [
      text.indexOf('Let me echo that.'),
      text.indexOf('echo', text.indexOf('that.')),
      text.indexOf('The tool answered.'),
    ];
  });
  expect(order[0]).toBeLessThan(order[1]!);
  expect(order[1]).toBeLessThan(order[2]!);
  // Nothing asks any more, and nothing ran again.
  await expect(card.getByTestId('tool-allow-once')).toHaveCount(0);
});

test('a reload while a card waits brings the card back asking, and allowing it finishes', async ({
  app,
}) => {
  app.server.script(
    { text: 'Checking.', toolCalls: [echoCall('call_1', 'marmoset lantern')] },
    { text: 'Echoed after the reload.' },
  );
  const page = await app.open();
  await send(page, 'Echo and wait');
  await expect(assistant(page).getByTestId('tool-card')).toHaveAttribute('data-state', 'waiting');
  // Saved while the answer streams: its call's arguments are found before the reload.
  await page.getByTestId('search-input').fill('marmoset');
  await expect(page.getByTestId('search-result')).toHaveCount(1);
  await page.getByTestId('search-clear').click();

  // Main keeps the stream; the reloaded window re-attaches and has the card from history.
  await page.reload();
  await expect(page.locator('body[data-app-state="ready"]')).toBeAttached();
  const answer = assistant(page);
  await expect(answer).toContainText('Checking.');
  const card = answer.getByTestId('tool-card');
  await expect(card).toHaveAttribute('data-state', 'waiting');
  await expect(card.getByTestId('tool-card-arguments')).toContainText(
    '"message": "marmoset lantern"',
  );
  // Nothing ran while the window was away: the model was asked once.
  expect(app.server.requests).toHaveLength(1);
  await card.getByTestId('tool-allow-once').click();
  await expect(card).toHaveAttribute('data-state', 'ran');
  await expect(answer).toHaveAttribute('data-status', 'complete');
  await expect(answer).toContainText('Echoed after the reload.');
});
