/**
 * Start-up of the real composition root (main/index.ts, with every adapter and electron-store behind
 * it) against the Electron stand-in, since the Electron binary cannot run here. The `_electron`
 * suite (test/electron-e2e/) stays the real check where the binary exists.
 *
 * Why a module mock (`vi.doMock('electron')`) rather than an injected `startApp(electron)`: the thin
 * adapters behind index.ts (the windows, the IPC registration, the tray, safeStorage, electron-store)
 * import Electron themselves, so injection would have to thread it through every one of them, or leave
 * them out of the test; and what runs before `ready` (the data folder, the lock, the scheme) is
 * index.ts's top level, which a start function would move out of reach. With the mock, the module
 * that ships is the module that is tested, unchanged.
 *
 * Each test imports main/index.ts afresh, as a launch does: the module's top level is the part of
 * start-up that runs before `ready`. `vi.doMock('electron')` reaches only modules Vite transforms: a
 * package that imports `electron` itself (electron-store) is listed in vitest.config.ts's
 * `server.deps.inline`.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeStartupFailure } from '../../../../main/lifecycle/startup-failure';
import { defaultSettings, SETTINGS_VERSION } from '../../../../main/settings/settings-schema';
import { RENDERER_CSP } from '../../../../main/windows/renderer-files';
import { contract, type IpcResult } from '../../../../preload/contract';
import {
  createElectronStandIn,
  DEVELOPER_ROLES,
  rolesIn,
  type ElectronStandIn,
  type StandInOptions,
  type StandInWindow,
} from '../../../support/electron-stand-in';

let running: ElectronStandIn | null = null;

/** Imports main/index.ts against a fresh stand-in; the app is not ready yet. */
async function load(options: Partial<StandInOptions> = {}): Promise<ElectronStandIn> {
  const appDataDir = options.appDataDir ?? mkdtempSync(path.join(os.tmpdir(), 'runnel-startup-'));
  const electron = createElectronStandIn({ ...options, appDataDir });
  running = electron;
  vi.resetModules();
  vi.doMock('electron', () => electron.module);
  await import('../../../../main');
  return electron;
}

/** A whole launch: load, then `ready`, then the first pages load. */
async function launch(options: Partial<StandInOptions> = {}): Promise<ElectronStandIn> {
  const electron = await load(options);
  await electron.becomeReady();
  return electron;
}

afterEach(() => {
  // Stops the network poll and the hotkey as a real quit would.
  if (running && !running.ended) running.app.quit();
  running = null;
  vi.doUnmock('electron');
});

const chatWindow = (electron: ElectronStandIn): StandInWindow => {
  const window = electron.windows.find((candidate) => candidate.options.title === 'Runnel');
  if (!window) throw new Error(`no chat window; events: ${electron.events.join(' | ')}`);
  return window;
};

const requestChannels = Object.keys(contract).filter(
  (channel) => contract[channel as keyof typeof contract].kind === 'request',
);

const ask = async <T>(
  electron: ElectronStandIn,
  window: StandInWindow,
  channel: string,
  payload: unknown = {},
): Promise<IpcResult<T>> => (await electron.invoke(window, channel, payload)) as IpcResult<T>;

