/**
 * The real main-process side of the app, minus Electron, running in the test's Node process: the
 * engine on Node's fetch, the settings service, the stream registry and the IPC handler table.
 * Also serves the built renderer over loopback exactly as the app:// protocol does (same resolver,
 * same CSP header).
 */
import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { createAttachmentOpener } from '../../main/attachments/open-copy';
import { createChatEngine, type ChatEngine } from '../../main/chat/engine';
import { createHotkeyService, type HotkeyService } from '../../main/hotkey/hotkey-service';
import { createDispatcher, type Dispatch } from '../../main/ipc/handler-table';
import { createIpcHandlers } from '../../main/ipc/handlers';
import type { CachedList, CatalogCache } from '../../main/models/catalog-file';
import { createSettingsModelCatalog } from '../../main/models/model-catalog';
import type { SecretBox, SettingsPersistence } from '../../main/settings/settings-service';
import { createSettingsService } from '../../main/settings/settings-service';
import type { SettingsData } from '../../main/settings/settings-schema';
import { createStreamRegistry, type StreamEventMessage } from '../../main/streams/stream-registry';
import Conf from 'conf';
import { createMcpHostClient } from '../../main/mcp/host-client';
import { nodeHostStarter } from '../../main/mcp/node-host-process';
import { createApprovals } from '../../main/tools/approvals';
import { lazyHost, type LazyHost } from '../../main/tools/lazy-host';
import { createServerStore } from '../../main/tools/server-store';
import { createToolService, type ToolService } from '../../main/tools/tool-service';
import { createToolsSettings, type ToolsSettings } from '../../main/tools/tools-settings';
import { createConversationHandoff } from '../../main/windows/conversation-handoff';
import { resolveRendererFile, securityHeaders } from '../../main/windows/renderer-files';
import type { EventChannel } from '../../preload/contract';

export const rendererDir = path.resolve(import.meta.dirname, '../../out/renderer');

/** Stands in for safeStorage, which exists only inside Electron. Reversible, and visibly so. */
export const testSecrets: SecretBox = {
  kind: () => 'os',
  encrypt: (plain) => `test-sealed:${Buffer.from(plain).toString('base64')}`,
  decrypt: (cipher) => Buffer.from(cipher.replace(/^test-sealed:/, ''), 'base64').toString(),
};

export const memoryPersistence = (
  initial?: SettingsData,
): SettingsPersistence & { data?: SettingsData } => {
  const persistence: SettingsPersistence & { data?: SettingsData } = {
    read: () => persistence.data,
    write: (data) => {
      persistence.data = structuredClone(data);
    },
    backupUnreadable: () => null,
  };
  if (initial) persistence.data = structuredClone(initial);
  return persistence;
};

/** Stands in for globalShortcut: every combination registers unless a test marks it taken. */
export function fakeShortcuts() {
  const taken = new Set<string>();
  const registered = new Map<string, () => void>();
  let suspended = false;
  return {
    taken,
    registered,
    isSuspended: () => suspended,
    setSuspended: (value: boolean) => void (suspended = value),
    register: (accelerator: string, onPressed: () => void) => {
      if (taken.has(accelerator) || registered.has(accelerator)) return false;
      registered.set(accelerator, onPressed);
      return true;
    },
    unregister: (accelerator: string) => void registered.delete(accelerator),
    unregisterAll: () => registered.clear(),
  };
}

/** What the quick-ask window asked of the windows, as main/index.ts would carry it out. */
export interface WindowRequests {
  hidden: number[];
  openedInChatWindow: string[];
  /** URLs main was asked to open in the system browser. */
  openedExternally: string[];
  /** Copies of messages' files main handed to the system's app to open, in order (attachments:open). */
  openedFiles: string[];
  /** The window id the test treats as the chat window (its `takeOpenRequest` is honoured). */
  chatWindowId: number;
}

