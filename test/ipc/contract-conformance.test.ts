/**
 * The bridge and main's handler table joined by an in-memory transport pair (as VS Code tests its
 * IPC): every contract entry has a handler and a bridge method, payloads round-trip, and bad payloads
 * are refused with a typed error before any handler runs.
 */
import { describe, expect, it } from 'vitest';
import { createBridge } from '../../preload/bridge';
import {
  contract,
  type BridgeTransport,
  type Channel,
  type RunnelApi,
} from '../../preload/contract';
import { createIpcHandlers } from '../../main/ipc/handlers';
import { createMainHost, memoryPersistence } from '../support/main-host';

const connect = (
  host = createMainHost(),
): { api: RunnelApi; host: typeof host; pushed: unknown[] } => {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const pushed: unknown[] = [];
  host.connect((channel, payload) => {
    // Structured clone, as Electron's IPC would.
    const copy = structuredClone(payload);
    pushed.push(copy);
    for (const listener of listeners.get(channel) ?? []) listener(copy);
  });
  const transport: BridgeTransport = {
    invoke: async (channel, payload) =>
      structuredClone(await host.dispatch(channel, structuredClone(payload), { windowId: 1 })),
    subscribe: (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
  };
  return { api: createBridge(transport), host, pushed };
};

const methodFor = (channel: Channel): [string, string] => {
  const [, domain = '', verb = ''] = channel.split(':');
  return contract[channel].kind === 'request'
    ? [domain, verb]
    : [domain, `on${verb[0]!.toUpperCase()}${verb.slice(1)}`];
};

describe('IPC contract conformance', () => {
  it('has a handler for every request and nothing else', () => {
    const { host } = connect();
    const handlers = createIpcHandlers({
      engine: { listModels: async () => [] },
      settings: host.settings,
      catalog: { list: async () => ({ models: [], providers: [] }) },
      streams: host.streams,
      tools: host.tools,
      toolsSettings: host.toolsSettings,
      network: { isOnline: () => true, waitUntilOnline: async () => {} },
      appVersion: 't',
      openExternal: async () => {},
      attachments: { open: async () => ({ ok: true, path: '' }) },
      applyStartAtLogin: () => {},
      hotkey: host.hotkey,
      windows: {
        hideQuickAsk: () => {},
        openInChatWindow: () => {},
        takeOpenRequest: () => null,
      },
    });
    const requests = Object.entries(contract)
      .filter(([, entry]) => entry.kind === 'request')
      .map(([channel]) => channel)
      .sort();
    expect(Object.keys(handlers).sort()).toEqual(requests);
  });

  it('builds one bridge method per entry, and no generic passthrough', () => {
    const { api } = connect();
    const expected = (Object.keys(contract) as Channel[])
      .map((channel) => methodFor(channel).join('.'))
      .sort();
    const actual = Object.entries(api)
      .flatMap(([domain, room]) =>
        Object.keys(room as object).map((method) => `${domain}.${method}`),
      )
      .sort();
    expect(actual).toEqual(expected);
    expect(JSON.stringify(actual)).not.toMatch(/invoke|send|\.on"/);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('round-trips a request through validation and the handler', async () => {
    const { api } = connect();
    const saved = await api.settings.saveProvider({
      name: 'Local',
      baseURL: 'http://127.0.0.1:9/v1',
      defaultModel: 'm',
      headers: { 'X-Title': 'Runnel' },
      apiKey: 'sk-abc',
    });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    expect(saved.value.providers[0]).toMatchObject({ name: 'Local', hasKey: true });
    expect(JSON.stringify(saved.value)).not.toContain('sk-abc');
    const status = await api.app.getStatus({});
    expect(status).toEqual({ ok: true, value: { online: true, version: 'test' } });
  });

  it('pushes online changes as events', async () => {
    const { api, host } = connect();
    const seen: boolean[] = [];
    const stop = api.app.onOnlineChanged(({ online }) => seen.push(online));
    host.setOnline(false);
    host.setOnline(true);
    stop();
    host.setOnline(false);
    expect(seen).toEqual([false, true]);
  });

  const badPayloads: Array<[string, unknown]> = [
    ['runnel:chat:start', null],
    ['runnel:chat:start', { conversationId: 'c', messageId: 'm', messages: [] }],
    [
      'runnel:chat:start',
      { conversationId: 'c', messageId: 'm', messages: [{ role: 'tool', content: 'x' }] },
    ],
    [
      'runnel:chat:start',
      {
        conversationId: 'c'.repeat(500),
        messageId: 'm',
        messages: [{ role: 'user', content: 'x' }],
      },
    ],
    [
      'runnel:chat:start',
      { conversationId: 'c', messageId: 'm', messages: [{ role: 'user', content: 'x' }], extra: 1 },
    ],
    ['runnel:chat:cancel', { streamId: 42 }],
    ['runnel:chat:streamShown', { streamId: 's', seq: 0 }],
    [
      'runnel:settings:saveProvider',
      { name: 'x', baseURL: 'javascript:alert(1)', defaultModel: '', headers: {} },
    ],
    [
      'runnel:settings:saveProvider',
      { name: 'x', baseURL: 'http://h/v1', defaultModel: '', headers: { 'Bad Header': 'v' } },
    ],
    [
      'runnel:settings:saveProvider',
      { name: 'x', baseURL: 'http://h/v1', defaultModel: '', headers: { X: 'a\r\nInjected: 1' } },
    ],
    ['runnel:settings:updatePreferences', { temperature: 'hot' }],
    ['runnel:settings:updatePreferences', { __proto__: { polluted: true }, maxAttempts: 1e9 }],
    ['runnel:app:openExternal', { url: 'file:///etc/passwd' }],
    ['runnel:app:openExternal', { url: ' javascript:alert(1)' }],
    ['runnel:app:openExternal', 'https://example.com'],
    ['runnel:chat:streamEvent', {}],
    ['runnel:nope:nothing', {}],
    ['constructor', {}],
    ['__proto__', {}],
  ];

  it.each(badPayloads)(
    'refuses %s %j with a typed error, changing nothing',
    async (channel, payload) => {
      const host = createMainHost();
      const before = JSON.stringify(host.settings.view());
      const result = await host.dispatch(channel, payload, { windowId: 1 });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe('invalid_payload');
      expect(result.error.message.length).toBeGreaterThan(5);
      expect(JSON.stringify(host.settings.view())).toBe(before);
      expect(host.streams.size).toBe(0);
    },
  );

  it('turns a domain refusal into a typed error the renderer can act on', async () => {
    const { api } = connect();
    const result = await api.chat.start({
      conversationId: 'c',
      messageId: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/No provider/) },
    });
  });
});

describe('settings that cannot be written (issue 22 item 14)', () => {
  it('answers a typed write_failed error the page can show, and changes nothing', async () => {
    const persistence = memoryPersistence();
    persistence.write = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const host = createMainHost({ persistence });
    const result = await host.dispatch(
      'runnel:settings:updatePreferences',
      { theme: 'dark' },
      { windowId: 1 },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'write_failed',
        message: expect.stringMatching(/could not save your settings: the disk is full/),
      },
    });
    expect(host.settings.preferences().theme).toBe('system');
  });
});
