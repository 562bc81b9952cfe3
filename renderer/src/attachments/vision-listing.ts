/**
 * What the provider's model list says a model reads, for the composer and quick ask: looked up in
 * the model catalog main keeps on disk (`cachedOnly`), so opening a composer or switching models
 * never sends a request to a provider. The list is there once the model switcher (or Settings) has
 * fetched it; until then, and for a provider whose list says nothing, the answer is undefined and
 * the known families decide.
 */
import { useEffect, useState } from 'react';
import type { RunnelApi } from '../../../preload/contract';
import type { ListedInput } from './vision-capability';

export interface ListedModelKey {
  providerId: string;
  model: string;
}

/** `looking`: the catalog has been asked; `done`: `input` is what it says (undefined: nothing). */
export type ListedInputState =
  { status: 'looking' } | { status: 'done'; input: ListedInput | undefined };

export async function lookUpListedInput(
  api: Pick<RunnelApi['models'], 'list'>,
  { providerId, model }: ListedModelKey,
): Promise<ListedInput | undefined> {
  const result = await api.list({ cachedOnly: true });
  if (!result.ok) return undefined;
  return result.value.models.find(
    (entry) => entry.providerId === providerId && entry.model === model,
  )?.input;
}

/**
 * The listed input of `target`, looked up again whenever the target changes, and when `again`
 * does (quick ask passes each showing, since the switcher may have fetched lists meanwhile).
 */
export function useListedInput(
  api: Pick<RunnelApi['models'], 'list'> | undefined,
  target: ListedModelKey | null,
  again: unknown = null,
): ListedInputState {
  const providerId = target?.providerId ?? null;
  const model = target?.model ?? null;
  const key = providerId === null || model === null ? null : `${providerId}\n${model}`;
  const [found, setFound] = useState<{ key: string; input: ListedInput | undefined } | null>(null);

  useEffect(() => {
    if (!api || providerId === null || model === null) return;
    let current = true;
    const settle = (input: ListedInput | undefined) => {
      if (current) setFound({ key: `${providerId}\n${model}`, input });
    };
    // A catalog that cannot be read says nothing: the families decide, as with no list at all.
    lookUpListedInput(api, { providerId, model }).then(settle, () => settle(undefined));
    return () => {
      current = false;
    };
  }, [api, providerId, model, again]);

  if (key === null || !api) return { status: 'done', input: undefined };
  // A new showing keeps the last answer while it looks again: only a new model waits.
  return found?.key === key ? { status: 'done', input: found.input } : { status: 'looking' };
}
