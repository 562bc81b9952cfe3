import { describe, expect, it } from 'vitest';
import {
  parseIntegerIn,
  parseTemperature,
} from '../../../../renderer/src/settings/preference-fields';
import {
  isLocalOrPrivateHost,
  isPlainHttpToRemoteHost,
  moveCredentialsToHeader,
} from '../../../../renderer/src/settings/address-safety';
import {
  addressChangeNote,
  authorizationReplacesKey,
  formFromPreset,
  formFromProvider,
  headerRow,
  moveCredentials,
  plainHttpExposesSecrets,
  toDraft,
  urlChangeForgetsHeaders,
  urlChangeForgetsKey,
  validateProviderForm,
} from '../../../../renderer/src/settings/provider-form-model';
import { settingsResetText } from '../../../../renderer/src/settings/SettingsResetNotice';

const provider = {
  id: 'p1',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  defaultModel: 'gpt-4o-mini',
  headers: [{ name: 'X-Team', hasValue: true }],
  hasKey: true,
};

describe('provider form', () => {
  it('round-trips a provider into a draft that keeps the stored key and header values', () => {
    const draft = toDraft(formFromProvider(provider));
    expect(draft).toEqual({
      id: 'p1',
      name: 'OpenAI',
      baseURL: 'https://api.openai.com/v1',
      defaultModel: 'gpt-4o-mini',
      headers: {},
      keepHeaders: ['X-Team'],
    });
  });

  it('sends a new key or a request to forget it, never both', () => {
    const values = formFromProvider(provider);
    expect(toDraft({ ...values, apiKey: 'sk-new' }).apiKey).toBe('sk-new');
    expect(toDraft({ ...values, clearKey: true }).clearKey).toBe(true);
    expect(toDraft({ ...values, clearKey: true, apiKey: 'sk' }).clearKey).toBeUndefined();
  });

  it('warns that a new address forgets the saved key, unless a key is entered', () => {
    const values = formFromProvider(provider);
    expect(urlChangeForgetsKey(values, provider)).toBe(false);
    const moved = { ...values, baseURL: 'https://proxy.example/v1' };
    expect(urlChangeForgetsKey(moved, provider)).toBe(true);
    expect(urlChangeForgetsKey({ ...moved, apiKey: 'sk' }, provider)).toBe(false);
    expect(urlChangeForgetsKey(moved, { ...provider, hasKey: false })).toBe(false);
  });

  it('validates like the contract: name, http(s) address, header names', () => {
    expect(validateProviderForm(formFromPreset(null))).toMatchObject({
      name: expect.any(String),
      baseURL: expect.any(String),
    });
    const ok = {
      ...formFromPreset({
        id: 'o',
        name: 'Ollama',
        baseURL: 'http://localhost:11434/v1',
        needsKey: false,
        local: true,
      }),
    };
    expect(validateProviderForm(ok)).toEqual({});
    expect(validateProviderForm({ ...ok, baseURL: 'file:///etc' }).baseURL).toBeDefined();
    expect(validateProviderForm({ ...ok, headers: [headerRow('bad name', 'x')] }).headers).toMatch(
      /not a valid header/,
    );
    expect(
      validateProviderForm({ ...ok, headers: [headerRow('A', '1'), headerRow('a', '2')] }).headers,
    ).toMatch(/once/);
    expect(validateProviderForm({ ...ok, headers: [headerRow('', '')] })).toEqual({});
  });

  it('refuses what the contract refuses, in the same words', () => {
    const ok = formFromProvider({ ...provider, headers: [] });
    expect(validateProviderForm({ ...ok, headers: [headerRow('Host', 'x')] }).headers).toMatch(
      /network stack/,
    );
    expect(validateProviderForm({ ...ok, headers: [headerRow('Accept', 'x')] }).headers).toMatch(
      /Runnel sets Accept itself/,
    );
    expect(
      validateProviderForm({ ...ok, headers: [headerRow('X-Key', 'caf\u00e9')] }).headers,
    ).toMatch(/printable ASCII/);
    expect(validateProviderForm({ ...ok, headers: [headerRow('', 'orphan')] }).headers).toMatch(
      /Give each header a name/,
    );
    expect(validateProviderForm({ ...ok, name: 'Open\u202eAI' }).name).toMatch(/control/);
    expect(validateProviderForm({ ...ok, defaultModel: 'gpt\u0000' }).defaultModel).toMatch(
      /control/,
    );
  });
});

