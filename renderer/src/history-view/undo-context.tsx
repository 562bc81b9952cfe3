/**
 * The window's undoable deletes, handed to the views that delete (a message's Delete) so their toasts
 * join the conversation deletes' in one place. A window without it (none today) offers no delete.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { PendingDeletes } from './pending-deletes';

const UndoContext = createContext<PendingDeletes | null>(null);

export function UndoDeletesProvider({
  deletes,
  children,
}: {
  deletes: PendingDeletes;
  children: ReactNode;
}) {
  return <UndoContext.Provider value={deletes}>{children}</UndoContext.Provider>;
}

export function useUndoDeletes(): PendingDeletes | null {
  return useContext(UndoContext);
}
