/**
 * The composer's look-up of what the provider's list says of its model, through main's real handler
 * table and a provider on loopback: it answers from the catalog main cached, and never asks the
 * provider itself (opening a composer sends no request).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunnelApi } from '../../../../preload/contract';
import { lookUpListedInput } from '../../../../renderer/src/attachments/vision-listing';
import { startFaultServer, type FaultServer } from '../../../fault-server';
import { createMainHost, type MainHost } from '../../../support/main-host';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const modelsRequests = () => server.requests.filter((r) => r.path.endsWith('/models')).length;

function setUp(): { host: MainHost; providerId: string; api: Pick<RunnelApi['models'], 'list'> } {
  const host = createMainHost();
  const view = host.settings.saveProvider({
    name: 'Gateway',
    baseURL: server.baseURL,
    defaultModel: 'acme/seer-1',
    headers: {},
  });
  const api = {
    list: (payload: { refresh?: boolean; cachedOnly?: boolean }) =>
      host.dispatch('runnel:models:list', payload, { windowId: 1 }),
  } as Pick<RunnelApi['models'], 'list'>;
  return { host, providerId: view.providers[0]?.id ?? '', api };
}

describe('lookUpListedInput', () => {
  it('says nothing, and asks no provider, before any list was fetched', async () => {
    const { api, providerId } = setUp();
    expect(await lookUpListedInput(api, { providerId, model: 'acme/seer-1' })).toBeUndefined();
    expect(modelsRequests()).toBe(0);
  });

  it('reads what the cached list says once the switcher fetched it', async () => {
    server.setModels({
      models: ['plain-model'],
      modelEntries: [
        { id: 'acme/seer-1', architecture: { input_modalities: ['text', 'image'] } },
        { id: 'acme/scribe-1', architecture: { input_modalities: ['text'] } },
      ],
    });
    const { api, providerId } = setUp();
    await api.list({}); // what the model switcher does when it opens
    expect(modelsRequests()).toBe(1);
    const input = (model: string) => lookUpListedInput(api, { providerId, model });
    expect(await input('acme/seer-1')).toBe('image');
    expect(await input('acme/scribe-1')).toBe('text-only');
    expect(await input('plain-model')).toBeUndefined();
    expect(await input('not-listed')).toBeUndefined();
    expect(await lookUpListedInput(api, { providerId: 'other', model: 'acme/seer-1' })).toBe(
      undefined,
    );
    expect(modelsRequests()).toBe(1);
  });
});
