/**
 * The chat window opens conversations handed to it by the quick-ask window ("Open in Runnel"): pushed
 * while it runs, or waiting in main when this window was created for the purpose. Listen first, then
 * take what waited, so nothing falls between the two.
 */
import { useEffect, useRef } from 'react';
import type { RunnelApi } from '../../../preload/contract';

export type OpenRequestsApi = Pick<RunnelApi['app'], 'onOpenConversation' | 'takeOpenRequest'>;

export function useOpenRequests(
  api: OpenRequestsApi,
  open: (conversationId: string) => void,
): void {
  // The latest `open`, without listening again each time it changes.
  const latest = useRef(open);
  useEffect(() => {
    latest.current = open;
  }, [open]);
  useEffect(() => {
    const stop = api.onOpenConversation(({ conversationId }) => latest.current(conversationId));
    // Not dropped after a cleanup: StrictMode's second run would find the request already taken.
    void api.takeOpenRequest({}).then((result) => {
      if (result.ok && result.value.conversationId) latest.current(result.value.conversationId);
    });
    return stop;
  }, [api]);
}
