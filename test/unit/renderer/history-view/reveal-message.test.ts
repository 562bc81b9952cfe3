import { describe, expect, it } from 'vitest';
import {
  LARGEST_PAGE,
  loadUntilMessage,
} from '../../../../renderer/src/history-view/reveal-message';

/** A conversation of `total` messages of which the last `loaded` are in memory, paged as the store does. */
function thread(total: number, loaded: number) {
  const ids = Array.from({ length: total }, (_, i) => `m${i}`);
  let from = total - loaded;
  const asked: number[] = [];
  const chat = {
    getState: () => ({ order: { c: ids.slice(from) }, hasOlder: { c: from > 0 } }),
    loadOlderMessages: async (_conversationId: string, limit = 200) => {
      asked.push(limit);
      if (from === 0) return false;
      from = Math.max(0, from - Math.min(limit, LARGEST_PAGE));
      return true;
    },
  };
  return { chat: chat as unknown as Parameters<typeof loadUntilMessage>[0], asked };
}

describe('loadUntilMessage', () => {
  it('reaches the top of a 5,000-message thread in a few growing pages', async () => {
    const { chat, asked } = thread(5_000, 200);
    expect(await loadUntilMessage(chat, 'c', 'm3')).toBe(true);
    expect(asked).toEqual([200, 400, 800, 1_000, 1_000, 1_000, 1_000]);
  });

  it('reads only one more page for a message just above the loaded ones', async () => {
    const { chat, asked } = thread(5_000, 200);
    expect(await loadUntilMessage(chat, 'c', 'm4700')).toBe(true);
    expect(asked).toEqual([200]);
  });

  it('asks nothing for a message already loaded, and gives up on one not in the thread', async () => {
    const loaded = thread(500, 200);
    expect(await loadUntilMessage(loaded.chat, 'c', 'm499')).toBe(true);
    expect(loaded.asked).toEqual([]);
    const missing = thread(500, 200);
    expect(await loadUntilMessage(missing.chat, 'c', 'elsewhere')).toBe(false);
    expect(missing.asked).toEqual([200, 400]);
  });

  it('stops at its bound: a message deeper than that is not jumped to', async () => {
    const { chat, asked } = thread(5_000, 200);
    expect(await loadUntilMessage(chat, 'c', 'm0', 1_000)).toBe(false);
    expect(asked).toEqual([200, 400, 800]);
  });
});
