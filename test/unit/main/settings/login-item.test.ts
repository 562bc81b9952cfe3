/**
 * Start at login that the system refuses: the switch is not saved, and the window is told why and
 * where to do it by hand (issue 23: "The login item could not be set." gave neither).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginItemFailure, setAutostartEntry } from '../../../../main/settings/login-item';
import { createMainHost } from '../../../support/main-host';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runnel-login-'));
});
afterEach(() => {
  fs.chmodSync(dir, 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

const command = { executable: '/opt/Runnel/runnel', args: [] };

describe('the Linux autostart entry', () => {
  it('is written and removed', () => {
    const file = path.join(dir, 'autostart', 'runnel.desktop');
    setAutostartEntry(true, { file, command });
    expect(fs.readFileSync(file, 'utf8')).toContain('Exec=/opt/Runnel/runnel --hidden');
    setAutostartEntry(false, { file, command });
    expect(fs.existsSync(file)).toBe(false);
  });

  it('names the file, the cause and a way round when the folder cannot be written', () => {
    // Root ignores permission bits, so the folder is made impossible another way: a file in its place.
    const blocked = path.join(dir, 'autostart');
    fs.writeFileSync(blocked, 'not a folder');
    const file = path.join(blocked, 'runnel.desktop');
    expect(() => setAutostartEntry(true, { file, command })).toThrow(
      new RegExp(
        `^Start at login could not be turned on: Runnel could not write ${file} \\(E[A-Z]+: .+\\)\\. ` +
          "Check that you can write to that folder, or add Runnel in your desktop's startup " +
          'applications yourself\\.$',
      ),
    );
  });
});

describe('the message on macOS and Windows', () => {
  it('says where the system keeps login items', () => {
    expect(
      loginItemFailure({
        enabled: true,
        platform: 'darwin',
        cause: 'macOS is waiting for you to allow it',
      }).message,
    ).toBe(
      'Start at login could not be turned on: the system did not accept the change (macOS is waiting ' +
        'for you to allow it). You can allow Runnel in System Settings > General > Login Items.',
    );
    expect(loginItemFailure({ enabled: false, platform: 'win32', cause: null }).message).toMatch(
      /could not be turned off: .*Settings > Apps > Startup/,
    );
  });
});

describe('updatePreferences with start at login', () => {
  it('asks the system first, and saves only what it took', async () => {
    const asked: boolean[] = [];
    const host = createMainHost({ applyStartAtLogin: (enabled) => void asked.push(enabled) });
    const result = await host.dispatch(
      'runnel:settings:updatePreferences',
      { startAtLogin: true },
      { windowId: 1 },
    );
    expect(result.ok).toBe(true);
    expect(asked).toEqual([true]);
    expect(host.settings.preferences().startAtLogin).toBe(true);
    // Saving something else does not touch the login item again.
    await host.dispatch('runnel:settings:updatePreferences', { theme: 'dark' }, { windowId: 1 });
    expect(asked).toEqual([true]);
  });

  it('keeps the switch off and returns the reason when the system refuses', async () => {
    const host = createMainHost({
      applyStartAtLogin: (enabled) => {
        throw loginItemFailure({ enabled, platform: 'darwin', cause: null });
      },
    });
    const result = await host.dispatch(
      'runnel:settings:updatePreferences',
      { startAtLogin: true },
      { windowId: 1 },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message: expect.stringMatching(/^Start at login could not be turned on: .*Login Items\.$/),
      },
    });
    expect(host.settings.preferences().startAtLogin).toBe(false);
  });
});