describe('saved header values in the form (issue 22 item 2)', () => {
  const values = formFromProvider({
    ...provider,
    headers: [
      { name: 'api-key', hasValue: true },
      { name: 'X-Title', hasValue: true },
      { name: 'X-Org', hasValue: false },
    ],
  });

  it('shows names only, and keeps every saved value when nothing is typed', () => {
    expect(values.headers.map((row) => [row.name, row.value])).toEqual([
      ['api-key', ''],
      ['X-Title', ''],
      ['X-Org', ''],
    ]);
    expect(toDraft(values)).toMatchObject({
      headers: {},
      keepHeaders: ['api-key', 'X-Title', 'X-Org'],
    });
  });

  it('replaces a value that is typed, and removes a header whose row is removed', () => {
    const [apiKey, , org] = values.headers;
    const edited = {
      ...values,
      headers: [{ ...apiKey!, value: 'new-secret' }, org!, headerRow('X-New', 'n')],
    };
    expect(toDraft(edited)).toMatchObject({
      headers: { 'api-key': 'new-secret', 'X-New': 'n' },
      keepHeaders: ['X-Org'],
    });
  });

  it('says which saved values a new address forgets', () => {
    const moved = { ...values, baseURL: 'https://proxy.example/v1' };
    expect(urlChangeForgetsHeaders(values, provider)).toEqual([]);
    expect(urlChangeForgetsHeaders(moved, provider)).toEqual(['api-key', 'X-Title']);
    const retyped = {
      ...moved,
      headers: moved.headers.map((row) => ({ ...row, value: 'again' })),
    };
    expect(urlChangeForgetsHeaders(retyped, provider)).toEqual([]);
    expect(addressChangeNote(true, ['api-key'])).toMatch(
      /forgets the saved API key and the saved values of api-key/,
    );
    expect(addressChangeNote(false, [])).toBeNull();
  });
});

describe('credentials in the address (issue 22 item 3)', () => {
  it('refuses user:password@ and moves it into an Authorization header in one step', () => {
    const values = {
      ...formFromPreset(null),
      name: 'Proxy',
      baseURL: 'https://alice:p%40ss@gw.example/v1',
      headers: [headerRow('authorization', 'Bearer old'), headerRow('X-Title', 'Runnel')],
    };
    expect(validateProviderForm(values).baseURL).toMatch(/user name and password/);
    const moved = moveCredentials(values);
    expect(moved.baseURL).toBe('https://gw.example/v1');
    expect(moved.headers.map((row) => [row.name, row.value])).toEqual([
      ['X-Title', 'Runnel'],
      ['Authorization', `Basic ${btoa('alice:p@ss')}`],
    ]);
    expect(validateProviderForm(moved)).toEqual({});
    expect(moveCredentialsToHeader('https://gw.example/v1')).toBeNull();
    expect(moveCredentialsToHeader('https://only-user@gw.example')?.authorization).toBe(
      `Basic ${btoa('only-user:')}`,
    );
  });
});

describe('an Authorization header next to a key', () => {
  it('says the header is sent instead of the key', () => {
    const values = formFromProvider({ ...provider, headers: [] });
    expect(authorizationReplacesKey(values, provider)).toBe(false);
    const both = { ...values, headers: [headerRow('authorization', 'Basic eA==')] };
    expect(authorizationReplacesKey(both, provider)).toBe(true);
    expect(authorizationReplacesKey({ ...both, clearKey: true }, provider)).toBe(false);
    expect(authorizationReplacesKey(both, { ...provider, hasKey: false })).toBe(false);
  });
});

