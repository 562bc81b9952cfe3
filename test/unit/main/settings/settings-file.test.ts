/**
 * The settings service on a real `settings.json` in a temp folder, written by the real `conf`: damaged
 * files of every kind (issue 22 item 11), the version 3 migration that seals header values kept in clear
 * (item 2) and moves credentials out of base URLs (item 3), and a folder that stops being writable
 * (item 14).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsFile } from '../../../../main/settings/settings-file';
import { openConfStore } from '../../../support/conf-store';
import { createSettingsService } from '../../../../main/settings/settings-service';
import { SETTINGS_VERSION } from '../../../../main/settings/settings-schema';
import { testSecrets } from '../../../support/main-host';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runnel-settings-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const settingsPath = (): string => path.join(dir, 'settings.json');
const at = new Date('2026-12-07T16:18:31.123Z');
const open = (lines: string[] = []) =>
  createSettingsService({
    persistence: createSettingsFile({ dir, openStore: openConfStore, now: () => at }),
    secrets: testSecrets,
    newId: () => 'p1',
    log: (line) => lines.push(line),
  });

/** What Runnel 0.2 (settings version 2) wrote, with a header value and credentials in clear. */
const version2 = {
  settings: {
    version: 2,
    providers: [
      {
        id: 'gw',
        name: 'Gateway\u202e',
        baseURL: 'https://alice:p%40ss@gw.example/v1',
        defaultModel: 'gpt-4o',
        headers: { 'api-key': 'gw-clear-secret-42', 'X-Title': 'Runnel', Host: 'evil.example' },
        key: null,
      },
      {
        id: 'oa',
        name: 'OpenAI',
        baseURL: 'https://api.openai.com/v1',
        defaultModel: 'gpt-4o',
        headers: { 'OpenAI-Organization': 'org-clear-77' },
        key: {
          cipher: testSecrets.encrypt('sk-live-0123456789abcdef'),
          boundTo: 'https://api.openai.com/v1',
        },
      },
    ],
    preferences: {
      activeProviderId: 'oa',
      systemPrompt: '',
      temperature: null,
      streaming: true,
      maxAttempts: 4,
      idleTimeoutSec: 90,
      theme: 'dark',
      quickAskContext: 'none',
      closeToTray: false,
      startAtLogin: false,
    },
    windowState: null,
    hotkey: 'CommandOrControl+Shift+Space',
  },
};

const damaged: Array<[string, string | Buffer, RegExp]> = [
  ['empty', '', /empty/],
  ['blank', '  \n\t', /blank/],
  ['truncated', JSON.stringify(version2, null, '\t').slice(0, 300), /not valid JSON/],
  ['NUL-filled', Buffer.alloc(4096), /NUL/],
  ['NUL-padded JSON', `{"settings":${'\u0000'.repeat(64)}`, /NUL/],
  ['a JSON array', '[1, 2, 3]', /does not hold settings/],
  ['a JSON string', '"settings"', /does not hold settings/],
  ['JSON null', 'null', /does not hold settings/],
  ['another program’s JSON', '{"windowBounds": {"x": 1}}', /does not hold Runnel settings/],
  ['settings of the wrong type', '{"settings": 5}', /does not hold settings/],
  ['providers of the wrong shape', '{"settings": {"version": 3, "providers": "x"}}', /shape/],
  ['a newer Runnel', '{"settings": {"version": 99}}', /newer Runnel/],
];

