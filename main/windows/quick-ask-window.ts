/**
 * The quick-ask window: frameless, always on top, out of the taskbar, locked down like the chat
 * window, on `app://runnel/quick-ask.html`. Created hidden at start and only ever hidden afterwards,
 * so opening it is a show, not a page load.
 */
import { BrowserWindow } from 'electron';
import { sendToWindow } from '../ipc/register';
import type { QuickAskSurface } from './quick-ask-controller';
import { secureWebPreferences, type WindowSecurityOptions } from './secure-web-preferences';
import { guardWebContents } from './web-guards';
import { QUICK_ASK_SIZE } from './window-placement';

export { QUICK_ASK_SIZE } from './window-placement';

export function createQuickAskWindow(
  preloadPath: string,
  security: WindowSecurityOptions,
): BrowserWindow {
  const window = new BrowserWindow({
    ...QUICK_ASK_SIZE,
    show: false,
    frame: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    alwaysOnTop: true,
    skipTaskbar: true,
    title: 'Runnel Quick Ask',
    backgroundColor: '#00000000',
    webPreferences: {
      ...secureWebPreferences(preloadPath, security),
      // An answer goes on streaming, and being saved, while the window is hidden: keep its timers.
      backgroundThrottling: false,
    },
  });
  if (process.platform === 'darwin') {
    // Above ordinary windows, and on whichever Space (even a full-screen app) the user is in.
    window.setAlwaysOnTop(true, 'floating');
    window.setVisibleOnAllWorkspaces(true, {
      visibleOnFullScreen: true,
      skipTransformProcessType: true,
    });
  }
  guardWebContents(window.webContents);
  void window.loadURL('app://runnel/quick-ask.html');
  return window;
}

export function quickAskSurface(window: BrowserWindow): QuickAskSurface {
  return {
    isVisible: () => window.isVisible(),
    isFocused: () => window.isFocused(),
    setBounds: (bounds) => window.setBounds(bounds),
    show: () => window.show(),
    focus: () => {
      window.focus();
      window.webContents.focus();
    },
    hide: () => window.hide(),
    sendShown: (context) => {
      sendToWindow(window.webContents.id, 'runnel:quickAsk:shown', { context });
    },
  };
}
