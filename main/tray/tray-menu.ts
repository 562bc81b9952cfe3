/**
 * The tray's menu as plain data: Open Runnel, Quick Ask with its hotkey, Quit. Electron-free, so what
 * the menu says is tested without a tray.
 */
import { displayAccelerator, type Platform } from '../hotkey/accelerator';

export type TrayAction = 'open' | 'quickAsk' | 'quit';

export type TrayMenuItem =
  | {
      type: 'action';
      action: TrayAction;
      label: string;
      /** Shown beside the label by menus that show accelerators (macOS, Windows); never registered. */
      accelerator: string | null;
    }
  | { type: 'separator' };

export interface TrayMenuInput {
  /** The hotkey that works now, if any. */
  hotkey: string | null;
  platform: Platform;
}

export function trayMenuModel({ hotkey, platform }: TrayMenuInput): TrayMenuItem[] {
  // Linux tray menus (StatusNotifier / AppIndicator) draw no accelerators: the label carries it.
  const inLabel = platform === 'linux' && hotkey !== null;
  return [
    { type: 'action', action: 'open', label: 'Open Runnel', accelerator: null },
    {
      type: 'action',
      action: 'quickAsk',
      label: inLabel ? `Quick Ask (${displayAccelerator(hotkey, platform)})` : 'Quick Ask',
      accelerator: inLabel ? null : hotkey,
    },
    { type: 'separator' },
    { type: 'action', action: 'quit', label: 'Quit Runnel', accelerator: null },
  ];
}

export const trayToolTip = (hotkey: string | null, platform: Platform): string =>
  hotkey ? `Runnel: ${displayAccelerator(hotkey, platform)} to ask` : 'Runnel';