describe('a damaged settings.json (issue 22 item 11)', () => {
  it.each(damaged)('%s: kept aside, defaults, and the window is told', (_kind, bytes, reason) => {
    fs.writeFileSync(settingsPath(), bytes);
    const settings = open();
    const view = settings.view();
    expect(view.providers).toEqual([]);
    expect(view.reset).not.toBeNull();
    expect(view.reset?.reason).toMatch(reason);
    const keptAs = view.reset?.keptAs ?? '';
    expect(path.dirname(keptAs)).toBe(dir);
    expect(path.basename(keptAs)).toBe('settings.damaged-2026-12-07T16-18-31.123Z.json');
    expect(fs.readFileSync(keptAs)).toEqual(Buffer.from(bytes));
    // settings.json now holds the defaults, readable by the store it is written with.
    const reopened = new Conf({ cwd: dir, configName: 'settings', clearInvalidConfig: false });
    expect(reopened.get('settings')).toMatchObject({ version: SETTINGS_VERSION, providers: [] });
    // And the next start is an ordinary one.
    expect(open().view().reset).toBeNull();
  });

  it('the same damaged files stop conf itself, as they stopped Runnel before', () => {
    for (const [kind, bytes] of damaged.slice(0, 5)) {
      fs.writeFileSync(settingsPath(), bytes);
      expect(
        () => new Conf({ cwd: dir, configName: 'settings', clearInvalidConfig: false }),
        kind,
      ).toThrow();
    }
  });

  it('a second damaged start keeps both old files', () => {
    fs.writeFileSync(settingsPath(), '');
    const first = open().view().reset?.keptAs;
    fs.writeFileSync(settingsPath(), '{');
    const second = open().view().reset?.keptAs;
    expect(first).not.toBe(second);
    expect(fs.readFileSync(first ?? '', 'utf8')).toBe('');
    expect(fs.readFileSync(second ?? '', 'utf8')).toBe('{');
  });

  it('starts clean when there is no file yet, and says nothing', () => {
    const settings = open();
    expect(settings.view().reset).toBeNull();
    expect(fs.existsSync(settingsPath())).toBe(false);
    settings.updatePreferences({ theme: 'light' });
    expect(JSON.parse(fs.readFileSync(settingsPath(), 'utf8')).settings.preferences.theme).toBe(
      'light',
    );
  });
});

describe('settings migration 2 → 3 on a real file', () => {
  it('seals clear header values and removes them from the file', () => {
    fs.writeFileSync(settingsPath(), JSON.stringify(version2, null, '\t'));
    const settings = open();
    const onDisk = fs.readFileSync(settingsPath(), 'utf8');
    expect(JSON.parse(onDisk).settings.version).toBe(SETTINGS_VERSION);
    for (const clear of ['gw-clear-secret-42', 'org-clear-77', 'p%40ss', 'alice']) {
      expect(onDisk).not.toContain(clear);
    }
    const [gateway, openai] = settings.view().providers;
    expect(openai?.headers).toEqual([{ name: 'OpenAI-Organization', hasValue: true }]);
    expect(openai?.hasKey).toBe(true);
    expect(settings.resolve('oa').endpoint).toEqual({
      baseURL: 'https://api.openai.com/v1',
      apiKey: 'sk-live-0123456789abcdef',
      headers: { 'OpenAI-Organization': 'org-clear-77' },
    });
    // Credentials moved from the address into a sealed Basic header; Host, which broke requests, dropped.
    expect(gateway?.name).toBe('Gateway');
    expect(gateway?.baseURL).toBe('https://gw.example/v1');
    expect(gateway?.headers.map((header) => header.name)).toEqual([
      'api-key',
      'X-Title',
      'Authorization',
    ]);
    expect(settings.resolve('gw').endpoint.headers).toEqual({
      'api-key': 'gw-clear-secret-42',
      'X-Title': 'Runnel',
      Authorization: `Basic ${Buffer.from('alice:p@ss').toString('base64')}`,
    });
    expect(settings.view().reset).toBeNull();
  });
});

describe('a settings folder that stops being writable (issue 22 item 14)', () => {
  it('reports the real write failure once, keeping memory as on disk', () => {
    const lines: string[] = [];
    const settings = open(lines);
    settings.updatePreferences({ theme: 'dark' });
    // The folder goes away and a file takes its name (an unmounted or replaced disk).
    fs.rmSync(dir, { recursive: true });
    fs.writeFileSync(dir, 'not a folder');
    try {
      expect(() => settings.updatePreferences({ theme: 'light' })).toThrow(
        /could not save your settings/,
      );
      expect(settings.preferences().theme).toBe('dark');
      settings.saveWindowState({ width: 900, height: 700, maximized: false });
      settings.saveWindowState({ width: 910, height: 700, maximized: false });
      expect(lines.filter((line) => line.includes('Window size not saved'))).toHaveLength(1);
      expect(settings.windowState()).toBeNull();
    } finally {
      fs.rmSync(dir, { force: true });
      fs.mkdirSync(dir);
    }
  });
});
