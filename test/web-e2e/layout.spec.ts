/**
 * The window at the widths people use: a narrow window turns the sidebar into a drawer behind a
 * toggle, a wide one shows both columns, and the message actions are readable without hovering.
 */
import type { Page } from '@playwright/test';
import { assistant, expect, send, test } from './fixtures';

/**
 * WCAG contrast of an element's text against the background it is drawn on, with the opacity of it
 * and its ancestors applied (as a person sees it when the pointer is elsewhere).
 */
async function restingContrast(page: Page, selector: string): Promise<number> {
  return page
    .locator(selector)
    .first()
    .evaluate((element) => {
      const parse = (color: string): [number, number, number, number] => {
        const match = /rgba?\(([^)]+)\)/.exec(color);
        if (!match) throw new Error(`unparsed colour ${color}`);
        const [r = 0, g = 0, b = 0, a = 1] = match[1]!
          .split(/[ ,/]+/)
          .filter(Boolean)
          .map(Number);
        return [r, g, b, a];
      };
      let opacity = 1;
      for (let node: Element | null = element; node; node = node.parentElement) {
        opacity *= Number(getComputedStyle(node).opacity);
      }
      let background: [number, number, number, number] = [255, 255, 255, 1];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color[3] > 0.5) {
          background = color;
          break;
        }
      }
      const [r, g, b, a] = parse(getComputedStyle(element).color);
      const alpha = a * opacity;
      const blend = (fg: number, bg: number) => fg * alpha + bg * (1 - alpha);
      const text = [blend(r, background[0]), blend(g, background[1]), blend(b, background[2])];
      const luminance = ([red, green, blue]: number[]) => {
        const channel = (v: number) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(red!) + 0.7152 * channel(green!) + 0.0722 * channel(blue!);
      };
      const [light, dark] = [luminance(text), luminance(background)].sort((x, y) => y - x);
      return (light! + 0.05) / (dark! + 0.05);
    });
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`a 640 px window shows the sidebar as a drawer (${colorScheme})`, async ({ app }) => {
    const { page, server } = app;
    await page.setViewportSize({ width: 640, height: 720 });
    await app.open({ colorScheme });
    await expect(page.getByTestId('sidebar')).toBeHidden();
    const toggle = page.getByTestId('drawer-toggle');
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');

    server.script({ text: 'A short answer.' });
    await send(page, 'Hello from a narrow window');
    await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
    // The toggle sits beside the title, never on it.
    const toggleBox = await toggle.boundingBox();
    const titleBox = await page.locator('.conversation-title').boundingBox();
    expect(toggleBox!.x + toggleBox!.width).toBeLessThanOrEqual(titleBox!.x);
    await app.screenshot(`narrow-chat-${colorScheme}`);

    await toggle.click();
    await expect(page.getByTestId('sidebar')).toBeVisible();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByTestId('new-chat')).toBeFocused();
    // The search box's placeholder ends before the Ctrl+K badge starts.
    const search = page.getByTestId('search-input');
    const badge = page.locator('.search-shortcut');
    if ((await badge.count()) > 0) {
      const placeholderEnd = await search.evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const left = input.getBoundingClientRect().left + parseFloat(style.paddingLeft);
        return left + context.measureText(input.placeholder).width;
      });
      expect(placeholderEnd).toBeLessThanOrEqual((await badge.boundingBox())!.x);
    }
    await app.screenshot(`narrow-drawer-${colorScheme}`);

    // Opening a page closes the drawer; Esc and the backdrop close it too.
    await page.getByTestId('new-chat').click();
    await expect(page.getByTestId('sidebar')).toBeHidden();
    await toggle.click();
    await expect(page.getByTestId('sidebar')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('sidebar')).toBeHidden();
    await expect(toggle).toBeFocused();
    await toggle.click();
    await page.getByTestId('drawer-backdrop').click({ position: { x: 600, y: 300 } });
    await expect(page.getByTestId('sidebar')).toBeHidden();

    // Ctrl+K searches from anywhere, so it opens the drawer with the search box focused.
    await page.getByTestId('composer-input').focus();
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('sidebar')).toBeVisible();
    await expect(search).toBeFocused();
  });
}

test('a 1280 px window shows both columns and no drawer toggle', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await app.open();
  await expect(page.getByTestId('sidebar')).toBeVisible();
  await expect(page.getByTestId('drawer-toggle')).toBeHidden();
  const sidebar = await page.getByTestId('sidebar').boundingBox();
  const main = await page.getByTestId('conversation-view').boundingBox();
  expect(sidebar!.x + sidebar!.width).toBeLessThanOrEqual(main!.x + 1);
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`message actions are readable at rest (${colorScheme})`, async ({ app }) => {
    const { page, server } = app;
    await app.open({ colorScheme });
    server.script({ text: 'Readable actions.' });
    await send(page, 'Are the buttons readable?');
    await expect(assistant(page)).toHaveAttribute('data-status', 'complete');
    await page.mouse.move(0, 0);
    const selector = '[data-testid="message"][data-role="assistant"] .message-actions .button';
    // WCAG 2.2 AA asks 4.5:1 for text of this size.
    expect(await restingContrast(page, selector)).toBeGreaterThanOrEqual(4.5);
  });
}
