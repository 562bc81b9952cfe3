/** The renderer benchmark's page (bench/renderer/harness/main.tsx), opened in a fresh context. */
import type { Browser, BrowserContext, Page } from '@playwright/test';

/**
 * A fresh context, so no run inherits another's caches or warm code, with the page loaded and its
 * `runnelBench` ready. The caller closes the context.
 */
export async function openBenchPage(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    // A page whose Markdown worker failed would quietly parse on its UI thread: not what we measure.
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`   page console error: ${message.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => 'runnelBench' in window);
    return { context, page };
  } catch (error) {
    await context.close();
    throw error;
  }
}
