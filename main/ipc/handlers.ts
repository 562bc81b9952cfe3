/**
 * main's answer to every request in the contract. A missing or extra handler fails to compile
 * (`satisfies IpcHandlers`). Electron-free: everything Electron-specific arrives through `deps`.
 */
import type { AttachmentOpener } from '../attachments/open-copy';
import { imageDetailFor, withContentParts } from '../chat/content-parts';
import type { ChatEngine, NetworkStatus } from '../chat/engine';
import type { TerminalEvent } from '../chat/types';
import type {
  EventPayload,
  McpServerEntry,
  StreamEventView,
  TerminalEventView,
} from '../../preload/contract';
import type { HotkeyService } from '../hotkey/hotkey-service';
import type { ModelCatalogService } from '../models/model-catalog';
import { SettingsError, type SettingsService } from '../settings/settings-service';
import type { StreamRegistry } from '../streams/stream-registry';
import type { ToolLoopEvent } from '../tools/tool-loop';
import type { ToolService } from '../tools/tool-service';
import { ServerStoreError } from '../tools/server-store';
import type { ServerEntry, ToolsSettings } from '../tools/tools-settings';
import { IpcFailure, type IpcHandlers } from './handler-table';
import { requestParameters } from './request-parameters';

// An answer's events (the engine's, and the tool loop's around them) cross IPC as they are: fail to
// compile if they drift from the contract's schema.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const engineEventsMatchContract: Same<ToolLoopEvent, StreamEventView> = true;
void engineEventsMatchContract;
// Settings → Tools: what main lists fits what the contract lets cross (the contract names error
// codes as text, so the window needs no change when the host gains one).
type Fits<A, B> = [A] extends [B] ? true : false;
const serverEntriesMatchContract: Fits<ServerEntry, McpServerEntry> = true;
void serverEntriesMatchContract;
// ...and both sides agree on which events end a stream (`isTerminal`, `isTerminalView`).
const terminalEventsMatchContract: Same<TerminalEvent, TerminalEventView> = true;
void terminalEventsMatchContract;

export interface IpcHandlerDeps {
  engine: Pick<ChatEngine, 'listModels'>;
  settings: SettingsService;
  /** Every model of every provider, cached on disk (main/models/). */
  catalog: ModelCatalogService;
  streams: StreamRegistry;
  /** Answers to approval cards go here (main/tools/tool-service.ts). */
  tools: Pick<ToolService, 'decide'>;
  /** Settings → Tools: the MCP servers, kept in step with the host (main/tools/tools-settings.ts). */
  toolsSettings: ToolsSettings;
  network: NetworkStatus;
  appVersion: string;
  /** Opens an http(s) URL in the system browser. */
  openExternal: (url: string) => Promise<void>;
  /** Opens a message's file with the system's app, through a safe copy (main/attachments/). */
  attachments: Pick<AttachmentOpener, 'open'>;
  /** How long to wait for a local server when looking for one on first run. */
  detectTimeoutMs?: number;
  hotkey: Pick<HotkeyService, 'status' | 'set' | 'recording'>;
  windows: WindowActions;
  /**
   * Makes the system start Runnel at login, or stop; throws an Error whose message says why not and
   * what to do instead (main/settings/login-item.ts).
   */
  applyStartAtLogin: (enabled: boolean) => void;
}

/** What the renderers may ask of the windows; main/index.ts decides which window may ask what. */
export interface WindowActions {
  /** Hides the quick-ask window, when `windowId` is that window. */
  hideQuickAsk(windowId: number): void;
  /** Shows the chat window (creating it if closed) and opens the conversation there. */
  openInChatWindow(conversationId: string): void;
  /** A conversation waiting for the chat window `windowId`, taken; null for any other window. */
  takeOpenRequest(windowId: number): string | null;
}

const fromSettingsError = (error: unknown): never => {
  if (error instanceof SettingsError) throw new IpcFailure(error.code, error.message);
  throw error;
};

const withSettings = <T>(action: () => T): T => {
  try {
    return action();
  } catch (error) {
    return fromSettingsError(error);
  }
};

