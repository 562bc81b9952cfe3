/**
 * The composition root: app lifecycle (single instance, ready, quit) and the wiring of Electron's
 * pieces into the Electron-free engine, settings, stream registry, IPC handler table, hotkey, tray and
 * windows.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  app,
  clipboard,
  dialog,
  Menu,
  net,
  screen,
  session,
  shell,
  type BrowserWindow,
} from 'electron';
import { createElectronAttachmentOpener } from './attachments/electron-open-path';
import { createChatEngine } from './chat/engine';
import { redactSecrets } from './chat/errors';
import { globalShortcutRegistrar } from './hotkey/global-shortcut-registrar';
import { detectHotkeySession } from './hotkey/hotkey-session';
import { createHotkeyService } from './hotkey/hotkey-service';
import { createDispatcher } from './ipc/handler-table';
import { createIpcHandlers } from './ipc/handlers';
import { registerIpc, sendToWindow } from './ipc/register';
import { chooseDataFolder, PRODUCT_NAME } from './lifecycle/data-folder';
import { createElectronCatalogFile } from './models/electron-catalog-file';
import { createSettingsModelCatalog } from './models/model-catalog';
import { describeStartupFailure } from './lifecycle/startup-failure';
import { createPolledNetworkStatus } from './network/polled-network-status';
import { applyStartAtLogin, openedAtLogin } from './settings/electron-login-item';
import { createElectronPersistence } from './settings/electron-persistence';
import { safeStorageSecrets } from './settings/safe-storage-secrets';
import { createSettingsService } from './settings/settings-service';
import { createStreamRegistry } from './streams/stream-registry';
import { createMcpHostClient } from './mcp/host-client';
import { electronHostStarter } from './mcp/electron-host-process';
import { createApprovals } from './tools/approvals';
import { openApprovalFile, openServerFile } from './tools/electron-stores';
import { lazyHost } from './tools/lazy-host';
import { createServerStore } from './tools/server-store';
import { createToolService, toolLimitsOf } from './tools/tool-service';
import { createToolsSettings } from './tools/tools-settings';
import { buildTrayMenu, createTrayInstance } from './tray/electron-tray';
import { createSystemTray, type SystemTray } from './tray/system-tray';
import { registerAppScheme, serveRenderer } from './windows/app-protocol';
import { applicationMenuTemplate } from './windows/application-menu';
import { createChatWindow } from './windows/chat-window';
import { chatWindowCloseAction, quitAfterChatWindowClosed } from './windows/close-policy';
import { createConversationHandoff } from './windows/conversation-handoff';
import { safeExternalUrl } from './windows/external-links';
import {
  intentFromArgv,
  intentOfSecondInstance,
  type LaunchIntent,
  type SecondInstanceData,
} from './windows/launch-intent';
import { readQuickAskContext } from './windows/quick-ask-context';
import { createQuickAskController } from './windows/quick-ask-controller';
import { createQuickAskWindow, QUICK_ASK_SIZE, quickAskSurface } from './windows/quick-ask-window';
import type { QuickAskTrigger } from './windows/window-placement';
import { guardSession } from './windows/web-guards';

const here = import.meta.dirname;
const rendererDir = path.join(here, '../renderer');
const preloadPath = path.join(here, '../preload/index.cjs');

const launchIntent: LaunchIntent = intentFromArgv(process.argv);
// DevTools and Reload exist only in a development run (application-menu.ts, secure-web-preferences.ts).
const windowSecurity = { devTools: !app.isPackaged };

/**
 * Any failure while starting ends the process after saying why: Electron would otherwise show its own
 * stack-trace dialog and keep a half-started app, with no window and no tray, holding the
 * single-instance lock, so that every later launch opened nothing.
 */
function failedToStart(error: unknown): void {
  try {
    console.error('Runnel could not start:', error);
    const notice = describeStartupFailure(error, app.getPath('userData'));
    dialog.showErrorBox(notice.title, notice.content);
  } finally {
    // exit, not quit: quit runs the half-started app's quit handlers, and a window could refuse it.
    app.exit(1);
  }
}

try {
  launch();
} catch (error) {
  failedToStart(error);
}

function launch(): void {
  // One folder, `Runnel`, for installed and development runs alike (data-folder.ts). Chosen before
  // the lock, which Chromium keeps in this folder, and before anything reads it.
  app.setName(PRODUCT_NAME);
  if (!app.commandLine.hasSwitch('user-data-dir')) {
    const folder = chooseDataFolder(app.getPath('appData'));
    if (folder.note) console.log(`[runnel] ${folder.note}`);
    app.setPath('userData', folder.path);
  }

  if (process.platform === 'linux') {
    // On Wayland there are no X11 grabs: Chromium asks the desktop's GlobalShortcuts portal instead.
    app.commandLine.appendSwitch('enable-features', 'GlobalShortcutsPortal');
  }

  // The running instance reads this rather than argv, which Windows may rewrite (launch-intent.ts).
  const secondInstanceData: SecondInstanceData = { runnelIntent: launchIntent };
  if (!app.requestSingleInstanceLock(secondInstanceData)) {
    app.quit();
    return;
  }
  registerAppScheme();
  app.whenReady().then(start).catch(failedToStart);
}

