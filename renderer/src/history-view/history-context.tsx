/** Hands the history client and its status to the sidebar, search and import/export views. */
import { createContext, useContext, type ReactNode } from 'react';
import type { HistoryStoreClient } from '../history/history-methods';
import { useStore } from '../store/use-store';
import type { HistoryStatus, HistoryStatusStore } from './history-status';

export interface HistoryServices {
  history: HistoryStoreClient;
  status: HistoryStatusStore;
}

const HistoryContext = createContext<HistoryServices | null>(null);

export function HistoryProvider({
  services,
  children,
}: {
  services: HistoryServices;
  children: ReactNode;
}) {
  return <HistoryContext.Provider value={services}>{children}</HistoryContext.Provider>;
}

export function useHistory(): HistoryServices {
  const services = useContext(HistoryContext);
  if (!services) throw new Error('useHistory outside HistoryProvider');
  return services;
}

export function useHistoryStatus<T>(select: (status: HistoryStatus) => T): T {
  return useStore(useHistory().status, select);
}
