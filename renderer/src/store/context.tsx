/** Hands the app's stores to components, so components never construct or import a singleton. */
import { createContext, useContext, type ReactNode } from 'react';
import type { RunnelApi } from '../../../preload/contract';
import type { ChatState } from './chat-state';
import type { ChatStore } from './chat-store';
import type { SettingsState, SettingsStore } from './settings-store';
import { useStore } from './use-store';

export interface Stores {
  chat: ChatStore;
  settings: SettingsStore;
  /** Links in model output open in the system browser, through main. */
  openExternal: (url: string) => void;
  /** Every provider's models, for the model switcher; absent where a window has no switcher. */
  models?: RunnelApi['models'];
  /** Settings → Tools: the MCP servers and the "always allow" answers; absent where none is shown. */
  tools?: RunnelApi['tools'];
}

const StoresContext = createContext<Stores | null>(null);

export function StoresProvider({ stores, children }: { stores: Stores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

export function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside StoresProvider');
  return stores;
}

export function useChat<T>(select: (state: ChatState) => T): T {
  return useStore(useStores().chat, select);
}

export function useSettings<T>(select: (state: SettingsState) => T): T {
  return useStore(useStores().settings, select);
}
