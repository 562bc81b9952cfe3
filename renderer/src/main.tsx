/** Entry point of the chat window: the shared window pieces, plus history's status and auto-titles. */
import { App } from './App';
import { startAutoTitles } from './titles/auto-title';
import { HistoryStatusStore } from './history-view/history-status';
import { composeWindow, renderWindow, startWindow } from './window-composition';
// One stylesheet per room, in cascade order: a later one may refine an earlier one's rules.
import './styles/theme.css';
import './styles/base.css';
import './styles/controls.css';
import './styles/app-shell.css';
import './styles/conversation.css';
import './styles/composer.css';
import './styles/message-markdown.css';
import './styles/settings.css';
import './styles/models-parameters.css';
import './styles/assistants.css';
import './styles/notices.css';
import './styles/history-sidebar.css';
import './styles/search-results.css';
import './styles/undo-toasts.css';
import './styles/delete-branch.css';
import './styles/storage-notice.css';
import './styles/history-dialog.css';
import './styles/tools.css';
import './styles/tools-settings.css';

const status = new HistoryStatusStore();
const { history, stores, initStores } = composeWindow({
  showsToolCards: true,
  onStorageError: (error) => {
    console.error('Runnel could not save history', error);
    status.writeFailed(error);
  },
});

startWindow(async () => {
  status.modeChosen(await history.ready);
  await initStores();
  startAutoTitles({
    chat: stores.chat,
    api: window.runnel.chat,
    history,
    isOnline: () => stores.settings.getState().online,
  });
}, 'Runnel could not start');

renderWindow('index.html', <App stores={stores} history={{ history, status }} />);
