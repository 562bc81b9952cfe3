/**
 * Quick ask in real Electron, opened through its command-line path (`runnel --quick-ask` reaches the
 * running instance as `second-instance`, which is what this emits) since a test cannot press a
 * global hotkey: the time from that event to a focused input on a warm app, Esc hiding it, and the
 * hand-over to the chat window.
 */
import { expect, test, type Page } from '@playwright/test';
import { startFaultServer } from '../fault-server/fault-server';
import { findElectronBinary, SKIP_REASON } from './electron-binary';
import { addFaultServerProvider, launchApp } from './launch';

const binary = findElectronBinary();
test.skip(!binary, SKIP_REASON);

/** The aim (issue 5): hotkey to a focused input in under 100 ms on a warm app. */
const AIM_MS = 100;

type Probe = Window & { __focusedAt?: number | null };

/** In the page: note the first moment the window is visible, focused, with its input focused. */
const armFocusProbe = (page: Page) =>
  page.evaluate(() => {
    const probe = window as Probe;
    probe.__focusedAt = null;
    const timer = window.setInterval(() => {
      const input = document.activeElement?.getAttribute('data-testid') === 'quick-ask-input';
      if (document.visibilityState === 'visible' && document.hasFocus() && input) {
        probe.__focusedAt = Date.now();
        window.clearInterval(timer);
      }
    }, 1);
  });

test('opens from --quick-ask with a focused input, fast; hides on Esc; hands over', async ({}, testInfo) => {
  const server = await startFaultServer();
  const { app, chat } = await launchApp(binary!, testInfo.outputPath('user-data'));
  try {
    await addFaultServerProvider(chat, server);

    // The quick-ask window exists from the start, loaded and hidden.
    const quick =
      app.windows().find((page) => page.url().endsWith('/quick-ask.html')) ??
      (await app.waitForEvent('window', (page) => page.url().endsWith('/quick-ask.html')));
    await expect(quick.locator('body[data-app-state="ready"]')).toBeAttached({ timeout: 20_000 });
    const visible = () =>
      app.evaluate(({ BrowserWindow }) =>
        BrowserWindow.getAllWindows()
          .filter((window) => window.webContents.getURL().endsWith('/quick-ask.html'))
          .map((window) => window.isVisible()),
      );
    expect(await visible()).toEqual([false]);

    const timings: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      await armFocusProbe(quick);
      const startedAt = await app.evaluate(({ app: electronApp }) => {
        const at = Date.now();
        electronApp.emit('second-instance', {}, [process.execPath, '--quick-ask'], process.cwd(), {
          runnelIntent: 'quick-ask',
        });
        return at;
      });
      await quick.waitForFunction(() => (window as Probe).__focusedAt != null);
      const focusedAt = await quick.evaluate(() => (window as Probe).__focusedAt!);
      timings.push(focusedAt - startedAt);
      expect(await visible()).toEqual([true]);
      await quick.keyboard.press('Escape');
      await expect.poll(visible).toEqual([false]);
    }
    // The first round may still warm caches; the aim is about a warm app.
    const warm = timings.slice(1).sort((a, b) => a - b);
    const median = warm[Math.floor(warm.length / 2)]!;
    const line = `--quick-ask to focused input: median ${median} ms, max ${warm.at(-1)} ms (aim < ${AIM_MS} ms); rounds ${timings.join(', ')} ms`;
    console.log(line);
    testInfo.annotations.push({ type: 'measurement', description: line });
    // A generous bound fails only on a real regression (a page load per show), not on a busy machine.
    expect(median).toBeLessThan(1_000);

    // Asking, then handing the conversation to the chat window.
    server.script({ text: 'Hello from quick ask.' });
    await app.evaluate(({ app: electronApp }) =>
      electronApp.emit('second-instance', {}, [process.execPath, '--quick-ask'], process.cwd(), {}),
    );
    await expect(quick.getByTestId('quick-ask-input')).toBeFocused();
    await quick.getByTestId('quick-ask-input').fill('Say hello');
    await quick.keyboard.press('Enter');
    await expect(quick.locator('[data-role="assistant"][data-status="complete"]')).toBeVisible({
      timeout: 20_000,
    });
    await quick.getByTestId('quick-ask-open-in-main').click();
    await expect.poll(visible).toEqual([false]);
    await expect(chat.getByRole('heading', { name: 'Say hello' })).toBeVisible();
    await expect(chat.locator('[data-role="assistant"]').last()).toContainText(
      'Hello from quick ask.',
    );
    await expect(chat.getByTestId('quick-ask-badge').first()).toBeVisible();
  } finally {
    await app.close();
    await server.close();
  }
});
