/**
 * The provider form's values and the rules between them and a ProviderDraft (pure, tested):
 * validation mirrors the contract's schemas so mistakes show beside the field before a round trip.
 */
import {
  ATTACHMENT_LIMIT_BOUNDS,
  hasUnsafeCharacters,
  headerNameProblem,
  headerSetProblem,
  headerValueProblem,
  type ProviderDraft,
  type ProviderView,
  type SettingsView,
} from '../../../preload/contract';
import { DEFAULT_LIMITS } from '../attachments/attachment-result';
import { isPlainHttpToRemoteHost, moveCredentialsToHeader } from './address-safety';

type Preset = SettingsView['presets'][number];

export interface HeaderRow {
  /** Stable key for React while rows are added and removed. */
  key: number;
  name: string;
  /** A value typed in this form. For a stored header, empty keeps the stored (never shown) value. */
  value: string;
  /**
   * The stored header this row stands for, null for a row added here. Its name is fixed: renaming
   * would carry a sealed value over to a name it was not entered for.
   */
  stored: { hasValue: boolean } | null;
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
  /** The size images are scaled to fit before they are sent to this provider, as typed (pixels). */
  imageLongSide: string;
  imageShortSide: string;
}

export type ProviderFormErrors = Partial<
  Record<'name' | 'baseURL' | 'headers' | 'defaultModel' | 'imageSize', string>
>;

const DEFAULT_IMAGE_SIZE = {
  imageLongSide: String(DEFAULT_LIMITS.imageLongSide),
  imageShortSide: String(DEFAULT_LIMITS.imageShortSide),
};

let nextRowKey = 1;
export const headerRow = (name = '', value = ''): HeaderRow => ({
  key: nextRowKey++,
  name,
  value,
  stored: null,
});