export function createIpcHandlers(deps: IpcHandlerDeps) {
  const { engine, settings, streams, network } = deps;

  const listModelsOrFail = async (providerId: string, signal?: AbortSignal): Promise<string[]> => {
    const { endpoint } = withSettings(() => settings.resolve(providerId));
    try {
      return await engine.listModels(endpoint, signal);
    } catch (error) {
      const message =
        error instanceof Error ? error.message : 'The model list could not be fetched.';
      throw new IpcFailure('unavailable', message);
    }
  };

  return {
    'runnel:chat:start': (payload, { windowId }) => {
      const { provider, endpoint } = withSettings(() => settings.resolve(payload.providerId));
      const preferences = settings.preferences();
      const model = payload.model ?? provider.defaultModel;
      if (!model) {
        throw new IpcFailure('not_found', `Choose a model for ${provider.name} in Settings first.`);
      }
      const streamId = streams.start({
        windowId,
        conversationId: payload.conversationId,
        messageId: payload.messageId,
        request: {
          endpoint,
          model,
          // Images become `image_url` parts here, from the bytes the window handed over.
          messages: withContentParts(payload.messages, {
            imageDetail: imageDetailFor(endpoint.baseURL),
          }),
          stream: preferences.streaming,
          parameters: requestParameters(preferences, payload.parameters),
        },
        options: {
          policy: {
            maxAttempts: preferences.maxAttempts,
            idleTimeoutMs: preferences.idleTimeoutSec * 1000,
          },
          ...(payload.resumeFrom ? { resumeFrom: payload.resumeFrom } : {}),
          tools: payload.tools === true,
          toolImages: payload.toolImages === true,
        },
      });
      return { streamId };
    },

    'runnel:chat:cancel': ({ streamId }, { windowId }) => {
      streams.cancel(windowId, streamId);
      return {};
    },

    'runnel:tools:servers': () => deps.toolsSettings.list(),
    'runnel:tools:saveServer': (input) =>
      serverStoreWords(() => deps.toolsSettings.save(withoutUndefined(input))),
    'runnel:tools:removeServer': async ({ id }) => {
      await serverStoreWords(() => deps.toolsSettings.remove(id));
      return {};
    },
    // A file it cannot use is a bad payload, said in words (not JSON, no "mcpServers").
    'runnel:tools:importConfig': ({ text }) =>
      serverStoreWords(() => deps.toolsSettings.importConfig(text), 'invalid_payload'),
    'runnel:tools:restartServer': async ({ id }) => {
      await deps.toolsSettings.restart(id);
      return {};
    },
    'runnel:tools:revokeApproval': (ref) => {
      deps.toolsSettings.revoke(ref);
      return {};
    },

    'runnel:tools:decide': ({ streamId, callId, answer }, { windowId }) => {
      // Only the window showing the answer may answer its cards.
      if (!streams.owns(windowId, streamId) || !deps.tools.decide(streamId, callId, answer)) {
        throw new IpcFailure('not_found', 'That tool call is no longer waiting for an answer.');
      }
      return {};
    },

    'runnel:chat:streamShown': ({ streamId, seq }, { windowId }) => {
      streams.shown(windowId, streamId, seq);
      return {};
    },

    'runnel:chat:listActive': (_payload, { windowId }) => streams.list(windowId),

    'runnel:chat:listLive': () => ({ messageIds: streams.liveMessageIds() }),

    'runnel:settings:get': () => settings.view(),

    'runnel:settings:updatePreferences': (patch) => {
      // The system is asked first: a preference that says "on" while no login item exists would be a
      // switch that lies. Only what the system took is saved.
      const loginItem = patch.startAtLogin;
      const changesLoginItem =
        loginItem !== undefined && loginItem !== settings.preferences().startAtLogin;
      if (changesLoginItem) {
        try {
          deps.applyStartAtLogin(loginItem);
        } catch (error) {
          throw new IpcFailure(
            'unavailable',
            error instanceof Error ? error.message : String(error),
          );
        }
      }
      try {
        return withSettings(() => settings.updatePreferences(patch));
      } catch (error) {
        // Not saved: put the login item back as the saved preference says, as far as the system lets us.
        if (changesLoginItem) {
          try {
            deps.applyStartAtLogin(!loginItem);
          } catch {
            // The save's own error is the one to report.
          }
        }
        throw error;
      }
    },

    'runnel:settings:saveProvider': (draft) => withSettings(() => settings.saveProvider(draft)),

    'runnel:settings:deleteProvider': ({ id }) => withSettings(() => settings.deleteProvider(id)),

    'runnel:settings:listModels': async ({ providerId }) => ({
      models: await listModelsOrFail(providerId),
    }),

    'runnel:settings:detectLocal': async () => {
      const timeoutMs = deps.detectTimeoutMs ?? 1500;
      const local = settings.view().presets.filter((preset) => preset.local);
      const probes = local.map(async (preset) => {
        try {
          const models = await engine.listModels(
            { baseURL: preset.baseURL },
            AbortSignal.timeout(timeoutMs),
          );
          return { presetId: preset.id, models };
        } catch {
          return null;
        }
      });
      const found = (await Promise.all(probes)).filter((hit) => hit !== null);
      return { found };
    },

    'runnel:models:list': ({ refresh, cachedOnly }) =>
      deps.catalog.list({ refresh: refresh === true, cachedOnly: cachedOnly === true }),

    'runnel:models:setFavourite': ({ providerId, model, favourite }) => {
      withSettings(() => settings.setFavouriteModel(providerId, model, favourite));
      return {};
    },

    'runnel:app:openExternal': async ({ url }) => {
      await deps.openExternal(url);
      return {};
    },

    'runnel:attachments:open': async ({ name, kind, mime, bytes }) => {
      const opened = await deps.attachments.open({
        name,
        kind,
        mime,
        bytes: new Uint8Array(bytes),
      });
      if (opened.ok) return {};
      const { code, message } = opened.error;
      throw new IpcFailure(
        code === 'unsafe_type'
          ? 'forbidden'
          : code === 'write_failed'
            ? 'write_failed'
            : 'unavailable',
        message,
      );
    },

    'runnel:app:getStatus': () => ({ online: network.isOnline(), version: deps.appVersion }),

    'runnel:app:takeOpenRequest': (_payload, { windowId }) => ({
      conversationId: deps.windows.takeOpenRequest(windowId),
    }),

    'runnel:hotkey:status': () => deps.hotkey.status(),

    // The hotkey service saves its choice through settings, whose write can fail.
    'runnel:hotkey:set': ({ accelerator }) => withSettings(() => deps.hotkey.set(accelerator)),

    'runnel:hotkey:clear': () => withSettings(() => deps.hotkey.set(null)),

    'runnel:hotkey:recording': ({ recording }, { windowId }) => {
      deps.hotkey.recording(windowId, recording);
      return {};
    },

    'runnel:quickAsk:hide': (_payload, { windowId }) => {
      deps.windows.hideQuickAsk(windowId);
      return {};
    },

    'runnel:quickAsk:openInMain': ({ conversationId }) => {
      deps.windows.openInChatWindow(conversationId);
      return {};
    },
  } satisfies IpcHandlers;
}

export type OnlineChangedPayload = EventPayload<'runnel:app:onlineChanged'>;

/** The server store's refusals, as IPC failures whose words the window shows as they are. */
async function serverStoreWords<T>(
  work: () => T | Promise<T>,
  invalid: 'invalid_setting' | 'invalid_payload' = 'invalid_setting',
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ServerStoreError)) throw error;
    const code =
      error.code === 'not_found'
        ? 'not_found'
        : error.code === 'write_failed'
          ? 'write_failed'
          : error.code === 'unavailable'
            ? 'unavailable'
            : invalid;
    throw new IpcFailure(code, error.message);
  }
}

/** zod's optional fields arrive as absent or undefined; the store takes them absent. */
function withoutUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
