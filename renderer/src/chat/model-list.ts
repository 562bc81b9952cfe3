/**
 * The model switcher's list as data: which models a typed filter keeps and in what order, how each
 * is named, and what to say about a provider whose list is old or could not be fetched.
 */
import type { CatalogModel, CatalogProvider } from '../../../preload/contract';

/** One model as the switcher identifies it. */
export const modelKey = (model: { providerId: string; model: string }): string =>
  `${model.providerId}\n${model.model}`;

/** "gpt-4o-mini · OpenAI": the model first, since that is what a person looks for. */
export const modelLabel = (model: string, providerName: string | null): string =>
  providerName ? `${model} · ${providerName}` : model;

/**
 * Favourites first, then by provider in Settings' order, then by model id (as main orders the
 * catalog), so a star toggled here moves the model at once, without asking main again.
 */
export function orderModels(
  models: readonly CatalogModel[],
  providerOrder: readonly string[],
): CatalogModel[] {
  const rank = (providerId: string): number => {
    const at = providerOrder.indexOf(providerId);
    return at < 0 ? providerOrder.length : at;
  };
  return [...models].sort(
    (a, b) =>
      Number(b.favourite) - Number(a.favourite) ||
      rank(a.providerId) - rank(b.providerId) ||
      a.model.localeCompare(b.model, 'en'),
  );
}

/**
 * The models whose id or provider name holds every word typed, in any case and order ("4o open"
 * finds gpt-4o-mini of OpenAI); the order given is kept. An empty filter keeps all.
 */
export function filterModels(models: readonly CatalogModel[], query: string): CatalogModel[] {
  const words = query.toLocaleLowerCase('en').split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...models];
  return models.filter((entry) => {
    const haystack = `${entry.model} ${entry.providerName}`.toLocaleLowerCase('en');
    return words.every((word) => haystack.includes(word));
  });
}

/** The models with one model's favourite flag changed. */
export function withFavourite(
  models: readonly CatalogModel[],
  target: { providerId: string; model: string },
  favourite: boolean,
): CatalogModel[] {
  const key = modelKey(target);
  return models.map((entry) => (modelKey(entry) === key ? { ...entry, favourite } : entry));
}

/** "5 minutes", "3 hours", "2 days": how old a cached list is, roughly. */
export function ageText(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return hours === 1 ? '1 hour' : `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}

/**
 * What to tell the person about one provider's list: nothing when it is fresh; the age and the
 * reason when it is the cached one because the provider could not be asked; the reason alone when
 * there is no list at all.
 */
export function providerNotice(provider: CatalogProvider, now: number): string | null {
  if (provider.error === null) return null;
  const why = provider.error.message;
  if (provider.source === 'cache' && provider.fetchedAt !== null) {
    return `${provider.providerName}: showing the list saved ${ageText(now - provider.fetchedAt)} ago, because it could not be fetched now. ${why}`;
  }
  return `${provider.providerName}: no model list. ${why} Its default model can still be used.`;
}
