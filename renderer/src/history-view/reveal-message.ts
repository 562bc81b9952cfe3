/**
 * Makes sure a message of a conversation is in memory, paging older messages in until it is, so a
 * search result deep in a long conversation can be scrolled to. Each page is twice the one before
 * (up to the store's largest): a hit 5,000 messages up takes six trips to the history worker, not
 * twenty-five, and one near the end still reads little. Bounded: a result beyond `maxMessages`
 * opens the conversation at its end without the jump.
 */
import type { ChatStore } from '../store/chat-store';

/** The list's own page size: the first page costs no more than scrolling up would. */
export const FIRST_PAGE = 200;
/** The history store's largest page (store-reads.ts). */
export const LARGEST_PAGE = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function loadUntilMessage(
  chat: Pick<ChatStore, 'getState' | 'loadOlderMessages'>,
  conversationId: string,
  messageId: string,
  maxMessages = 20_000,
): Promise<boolean> {
  const loaded = () => chat.getState().order[conversationId]?.includes(messageId) ?? false;
  let limit = FIRST_PAGE;
  for (let asked = 0; asked < maxMessages && !loaded();) {
    if (!chat.getState().hasOlder[conversationId]) break;
    // false while the list itself is paging: wait for that page rather than give up.
    if (!(await chat.loadOlderMessages(conversationId, limit))) {
      await sleep(30);
      continue;
    }
    asked += limit;
    limit = Math.min(limit * 2, LARGEST_PAGE);
  }
  return loaded();
}
