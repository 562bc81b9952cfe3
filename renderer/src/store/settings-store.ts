/**
 * Settings and app status as the renderer knows them: the last SettingsView main sent, and whether
 * the machine is online. Every change goes through main, which answers with the new view; errors
 * are returned to the caller so the page can show them beside the control that caused them.
 */
import type {
  HotkeyChange,
  HotkeyStatus,
  IpcResult,
  Preferences,
  ProviderDraft,
  RunnelApi,
  SettingsView,
} from '../../../preload/contract';

export interface SettingsState {
  view: SettingsView | null;
  /** Why settings could not be read at start-up. */
  loadError: string | null;
  online: boolean;
  version: string;
  /** The quick-ask hotkey as main has it; null until loaded (or where main cannot say). */
  hotkey: HotkeyStatus | null;
}

export class SettingsStore {
  private state: SettingsState = {
    view: null,
    loadError: null,
    online: true,
    version: '',
    hotkey: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private readonly api: Pick<RunnelApi, 'settings' | 'app' | 'hotkey'>) {}

  getState = (): SettingsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<SettingsState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  async init(): Promise<void> {
    this.unsubscribers.push(this.api.app.onOnlineChanged(({ online }) => this.set({ online })));
    const [settings, status, hotkey] = await Promise.all([
      this.api.settings.get({}),
      this.api.app.getStatus({}),
      this.api.hotkey.status({}),
    ]);
    if (settings.ok) this.set({ view: settings.value, loadError: null });
    else this.set({ loadError: settings.error.message });
    if (status.ok) this.set({ online: status.value.online, version: status.value.version });
    if (hotkey.ok) this.set({ hotkey: hotkey.value });
  }

  dispose(): void {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  updatePreferences(patch: Partial<Preferences>): Promise<IpcResult<SettingsView>> {
    return this.adopt(this.api.settings.updatePreferences(patch));
  }

  saveProvider(draft: ProviderDraft): Promise<IpcResult<SettingsView>> {
    return this.adopt(this.api.settings.saveProvider(draft));
  }

  deleteProvider(id: string): Promise<IpcResult<SettingsView>> {
    return this.adopt(this.api.settings.deleteProvider({ id }));
  }

  listModels(providerId: string): Promise<IpcResult<{ models: string[] }>> {
    return this.api.settings.listModels({ providerId });
  }

  detectLocal(): ReturnType<RunnelApi['settings']['detectLocal']> {
    return this.api.settings.detectLocal({});
  }

  /** Registers a new hotkey; a refusal keeps the old one and carries the reason. */
  setHotkey(accelerator: string): Promise<IpcResult<HotkeyChange>> {
    return this.afterHotkeyChange(this.api.hotkey.set({ accelerator }));
  }

  clearHotkey(): Promise<IpcResult<HotkeyChange>> {
    return this.afterHotkeyChange(this.api.hotkey.clear({}));
  }

  /** The recorder listens (or stops): main suspends the global hotkey meanwhile. */
  recordingHotkey(recording: boolean): void {
    void this.api.hotkey.recording({ recording });
  }

  private async afterHotkeyChange(
    pending: Promise<IpcResult<HotkeyChange>>,
  ): Promise<IpcResult<HotkeyChange>> {
    const result = await pending;
    const status = await this.api.hotkey.status({});
    if (status.ok) this.set({ hotkey: status.value });
    return result;
  }

  private async adopt(pending: Promise<IpcResult<SettingsView>>): Promise<IpcResult<SettingsView>> {
    const result = await pending;
    if (result.ok) this.set({ view: result.value });
    return result;
  }
}

/** The id of a provider that a save added: the one in `after` that was not in `before`. */
export function addedProviderId(before: SettingsView | null, after: SettingsView): string | null {
  const known = new Set(before?.providers.map((p) => p.id) ?? []);
  return after.providers.find((p) => !known.has(p.id))?.id ?? null;
}