function start(): void {
  // Whatever ends up in a log line, a key-shaped token never does.
  const log = (line: string): void => console.log(`[runnel] ${redactSecrets(line, [])}`);
  const platform = process.platform;
  const network = createPolledNetworkStatus(() => net.isOnline());
  // net.fetch follows the system proxy settings and PAC scripts, like the browser would.
  const engine = createChatEngine({
    fetch: (input, init) => net.fetch(input as string, init),
    network,
    log,
  });
  // Never throws: a damaged settings.json is kept aside and Runnel starts with defaults, which the
  // window is told about (settings-service.ts, `view().reset`).
  const settings = createSettingsService({
    persistence: createElectronPersistence(),
    secrets: safeStorageSecrets,
    newId: randomUUID,
    log,
  });
  // Each provider's last model list, so the model switcher works offline too.
  const catalog = createSettingsModelCatalog({
    settings,
    engine,
    cache: createElectronCatalogFile(app.getPath('userData'), log),
    log,
  });
  const ourWindows = new Set<number>();
  // MCP servers run in their own utility process, started once one is enabled (main/tools/).
  const dataDir = app.getPath('userData');
  const mcpServers = createServerStore({
    dir: dataDir,
    openStore: openServerFile,
    secrets: safeStorageSecrets,
    log,
  });
  const approvals = createApprovals({
    dir: dataDir,
    openStore: openApprovalFile,
    log,
  });
  const mcpHost = lazyHost(
    createMcpHostClient({ startHost: electronHostStarter(path.join(here, 'mcp-host.js')) }),
  );
  const tools = createToolService({
    host: mcpHost,
    approvals,
    policyOf: (serverId) => mcpServers.policyOf(serverId),
    limits: () => toolLimitsOf(settings.preferences()),
    log,
  });
  const toolsSettings = createToolsSettings({
    store: mcpServers,
    host: mcpHost,
    approvals,
    tools: () => tools.tools(),
    changed: () => {
      for (const id of ourWindows) sendToWindow(id, 'runnel:tools:changed', {});
    },
  });
  void toolsSettings.apply().catch((error: unknown) => {
    log(
      `MCP servers could not be started: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const streams = createStreamRegistry({
    answer: tools.answer(engine),
    newId: randomUUID,
    send: (windowId, message) => sendToWindow(windowId, 'runnel:chat:streamEvent', message),
  });
  let quitting = false;

  // ---- windows -----------------------------------------------------------------------------

  let chatWindow: BrowserWindow | null = null;
  let chatWindowId: number | null = null;
  let tray: SystemTray | null = null;
  const handoff = createConversationHandoff({
    send: (windowId, conversationId) =>
      sendToWindow(windowId, 'runnel:app:openConversation', { conversationId }),
  });

  const openChatWindow = (): BrowserWindow => {
    if (chatWindow && !chatWindow.isDestroyed()) {
      if (chatWindow.isMinimized()) chatWindow.restore();
      chatWindow.show();
      chatWindow.focus();
      return chatWindow;
    }
    const window = createChatWindow({
      preloadPath,
      security: windowSecurity,
      savedState: settings.windowState(),
      onStateChange: (state) => settings.saveWindowState(state),
    });
    const id = window.webContents.id;
    ourWindows.add(id);
    // A reloading page no longer listens; it asks again (takeOpenRequest) once it does.
    window.webContents.on('did-start-loading', () => {
      handoff.forget(id);
      hotkey.windowGone(id);
    });
    window.on('close', (event) => {
      const action = chatWindowCloseAction({
        closeToTray: settings.preferences().closeToTray,
        trayShown: tray !== null,
        quitting,
      });
      if (action === 'hide') {
        event.preventDefault();
        window.hide();
      }
    });
    window.on('closed', () => {
      ourWindows.delete(id);
      streams.abortWindow(id);
      handoff.forget(id);
      hotkey.windowGone(id);
      chatWindow = null;
      chatWindowId = null;
      // The hidden quick-ask window keeps `window-all-closed` from firing: quit here instead.
      if (!quitting && quitAfterChatWindowClosed(platform)) app.quit();
    });
    chatWindow = window;
    chatWindowId = id;
    return window;
  };

  let quickAskWindow: BrowserWindow | null = null;
  const ensureQuickAskWindow = (): BrowserWindow => {
    if (quickAskWindow && !quickAskWindow.isDestroyed()) return quickAskWindow;
    const window = createQuickAskWindow(preloadPath, windowSecurity);
    const id = window.webContents.id;
    ourWindows.add(id);
    window.on('blur', () => quickAsk.hide('blurred'));
    // Alt+F4 and the like hide it too: it lives as long as the app, so the next open is instant.
    window.on('close', (event) => {
      if (quitting) return;
      event.preventDefault();
      quickAsk.hide('dismissed');
    });
    window.on('closed', () => {
      ourWindows.delete(id);
      streams.abortWindow(id);
      quickAskWindow = null;
    });
    quickAskWindow = window;
    return window;
  };

  const quickAsk = createQuickAskController({
    surface: () => quickAskSurface(ensureQuickAskWindow()),
    desktop: {
      pointer: () => screen.getCursorScreenPoint(),
      displays: () => screen.getAllDisplays().map(({ bounds, workArea }) => ({ bounds, workArea })),
      chatWindowFocused: () => chatWindow !== null && chatWindow.isFocused(),
      focusChatWindow: () => chatWindow?.focus(),
      hideApp: () => app.hide(),
      readContext: () =>
        readQuickAskContext(settings.preferences().quickAskContext, platform, {
          // `clipboard.selection` is Linux's primary selection (undefined elsewhere).
          readText: (source) =>
            (source === 'selection' && clipboard.selection
              ? clipboard.selection
              : clipboard
            ).readText(),
        }),
    },
    platform,
    size: QUICK_ASK_SIZE,
  });

  /** Opens quick ask once its page has loaded, so the page hears that it was shown. */
  const openQuickAsk = (trigger: QuickAskTrigger): void => {
    const contents = ensureQuickAskWindow().webContents;
    const open = (): void => {
      quickAsk.open(trigger).catch((error: unknown) => log(`Quick ask could not open: ${error}`));
    };
    if (contents.isLoading()) contents.once('did-finish-load', open);
    else open();
  };

  // ---- hotkey, IPC, tray -------------------------------------------------------------------

  const hotkey = createHotkeyService({
    registrar: globalShortcutRegistrar,
    store: { read: () => settings.hotkey(), write: (value) => settings.saveHotkey(value) },
    session: detectHotkeySession({
      platform,
      env: process.env,
      ozonePlatform: app.commandLine.getSwitchValue('ozone-platform'),
    }),
    platform,
    onPressed: () => openQuickAsk('hotkey'),
  });

  // Messages' files open with the system's app through private copies, removed at quit.
  const attachmentOpener = createElectronAttachmentOpener();
  app.on('will-quit', () => void attachmentOpener.dispose());

  const dispatch = createDispatcher(
    createIpcHandlers({
      engine,
      settings,
      catalog,
      streams,
      tools,
      toolsSettings,
      network,
      appVersion: app.getVersion(),
      openExternal: async (url) => {
        const safe = safeExternalUrl(url);
        if (safe) await shell.openExternal(safe);
      },
      attachments: attachmentOpener,
      hotkey,
      applyStartAtLogin,
      windows: {
        hideQuickAsk: (windowId) => {
          if (quickAskWindow && windowId === quickAskWindow.webContents.id)
            quickAsk.hide('dismissed');
        },
        openInChatWindow: (conversationId) => {
          quickAsk.hide('handed-over');
          const window = openChatWindow();
          handoff.request(conversationId, window.webContents.id);
        },
        takeOpenRequest: (windowId) => (windowId === chatWindowId ? handoff.take(windowId) : null),
      },
    }),
    log,
  );

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      applicationMenuTemplate({ platform, developerTools: windowSecurity.devTools }),
    ),
  );
  guardSession(session.defaultSession);
  serveRenderer(rendererDir);
  registerIpc(dispatch, ourWindows);
  network.onChange((online) => {
    for (const id of ourWindows) sendToWindow(id, 'runnel:app:onlineChanged', { online });
  });

  const initialHotkey = hotkey.start();
  if (initialHotkey.problem) log(`Quick-ask hotkey: ${initialHotkey.problem.message}`);
  try {
    tray = createSystemTray(
      {
        createTrayInstance,
        buildMenu: buildTrayMenu,
        platform,
        actions: {
          open: () => void openChatWindow(),
          quickAsk: () => openQuickAsk('tray'),
          quit: () => app.quit(),
        },
      },
      initialHotkey.active,
    );
    hotkey.onChange((status) => tray?.showHotkey(status.active));
  } catch (error) {
    // Some Linux desktops have no tray at all; the hotkey and `--quick-ask` still work.
    log(`No tray icon: ${error instanceof Error ? error.message : String(error)}`);
  }

  // Written again at each start while on: the app may have moved since (an AppImage, an update).
  // Turning it on or off is the settings handler's job, which reports a refusal to the window.
  if (settings.preferences().startAtLogin) {
    try {
      applyStartAtLogin(true);
    } catch (error) {
      log(error instanceof Error ? error.message : String(error));
    }
  }

  // ---- launch ------------------------------------------------------------------------------

  const actOn = (intent: LaunchIntent): void => {
    if (intent === 'chat') openChatWindow();
    else if (intent === 'quick-ask') openQuickAsk('command-line');
  };
  actOn(openedAtLogin() ? 'hidden' : launchIntent);
  // Loaded now (after the chat window, which people wait for), hidden, so that the first hotkey
  // press only has to show it.
  ensureQuickAskWindow();

  app.on('second-instance', (_event, argv, _workingDirectory, data) =>
    actOn(intentOfSecondInstance(argv, data)),
  );
  app.on('activate', () => openChatWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
    streams.abortAll();
    network.dispose();
  });
  app.on('will-quit', () => {
    hotkey.dispose();
    tray?.destroy();
    void mcpHost.stop();
  });
}