describe('start-up order', () => {
  it('registers the app:// scheme as privileged before ready, and serves it only after', async () => {
    const electron = await load();
    expect(electron.privilegedSchemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    await electron.becomeReady();
    const { events } = electron;
    const registered = events.indexOf('protocol.registerSchemesAsPrivileged(app)');
    expect(registered).toBeGreaterThanOrEqual(0);
    expect(registered).toBeLessThan(events.indexOf('app ready'));
    expect(events.indexOf('protocol.handle(app)')).toBeGreaterThan(events.indexOf('app ready'));

    // The handler serves the renderer's files with the CSP, and answers 404 for another host.
    const serve = electron.protocolHandlers.get('app')!;
    const page = await serve(new Request('app://runnel/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toBe(RENDERER_CSP);
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(404);
  });

  it('answers every request channel of the contract, registered before the first page loads', async () => {
    const electron = await launch();
    const { events } = electron;
    const handled = events
      .filter((event) => event.startsWith('ipcMain.handle('))
      .map((event) => event.slice('ipcMain.handle('.length, -1));
    expect(handled.sort()).toEqual([...requestChannels].sort());

    const firstLoad = events.findIndex((event) => event.startsWith('webContents.loadURL('));
    expect(firstLoad).toBeGreaterThan(0);
    const lastHandler = events.findLastIndex((event) => event.startsWith('ipcMain.handle('));
    expect(lastHandler).toBeLessThan(firstLoad);

    // Each channel answers the page with the contract's envelope; a payload no schema allows is
    // refused by the dispatcher before any handler runs, so this touches no state.
    const window = chatWindow(electron);
    for (const channel of requestChannels) {
      const result = await ask(electron, window, channel, { 'not-a-field': [1] });
      expect(result, channel).toEqual({
        ok: false,
        error: expect.objectContaining({ code: expect.any(String) }),
      });
    }
    const settings = await ask<{ providers: unknown[] }>(electron, window, 'runnel:settings:get');
    expect(settings.ok).toBe(true);
    expect((await ask(electron, window, 'runnel:app:getStatus')).ok).toBe(true);
  });

  it('refuses IPC from a window that is not one of its own', async () => {
    const electron = await launch();
    const stranger = new electron.module.BrowserWindow({ title: 'stranger' });
    await stranger.loadURL('https://example.com/');
    expect(await electron.invoke(stranger, 'runnel:settings:get', {})).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'forbidden' }),
    });
  });

  it('opens the chat window and the hidden quick-ask window, locked down', async () => {
    const electron = await launch();
    const titles = electron.windows.map((window) => window.options.title);
    expect(titles).toEqual(['Runnel', 'Runnel Quick Ask']);
    for (const window of electron.windows) {
      expect(window.options.webPreferences, window.options.title).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
      });
      expect(window.options.webPreferences?.preload).toMatch(/preload[\\/]index\.cjs$/);
      expect(window.contents.url).toMatch(/^app:\/\/runnel\//);
      // Navigation away is refused, and new windows are never opened.
      let prevented = false;
      window.contents.emit('will-navigate', { preventDefault: () => (prevented = true) });
      expect(prevented).toBe(true);
      expect(window.contents.windowOpenHandler?.({ url: 'https://example.com/' } as never)).toEqual(
        { action: 'deny' },
      );
    }
    expect(chatWindow(electron).visible).toBe(true);
    expect(electron.lockHeld).toBe(true);
    expect(electron.errorBoxes).toEqual([]);
  });

  it('quits at once, opening nothing, when another instance holds the lock', async () => {
    const electron = await launch({ lockTaken: true });
    expect(electron.ended?.how).toBe('quit');
    expect(electron.windows).toEqual([]);
    expect(electron.privilegedSchemes).toEqual([]);
  });
});

describe('start-up survives what a desktop may lack', () => {
  it('starts without the hotkey when another program holds it, and says why', async () => {
    const electron = await launch({ shortcutsTaken: true });
    expect(electron.events).toContain('globalShortcut.register(CommandOrControl+Shift+Space)');
    const window = chatWindow(electron);
    const status = await ask<{ active: string | null; problem: { message: string } | null }>(
      electron,
      window,
      'runnel:hotkey:status',
    );
    expect(status.ok && status.value.active).toBeNull();
    expect(status.ok && status.value.problem?.message).toMatch(/\w/);
    expect(electron.trays).toHaveLength(1);
    expect(electron.errorBoxes).toEqual([]);
  });

  it('starts without a tray on a desktop that has none, and closing the window then quits', async () => {
    const electron = await launch({ noTray: true });
    expect(electron.trays).toEqual([]);
    const window = chatWindow(electron);
    expect(window.visible).toBe(true);
    expect(electron.shortcuts.size).toBe(1);
    expect(electron.errorBoxes).toEqual([]);
    // Close-to-tray would hide the only way back: the window really closes, and the app quits.
    window.close();
    expect(window.destroyed).toBe(true);
    expect(electron.ended?.how).toBe('quit');
  });
});

