/** Entry point of the quick-ask window: the same stores as the chat window, over window.runnel. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHistoryClient } from '../history/history-client';
import { createMemoryStoreClient } from '../history-view/memory-store-client';
import { createResilientHistory } from '../history-view/resilient-history';
import { startParseWorker } from '../markdown/start-parse-worker';
import { warmUpStreamingTail } from '../markdown/StreamingTail';
import { ChatStore } from '../store/chat-store';
import { SettingsStore } from '../store/settings-store';
import { QUICK_ASK_TAG } from './context-prompt';
import { QuickAskApp, type QuickAskHost } from './QuickAskApp';
import { ShownSignal } from './shown-signal';
import '../styles/theme.css';
import '../styles/app.css';
import './quick-ask.css';

// Listening before anything renders: main shows the window as soon as this page has loaded.
const shown = new ShownSignal(window.runnel.quickAsk);

// From the first answer on, settled Markdown parses off this thread and the tail's lexer is warm.
startParseWorker();
warmUpStreamingTail();

// The SQLite history every window of the app shares (one worker owns it, behind a Web Lock), so a
// conversation asked here is in the chat window's list and opens there. As in the chat window, if
// it cannot open, quick ask still answers from memory.
const history = createResilientHistory({
  open: () => createHistoryClient(),
  fallback: (reason) => createMemoryStoreClient(reason),
});

const stores = {
  chat: new ChatStore({
    chat: window.runnel.chat,
    history,
    newConversationTags: [QUICK_ASK_TAG],
    onStorageError: (error) => console.error('Runnel could not save history', error),
  }),
  settings: new SettingsStore(window.runnel),
  openExternal: (url: string) => void window.runnel.app.openExternal({ url }),
};

const host: QuickAskHost = {
  hide: () => void window.runnel.quickAsk.hide({}),
  async openInMain(conversationId) {
    // The chat window reads the conversation from history: everything must be written first.
    await stores.chat.flush();
    const mode = await history.ready;
    if (mode.kind === 'memory') {
      return `History is unavailable (${mode.reason}), so this conversation cannot move to the chat window.`;
    }
    const saved = await history.getConversation(conversationId).catch(() => null);
    if (!saved) return 'This conversation is not in history yet, so Runnel cannot open it there.';
    const result = await window.runnel.quickAsk.openInMain({ conversationId });
    return result.ok ? null : result.error.message;
  },
};

document.body.dataset.appState = 'loading';
history.ready
  .then(() => Promise.all([stores.settings.init(), stores.chat.init()]))
  .then(
    () => (document.body.dataset.appState = 'ready'),
    (error: unknown) => {
      console.error('Runnel quick ask could not start', error);
      document.body.dataset.appState = 'error';
    },
  );

const container = document.getElementById('root');
if (!container) throw new Error('quick-ask.html has no #root');
createRoot(container).render(
  <StrictMode>
    <QuickAskApp stores={stores} shown={shown} host={host} />
  </StrictMode>,
);
