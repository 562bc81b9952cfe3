/** Entry point of the chat window: the shared window pieces, plus history's status and auto-titles. */
import { App } from './App';
import { startAutoTitles } from './titles/auto-title';
import { HistoryStatusStore } from './history-view/history-status';
import { composeWindow, renderWindow, startWindow } from './window-composition';
import './styles/theme.css';
import './styles/app.css';
import './styles/history.css';

const status = new HistoryStatusStore();
const { history, stores, initStores } = composeWindow({
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
