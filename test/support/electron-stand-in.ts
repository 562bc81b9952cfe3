/**
 * A small stand-in for the Electron APIs the main process touches, so the real composition root
 * (main/index.ts) and its thin adapters run under Node, where the Electron binary cannot be had.
 *
 * Each object is declared against Electron's own types (`Pick<Electron.App, …>` and so on): when
 * Electron changes a signature Runnel uses, this file stops compiling instead of drifting. Members
 * that return Electron objects (a `Menu`, a `WebContents`) return the stand-in's own, cast once in
 * `asElectron`, so only the parameters Runnel passes are checked there.
 *
 * It keeps the rules that matter at start-up as Electron enforces them: privileged schemes only
 * before `ready`; windows, sessions, screens, trays and shortcuts only after; one handler per IPC
 * channel; `invoke` on a channel without a handler fails; the single-instance lock is held until
 * the process ends. Everything that happens is written to `events`, in order.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';

export interface StandInOptions {
  /** Electron's `appData` (on Linux `~/.config`): a temporary folder in tests. */
  appDataDir: string;
  /** The name Electron reads from package.json: `runnel` in a development run. */
  packageName?: string;
  isPackaged?: boolean;
  /** Command-line switches, as `--name=value` or `--name`. */
  switches?: string[];
  /** Another instance already holds the single-instance lock. */
  lockTaken?: boolean;
  /** Every global shortcut is taken by another program (`register` returns false). */
  shortcutsTaken?: boolean;
  /** This desktop has no tray (`new Tray` throws). */
  noTray?: boolean;
  /** One call that throws, for a start-up that breaks before or after `ready`. */
  breaks?: 'new BrowserWindow' | 'protocol.registerSchemesAsPrivileged';
  /** Set only when the key ring is usable, as on a desktop with a keyring. */
  encryptionAvailable?: boolean;
}

export interface ErrorBox {
  title: string;
  content: string;
}

/** Members the stand-in returns as Electron objects: it implements only the part Runnel uses. */
const asElectron = <T>(standIn: object): T => standIn as T;

const notReady = (what: string): Error =>
  new Error(
    `${what} cannot be used before the app is ready (the Electron stand-in enforces this).`,
  );