describe('plain http to a remote host (issue 22 item 4)', () => {
  it.each([
    ['localhost', true],
    ['api.localhost', true],
    ['printer.local', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['192.168.1.20', true],
    ['169.254.1.1', true],
    ['[::1]', true],
    ['[fd12:3456::1]', true],
    ['[fc00::1]', true],
    ['[fe80::1]', true],
    ['[::ffff:127.0.0.1]', true],
    ['[::ffff:192.168.0.1]', true],
    ['172.32.0.1', false],
    ['172.15.0.1', false],
    ['8.8.8.8', false],
    ['api.example.com', false],
    ['localhost.example.com', false],
    ['[2001:db8::1]', false],
    ['[::ffff:8.8.8.8]', false],
  ])('%s is local or private: %s', (host, local) => {
    const hostname = new URL(`http://${host}/`).hostname;
    expect(isLocalOrPrivateHost(hostname)).toBe(local);
    expect(isPlainHttpToRemoteHost(`http://${host}/v1`)).toBe(!local);
    expect(isPlainHttpToRemoteHost(`https://${host}/v1`)).toBe(false);
  });

  it('warns only when a key or a header value would travel in clear', () => {
    const remote = { ...formFromPreset(null), name: 'R', baseURL: 'http://gw.example.com/v1' };
    expect(plainHttpExposesSecrets(remote, null)).toBe(false);
    expect(plainHttpExposesSecrets({ ...remote, apiKey: 'sk-1' }, null)).toBe(true);
    expect(plainHttpExposesSecrets({ ...remote, headers: [headerRow('api-key', 'v')] }, null)).toBe(
      true,
    );
    const saved = { ...provider, baseURL: 'http://gw.example.com/v1', headers: [] };
    expect(plainHttpExposesSecrets(formFromProvider(saved), saved)).toBe(true);
    expect(plainHttpExposesSecrets({ ...formFromProvider(saved), clearKey: true }, saved)).toBe(
      false,
    );
    const local = { ...remote, baseURL: 'http://192.168.1.5:11434/v1', apiKey: 'sk-1' };
    expect(plainHttpExposesSecrets(local, null)).toBe(false);
  });
});

describe('the damaged-settings notice (issue 22 item 11)', () => {
  it('says what happened, where the file is, and what to do', () => {
    expect(
      settingsResetText({
        keptAs: '/home/a/.config/Runnel/settings.damaged-x.json',
        reason: 'it is empty',
      }),
    ).toBe(
      'Your settings file was damaged (it is empty); it was kept as /home/a/.config/Runnel/settings.damaged-x.json, and Runnel started with default settings. Add your providers again, or restore them from that file.',
    );
    expect(settingsResetText({ keptAs: null, reason: 'it is empty' })).toMatch(
      /could not be moved aside/,
    );
  });
});

describe('preference fields', () => {
  it('parses whole numbers within bounds', () => {
    expect(parseIntegerIn('4', 1, 10, 'Attempts')).toEqual({ ok: true, value: 4 });
    expect(parseIntegerIn('0', 1, 10, 'Attempts').ok).toBe(false);
    expect(parseIntegerIn('2.5', 1, 10, 'Attempts').ok).toBe(false);
    expect(parseIntegerIn('', 1, 10, 'Attempts').ok).toBe(false);
  });

  it('parses temperature from 0 to 2', () => {
    expect(parseTemperature('0.7')).toEqual({ ok: true, value: 0.7 });
    expect(parseTemperature('2.5').ok).toBe(false);
    expect(parseTemperature('warm').ok).toBe(false);
  });
});

describe('provider form: the size images are sent at', () => {
  it('shows the default size and leaves it out of the draft when unchanged', () => {
    const values = formFromProvider(provider);
    expect([values.imageLongSide, values.imageShortSide]).toEqual(['2048', '768']);
    expect(toDraft(values).imageSize).toBeUndefined();
    expect(toDraft(formFromPreset(null)).imageSize).toBeUndefined();
  });

  it('round-trips a size of its own', () => {
    const values = formFromProvider({ ...provider, imageSize: { longSide: 1024, shortSide: 512 } });
    expect([values.imageLongSide, values.imageShortSide]).toEqual(['1024', '512']);
    expect(toDraft(values).imageSize).toEqual({ longSide: 1024, shortSide: 512 });
  });

  it('refuses sizes out of range, not whole, or with the short side longer', () => {
    const values = formFromProvider(provider);
    for (const [imageLongSide, imageShortSide] of [
      ['100', '100'],
      ['9000', '768'],
      ['1024.5', '512'],
      ['', '512'],
      ['1024', '2048'],
    ]) {
      expect(
        validateProviderForm({
          ...values,
          imageLongSide: imageLongSide!,
          imageShortSide: imageShortSide!,
        }).imageSize,
      ).toMatch(/pixels from 256 to 8192|short side cannot be longer/);
    }
    expect(validateProviderForm(values).imageSize).toBeUndefined();
  });
});
