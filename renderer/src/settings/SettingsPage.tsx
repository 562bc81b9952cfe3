/**
 * Settings: providers, preferences, attachments, assistants, tools and quick ask, with a way back to
 * the chat.
 */
import { useEffect, useRef } from 'react';
import { AssistantsSection } from '../assistants/AssistantsSection';
import { useSettings } from '../store/context';
import { AttachmentsSection } from './AttachmentsSection';
import { KeyStorageNotice } from './KeyStorageNotice';
import { PreferencesSection } from './PreferencesSection';
import { ProvidersSection } from './ProvidersSection';
import { QuickAskSection } from './QuickAskSection';
import { ToolsSection } from './ToolsSection';
import { VisionSection } from './VisionSection';

interface SettingsPageProps {
  onClose: () => void;
  /** Opens this provider's form (the chat sends users here to fix a key or a model). */
  focusProviderId: string | null;
}

export function SettingsPage({ onClose, focusProviderId }: SettingsPageProps) {
  const view = useSettings((s) => s.view);
  const loadError = useSettings((s) => s.loadError);
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the page so keyboard and screen-reader users land on it, not on the sidebar button.
  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && event.target === document.body)
        onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <main className="settings" data-testid="settings-page" aria-labelledby="settings-heading">
      <header className="settings-head">
        <h1 id="settings-heading" ref={heading} tabIndex={-1}>
          Settings
        </h1>
        <button type="button" className="button" data-testid="settings-close" onClick={onClose}>
          Back to chat
        </button>
      </header>
      {loadError && (
        <p className="notice notice-error" data-testid="settings-load-error">
          Settings could not be read: {loadError}
        </p>
      )}
      {view && (
        <div className="settings-body">
          <KeyStorageNotice keyStorage={view.keyStorage} />
          <ProvidersSection view={view} focusProviderId={focusProviderId} />
          <PreferencesSection preferences={view.preferences} />
          <AttachmentsSection preferences={view.preferences} />
          <VisionSection providers={view.providers} />
          <AssistantsSection providers={view.providers} />
          <ToolsSection preferences={view.preferences} />
          <QuickAskSection preferences={view.preferences} />
        </div>
      )}
    </main>
  );
}