export function formFromProvider(provider: ProviderView): ProviderFormValues {
  return {
    id: provider.id,
    name: provider.name,
    baseURL: provider.baseURL,
    apiKey: '',
    clearKey: false,
    defaultModel: provider.defaultModel,
    headers: provider.headers.map(({ name, hasValue }) => ({
      ...headerRow(name, ''),
      stored: { hasValue },
    })),
    ...(provider.imageSize
      ? {
          imageLongSide: String(provider.imageSize.longSide),
          imageShortSide: String(provider.imageSize.shortSide),
        }
      : DEFAULT_IMAGE_SIZE),
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
    ...DEFAULT_IMAGE_SIZE,
  };
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Rows that say something: a name, or a value typed without one yet. */
const filledRows = (rows: HeaderRow[]): HeaderRow[] =>
  rows.filter((row) => row.name.trim() !== '' || row.value !== '');

export function headerRowsProblem(rows: HeaderRow[]): string | null {
  const named = filledRows(rows);
  for (const row of named) {
    const name = row.name.trim();
    if (name === '') return 'Give each header a name, or remove the row.';
    const problem = headerNameProblem(name);
    if (problem) return problem;
    if (row.value !== '') {
      const valueProblem = headerValueProblem(row.value);
      if (valueProblem) return `${name}: ${valueProblem}`;
    }
  }
  return headerSetProblem(
    named.map((row) => row.name.trim()),
    named.map((row) => row.value),
  );
}

export const CREDENTIALS_IN_URL =
  'This address contains a user name or password. Runnel does not keep credentials in addresses, where they would be stored and shown in clear: move them into an Authorization header.';

export function validateProviderForm(values: ProviderFormValues): ProviderFormErrors {
  const errors: ProviderFormErrors = {};
  if (values.name.trim() === '') errors.name = 'Give the provider a name.';
  else if (values.name.length > 100) errors.name = 'Keep the name under 100 characters.';
  else if (hasUnsafeCharacters(values.name)) {
    errors.name = 'The name cannot contain control characters or hidden text-direction characters.';
  }
  if (!isHttpUrl(values.baseURL.trim())) {
    errors.baseURL = 'Enter an http:// or https:// address, for example https://api.openai.com/v1.';
  } else if (moveCredentialsToHeader(values.baseURL)) {
    errors.baseURL = 'Move the user name and password out of the address first (see below).';
  }
  if (values.defaultModel.length > 200) errors.defaultModel = 'That model name is too long.';
  else if (hasUnsafeCharacters(values.defaultModel)) {
    errors.defaultModel = 'The model name cannot contain control or text-direction characters.';
  }
  const headers = headerRowsProblem(values.headers);
  if (headers) errors.headers = headers;
  const imageSize = imageSizeProblem(values);
  if (imageSize) errors.imageSize = imageSize;
  return errors;
}

const wholeNumber = (text: string): number | null =>
  /^\s*\d+\s*$/.test(text) ? Number(text) : null;

function imageSizeProblem(values: ProviderFormValues): string | null {
  const { min, max } = ATTACHMENT_LIMIT_BOUNDS.imageSide;
  const long = wholeNumber(values.imageLongSide);
  const short = wholeNumber(values.imageShortSide);
  if (long === null || short === null || [long, short].some((side) => side < min || side > max)) {
    return `Each side of the image size is a whole number of pixels from ${min} to ${max}.`;
  }
  if (short > long) return 'The short side cannot be longer than the long side.';
  return null;
}

/** The image size to store: absent when it is the default, so a later change of default applies. */
function imageSizeOf(values: ProviderFormValues): ProviderDraft['imageSize'] {
  const longSide = wholeNumber(values.imageLongSide) ?? DEFAULT_LIMITS.imageLongSide;
  const shortSide = wholeNumber(values.imageShortSide) ?? DEFAULT_LIMITS.imageShortSide;
  if (longSide === DEFAULT_LIMITS.imageLongSide && shortSide === DEFAULT_LIMITS.imageShortSide) {
    return undefined;
  }
  return { longSide, shortSide };
}

/**
 * The one-click fix for credentials in the address: the address without them, and an Authorization
 * header (replacing one already in the form) carrying them as Basic auth.
 */
export function moveCredentials(values: ProviderFormValues): ProviderFormValues {
  const moved = moveCredentialsToHeader(values.baseURL);
  if (!moved) return values;
  const others = values.headers.filter((row) => row.name.trim().toLowerCase() !== 'authorization');
  return {
    ...values,
    baseURL: moved.baseURL,
    headers: [...others, headerRow('Authorization', moved.authorization)],
  };
}

const addressChanged = (values: ProviderFormValues, original: ProviderView | null): boolean =>
  original !== null && values.baseURL.trim() !== original.baseURL;

/** Changing the address of a provider with a saved key forgets the key (main enforces it). */
export function urlChangeForgetsKey(
  values: ProviderFormValues,
  original: ProviderView | null,
): boolean {
  return addressChanged(values, original) && original?.hasKey === true && values.apiKey === '';
}

/** The names of saved header values a change of address would forget (those not typed again). */
export function urlChangeForgetsHeaders(
  values: ProviderFormValues,
  original: ProviderView | null,
): string[] {
  if (!addressChanged(values, original)) return [];
  return values.headers
    .filter((row) => row.stored?.hasValue && row.value === '')
    .map((row) => row.name);
}

/** What a change of address will forget, in words; null when it forgets nothing. */
export function addressChangeNote(forgetsKey: boolean, headers: string[]): string | null {
  if (!forgetsKey && headers.length === 0) return null;
  if (headers.length === 0) {
    return 'Changing the address forgets the saved API key, so it is never sent to a host you did not pair it with. Enter the key again below to keep using one.';
  }
  const what = `${forgetsKey ? 'the saved API key and ' : ''}the saved values of ${headers.join(', ')}`;
  return `Changing the address forgets ${what}, so no secret is sent to a host you did not pair it with. Enter them again below to keep using them.`;
}

/** Whether saving would send a key or header values over plain http to a host outside the LAN. */
export function plainHttpExposesSecrets(
  values: ProviderFormValues,
  original: ProviderView | null,
): boolean {
  if (!isPlainHttpToRemoteHost(values.baseURL)) return false;
  const keptKey =
    original?.hasKey === true && !values.clearKey && !urlChangeForgetsKey(values, original);
  const headerValues = values.headers.some(
    (row) =>
      row.name.trim() !== '' &&
      (row.value !== '' || (row.stored?.hasValue === true && !addressChanged(values, original))),
  );
  return values.apiKey !== '' || keptKey || headerValues;
}

/** An Authorization header is sent instead of the key's `Bearer` header (request-body.ts): say so. */
export function authorizationReplacesKey(
  values: ProviderFormValues,
  original: ProviderView | null,
): boolean {
  const header = values.headers.some((row) => row.name.trim().toLowerCase() === 'authorization');
  const key =
    values.apiKey !== '' ||
    (original?.hasKey === true && !values.clearKey && !urlChangeForgetsKey(values, original));
  return header && key;
}

export function toDraft(values: ProviderFormValues): ProviderDraft {
  const imageSize = imageSizeOf(values);
  const headers: Record<string, string> = {};
  const keepHeaders: string[] = [];
  for (const row of values.headers) {
    const name = row.name.trim();
    if (name === '') continue;
    if (row.stored && row.value === '') keepHeaders.push(name);
    else headers[name] = row.value;
  }
  return {
    ...(values.id ? { id: values.id } : {}),
    name: values.name.trim(),
    baseURL: values.baseURL.trim(),
    defaultModel: values.defaultModel.trim(),
    headers,
    ...(keepHeaders.length > 0 ? { keepHeaders } : {}),
    ...(values.apiKey !== '' ? { apiKey: values.apiKey } : {}),
    ...(values.clearKey && values.apiKey === '' ? { clearKey: true } : {}),
    ...(imageSize ? { imageSize } : {}),
  };
}
