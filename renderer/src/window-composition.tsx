/**
 * What the chat window and the quick-ask window are both built from: the Markdown workers, the
 * SQLite history every window shares, the stores over `window.runnel`, the start-up the e2e suites
 * wait for, and the React root. Each entry point adds only what is its own.
 */
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHistoryClient } from './history/history-client';
import { createMemoryStoreClient } from './history/memory-store-client';
import { createResilientHistory } from './history/resilient-history';
import { startParseWorker } from './markdown/start-parse-worker';
import { warmUpStreamingTail } from './markdown/StreamingTail';
import { ChatStore } from './store/chat-store';
import type { Stores } from './store/context';
import { resolveModel } from './store/conversation-model';
import { SettingsStore } from './store/settings-store';

export interface WindowOptions {
  /** Reports history writes that failed; the window keeps working from memory. */
  onStorageError: (error: unknown) => void;
  /** Tags every conversation this window starts, e.g. `quick-ask`. */
  newConversationTags?: readonly string[];
  /** The window shows tool calls' approval cards, so its answers may be offered tools. */
  showsToolCards?: boolean;
}

export function composeWindow({
  onStorageError,
  newConversationTags,
  showsToolCards = false,
}: WindowOptions) {
  // From the first answer on, settled Markdown parses off this thread and the tail's lexer is warm.
  startParseWorker();
  warmUpStreamingTail();

  // SQLite in a worker that one window owns behind a Web Lock, so every window sees the same
  // conversations; if it cannot open, memory, and the window says so.
  const history = createResilientHistory({
    open: () => createHistoryClient(),
    fallback: (reason) => createMemoryStoreClient(reason),
  });

  const settings = new SettingsStore(window.runnel);
  const stores: Stores = {
    chat: new ChatStore({
      chat: window.runnel.chat,
      ...(showsToolCards ? { tools: window.runnel.tools } : {}),
      history,
      onStorageError,
      ...(newConversationTags ? { newConversationTags } : {}),
      resolveModel: (choice) => resolveModel(settings.getState().view, choice),
    }),
    settings,
    models: window.runnel.models,
    ...(showsToolCards ? { tools: window.runnel.tools } : {}),
    openExternal: (url: string) => void window.runnel.app.openExternal({ url }),
  };

  /** Settings and history loaded, interrupted answers marked, streams re-attached. */
  const initStores = async (): Promise<void> => {
    await Promise.all([stores.settings.init(), stores.chat.init()]);
  };

  return { history, stores, initStores };
}

/**
 * Runs the window's start-up once for its life (not in an effect, which StrictMode runs twice).
 * The e2e suites wait for `data-app-state="ready"`; a failure shows as `error`.
 */
export function startWindow(start: () => Promise<void>, failure: string): void {
  document.body.dataset.appState = 'loading';
  start().then(
    () => (document.body.dataset.appState = 'ready'),
    (error: unknown) => {
      console.error(failure, error);
      document.body.dataset.appState = 'error';
    },
  );
}

export function renderWindow(page: string, app: ReactNode): void {
  const container = document.getElementById('root');
  if (!container) throw new Error(`${page} has no #root`);
  createRoot(container).render(<StrictMode>{app}</StrictMode>);
}
