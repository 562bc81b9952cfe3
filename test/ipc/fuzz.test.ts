/**
 * Fuzz of every request channel with malformed payloads (seeded, so a failure replays): main never
 * throws, answers a typed `invalid_payload` error, writes no setting, starts no stream and sends
 * nothing to the network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type RequestChannel } from '../../preload/contract';
import { startFaultServer, type FaultServer } from '../fault-server/fault-server';
import { seededRandom as seeded } from '../support/seeded-random';
import { createMainHost } from '../support/main-host';

const channels = (Object.keys(contract) as Array<keyof typeof contract>).filter(
  (channel): channel is RequestChannel => contract[channel].kind === 'request',
);

const hostile = [
  null,
  undefined,
  0,
  -1,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  '',
  'x'.repeat(100_000),
  '\u0000\uFFFF\uD800',
  true,
  [],
  [{}],
  () => 1,
  Symbol('s'),
  10n,
  new Date(0),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  { toString: 'not a function' },
];

const show = (value: unknown): string => {
  try {
    return (
      JSON.stringify(value, (_key, inner: unknown) =>
        typeof inner === 'bigint' ? `${inner}n` : inner,
      ) ?? String(value)
    ).slice(0, 200);
  } catch {
    return String(value);
  }
};

/** Payloads that no schema in the contract accepts. */
function malformed(random: () => number, valid: Record<string, unknown>): unknown[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const out: unknown[] = [
    ...hostile.filter(
      (value) => typeof value !== 'object' || value === null || Array.isArray(value),
    ),
  ];
  for (let index = 0; index < 40; index += 1) {
    const copy: Record<string, unknown> = { ...valid };
    const keys = Object.keys(copy);
    const mode = Math.floor(random() * 3);
    if (mode === 0 || keys.length === 0) copy[`unexpected${index}`] = pick(hostile);
    else if (mode === 1)
      copy[pick(keys)] = pick([...hostile, { deep: { deeper: [1, 2, { x: 'y' }] } }]);
    else {
      copy[pick(keys)] = pick(hostile);
      copy.__extra = 1;
    }
    out.push(copy);
  }
  return out;
}

const validExamples: Record<RequestChannel, Record<string, unknown>> = {
  'runnel:chat:start': {
    conversationId: 'c',
    messageId: 'm',
    messages: [{ role: 'user', content: 'hi' }],
  },
  'runnel:chat:cancel': { streamId: 's' },
  'runnel:tools:decide': { streamId: 's', callId: 'c', answer: 'once' },
  'runnel:tools:servers': {},
  'runnel:tools:saveServer': {
    name: 'Echo',
    enabled: false,
    policy: 'ask',
    transport: { kind: 'stdio', command: 'echo', args: [], env: [] },
  },
  'runnel:tools:removeServer': { id: 'echo' },
  'runnel:tools:importConfig': { text: '{"mcpServers": {}}' },
  'runnel:tools:restartServer': { id: 'echo' },
  'runnel:tools:revokeApproval': { serverId: 'echo', tool: 'x' },
  'runnel:chat:streamShown': { streamId: 's', seq: 1 },
  'runnel:hotkey:recording': { recording: true },
  'runnel:chat:listActive': {},
  'runnel:chat:listLive': {},
  'runnel:settings:get': {},
  'runnel:settings:updatePreferences': { theme: 'dark' },
  'runnel:settings:saveProvider': {
    name: 'n',
    baseURL: 'http://127.0.0.1:1/v1',
    defaultModel: 'm',
    headers: {},
  },
  'runnel:settings:deleteProvider': { id: 'p' },
  'runnel:settings:listModels': { providerId: 'p' },
  'runnel:settings:detectLocal': {},
  // Only required fields: a hostile `undefined` in an optional one is simply absent.
  'runnel:models:list': {},
  'runnel:models:setFavourite': { providerId: 'p', model: 'm', favourite: true },
  'runnel:app:openExternal': { url: 'https://example.com' },
  'runnel:attachments:open': {
    name: 'notes.md',
    kind: 'text',
    mime: 'text/plain',
    bytes: new ArrayBuffer(4),
  },
  'runnel:app:getStatus': {},
  'runnel:app:takeOpenRequest': {},
  'runnel:hotkey:status': {},
  'runnel:hotkey:set': { accelerator: 'Control+Alt+K' },
  'runnel:hotkey:clear': {},
  'runnel:quickAsk:hide': {},
  'runnel:quickAsk:openInMain': { conversationId: 'c' },
};

