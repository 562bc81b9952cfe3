/**
 * What links, images and code blocks deep inside memoised blocks may do. The value is stable for the
 * life of a message, so a parent passing new callback identities never re-renders settled blocks.
 */
import { createContext, useContext } from 'react';

export interface MessageActions {
  /** Opens an already sanitised http(s) URL in the system browser. */
  openLink(url: string): void;
  copyCode(code: string): void;
}

const inert: MessageActions = { openLink: () => undefined, copyCode: () => undefined };

export const MessageActionsContext = createContext<MessageActions>(inert);

export const useMessageActions = (): MessageActions => useContext(MessageActionsContext);
