/** The shape of settings at rest, checked on every load, so a hand-edited or damaged file cannot crash main. */
import { z } from 'zod';
import {
  acceleratorSchema,
  headerViewSchema,
  preferencesSchema,
  providerViewSchema,
} from '../../preload/contract';

/** A JSON object: not null, not an array. */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const SETTINGS_VERSION = 4;

/** Spotlight-like, and free on the three desktops by default. */
export const DEFAULT_HOTKEY = 'CommandOrControl+Shift+Space';

/** A secret at rest: the API key, or one header's value. */
export const sealedSecretSchema = z.strictObject({
  /** safeStorage ciphertext, base64. */
  cipher: z.string(),
  /** The base URL the secret was entered for; it is sent nowhere else. */
  boundTo: z.string(),
});

/** An extra header: its name in clear, its value sealed (null once forgotten by a change of address). */
export const storedHeaderSchema = z.strictObject({
  name: headerViewSchema.shape.name,
  value: sealedSecretSchema.nullable(),
});

export const storedProviderSchema = providerViewSchema
  .omit({ hasKey: true, headers: true })
  .extend({
    headers: z.array(storedHeaderSchema),
    key: sealedSecretSchema.nullable(),
  });

export const windowStateSchema = z.strictObject({
  x: z.number().optional(),
  y: z.number().optional(),
  width: z.number(),
  height: z.number(),
  maximized: z.boolean(),
});

/** More favourites than anyone stars; bounds what a hand-edited file can make main keep. */
export const MAX_FAVOURITE_MODELS = 1_000;

/** A model the user starred in the model switcher (favourites are listed first). */
export const favouriteModelSchema = z.strictObject({
  providerId: providerViewSchema.shape.id,
  model: z.string().min(1).max(200),
});

export const settingsDataSchema = z.strictObject({
  version: z.literal(SETTINGS_VERSION),
  providers: z.array(storedProviderSchema),
  preferences: preferencesSchema,
  windowState: windowStateSchema.nullable(),
  /**
   * The quick-ask hotkey the user chose (null: none). Kept apart from the preferences because it only
   * changes through the hotkey service, which registers it first and keeps the old one on failure.
   */
  hotkey: acceleratorSchema.nullable(),
  favouriteModels: z.array(favouriteModelSchema).max(MAX_FAVOURITE_MODELS),
});

export type SealedSecret = z.infer<typeof sealedSecretSchema>;
export type StoredHeader = z.infer<typeof storedHeaderSchema>;
export type StoredProvider = z.infer<typeof storedProviderSchema>;
export type SettingsData = z.infer<typeof settingsDataSchema>;
export type WindowState = z.infer<typeof windowStateSchema>;
export type FavouriteModel = z.infer<typeof favouriteModelSchema>;

export const defaultSettings = (): SettingsData => ({
  version: SETTINGS_VERSION,
  providers: [],
  preferences: {
    activeProviderId: null,
    systemPrompt: '',
    temperature: null,
    streaming: true,
    maxAttempts: 4,
    // The engine's own default (main/chat/stream-policy.ts): a minute of silence mid-answer.
    idleTimeoutSec: 60,
    theme: 'system',
    // Reading the clipboard unasked would surprise people: off until they choose it.
    quickAskContext: 'none',
    closeToTray: false,
    startAtLogin: false,
  },
  windowState: null,
  hotkey: DEFAULT_HOTKEY,
  favouriteModels: [],
});
