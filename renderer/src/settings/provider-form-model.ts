/**
 * The provider form's values and the rules between them and a ProviderDraft (pure, tested):
 * validation mirrors the contract's schemas so mistakes show beside the field before a round trip.
 */
import type { ProviderDraft, ProviderView, SettingsView } from '../../../preload/contract';

type Preset = SettingsView['presets'][number];

export interface HeaderRow {
  /** Stable key for React while rows are added and removed. */
  key: number;
  name: string;
  value: string;
}

export interface ProviderFormValues {
  id: string | null;
  name: string;
  baseURL: string;
  /** A new key; empty keeps the stored one. */
  apiKey: string;
  clearKey: boolean;
  defaultModel: string;
  headers: HeaderRow[];
}

export type ProviderFormErrors = Partial<
  Record<'name' | 'baseURL' | 'headers' | 'defaultModel', string>
>;

let nextRowKey = 1;
export const headerRow = (name = '', value = ''): HeaderRow => ({ key: nextRowKey++, name, value });

export function formFromProvider(provider: ProviderView): ProviderFormValues {
  return {
    id: provider.id,
    name: provider.name,
    baseURL: provider.baseURL,
    apiKey: '',
    clearKey: false,
    defaultModel: provider.defaultModel,
    headers: Object.entries(provider.headers).map(([name, value]) => headerRow(name, value)),
  };
}

export function formFromPreset(preset: Preset | null): ProviderFormValues {
  return {
    id: null,
    name: preset?.name ?? '',
    baseURL: preset?.baseURL ?? '',
    apiKey: '',
    clearKey: false,
    defaultModel: '',
    headers: [],
  };
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function validateProviderForm(values: ProviderFormValues): ProviderFormErrors {
  const errors: ProviderFormErrors = {};
  if (values.name.trim() === '') errors.name = 'Give the provider a name.';
  else if (values.name.length > 100) errors.name = 'Keep the name under 100 characters.';
  if (!isHttpUrl(values.baseURL.trim())) {
    errors.baseURL = 'Enter an http:// or https:// address, for example https://api.openai.com/v1.';
  }
  if (values.defaultModel.length > 200) errors.defaultModel = 'That model name is too long.';
  const named = values.headers.filter((row) => row.name.trim() !== '' || row.value !== '');
  const badName = named.find((row) => !HEADER_NAME.test(row.name.trim()));
  const badValue = named.find((row) => /[\r\n]/.test(row.value));
  const names = named.map((row) => row.name.trim().toLowerCase());
  if (badName) errors.headers = `"${badName.name}" is not a valid header name.`;
  else if (badValue) errors.headers = 'Header values cannot span lines.';
  else if (new Set(names).size !== names.length) errors.headers = 'Each header can appear once.';
  return errors;
}

/** Changing the address of a provider with a saved key forgets the key (main enforces it). */
export function urlChangeForgetsKey(
  values: ProviderFormValues,
  original: ProviderView | null,
): boolean {
  return (
    original !== null &&
    original.hasKey &&
    values.baseURL.trim() !== original.baseURL &&
    values.apiKey === ''
  );
}

export function toDraft(values: ProviderFormValues): ProviderDraft {
  const headers: Record<string, string> = {};
  for (const row of values.headers) {
    if (row.name.trim() !== '') headers[row.name.trim()] = row.value;
  }
  return {
    ...(values.id ? { id: values.id } : {}),
    name: values.name.trim(),
    baseURL: values.baseURL.trim(),
    defaultModel: values.defaultModel.trim(),
    headers,
    ...(values.apiKey !== '' ? { apiKey: values.apiKey } : {}),
    ...(values.clearKey && values.apiKey === '' ? { clearKey: true } : {}),
  };
}
