/** Entry point: builds the stores over `window.runnel` and the history client, then renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ChatStore } from './store/chat-store';
import { createMemoryHistory } from './store/memory-history';
import { SettingsStore } from './store/settings-store';
import './styles/theme.css';
import './styles/app.css';

// The SQLite worker replaces this once it lands; until then history lasts as long as the window.
const history = createMemoryHistory();

const stores = {
  chat: new ChatStore({
    chat: window.runnel.chat,
    history,
    onStorageError: (error) => console.error('Runnel could not save history', error),
  }),
  settings: new SettingsStore(window.runnel),
  openExternal: (url: string) => void window.runnel.app.openExternal({ url }),
};

// Stores start once for the window's life (not in an effect, which StrictMode runs twice). The e2e
// suite waits for `data-app-state="ready"`: settings and history loaded, streams re-attached.
document.body.dataset.appState = 'loading';
Promise.all([stores.settings.init(), stores.chat.init()]).then(
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
    <App stores={stores} />
  </StrictMode>,
);
