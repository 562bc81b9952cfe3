/**
 * The tray icon's behaviour, over a tray made by an injected `createTrayInstance` (as Signal Desktop's
 * SystemTrayService does), so it is tested in plain Node with a stand-in. Electron-free.
 */
import type { Platform } from '../hotkey/accelerator';
import { trayMenuModel, trayToolTip, type TrayAction, type TrayMenuItem } from './tray-menu';

/** The little of Electron's Tray this needs; `Menu` is whatever `buildMenu` makes. */
export interface TrayInstance<Menu> {
  setContextMenu(menu: Menu): void;
  setToolTip(text: string): void;
  onClick(listener: () => void): void;
  destroy(): void;
}

export interface SystemTrayDeps<Menu> {
  createTrayInstance: () => TrayInstance<Menu>;
  buildMenu: (items: TrayMenuItem[], onAction: (action: TrayAction) => void) => Menu;
  platform: Platform;
  actions: Record<TrayAction, () => void>;
}

export function createSystemTray<Menu>(deps: SystemTrayDeps<Menu>, hotkey: string | null) {
  const tray = deps.createTrayInstance();
  const run = (action: TrayAction): void => deps.actions[action]();
  const render = (current: string | null): void => {
    tray.setContextMenu(
      deps.buildMenu(trayMenuModel({ hotkey: current, platform: deps.platform }), run),
    );
    tray.setToolTip(trayToolTip(current, deps.platform));
  };
  // A click (Windows, some Linux trays) opens the chat window; on macOS a click shows the menu.
  if (deps.platform !== 'darwin') tray.onClick(() => run('open'));
  render(hotkey);
  let destroyed = false;
  return {
    /** The hotkey changed: the menu and tooltip show the new one. */
    showHotkey(current: string | null): void {
      if (!destroyed) render(current);
    },
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      tray.destroy();
    },
  };
}

export type SystemTray = ReturnType<typeof createSystemTray>;
