/**
 * Hands a conversation to the chat window ("Open in Runnel" in the quick-ask window). Electron-free.
 *
 * A chat window that is closed, or still loading, cannot hear an event yet: the request waits here
 * until the window says it listens (it asks with `runnel:app:takeOpenRequest` right after
 * subscribing), and is handed over then. A window that already listens gets the event at once.
 */
export interface ConversationHandoffDeps {
  /** Pushes `runnel:app:openConversation`; false when that window is gone. */
  send: (windowId: number, conversationId: string) => boolean;
}

export function createConversationHandoff({ send }: ConversationHandoffDeps) {
  let pending: string | null = null;
  const listening = new Set<number>();

  return {
    /** Opens `conversationId` in `chatWindowId` now if it listens, else as soon as it does. */
    request(conversationId: string, chatWindowId: number | null): void {
      if (
        chatWindowId !== null &&
        listening.has(chatWindowId) &&
        send(chatWindowId, conversationId)
      ) {
        pending = null;
        return;
      }
      pending = conversationId;
    },

    /** The window listens now; it takes what waited for it, if anything. */
    take(windowId: number): string | null {
      listening.add(windowId);
      const conversationId = pending;
      pending = null;
      return conversationId;
    },

    /** The window reloads or closes: until it asks again, requests wait. */
    forget(windowId: number): void {
      listening.delete(windowId);
    },
  };
}

export type ConversationHandoff = ReturnType<typeof createConversationHandoff>;
