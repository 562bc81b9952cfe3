/**
 * The composition root: app lifecycle (single instance, ready, quit) and the wiring of Electron's
 * pieces into the Electron-free engine, settings, stream registry and IPC handler table.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { app, net, session, shell, type BrowserWindow } from 'electron';
import { createChatEngine } from './chat/engine';
import { createDispatcher } from './ipc/handler-table';
import { createIpcHandlers } from './ipc/handlers';
import { registerIpc, sendToWindow } from './ipc/register';
import { createPolledNetworkStatus } from './network/polled-network-status';
import { createElectronPersistence } from './settings/electron-persistence';
import { safeStorageSecrets } from './settings/safe-storage-secrets';
import { createSettingsService } from './settings/settings-service';
import { createStreamRegistry } from './streams/stream-registry';
import { registerAppScheme, serveRenderer } from './windows/app-protocol';
import { createChatWindow } from './windows/chat-window';
import { safeExternalUrl } from './windows/external-links';
import { guardSession } from './windows/web-guards';

const here = import.meta.dirname;
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.whenReady().then(start, (error: unknown) => {
    console.error('Runnel could not start:', error);
    app.exit(1);
  });
}

function start(): void {
  const log = (line: string): void => console.log(`[runnel] ${line}`);
  const network = createPolledNetworkStatus(() => net.isOnline());
  // net.fetch follows the system proxy settings and PAC scripts, like the browser would.
  const engine = createChatEngine({
    fetch: (input, init) => net.fetch(input as string, init),
    network,
    log,
  });
  const settings = createSettingsService({
    persistence: createElectronPersistence(),
    secrets: safeStorageSecrets,
    newId: randomUUID,
  });
  const ourWindows = new Set<number>();
  const streams = createStreamRegistry({
    engine,
    newId: randomUUID,
    send: (windowId, message) => sendToWindow(windowId, 'runnel:chat:streamEvent', message),
  });
  const dispatch = createDispatcher(
    createIpcHandlers({
      engine,
      settings,
      streams,
      network,
      appVersion: app.getVersion(),
      openExternal: async (url) => {
        const safe = safeExternalUrl(url);
        if (safe) await shell.openExternal(safe);
      },
    }),
    log,
  );

  guardSession(session.defaultSession);
  serveRenderer(rendererDir);
  registerIpc(dispatch, ourWindows);
  network.onChange((online) => {
    for (const id of ourWindows) sendToWindow(id, 'runnel:app:onlineChanged', { online });
  });

  let chatWindow: BrowserWindow | null = null;
  const openChatWindow = (): BrowserWindow => {
    if (chatWindow && !chatWindow.isDestroyed()) {
      if (chatWindow.isMinimized()) chatWindow.restore();
      chatWindow.show();
      chatWindow.focus();
      return chatWindow;
    }
    const window = createChatWindow({
      preloadPath,
      savedState: settings.windowState(),
      onStateChange: (state) => settings.saveWindowState(state),
    });
    const id = window.webContents.id;
    ourWindows.add(id);
    window.on('closed', () => {
      ourWindows.delete(id);
      streams.abortWindow(id);
      chatWindow = null;
    });
    chatWindow = window;
    return window;
  };

  openChatWindow();
  app.on('second-instance', () => openChatWindow());
  app.on('activate', () => openChatWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    streams.abortAll();
    network.dispose();
  });
}
