/** Says plainly how API keys are kept when the system keyring is missing. */
import type { SettingsView } from '../../../preload/contract';

export function KeyStorageNotice({ keyStorage }: { keyStorage: SettingsView['keyStorage'] }) {
  if (keyStorage === 'os') return null;
  return (
    <p
      className="notice notice-warning"
      data-testid="key-storage-notice"
      data-key-storage={keyStorage}
    >
      {keyStorage === 'basic_text'
        ? 'No system keyring was found, so API keys are stored with only basic obfuscation. Anyone who can read your files could recover them.'
        : 'API keys cannot be saved on this system because no secure storage is available. Local servers that need no key still work.'}
    </p>
  );
}
