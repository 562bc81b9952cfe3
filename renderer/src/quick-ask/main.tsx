/** Entry point of the quick-ask window: the same stores as the chat window, over window.runnel. */
import { createQuickAskStart } from '../assistants/quick-ask-start';
import { composeWindow, renderWindow, startWindow } from '../window-composition';
import { QUICK_ASK_TAG } from './context-prompt';
import { QuickAskApp, type QuickAskHost } from './QuickAskApp';
import { ShownSignal } from './shown-signal';
// The rooms quick ask shows (an answer, its status and Markdown, the stop button), in the chat
// window's cascade order, then its own panel.
import '../styles/theme.css';
import '../styles/base.css';
import '../styles/controls.css';
import '../styles/conversation.css';
import '../styles/composer.css';
import '../styles/message-markdown.css';
import './quick-ask.css';

// Listening before anything renders: main shows the window as soon as this page has loaded.
const shown = new ShownSignal(window.runnel.quickAsk);

// The SQLite history every window of the app shares, so a conversation asked here is in the chat
// window's list and opens there. If it cannot open, quick ask still answers from memory.
const { history, stores, initStores } = composeWindow({
  newConversationTags: [QUICK_ASK_TAG],
  onStorageError: (error) => console.error('Runnel could not save history', error),
});

const host: QuickAskHost = {
  hide: () => void window.runnel.quickAsk.hide({}),
  assistantStart: createQuickAskStart({
    history,
    providerIds: () => new Set((stores.settings.getState().view?.providers ?? []).map((p) => p.id)),
  }),
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

startWindow(async () => {
  await history.ready;
  await initStores();
}, 'Runnel quick ask could not start');

renderWindow('quick-ask.html', <QuickAskApp stores={stores} shown={shown} host={host} />);
