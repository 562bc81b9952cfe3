/**
 * What every view of an answer needs (the chat window's message and the quick-ask answer): the
 * message, whether it is still coming, whether to show its error, and the actions behind the banner
 * and the code blocks' copy buttons.
 */
import { useCallback } from 'react';
import { useChat, useSettings, useStores } from '../store/context';
import type { ErrorAction } from '../store/error-presentation';
import { isLive } from '../store/message-view';

export function useAnswer(id: string, onOpenSettings: () => void) {
  const { chat, openExternal } = useStores();
  const message = useChat((s) => s.messages[id]);
  const online = useSettings((s) => s.online);
  const copyCode = useCallback((code: string) => void navigator.clipboard.writeText(code), []);
  const onErrorAction = useCallback(
    (action: ErrorAction) => {
      if (action === 'settings') onOpenSettings();
      else if (action === 'continue') void chat.continueAnswer(id);
      else if (action === 'newChat') void chat.newChatFrom(id);
      else void chat.regenerate(id);
    },
    [chat, id, onOpenSettings],
  );
  const live = message ? isLive(message.status) : false;
  const showError =
    message !== undefined &&
    message.error !== null &&
    (message.status === 'error' || message.status === 'interrupted');
  return { message, online, live, showError, copyCode, onErrorAction, openExternal };
}