describe('start-up with a damaged settings file', () => {
  const damaged: [string, string | Buffer][] = [
    ['empty', ''],
    ['cut off mid-write', '{"settings":{"version":3,"providers":[{"id":"a","na'],
    ['NUL-filled, as after a crash', Buffer.alloc(4096)],
    ['valid JSON of another shape', '[1, 2, 3]'],
    [
      "today's settings of a broken shape",
      JSON.stringify({ settings: { ...defaultSettings(), providers: 7 } }),
    ],
    [
      'written by a newer Runnel',
      JSON.stringify({ settings: { ...defaultSettings(), version: SETTINGS_VERSION + 1 } }),
    ],
  ];

  it.each(damaged)(
    'starts with defaults when it is %s, keeps the file and says so',
    async (_, bytes) => {
      const appDataDir = mkdtempSync(path.join(os.tmpdir(), 'runnel-damaged-'));
      const folder = path.join(appDataDir, 'Runnel');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'settings.json'), bytes);

      const electron = await launch({ appDataDir });
      expect(electron.errorBoxes).toEqual([]);
      expect(electron.ended).toBeNull();
      expect(electron.lockHeld).toBe(true);
      const window = chatWindow(electron);
      expect(window.visible).toBe(true);
      expect(electron.trays).toHaveLength(1);

      const view = await ask<{
        providers: unknown[];
        reset: { keptAs: string | null; reason: string } | null;
      }>(electron, window, 'runnel:settings:get');
      if (!view.ok) throw new Error(view.error.message);
      expect(view.value.providers).toEqual([]);
      expect(view.value.reset?.reason).toMatch(/\w/);
      const keptAs = view.value.reset?.keptAs;
      expect(keptAs && path.dirname(keptAs)).toBe(folder);
      expect(readFileSync(keptAs!)).toEqual(Buffer.from(bytes));

      // The defaults are saved in its place, so the next start is a normal one.
      const saved = await ask(electron, window, 'runnel:settings:updatePreferences', {
        systemPrompt: 'Be brief.',
      });
      expect(saved.ok).toBe(true);
      expect(JSON.parse(readFileSync(path.join(folder, 'settings.json'), 'utf8'))).toHaveProperty(
        'settings.preferences.systemPrompt',
        'Be brief.',
      );
    },
  );
});

describe('a start that fails', () => {
  it.each([
    ['after ready', 'new BrowserWindow'],
    ['before ready', 'protocol.registerSchemesAsPrivileged'],
  ] as const)(
    '%s says what happened in a dialog and ends, letting go of the lock',
    async (_, breaks) => {
      const electron = await launch({ breaks });
      expect(electron.errorBoxes).toEqual([
        { title: 'Runnel could not start', content: expect.stringContaining(`${breaks} failed`) },
      ]);
      const [box] = electron.errorBoxes;
      expect(box!.content).toContain(electron.app.getPath('userData'));
      expect(box!.content).toMatch(/start Runnel again/i);
      expect(box!.content).not.toMatch(/\bat .+:\d+:\d+/);
      expect(electron.ended).toEqual({ how: 'exit', code: 1 });
      expect(electron.lockHeld).toBe(false);
      expect(electron.windows.filter((window) => !window.destroyed)).toEqual([]);
    },
  );
});

describe('the application menu', () => {
  it('has no DevTools or reload in an installed build, and keeps the Edit menu', async () => {
    const electron = await launch({ isPackaged: true });
    const roles = rolesIn(electron.applicationMenu ?? []);
    expect(roles).toContain('editMenu');
    for (const role of DEVELOPER_ROLES) expect(roles).not.toContain(role);
    // Nor can a page or a shortcut open them another way.
    for (const window of electron.windows)
      expect(window.options.webPreferences?.devTools, window.options.title).toBe(false);
  });

  it('offers DevTools and reload in a development run', async () => {
    const electron = await launch({ isPackaged: false });
    const roles = rolesIn(electron.applicationMenu ?? []);
    expect(roles).toEqual(expect.arrayContaining(['editMenu', 'toggleDevTools', 'reload']));
    for (const window of electron.windows)
      expect(window.options.webPreferences?.devTools, window.options.title).toBe(true);
  });
});