export function createElectronStandIn(options: StandInOptions) {
  const events: string[] = [];
  // Read here, where a window's own `options` would hide the stand-in's.
  const breakIf = (call: NonNullable<StandInOptions['breaks']>): void => {
    if (options.breaks === call) throw new Error(`${call} failed (stand-in).`);
  };
  const record = (event: string): void => void events.push(event);
  let ready = false;
  let ended: { how: 'quit' | 'exit'; code: number } | null = null;
  let lockHeld = false;
  const errorBoxes: ErrorBox[] = [];
  const privilegedSchemes: Electron.CustomScheme[] = [];
  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const ipcHandlers = new Map<
    string,
    (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown
  >();
  const shortcuts = new Map<string, () => void>();
  let applicationMenu: StandInMenu | null = null;
  const trays: StandInTray[] = [];
  const loginItems: Electron.Settings[] = [];
  const windows: StandInBrowserWindow[] = [];
  const contentsById = new Map<number, StandInWebContents>();
  let nextContentsId = 1;

  // ---- app ------------------------------------------------------------------------------------

  const switches = new Map(
    (options.switches ?? []).map((entry) => {
      const [name = '', ...value] = entry.replace(/^--/, '').split('=');
      return [name, value.join('=')] as const;
    }),
  );
  const commandLine: Pick<
    Electron.CommandLine,
    'appendSwitch' | 'getSwitchValue' | 'hasSwitch' | 'appendArgument' | 'removeSwitch'
  > = {
    appendSwitch: (name, value) => void switches.set(name, value ?? ''),
    appendArgument: () => {},
    getSwitchValue: (name) => switches.get(name) ?? '',
    hasSwitch: (name) => switches.has(name),
    removeSwitch: (name) => void switches.delete(name),
  };

  let appName = options.packageName ?? 'runnel';
  // Electron works its paths out from the package name before the app's code runs; a later
  // setName does not move them (lib/browser/init.ts), which is why Runnel sets userData itself.
  const paths = new Map<string, string>([
    ['appData', options.appDataDir],
    ['userData', switches.get('user-data-dir') || path.join(options.appDataDir, appName)],
    ['temp', path.join(options.appDataDir, '..', 'tmp')],
    ['home', path.join(options.appDataDir, '..')],
  ]);
  let readyResolve: () => void = () => {};
  const whenReadyPromise = new Promise<void>((resolve) => (readyResolve = resolve));

  class StandInApp
    extends EventEmitter
    implements
      Pick<
        Electron.App,
        | 'requestSingleInstanceLock'
        | 'hasSingleInstanceLock'
        | 'releaseSingleInstanceLock'
        | 'quit'
        | 'exit'
        | 'whenReady'
        | 'isReady'
        | 'hide'
        | 'getVersion'
        | 'getName'
        | 'setName'
        | 'getPath'
        | 'setPath'
        | 'getAppPath'
        | 'isPackaged'
        | 'setLoginItemSettings'
        | 'getLoginItemSettings'
      >
  {
    readonly commandLine = asElectron<Electron.CommandLine>(commandLine);
    readonly isPackaged = options.isPackaged ?? false;
    requestSingleInstanceLock(_data?: Record<string, unknown>): boolean {
      record('app.requestSingleInstanceLock');
      lockHeld = !options.lockTaken;
      return lockHeld;
    }
    hasSingleInstanceLock(): boolean {
      return lockHeld;
    }
    releaseSingleInstanceLock(): void {
      record('app.releaseSingleInstanceLock');
      lockHeld = false;
    }
    quit(): void {
      record('app.quit');
      if (ended) return;
      this.emit('before-quit', { preventDefault: () => {} });
      this.emit('will-quit', { preventDefault: () => {} });
      ended = { how: 'quit', code: 0 };
      // The lock goes with the process.
      lockHeld = false;
    }
    exit(code = 0): void {
      record(`app.exit(${code})`);
      ended ??= { how: 'exit', code };
      // The process ends: its lock and its windows go with it, without any event.
      lockHeld = false;
      for (const window of windows) window.destroyed = window.contents.destroyed = true;
    }
    whenReady(): Promise<void> {
      return whenReadyPromise;
    }
    isReady(): boolean {
      return ready;
    }
    hide(): void {}
    getVersion(): string {
      return '0.0.0-stand-in';
    }
    getName(): string {
      return appName;
    }
    setName(name: string): void {
      record(`app.setName(${name})`);
      appName = name;
    }
    getPath(name: Parameters<Electron.App['getPath']>[0]): string {
      const value = paths.get(name);
      if (value === undefined) throw new Error(`The stand-in has no path named ${name}.`);
      if (name === 'userData') record('app.getPath(userData)');
      return value;
    }
    setPath(name: string, value: string): void {
      record(`app.setPath(${name})`);
      paths.set(name, value);
    }
    getAppPath(): string {
      return path.resolve(import.meta.dirname, '../..');
    }
    setLoginItemSettings(settings: Electron.Settings): void {
      loginItems.push(settings);
    }
    getLoginItemSettings(): Electron.LoginItemSettings {
      return asElectron<Electron.LoginItemSettings>({
        openAtLogin: false,
        wasOpenedAtLogin: false,
      });
    }
  }
  const app = new StandInApp();

  // ---- protocol, session, ipcMain -------------------------------------------------------------

  const protocol: Pick<
    Electron.Protocol,
    'registerSchemesAsPrivileged' | 'handle' | 'isProtocolHandled'
  > = {
    registerSchemesAsPrivileged(schemes) {
      // Electron throws here once the app is ready; the schemes would have no effect.
      if (ready)
        throw new Error(
          'protocol.registerSchemesAsPrivileged should be called before app is ready',
        );
      breakIf('protocol.registerSchemesAsPrivileged');
      record(`protocol.registerSchemesAsPrivileged(${schemes.map((s) => s.scheme).join(',')})`);
      privilegedSchemes.push(...schemes);
    },
    handle(scheme, handler) {
      if (!ready) throw notReady('protocol.handle');
      record(`protocol.handle(${scheme})`);
      protocolHandlers.set(scheme, (request) => handler(asElectron<GlobalRequest>(request)));
    },
    isProtocolHandled: (scheme) => protocolHandlers.has(scheme),
  };

  const permissionHandlers: {
    request: Parameters<Electron.Session['setPermissionRequestHandler']>[0];
    check: Parameters<Electron.Session['setPermissionCheckHandler']>[0];
  } = { request: null, check: null };
  const defaultSession: Pick<
    Electron.Session,
    'setPermissionRequestHandler' | 'setPermissionCheckHandler'
  > = {
    setPermissionRequestHandler: (handler) => void (permissionHandlers.request = handler),
    setPermissionCheckHandler: (handler) => void (permissionHandlers.check = handler),
  };
  const session = {
    get defaultSession(): Electron.Session {
      if (!ready) throw notReady('session.defaultSession');
      return asElectron<Electron.Session>(defaultSession);
    },
  } satisfies Pick<typeof Electron.Session, 'defaultSession'>;

  class StandInIpcMain
    extends EventEmitter
    implements Pick<Electron.IpcMain, 'handle' | 'removeHandler'>
  {
    handle(
      channel: string,
      listener: (event: Electron.IpcMainInvokeEvent, ...args: unknown[]) => unknown,
    ): void {
      if (ipcHandlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`);
      record(`ipcMain.handle(${channel})`);
      ipcHandlers.set(channel, listener);
    }
    removeHandler(channel: string): void {
      ipcHandlers.delete(channel);
    }
  }
  const ipcMain = new StandInIpcMain();

  // ---- windows and their contents -------------------------------------------------------------

  class StandInWebContents
    extends EventEmitter
    implements
      Pick<
        Electron.WebContents,
        'id' | 'isLoading' | 'isDestroyed' | 'send' | 'focus' | 'setWindowOpenHandler' | 'getURL'
      >
  {
    readonly id = nextContentsId++;
    readonly sent: { channel: string; payload: unknown }[] = [];
    url = '';
    loading = false;
    destroyed = false;
    windowOpenHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | null = null;
    /** The page's main frame: the same object each time, as the sender check compares them. */
    readonly mainFrame = asElectron<Electron.WebFrameMain>(
      Object.defineProperty({}, 'url', { get: () => this.url }),
    );
    constructor() {
      super();
      contentsById.set(this.id, this);
    }
    isLoading(): boolean {
      return this.loading;
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    getURL(): string {
      return this.url;
    }
    send(channel: string, ...args: unknown[]): void {
      this.sent.push({ channel, payload: structuredClone(args[0]) });
    }
    focus(): void {}
    setWindowOpenHandler(
      handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0],
    ): void {
      this.windowOpenHandler = handler;
    }
    /** Loads a page as Chromium does: later, in steps the app listens to. */
    load(url: string): Promise<void> {
      record(`webContents.loadURL(${url})`);
      this.url = url;
      this.loading = true;
      return new Promise((resolve) =>
        setImmediate(() => {
          this.emit('did-start-loading');
          setImmediate(() => {
            this.loading = false;
            this.emit('did-finish-load');
            resolve();
          });
        }),
      );
    }
  }

  const webContents = {
    fromId: (id: number): Electron.WebContents | undefined => {
      const found = contentsById.get(id);
      return found ? asElectron<Electron.WebContents>(found) : undefined;
    },
  } satisfies Pick<typeof Electron.WebContents, 'fromId'>;

  type WindowMembers =
    | 'isDestroyed'
    | 'isMinimized'
    | 'isMaximized'
    | 'isVisible'
    | 'isFocused'
    | 'restore'
    | 'show'
    | 'hide'
    | 'focus'
    | 'maximize'
    | 'close'
    | 'setBounds'
    | 'getNormalBounds'
    | 'loadURL'
    | 'setAlwaysOnTop'
    | 'setVisibleOnAllWorkspaces';

  class StandInBrowserWindow
    extends EventEmitter
    implements Pick<Electron.BrowserWindow, WindowMembers>
  {
    readonly contents = new StandInWebContents();
    readonly webContents = asElectron<Electron.WebContents>(this.contents);
    visible: boolean;
    destroyed = false;
    bounds: Electron.Rectangle;
    constructor(readonly options: Electron.BrowserWindowConstructorOptions = {}) {
      super();
      if (!ready) throw new Error('Cannot create BrowserWindow before app is ready');
      breakIf('new BrowserWindow');
      record(`new BrowserWindow(${options.title ?? ''})`);
      this.visible = options.show ?? true;
      this.bounds = {
        x: options.x ?? 0,
        y: options.y ?? 0,
        width: options.width ?? 800,
        height: options.height ?? 600,
      };
      windows.push(this);
      this.contents.on('did-finish-load', () => this.emit('ready-to-show'));
    }
    isDestroyed(): boolean {
      return this.destroyed;
    }
    isMinimized(): boolean {
      return false;
    }
    isMaximized(): boolean {
      return false;
    }
    isVisible(): boolean {
      return this.visible;
    }
    isFocused(): boolean {
      return this.visible;
    }
    restore(): void {}
    show(): void {
      this.visible = true;
    }
    hide(): void {
      this.visible = false;
    }
    focus(): void {}
    maximize(): void {}
    close(): void {
      let prevented = false;
      this.emit('close', { preventDefault: () => (prevented = true) });
      if (prevented) return;
      this.destroyed = true;
      this.contents.destroyed = true;
      this.emit('closed');
    }
    setBounds(bounds: Partial<Electron.Rectangle>): void {
      this.bounds = { ...this.bounds, ...bounds };
    }
    getNormalBounds(): Electron.Rectangle {
      return this.bounds;
    }
    loadURL(url: string): Promise<void> {
      return this.contents.load(url);
    }
    setAlwaysOnTop(): void {}
    setVisibleOnAllWorkspaces(): void {}
  }

  const display = {
    bounds: { x: 0, y: 0, width: 1920, height: 1080 },
    workArea: { x: 0, y: 0, width: 1920, height: 1050 },
  };
  const screen: Pick<
    Electron.Screen,
    'getAllDisplays' | 'getCursorScreenPoint' | 'getPrimaryDisplay'
  > = {
    getAllDisplays: () => {
      if (!ready) throw notReady('screen');
      return [asElectron<Electron.Display>(display)];
    },
    getPrimaryDisplay: () => asElectron<Electron.Display>(display),
    getCursorScreenPoint: () => ({ x: 100, y: 100 }),
  };

  // ---- tray, menu, shortcuts, dialogs, the rest ---------------------------------------------------

  class StandInTray
    extends EventEmitter
    implements Pick<Electron.Tray, 'setContextMenu' | 'setToolTip' | 'destroy'>
  {
    menu: StandInMenu | null = null;
    toolTip = '';
    constructor(_image: Electron.NativeImage | string) {
      super();
      if (!ready) throw notReady('Tray');
      if (options.noTray) throw new Error('This desktop has no system tray (stand-in).');
      record('new Tray');
      trays.push(this);
    }
    setContextMenu(menu: Electron.Menu | null): void {
      this.menu = menu as unknown as StandInMenu | null;
    }
    setToolTip(toolTip: string): void {
      this.toolTip = toolTip;
    }
    destroy(): void {}
  }

  class StandInMenu {
    constructor(
      readonly template: Array<Electron.MenuItemConstructorOptions | Electron.MenuItem>,
    ) {}
  }
  const Menu = {
    buildFromTemplate: (template) => asElectron<Electron.Menu>(new StandInMenu(template)),
    setApplicationMenu: (menu) => {
      record('Menu.setApplicationMenu');
      applicationMenu = menu as unknown as StandInMenu | null;
    },
    getApplicationMenu: () => (applicationMenu ? asElectron<Electron.Menu>(applicationMenu) : null),
  } satisfies Pick<
    typeof Electron.Menu,
    'buildFromTemplate' | 'setApplicationMenu' | 'getApplicationMenu'
  >;

  const image = { resize: () => image, isEmpty: () => false };
  const nativeImage = {
    createFromPath: (_path: string) => asElectron<Electron.NativeImage>(image),
  } satisfies Pick<typeof Electron.NativeImage, 'createFromPath'>;

  const globalShortcut: Pick<
    Electron.GlobalShortcut,
    'register' | 'unregister' | 'unregisterAll' | 'isRegistered' | 'setSuspended'
  > = {
    register(accelerator, callback) {
      if (!ready) throw notReady('globalShortcut');
      record(`globalShortcut.register(${accelerator})`);
      if (options.shortcutsTaken) return false;
      shortcuts.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void shortcuts.delete(accelerator),
    unregisterAll: () => shortcuts.clear(),
    isRegistered: (accelerator) => shortcuts.has(accelerator),
    setSuspended: () => {},
  };

  const dialog: Pick<Electron.Dialog, 'showErrorBox'> = {
    showErrorBox(title, content) {
      record('dialog.showErrorBox');
      errorBoxes.push({ title, content });
    },
  };

  // Reversible, and visibly not the plain text, like the OS key ring's output.
  const safeStorage: Pick<
    Electron.SafeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  > = {
    isEncryptionAvailable: () => options.encryptionAvailable ?? true,
    encryptString: (plain) => Buffer.from(`sealed:${plain}`).reverse(),
    decryptString: (cipher) =>
      Buffer.from(cipher)
        .reverse()
        .toString()
        .replace(/^sealed:/, ''),
    getSelectedStorageBackend: () => 'gnome_libsecret',
  };

  const net: Pick<Electron.Net, 'isOnline' | 'fetch'> = {
    isOnline: () => true,
    fetch: (input, init) => globalThis.fetch(input, init),
  };

  const clipboard: Pick<Electron.Clipboard, 'readText'> = { readText: async () => '' };
  const shell: Pick<Electron.Shell, 'openExternal' | 'openPath'> = {
    openExternal: async (url) => void record(`shell.openExternal(${url})`),
    openPath: async () => '',
  };

  const exports = {
    app,
    // Constructors only: EventEmitter's statics are not part of Electron's classes.
    BrowserWindow: StandInBrowserWindow as new (
      options?: Electron.BrowserWindowConstructorOptions,
    ) => StandInBrowserWindow,
    clipboard,
    dialog,
    globalShortcut,
    ipcMain,
    Menu,
    nativeImage,
    net,
    protocol,
    safeStorage,
    screen,
    session,
    shell,
    Tray: StandInTray as new (image: Electron.NativeImage | string) => StandInTray,
    webContents,
  };

  return {
    /** What `import … from 'electron'` gives while the stand-in is installed (named and default). */
    module: { ...exports, default: exports },
    app,
    events,
    errorBoxes,
    privilegedSchemes,
    protocolHandlers,
    ipcHandlers,
    permissionHandlers,
    shortcuts,
    trays,
    loginItems,
    windows,
    get applicationMenu(): Electron.MenuItemConstructorOptions[] | null {
      return (applicationMenu?.template as Electron.MenuItemConstructorOptions[]) ?? null;
    },
    get lockHeld(): boolean {
      return lockHeld;
    },
    get ended(): { how: 'quit' | 'exit'; code: number } | null {
      return ended;
    },

    /** Electron's `ready`: resolves `whenReady()`, then lets the app's start and page loads run. */
    async becomeReady(): Promise<void> {
      ready = true;
      record('app ready');
      app.emit('will-finish-launching');
      app.emit('ready');
      readyResolve();
      await settle();
    },

    /** `ipcRenderer.invoke` from one of the windows' pages, as Electron delivers it to main. */
    async invoke(
      window: StandInBrowserWindow,
      channel: string,
      payload?: unknown,
    ): Promise<unknown> {
      const handler = ipcHandlers.get(channel);
      if (!handler)
        throw new Error(
          `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
        );
      const event = asElectron<Electron.IpcMainInvokeEvent>({
        sender: window.webContents,
        senderFrame: window.contents.mainFrame,
      });
      return structuredClone(await handler(event, structuredClone(payload)));
    },

    /** Another launch of the app: Electron hands its argv and data to this instance. */
    secondInstance(argv: string[], data: unknown): void {
      app.emit('second-instance', { preventDefault: () => {} }, argv, process.cwd(), data);
    },

    settle,
  };
}

/** Lets queued page loads and promise chains run (loads finish over two turns of the loop). */
export async function settle(): Promise<void> {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Roles anywhere in a menu template, submenus included. */
export const rolesIn = (template: readonly Electron.MenuItemConstructorOptions[]): string[] =>
  template.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? rolesIn(item.submenu) : []),
  ]);

/** Electron's own `viewMenu` role brings reload, force reload and DevTools with it. */
export const DEVELOPER_ROLES = ['toggleDevTools', 'reload', 'forceReload', 'viewMenu'];

export type ElectronStandIn = ReturnType<typeof createElectronStandIn>;
export type StandInWindow = ElectronStandIn['windows'][number];
