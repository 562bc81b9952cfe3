/** The window: sidebar of conversations beside either the conversation or the settings page. */
import { useCallback, useState } from 'react';
import { AppLayout } from './app-shell/AppLayout';
import { Sidebar } from './app-shell/Sidebar';
import { useThemePreference } from './app-shell/use-theme-preference';
import { ConversationView } from './chat/ConversationView';
import { SettingsPage } from './settings/SettingsPage';
import { StoresProvider, useStores, type Stores } from './store/context';

type Page = { name: 'chat' } | { name: 'settings'; focusProviderId: string | null };

export function App({ stores }: { stores: Stores }) {
  return (
    <StoresProvider stores={stores}>
      <Window />
    </StoresProvider>
  );
}

function Window() {
  const { chat } = useStores();
  const [page, setPage] = useState<Page>({ name: 'chat' });
  useThemePreference();

  const openSettings = useCallback(
    (focusProviderId: string | null = null) => setPage({ name: 'settings', focusProviderId }),
    [],
  );
  const openChat = useCallback(() => setPage({ name: 'chat' }), []);
  const newChat = useCallback(() => {
    chat.newConversation();
    setPage({ name: 'chat' });
  }, [chat]);
  const openConversation = useCallback(
    (id: string) => {
      void chat.openConversation(id);
      setPage({ name: 'chat' });
    },
    [chat],
  );

  return (
    <AppLayout
      sidebar={
        <Sidebar
          onNewChat={newChat}
          onOpenConversation={openConversation}
          onOpenSettings={() => openSettings()}
          settingsOpen={page.name === 'settings'}
        />
      }
    >
      {page.name === 'chat' ? (
        <ConversationView onOpenSettings={openSettings} />
      ) : (
        <SettingsPage onClose={openChat} focusProviderId={page.focusProviderId} />
      )}
    </AppLayout>
  );
}
