/// <reference types="electron-vite/node" />
/** Electron's Tray and Menu behind the system tray's small interfaces; nothing else. */
import { Menu, nativeImage, Tray } from 'electron';
import iconPath from '../../build/icon.png?asset';
import type { TrayInstance } from './system-tray';
import type { TrayAction, TrayMenuItem } from './tray-menu';

export function createTrayInstance(): TrayInstance<Menu> {
  // 16 px is the tray size on Windows and most Linux panels; macOS scales it to the menu bar.
  const icon = nativeImage.createFromPath(iconPath).resize({ width: 16, height: 16 });
  const tray = new Tray(icon);
  return {
    setContextMenu: (menu) => tray.setContextMenu(menu),
    setToolTip: (text) => tray.setToolTip(text),
    onClick: (listener) => tray.on('click', listener),
    destroy: () => tray.destroy(),
  };
}

export function buildTrayMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void): Menu {
  return Menu.buildFromTemplate(
    items.map((item) =>
      item.type === 'separator'
        ? { type: 'separator' as const }
        : {
            label: item.label,
            click: () => onAction(item.action),
            // Shown only: the hotkey is a global shortcut already, not a menu shortcut.
            ...(item.accelerator
              ? { accelerator: item.accelerator, registerAccelerator: false }
              : {}),
          },
    ),
  );
}
