/** The main chat window: secure web preferences, the app:// page, remembered bounds. */
import { BrowserWindow, screen } from 'electron';
import type { WindowState } from '../settings/settings-schema';
import { secureWebPreferences, type WindowSecurityOptions } from './secure-web-preferences';
import { guardWebContents } from './web-guards';
import { MIN_SIZE, restoreBounds } from './window-state';

export interface ChatWindowOptions {
  preloadPath: string;
  security: WindowSecurityOptions;
  savedState: WindowState | null;
  onStateChange: (state: WindowState) => void;
}

export function createChatWindow({
  preloadPath,
  security,
  savedState,
  onStateChange,
}: ChatWindowOptions): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const { bounds, maximized } = restoreBounds(savedState, workAreas);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Runnel',
    backgroundColor: '#00000000',
    webPreferences: secureWebPreferences(preloadPath, security),
  });
  guardWebContents(window.webContents);
  if (maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const remember = (): void => {
    if (window.isDestroyed() || window.isMinimized()) return;
    const normal = window.getNormalBounds();
    onStateChange({ ...normal, maximized: window.isMaximized() });
  };
  window.on('resized', remember);
  window.on('moved', remember);
  window.on('maximize', remember);
  window.on('unmaximize', remember);
  window.on('close', remember);

  void window.loadURL('app://runnel/index.html');
  return window;
}
