/** API keys encrypted with the OS keychain through Electron's safeStorage. */
import { safeStorage } from 'electron';
import type { KeyStorageKind, SecretBox } from './settings-service';

const kind = (): KeyStorageKind => {
  if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
  // Linux without a keyring falls back to a hard-coded password: say so rather than pretend.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'basic_text';
  }
  return 'os';
};

export const safeStorageSecrets: SecretBox = {
  kind,
  encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
  decrypt: (cipher) => safeStorage.decryptString(Buffer.from(cipher, 'base64')),
};
