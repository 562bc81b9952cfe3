/**
 * The user's per-model switch "this model reads images" (or not), kept on this machine. A small
 * store with a Storage-like backend, so the model switcher or Settings can show and set the same
 * switch (`visionOverrides.get/set`), and tests can give it a Map. The switch wins over what the
 * provider or the known families say (vision-capability.ts `resolveVision`).
 */

export interface VisionOverrides {
  /** undefined: the user has not said. */
  get(providerId: string, model: string): boolean | undefined;
  /** undefined forgets the switch. */
  set(providerId: string, model: string, vision: boolean | undefined): void;
  /** Every switch set, the most recently set last (Settings lists them). */
  list(): VisionSwitch[];
}

export interface VisionSwitch {
  providerId: string;
  model: string;
  vision: boolean;
}

/** The part of `localStorage` this needs. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'runnel.visionOverrides.v1';
/** One entry per model the user ever switched; more than this is not a real person's list. */
const MAX_ENTRIES = 1_000;

const keyOf = (providerId: string, model: string): string => `${providerId}\n${model}`;

function read(storage: KeyValueStorage): Record<string, boolean> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const kept: Record<string, boolean> = {};
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'boolean') kept[key] = value;
    }
    return kept;
  } catch {
    // A damaged entry is forgotten: the switches fall back to what the provider and families say.
    return {};
  }
}

export function createVisionOverrides(storage: KeyValueStorage): VisionOverrides {
  return {
    get: (providerId, model) => read(storage)[keyOf(providerId, model)],
    list: () =>
      Object.entries(read(storage)).map(([key, vision]) => {
        // The provider id is ours and has no line break; a model id might.
        const at = key.indexOf('\n');
        return { providerId: key.slice(0, at), model: key.slice(at + 1), vision };
      }),
    set(providerId, model, vision) {
      const key = keyOf(providerId, model);
      // Set last, so the oldest switches are the ones forgotten past MAX_ENTRIES.
      const entries = Object.entries(read(storage)).filter(([known]) => known !== key);
      if (vision !== undefined) entries.push([key, vision]);
      entries.splice(0, Math.max(0, entries.length - MAX_ENTRIES));
      try {
        storage.setItem(KEY, JSON.stringify(Object.fromEntries(entries)));
      } catch {
        // Storage full or off: the switch holds for this answer only; nothing else depends on it.
      }
    },
  };
}

/** The page's own store: localStorage of the app's origin, shared by the chat and quick-ask windows. */
export function pageVisionOverrides(): VisionOverrides {
  const fallback = new Map<string, string>();
  const storage: KeyValueStorage =
    typeof localStorage === 'undefined'
      ? {
          getItem: (key) => fallback.get(key) ?? null,
          setItem: (key, value) => void fallback.set(key, value),
        }
      : localStorage;
  return createVisionOverrides(storage);
}