describe('IPC fuzz', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.close());

  it.each(channels)('%s refuses malformed payloads without side effects', async (channel) => {
    const host = createMainHost();
    host.settings.saveProvider({
      name: 'Fault',
      baseURL: server.baseURL,
      defaultModel: 'm',
      headers: {},
    });
    const before = JSON.stringify(host.settings.view());
    const sentBefore = server.requests.length;
    const random = seeded(channel.length * 7919);
    for (const payload of malformed(random, validExamples[channel])) {
      let result;
      try {
        // Functions and symbols cannot cross IPC; structuredClone would refuse them just the same.
        result = await host.dispatch(channel, payload, { windowId: 1 });
      } catch (error) {
        throw new Error(`dispatch threw for ${show(payload)}`, { cause: error });
      }
      expect(result.ok, `accepted ${show(payload)}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_payload');
    }
    expect(JSON.stringify(host.settings.view())).toBe(before);
    expect(host.streams.size).toBe(0);
    expect(server.requests.length).toBe(sentBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('covers every request channel in the contract', () => {
    expect(Object.keys(validExamples).sort()).toEqual([...channels].sort());
  });
});

describe('IPC fuzz: hostile text in otherwise valid payloads', () => {
  /** Characters that must never reach a stored name or a request header. */
  const unsafe = [
    '\u0000',
    '\u0007',
    '\u001b',
    '\r',
    '\n',
    '\u007f',
    '\u0085',
    '\u061c',
    '\u200e',
    '\u200f',
    '\u2028',
    '\u202a',
    '\u202e',
    '\u2066',
    '\u2069',
    '\ufeff',
  ];
  const forbidden = ['Host', 'Content-Length', 'Cookie', 'Proxy-X', 'Sec-Y', 'Via', 'TE', 'Accept'];

  it('refuses every name, model, header name and value carrying them, storing nothing', async () => {
    const host = createMainHost();
    const random = seeded(22_8);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const tainted = (base: string): string => {
      const at = Math.floor(random() * (base.length + 1));
      return `${base.slice(0, at)}${pick(unsafe)}${base.slice(at)}`;
    };
    const randomCase = (name: string): string =>
      [...name].map((c) => (random() < 0.5 ? c.toLowerCase() : c.toUpperCase())).join('');
    const valid = {
      name: 'Gateway',
      baseURL: 'https://gw.example/v1',
      defaultModel: 'm',
      headers: {},
    };
    for (let round = 0; round < 200; round += 1) {
      const variant = round % 4;
      const payload =
        variant === 0
          ? { ...valid, name: tainted('Gateway') }
          : variant === 1
            ? { ...valid, defaultModel: tainted('gpt-4o') }
            : variant === 2
              ? { ...valid, headers: { [randomCase(pick(forbidden))]: 'v' } }
              : { ...valid, headers: { 'X-Key': tainted('secret-value') } };
      const result = await host.dispatch('runnel:settings:saveProvider', payload, { windowId: 1 });
      expect(result.ok, `accepted ${show(payload)}`).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('invalid_payload');
      // The refusal is a sentence, not a dump, and carries no hidden characters back to the page.
      expect(result.error.message).toMatch(/^[A-Z"]/);
      for (const character of unsafe) expect(result.error.message).not.toContain(character);
    }
    expect(host.settings.view().providers).toEqual([]);
  });
});
