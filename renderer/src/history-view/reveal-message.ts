/**
 * Makes sure a message of a conversation is in memory, paging older messages in until it is, so a
 * search result deep in a long conversation can be scrolled to. Bounded: a result beyond `maxPages`
 * pages opens the conversation at its end without the jump.
 */
import type { ChatStore } from '../store/chat-store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function loadUntilMessage(
  chat: Pick<ChatStore, 'getState' | 'loadOlderMessages'>,
  conversationId: string,
  messageId: string,
  maxPages = 50,
): Promise<boolean> {
  const loaded = () => chat.getState().order[conversationId]?.includes(messageId) ?? false;
  for (let page = 0; page < maxPages && !loaded(); page++) {
    if (!chat.getState().hasOlder[conversationId]) break;
    // false while the list itself is paging: wait for that page rather than give up.
    if (!(await chat.loadOlderMessages(conversationId))) await sleep(30);
  }
  return loaded();
}
