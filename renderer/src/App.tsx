/**
 * The window: sidebar of conversations beside either the conversation or the settings page, with
 * the import/export dialog and the undo toasts on top.
 */
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { AppLayout } from './app-shell/AppLayout';
import { Sidebar } from './app-shell/Sidebar';
import { useThemePreference } from './app-shell/use-theme-preference';
import type { RevealRequest } from './chat/MessageList';
import { ConversationView } from './chat/ConversationView';
import { useOpenRequests } from './chat/use-open-requests';
import type { MarkdownExportOptions } from './history/export-markdown';
import type { SearchHit } from './history/types';
import { downloadText, fileNameFor } from './history-view/download';
import { HistoryProvider, useHistory, type HistoryServices } from './history-view/history-context';
import { HistoryDialog } from './history-view/HistoryDialog';
import { PendingDeletes } from './history-view/pending-deletes';
import { matchedTerms } from './history-view/hit-terms';
import { StorageNotice } from './history-view/StorageNotice';
import { UndoToasts } from './history-view/UndoToasts';
import { UndoDeletesProvider } from './history-view/undo-context';
import { SettingsPage } from './settings/SettingsPage';
import { SettingsResetNotice } from './settings/SettingsResetNotice';
import { StoresProvider, useStores, type Stores } from './store/context';

type Page = { name: 'chat' } | { name: 'settings'; focusProviderId: string | null };

export function App({ stores, history }: { stores: Stores; history: HistoryServices }) {
  return (
    <StoresProvider stores={stores}>
      <HistoryProvider services={history}>
        <Window />
      </HistoryProvider>
    </StoresProvider>
  );
}

const NO_IDS: ReadonlySet<string> = new Set();

function Window() {
  const { chat } = useStores();
  const { history, status } = useHistory();
  const [page, setPage] = useState<Page>({ name: 'chat' });
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  // The sidebar as a drawer (narrow windows only): anything that opens a page closes it.
  const [drawerOpen, setDrawerOpen] = useState(false);
  const showDrawer = useCallback(() => setDrawerOpen(true), []);
  const [deletes] = useState(
    () => new PendingDeletes({ commit: (id) => chat.deleteConversation(id) }),
  );
  const pending = useSyncExternalStore(deletes.subscribe, deletes.getState);
  const hiddenIds = useMemo<ReadonlySet<string>>(
    () => (pending.length ? new Set(pending.map((entry) => entry.id)) : NO_IDS),
    [pending],
  );
  useThemePreference();

  // Leaving with deletes still undoable: apply them, as the user last saw the list.
  useEffect(() => {
    const flush = () => deletes.commitAll();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [deletes]);

  const reportFailure = useCallback((error: unknown) => status.writeFailed(error), [status]);

  /** Every way to a page goes through here, so the drawer (a narrow window's sidebar) closes on it. */
  const showPage = useCallback((next: Page) => {
    setDrawerOpen(false);
    setPage(next);
  }, []);
  const openSettings = useCallback(
    (focusProviderId: string | null = null) => showPage({ name: 'settings', focusProviderId }),
    [showPage],
  );
  const openChat = useCallback(() => showPage({ name: 'chat' }), [showPage]);
  const newChat = useCallback(() => {
    chat.newConversation();
    setReveal(null);
    showPage({ name: 'chat' });
  }, [chat, showPage]);
  const openConversation = useCallback(
    (id: string) => {
      setReveal(null);
      void chat.openConversation(id);
      showPage({ name: 'chat' });
    },
    [chat, showPage],
  );
  // "Open in Runnel" from the quick-ask window.
  useOpenRequests(window.runnel.app, openConversation);
  const openSearchHit = useCallback(
    async (hit: SearchHit) => {
      showPage({ name: 'chat' });
      if (!hit.messageId) {
        setReveal(null);
        return chat.openConversation(hit.conversationId);
      }
      // Asked for before the messages are there, so the list renders around the hit from the
      // first frame they are: the messages around it, on its branch (an older version's, if there).
      setReveal({ messageId: hit.messageId, nonce: Date.now(), terms: matchedTerms(hit) });
      if (!(await chat.openAround(hit.conversationId, hit.messageId))) setReveal(null);
    },
    [chat, showPage],
  );

  const rename = useCallback(
    (id: string, title: string) => void history.renameConversation(id, title).catch(reportFailure),
    [history, reportFailure],
  );
  const togglePin = useCallback(
    (id: string, pinned: boolean) => void history.setPinned(id, pinned).catch(reportFailure),
    [history, reportFailure],
  );
  const requestDelete = useCallback(
    (id: string) => {
      const conversation = chat.getState().conversations.find((c) => c.id === id);
      if (chat.getState().activeConversationId === id) chat.newConversation();
      deletes.request(id, conversation?.title ?? '');
    },
    [chat, deletes],
  );
  const exportMarkdown = useCallback(
    async (id: string, options?: MarkdownExportOptions) => {
      try {
        const markdown = await history.exportMarkdown(id, options);
        const title = chat.getState().conversations.find((c) => c.id === id)?.title ?? '';
        downloadText(fileNameFor(title, 'md'), markdown, 'text/markdown');
      } catch (error) {
        reportFailure(error);
      }
    },
    [chat, history, reportFailure],
  );

  return (
    <UndoDeletesProvider deletes={deletes}>
      <AppLayout
        drawerOpen={drawerOpen}
        onDrawerOpenChange={setDrawerOpen}
        notice={
          <>
            <SettingsResetNotice />
            <StorageNotice />
          </>
        }
        sidebar={
          <Sidebar
            onNewChat={newChat}
            onOpenConversation={openConversation}
            onOpenSearchHit={(hit) => void openSearchHit(hit)}
            onRename={rename}
            onTogglePin={togglePin}
            onDelete={requestDelete}
            onExport={(id, options) => void exportMarkdown(id, options)}
            onOpenSettings={() => openSettings()}
            onOpenImportExport={() => {
              setDrawerOpen(false);
              setDialogOpen(true);
            }}
            onShowSidebar={showDrawer}
            settingsOpen={page.name === 'settings'}
            hiddenIds={hiddenIds}
          />
        }
      >
        {page.name === 'chat' ? (
          <ConversationView onOpenSettings={openSettings} reveal={reveal} />
        ) : (
          <SettingsPage onClose={openChat} focusProviderId={page.focusProviderId} />
        )}
      </AppLayout>
      {dialogOpen && <HistoryDialog onClose={() => setDialogOpen(false)} />}
      <UndoToasts deletes={deletes} />
    </UndoDeletesProvider>
  );
}
