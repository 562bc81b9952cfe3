/**
 * Secrets (the API key and header values) are sealed together with the base URL they were entered for,
 * and only ever sent to that address: a provider moved to another address keeps its names, not its
 * secrets.
 */
import type { SealedSecret } from './settings-schema';

/** One spelling per address, so `https://x/v1/` and `https://x/v1` are the same pairing. */
export const normaliseBaseURL = (value: string): string => {
  const url = new URL(value.trim());
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
};

/** Whether this secret was entered for this very base URL. */
export const isBoundTo = (secret: SealedSecret | null, baseURL: string): secret is SealedSecret =>
  secret !== null && secret.boundTo === normaliseBaseURL(baseURL);

/** Seals one secret for one base URL; null where this system offers no safe storage. */
export type Seal = (plain: string, baseURL: string) => SealedSecret | null;
