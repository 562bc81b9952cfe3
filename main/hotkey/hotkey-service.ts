/**
 * The quick-ask hotkey: registers the one the user chose, and changes it without ever leaving them
 * with none. A new combination is registered before the old one is let go, so a refusal (taken by
 * another app, refused by the desktop, not a shortcut at all) keeps the hotkey that worked and says
 * why. Electron-free: globalShortcut arrives as a `ShortcutRegistrar`.
 */
import type { HotkeyChange, HotkeyProblem, HotkeyStatus } from '../../preload/contract';
import { displayAccelerator, parseAccelerator, type Platform } from './accelerator';
import { refusalReason, type HotkeySession } from './hotkey-session';

export interface ShortcutRegistrar {
  /** false when the OS or another app holds the combination; may throw for one it cannot parse. */
  register(accelerator: string, onPressed: () => void): boolean;
  unregister(accelerator: string): void;
  unregisterAll(): void;
  /** While suspended, no registered shortcut fires (its keys reach the focused window instead). */
  setSuspended(suspended: boolean): void;
}

export interface HotkeyStore {
  read(): string | null;
  write(accelerator: string | null): void;
}

export interface HotkeyServiceDeps {
  registrar: ShortcutRegistrar;
  store: HotkeyStore;
  session: HotkeySession;
  platform: Platform;
  onPressed: () => void;
}

export function createHotkeyService({
  registrar,
  store,
  session,
  platform,
  onPressed,
}: HotkeyServiceDeps) {
  let active: string | null = null;
  let chosen: string | null = store.read();
  let problem: HotkeyProblem | null = null;
  const listeners = new Set<(status: HotkeyStatus) => void>();
  // Windows whose hotkey recorder is listening: pressing the current hotkey there must record it,
  // not open quick ask.
  const recordingIn = new Set<number>();
  const suspendWhileRecording = (): void => registrar.setSuspended(recordingIn.size > 0);

  const status = (): HotkeyStatus => ({ active, chosen, problem, sessionNote: session.note });
  const changed = (): void => {
    for (const listener of listeners) listener(status());
  };
  const shown = (accelerator: string): string => displayAccelerator(accelerator, platform);

  /** Tries one combination; the registrar is left as it was when this fails. */
  const tryRegister = (
    text: string,
  ): { ok: true; accelerator: string } | { ok: false; error: HotkeyProblem } => {
    const parsed = parseAccelerator(text, platform);
    if (!parsed.ok) return { ok: false, error: { code: 'invalid', message: parsed.message } };
    if (parsed.accelerator === active) return { ok: true, accelerator: parsed.accelerator };
    let registered: boolean;
    try {
      registered = registrar.register(parsed.accelerator, onPressed);
    } catch {
      return {
        ok: false,
        error: { code: 'invalid', message: `${text} is not a shortcut this system accepts.` },
      };
    }
    if (!registered) return { ok: false, error: refusalReason(session, shown(parsed.accelerator)) };
    return { ok: true, accelerator: parsed.accelerator };
  };

  const keptSentence = (): string =>
    active ? ` Runnel kept ${shown(active)}.` : ' Runnel has no hotkey for now.';

  return {
    status,

    /** At start: registers the chosen hotkey, or says why it could not. */
    start(): HotkeyStatus {
      if (chosen !== null) {
        const outcome = tryRegister(chosen);
        if (outcome.ok) active = outcome.accelerator;
        else problem = { ...outcome.error, message: `${outcome.error.message} Choose another.` };
      }
      changed();
      return status();
    },

    set(accelerator: string | null): HotkeyChange {
      if (accelerator === null) {
        if (active) registrar.unregister(active);
        active = null;
        chosen = null;
        problem = null;
        store.write(null);
        changed();
        return { ok: true, accelerator: null };
      }
      const outcome = tryRegister(accelerator);
      if (!outcome.ok) {
        const error = { ...outcome.error, message: `${outcome.error.message}${keptSentence()}` };
        return { ok: false, accelerator: active, error };
      }
      const previous = active;
      if (previous && previous !== outcome.accelerator) registrar.unregister(previous);
      active = outcome.accelerator;
      chosen = outcome.accelerator;
      problem = null;
      store.write(outcome.accelerator);
      changed();
      return { ok: true, accelerator: outcome.accelerator };
    },

    /** A window's recorder starts or stops listening for a combination. */
    recording(windowId: number, recording: boolean): void {
      if (recording) recordingIn.add(windowId);
      else recordingIn.delete(windowId);
      suspendWhileRecording();
    },

    /** A window closed or reloaded: a recorder it had open listens no more. */
    windowGone(windowId: number): void {
      if (recordingIn.delete(windowId)) suspendWhileRecording();
    },

    onChange(listener: (status: HotkeyStatus) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** On quit: a hotkey must not outlive the app that answers it. */
    dispose(): void {
      registrar.unregisterAll();
      active = null;
    },
  };
}

export type HotkeyService = ReturnType<typeof createHotkeyService>;