export interface MainHost {
  dispatch: Dispatch;
  hotkey: HotkeyService;
  shortcuts: ReturnType<typeof fakeShortcuts>;
  windows: WindowRequests;
  settings: ReturnType<typeof createSettingsService>;
  streams: ReturnType<typeof createStreamRegistry>;
  tools: ToolService;
  /** The MCP host, started once a server is enabled (Settings → Tools); stop it after a test. */
  mcpHost: LazyHost;
  toolsSettings: ToolsSettings;
  setOnline(online: boolean): void;
  /**
   * Where events go; the fixture points it at its pages. `windowId` names the one window an event is
   * for (a stream's, the chat window's); without it, the event is for every window.
   */
  connect(deliver: (channel: EventChannel, payload: unknown, windowId?: number) => void): void;
}

export interface MainHostOptions {
  online?: boolean;
  /** Stands in for the system's login items; records each change by default. */
  applyStartAtLogin?: (enabled: boolean) => void;
  /** Wraps the engine's fetch, e.g. for a benchmark that timestamps each body read as it arrives. */
  wrapFetch?: (inner: typeof fetch) => typeof fetch;
  /** Where settings live; in memory unless a test gives a real file (a damaged one, say). */
  persistence?: SettingsPersistence;
  /** Where the model lists are cached; in memory unless a test gives a real file. */
  catalogCache?: CatalogCache;
  /** Tools for answers (a tool service over a real MCP host); none by default, as in the app today. */
  tools?: (engine: ChatEngine) => ToolService;
}

/** A model-list cache in memory, as main/models/catalog-file.ts keeps on disk. */
export function memoryCatalogCache(): CatalogCache & { lists: Record<string, CachedList> } {
  const cache = {
    lists: {} as Record<string, CachedList>,
    read: () => structuredClone(cache.lists),
    write: (lists: Record<string, CachedList>) => {
      cache.lists = structuredClone(lists);
    },
  };
  return cache;
}

