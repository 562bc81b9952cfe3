import { describe, expect, it } from 'vitest';
import type { IpcResult, RunnelApi } from '../../../../preload/contract';
import { createToolsListing } from '../../../../renderer/src/settings/tools-listing';

type Answer = Awaited<ReturnType<RunnelApi['tools']['servers']>>;
const listing = (name: string): Answer => ({
  ok: true,
  value: {
    servers: [
      {
        id: name,
        name,
        enabled: true,
        policy: 'ask',
        transport: { kind: 'http', url: 'https://example.com/mcp', headers: [] },
        status: { state: 'stopped' },
        tools: [],
      },
    ],
    alwaysAllowed: [],
  },
});

/** main's side by hand: each `servers` call waits until the test answers it. */
function fakeMain() {
  const pending: Array<(answer: Answer) => void> = [];
  let changed: ((payload: Record<string, never>) => void) | null = null;
  return {
    pending,
    fire: () => changed?.({}),
    api: {
      servers: () => new Promise<Answer>((resolve) => pending.push(resolve)),
      onChanged: (listener: (payload: Record<string, never>) => void) => {
        changed = listener;
        return () => {
          changed = null;
        };
      },
    } satisfies Pick<RunnelApi['tools'], 'servers' | 'onChanged'>,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('tools listing', () => {
  it('asks again when main says something changed, and a slow older answer never wins', async () => {
    const main = fakeMain();
    const store = createToolsListing(main.api);
    const stop = store.start();
    main.fire();
    expect(main.pending).toHaveLength(2);
    main.pending[1]!(listing('newer'));
    await settle();
    main.pending[0]!(listing('older'));
    await settle();
    expect(store.getState().listing?.servers[0]?.name).toBe('newer');
    stop();
    main.fire();
    expect(main.pending).toHaveLength(2);
  });

  it('keeps the last list and says why when main cannot answer', async () => {
    const main = fakeMain();
    const store = createToolsListing(main.api);
    store.start();
    main.pending[0]!(listing('first'));
    await settle();
    main.fire();
    const refused: IpcResult<never> = {
      ok: false,
      error: { code: 'unavailable', message: 'Runnel could not reach its main process.' },
    };
    main.pending[1]!(refused as Answer);
    await settle();
    expect(store.getState()).toMatchObject({
      listing: { servers: [{ name: 'first' }] },
      loadError: 'Runnel could not reach its main process.',
    });
  });
});
