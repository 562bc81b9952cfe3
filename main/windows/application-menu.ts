/**
 * The application menu. Electron's default one offers Reload and Toggle Developer Tools (with their
 * shortcuts) in every build; an installed Runnel has neither. The Edit menu stays everywhere: on macOS
 * copy, paste and undo work only through its roles. Electron-free (types only).
 */
import type { MenuItemConstructorOptions } from 'electron';

export interface ApplicationMenuOptions {
  platform: NodeJS.Platform;
  /** A development run: Reload and DevTools are there to debug with. */
  developerTools: boolean;
}

export function applicationMenuTemplate({
  platform,
  developerTools,
}: ApplicationMenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    // Not Electron's `viewMenu` role: it brings Reload and DevTools with it.
    ...(developerTools
      ? ([
          { role: 'reload' },
          { role: 'forceReload' },
          { role: 'toggleDevTools' },
          { type: 'separator' },
        ] satisfies MenuItemConstructorOptions[])
      : []),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    // macOS's app menu (About, Hide, Quit); elsewhere File holds Quit.
    platform === 'darwin' ? { role: 'appMenu' } : { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