describe('where data lives', () => {
  const tempAppData = (): string => mkdtempSync(path.join(os.tmpdir(), 'runnel-appdata-'));

  /** Saves a preference through the page, as the settings screen does, and quits. */
  const saveSystemPrompt = async (electron: ElectronStandIn, prompt: string): Promise<void> => {
    const saved = await ask(electron, chatWindow(electron), 'runnel:settings:updatePreferences', {
      systemPrompt: prompt,
    });
    expect(saved.ok).toBe(true);
    electron.app.quit();
  };
  const systemPrompt = async (electron: ElectronStandIn): Promise<string> => {
    const view = await ask<{ preferences: { systemPrompt: string } }>(
      electron,
      chatWindow(electron),
      'runnel:settings:get',
    );
    if (!view.ok) throw new Error(view.error.message);
    return view.value.preferences.systemPrompt;
  };

  it('is the Runnel folder in a development run too, chosen before the lock and any read', async () => {
    const appDataDir = tempAppData();
    const electron = await launch({ appDataDir, packageName: 'runnel', isPackaged: false });
    expect(electron.app.getPath('userData')).toBe(path.join(appDataDir, 'Runnel'));
    const { events } = electron;
    const chosen = events.indexOf('app.setPath(userData)');
    expect(chosen).toBeGreaterThanOrEqual(0);
    expect(chosen).toBeLessThan(events.indexOf('app.requestSingleInstanceLock'));
    expect(chosen).toBeLessThan(events.indexOf('app.getPath(userData)'));
    expect(electron.app.getName()).toBe('Runnel');

    await saveSystemPrompt(electron, 'Be brief.');
    expect(readdirSync(appDataDir)).toEqual(['Runnel']);
    expect(existsSync(path.join(appDataDir, 'Runnel', 'settings.json'))).toBe(true);
  });

  it('keeps the folder given with --user-data-dir', async () => {
    const appDataDir = tempAppData();
    const given = path.join(appDataDir, 'profile-for-a-test');
    const electron = await launch({ appDataDir, switches: [`--user-data-dir=${given}`] });
    expect(electron.app.getPath('userData')).toBe(given);
    await saveSystemPrompt(electron, 'Be brief.');
    expect(readdirSync(appDataDir)).toEqual(['profile-for-a-test']);
  });

  it("moves an earlier development run's runnel folder to Runnel, settings and all", async () => {
    const appDataDir = tempAppData();
    const before = await launch({
      appDataDir,
      switches: [`--user-data-dir=${path.join(appDataDir, 'runnel')}`],
    });
    await saveSystemPrompt(before, 'Answer in French.');

    const after = await launch({ appDataDir, packageName: 'runnel' });
    expect(readdirSync(appDataDir)).toEqual(['Runnel']);
    expect(await systemPrompt(after)).toBe('Answer in French.');
  });

  it('leaves a runnel folder alone when a Runnel folder is there already', async () => {
    const appDataDir = tempAppData();
    for (const [folder, prompt] of [
      ['runnel', 'from the development run'],
      ['Runnel', 'from the installed app'],
    ] as const) {
      const electron = await launch({
        appDataDir,
        switches: [`--user-data-dir=${path.join(appDataDir, folder)}`],
      });
      await saveSystemPrompt(electron, prompt);
    }
    const electron = await launch({ appDataDir, packageName: 'runnel' });
    expect(await systemPrompt(electron)).toBe('from the installed app');
    expect(readdirSync(appDataDir).sort()).toEqual(['Runnel', 'runnel']);
  });
});

describe('the start-up failure notice', () => {
  it('gives the first line of the cause, without keys, and the way on', () => {
    const error = new Error(
      'Could not read sk-proj-abcdefghijklmnopqrstuvwx\n    at start (index.js:1:1)',
    );
    const { title, content } = describeStartupFailure(error, '/home/a/.config/Runnel');
    expect(title).toBe('Runnel could not start');
    expect(content).toContain('Could not read');
    expect(content).not.toContain('sk-proj-abcdefghijklmnopqrstuvwx');
    expect(content).not.toContain('index.js:1:1');
    expect(content).toContain('/home/a/.config/Runnel');
    expect(describeStartupFailure('disk gone', '/x').content).toContain('disk gone');
  });
});
