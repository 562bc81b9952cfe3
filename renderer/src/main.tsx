/** Entry point: builds the stores over `window.runnel` and the history store, then renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createHistoryClient } from './history/history-client';
import { startAutoTitles } from './history-view/auto-title';
import { HistoryStatusStore } from './history-view/history-status';
import { createMemoryStoreClient } from './history-view/memory-store-client';
import { createResilientHistory } from './history-view/resilient-history';
import { startParseWorker } from './markdown/start-parse-worker';
import { warmUpStreamingTail } from './markdown/StreamingTail';
import { ChatStore } from './store/chat-store';
import { SettingsStore } from './store/settings-store';
import './styles/theme.css';
import './styles/app.css';
import './styles/history.css';

// From the first answer on, settled Markdown parses off this thread and the tail's lexer is warm.
startParseWorker();
warmUpStreamingTail();

// SQLite in a worker (shared with the quick-ask window); if it cannot open, memory, and the UI says so.
const history = createResilientHistory({
  open: () => createHistoryClient(),
  fallback: (reason) => createMemoryStoreClient(reason),
});
const status = new HistoryStatusStore();

const stores = {
  chat: new ChatStore({
    chat: window.runnel.chat,
    history,
    onStorageError: (error) => {
      console.error('Runnel could not save history', error);
      status.writeFailed(error);
    },
  }),
  settings: new SettingsStore(window.runnel),
  openExternal: (url: string) => void window.runnel.app.openExternal({ url }),
};

/**
 * Answers left `streaming` by a window that closed or crashed become `interrupted` (Continue and
 * Retry), except those whose stream main still runs in any window: the chat store re-attaches to
 * its own, and the quick-ask window's keep going. Skipped if main cannot say which are live, rather
 * than cut off an answer that is still coming.
 */
async function recoverInterrupted(): Promise<void> {
  const live = await window.runnel.chat.listLive({});
  if (!live.ok) return;
  await history.markInterrupted(live.value.messageIds);
}

async function start(): Promise<void> {
  status.modeChosen(await history.ready);
  await recoverInterrupted().catch((error: unknown) =>
    console.error('Runnel could not check for interrupted answers', error),
  );
  await Promise.all([stores.settings.init(), stores.chat.init()]);
  startAutoTitles({
    chat: stores.chat,
    api: window.runnel.chat,
    history,
    isOnline: () => stores.settings.getState().online,
  });
}

// Stores start once for the window's life (not in an effect, which StrictMode runs twice). The e2e
// suite waits for `data-app-state="ready"`: settings and history loaded, streams re-attached.
document.body.dataset.appState = 'loading';
start().then(
  () => (document.body.dataset.appState = 'ready'),
  (error: unknown) => {
    console.error('Runnel could not start', error);
    document.body.dataset.appState = 'error';
  },
);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <App stores={stores} history={{ history, status }} />
  </StrictMode>,
);
