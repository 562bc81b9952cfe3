/**
 * Reads the whole open conversation, not the part on screen: the message list is virtualised (only
 * the rows near the view exist in the DOM) and opens on its last page (older pages load as the reader
 * scrolls up). So this scrolls as a reader would: up until no older page is left, then down from the
 * top, collecting every row by its index.
 */
import type { Page } from '@playwright/test';

export interface ReadMessage {
  role: string;
  /** The message's text as shown (Markdown rendered, so without its markup). */
  text: string;
}

export async function readConversation(page: Page, timeoutMs = 30_000): Promise<ReadMessage[]> {
  return page.getByTestId('message-list').evaluate(async (list, timeout) => {
    const deadline = performance.now() + timeout;
    const frame = async (why: string): Promise<void> => {
      if (performance.now() > deadline) throw new Error(`readConversation: timed out ${why}`);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    };

    // Up: each scroll to the top asks for the next older page, until the list says none is left.
    while (list.dataset.hasOlder === 'true') {
      const height = list.scrollHeight;
      list.scrollTop = 0;
      list.dispatchEvent(new Event('scroll'));
      while (list.dataset.hasOlder === 'true' && list.scrollHeight === height) {
        await frame('waiting for an older page');
      }
    }

    // Down: read the drawn rows (the view and a few beyond it), then bring the last one read to the
    // top and read again. Rows are measured as they are drawn and the list keeps its end anchored, so
    // the scroll position can shift under a fixed step; the last row read is a fixed point instead.
    const read = new Map<number, { role: string; text: string }>();
    const rows = () => [...list.querySelectorAll<HTMLElement>('[data-index]')];
    const atEnd = () => list.scrollTop + list.clientHeight >= list.scrollHeight - 1;
    const covered = (): boolean => {
      const view = list.getBoundingClientRect();
      const drawn = rows().map((row) => row.getBoundingClientRect());
      return (
        drawn.some((rect) => rect.top <= view.top + 1) &&
        (atEnd() || drawn.some((rect) => rect.bottom >= view.bottom - 1))
      );
    };
    let last = -1;
    // At the end, rows still being measured may be drawn a frame or two later: the end counts once
    // the last index read has held there for a few frames.
    let quietAtEnd = 0;
    let uncovered = 0;
    list.scrollTop = 0;
    for (;;) {
      await frame('waiting for the rows of the view');
      if (!covered()) {
        // The virtualiser draws on scroll: a position it settled on without drawing gets a nudge.
        uncovered += 1;
        if (uncovered % 10 === 0) list.scrollTop -= 1;
        continue;
      }
      uncovered = 0;
      const drawn = rows();
      const indices = drawn.map((row) => Number(row.dataset.index));
      if (Math.min(...indices) > last + 1) {
        // The view moved past rows not read yet: step back.
        list.scrollTop -= Math.floor(list.clientHeight / 2);
        continue;
      }
      for (const row of drawn) {
        const message = row.querySelector<HTMLElement>('[data-testid="message"]');
        const content = message?.querySelector('[data-testid="message-content"]');
        read.set(Number(row.dataset.index), {
          role: message?.dataset.role ?? '',
          text: content?.textContent ?? '',
        });
      }
      const previous = last;
      last = Math.max(last, ...indices);
      if (atEnd()) {
        quietAtEnd = last === previous ? quietAtEnd + 1 : 0;
        if (quietAtEnd >= 3) break;
        continue;
      }
      quietAtEnd = 0;
      // Bring the last row read to the top; when it is there already and nothing new was drawn
      // below it, step on by half a view.
      if (last === previous) list.scrollTop += Math.floor(list.clientHeight / 2);
      else list.querySelector(`[data-index="${last}"]`)?.scrollIntoView({ block: 'start' });
    }

    const indices = [...read.keys()].sort((a, b) => a - b);
    const missing = indices.filter((index, at) => index !== at);
    if (missing.length > 0) throw new Error(`readConversation: rows missing before ${missing[0]}`);
    return indices.map((index) => read.get(index)!);
  }, timeoutMs);
}