export function createMainHost(options: MainHostOptions = {}): MainHost {
  let online = options.online ?? true;
  const onlineWaiters = new Set<() => void>();
  let deliver: (channel: EventChannel, payload: unknown, windowId?: number) => void = () => {};
  const network = {
    isOnline: () => online,
    waitUntilOnline: (signal: AbortSignal) =>
      new Promise<void>((resolve, reject) => {
        if (online) return resolve();
        const done = (): void => {
          onlineWaiters.delete(done);
          resolve();
        };
        onlineWaiters.add(done);
        signal.addEventListener('abort', () => {
          onlineWaiters.delete(done);
          reject(signal.reason);
        });
      }),
  };
  let ids = 0;
  const newId = (): string => `id-${++ids}-${Date.now().toString(36)}`;
  // Node 20's bundled fetch keeps an aborted socket for seconds; undici 7 with its own agent, like
  // Electron's net.fetch, frees it at once, which is what the Stop test checks. (Without its own agent
  // undici 7 would share the process-wide one that Node's bundled fetch may have installed.)
  const agent = new Agent();
  const fetchForEngine = ((input: string, init?: RequestInit) =>
    undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
  const engine = createChatEngine({
    fetch: options.wrapFetch ? options.wrapFetch(fetchForEngine) : fetchForEngine,
    network,
  });
  const settings = createSettingsService({
    persistence: options.persistence ?? memoryPersistence(),
    secrets: testSecrets,
    newId,
  });
  // Settings → Tools as in the app: servers and approvals in files of their own (a fresh folder per
  // host), the MCP host forked under Node (as the app's utility process) once a server is enabled.
  const toolsDir = mkdtempSync(path.join(tmpdir(), 'runnel-host-tools-'));
  const openConf = (cwd: string, name: string) =>
    new Conf({ cwd, configName: name, clearInvalidConfig: false });
  const mcpServers = createServerStore({
    dir: toolsDir,
    openStore: openConf,
    secrets: testSecrets,
  });
  const approvals = createApprovals({ dir: toolsDir, openStore: openConf });
  const mcpHost = lazyHost(
    createMcpHostClient({
      startHost: nodeHostStarter({
        entry: path.resolve(import.meta.dirname, '../../main/mcp/host-entry.ts'),
        execArgv: ['--import', 'tsx'],
        options: { useLoginShell: false },
      }),
    }),
  );
  const tools =
    options.tools?.(engine) ??
    createToolService({
      host: mcpHost,
      approvals,
      policyOf: (serverId) => mcpServers.policyOf(serverId),
    });
  const toolsSettings = createToolsSettings({
    store: mcpServers,
    host: mcpHost,
    approvals,
    tools: () => tools.tools(),
    changed: () => deliver('runnel:tools:changed', {}),
  });
  const streams = createStreamRegistry({
    answer: tools.answer(engine),
    newId,
    send: (windowId, message: StreamEventMessage) => {
      deliver('runnel:chat:streamEvent', message, windowId);
      return true;
    },
  });
  const shortcuts = fakeShortcuts();
  const hotkey = createHotkeyService({
    registrar: shortcuts,
    store: { read: () => settings.hotkey(), write: (value) => settings.saveHotkey(value) },
    session: { kind: 'standard', note: null },
    platform: 'linux',
    onPressed: () => {},
  });
  hotkey.start();
  const windows: WindowRequests = {
    hidden: [],
    openedInChatWindow: [],
    openedExternally: [],
    openedFiles: [],
    chatWindowId: 1,
  };
  const handoff = createConversationHandoff({
    send: (windowId, conversationId) => {
      deliver('runnel:app:openConversation', { conversationId }, windowId);
      return true;
    },
  });
  const dispatch = createDispatcher(
    createIpcHandlers({
      engine,
      settings,
      catalog: createSettingsModelCatalog({
        settings,
        engine,
        cache: options.catalogCache ?? memoryCatalogCache(),
      }),
      streams,
      tools,
      toolsSettings,
      network,
      appVersion: 'test',
      openExternal: async (url) => void windows.openedExternally.push(url),
      // The real opener, writing real copies; the system's app is this list of paths.
      attachments: createAttachmentOpener({
        openPath: async (file) => {
          windows.openedFiles.push(file);
          return '';
        },
      }),
      applyStartAtLogin: options.applyStartAtLogin ?? (() => {}),
      detectTimeoutMs: 300,
      hotkey,
      windows: {
        hideQuickAsk: (windowId) => void windows.hidden.push(windowId),
        openInChatWindow: (conversationId) => {
          windows.openedInChatWindow.push(conversationId);
          handoff.request(conversationId, windows.chatWindowId);
        },
        takeOpenRequest: (windowId) =>
          windowId === windows.chatWindowId ? handoff.take(windowId) : null,
      },
    }),
  );
  return {
    dispatch,
    hotkey,
    shortcuts,
    windows,
    settings,
    streams,
    tools,
    mcpHost,
    toolsSettings,
    setOnline(next) {
      online = next;
      deliver('runnel:app:onlineChanged', { online });
      if (online) for (const waiter of [...onlineWaiters]) waiter();
    },
    connect(next) {
      deliver = next;
    },
  };
}

/** Serves out/renderer on 127.0.0.1 the way the app:// protocol handler does. */
export async function serveRendererOverLoopback(
  options: {
    /**
     * Put before every worker script (a request Chromium marks `Sec-Fetch-Dest: worker`): how a test
     * listens inside workers, where no init script runs. The rest is served byte for byte.
     */
    workerPrelude?: string;
  } = {},
): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const file = resolveRendererFile(rendererDir, `app://runnel${request.url ?? '/'}`);
    if (!file) {
      response.writeHead(404).end('Not found');
      return;
    }
    const stream = createReadStream(file.filePath);
    stream.on('error', () => response.writeHead(404).end('Not found'));
    stream.on('open', () => {
      response.writeHead(200, { 'Content-Type': file.contentType, ...securityHeaders() });
      if (options.workerPrelude && request.headers['sec-fetch-dest'] === 'worker') {
        response.write(options.workerPrelude);
      }
      stream.pipe(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}
