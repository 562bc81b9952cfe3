/** Electron's globalShortcut as the hotkey service's ShortcutRegistrar; nothing else. */
import { globalShortcut } from 'electron';
import type { ShortcutRegistrar } from './hotkey-service';

export const globalShortcutRegistrar: ShortcutRegistrar = {
  register: (accelerator, onPressed) => globalShortcut.register(accelerator, onPressed),
  unregister: (accelerator) => globalShortcut.unregister(accelerator),
  unregisterAll: () => globalShortcut.unregisterAll(),
  setSuspended: (suspended) => globalShortcut.setSuspended(suspended),
};
