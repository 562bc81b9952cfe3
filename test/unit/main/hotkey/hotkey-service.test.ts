import { describe, expect, it } from 'vitest';
import { createHotkeyService } from '../../../../main/hotkey/hotkey-service';
import { detectHotkeySession, type HotkeySession } from '../../../../main/hotkey/hotkey-session';
import { fakeShortcuts } from '../../../support/main-host';

const standard: HotkeySession = { kind: 'standard', note: null };

function setup(
  options: { stored?: string | null; session?: HotkeySession; taken?: string[] } = {},
) {
  const shortcuts = fakeShortcuts();
  for (const accelerator of options.taken ?? []) shortcuts.taken.add(accelerator);
  let stored: string | null =
    options.stored === undefined ? 'CommandOrControl+Shift+Space' : options.stored;
  const writes: Array<string | null> = [];
  let pressed = 0;
  const service = createHotkeyService({
    registrar: shortcuts,
    store: {
      read: () => stored,
      write: (value) => {
        stored = value;
        writes.push(value);
      },
    },
    session: options.session ?? standard,
    platform: 'linux',
    onPressed: () => (pressed += 1),
  });
  return { service, shortcuts, writes, stored: () => stored, pressed: () => pressed };
}

describe('hotkey service', () => {
  it('registers the chosen hotkey at start and answers it', () => {
    const { service, shortcuts, pressed } = setup();
    expect(service.start()).toMatchObject({
      active: 'CommandOrControl+Shift+Space',
      problem: null,
    });
    shortcuts.registered.get('CommandOrControl+Shift+Space')?.();
    expect(pressed()).toBe(1);
  });

  it('says why the chosen hotkey is not active at start, without picking another behind your back', () => {
    const { service } = setup({ taken: ['CommandOrControl+Shift+Space'] });
    const status = service.start();
    expect(status.active).toBeNull();
    expect(status.chosen).toBe('CommandOrControl+Shift+Space');
    expect(status.problem).toMatchObject({ code: 'taken' });
    expect(status.problem?.message).toMatch(/already used .* Choose another/);
  });

  it('changes to a free combination, letting the old one go only afterwards', () => {
    const { service, shortcuts, writes } = setup();
    service.start();
    expect(service.set('alt+shift+q')).toEqual({ ok: true, accelerator: 'Alt+Shift+Q' });
    expect([...shortcuts.registered.keys()]).toEqual(['Alt+Shift+Q']);
    expect(writes).toEqual(['Alt+Shift+Q']);
    expect(service.status()).toMatchObject({ active: 'Alt+Shift+Q', chosen: 'Alt+Shift+Q' });
  });

  it('keeps the previous hotkey when the new one is taken, and says so', () => {
    const { service, shortcuts, writes } = setup({ taken: ['Control+Alt+T'] });
    service.start();
    const change = service.set('Ctrl+Alt+T');
    expect(change.ok).toBe(false);
    if (change.ok) return;
    expect(change.accelerator).toBe('CommandOrControl+Shift+Space');
    expect(change.error.code).toBe('taken');
    expect(change.error.message).toBe(
      'Ctrl+Alt+T is already used by another app or by the system. Runnel kept Ctrl+Shift+Space.',
    );
    expect([...shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+Space']);
    expect(writes).toEqual([]);
  });

  it('refuses what is not a shortcut before asking the OS', () => {
    const { service, shortcuts } = setup();
    service.start();
    const change = service.set('Shift+A');
    expect(change).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(shortcuts.registered.size).toBe(1);
  });

  it('treats an accelerator the OS cannot parse as invalid, not as a crash', () => {
    const { service, shortcuts } = setup();
    service.start();
    shortcuts.register = () => {
      throw new Error('conversion failure');
    };
    expect(service.set('Control+Alt+numdec')).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
  });

  it('setting the same combination spelled differently changes nothing', () => {
    const { service, writes } = setup();
    service.start();
    expect(service.set('cmdorctrl+shift+space')).toEqual({
      ok: true,
      accelerator: 'CommandOrControl+Shift+Space',
    });
    expect(writes).toEqual(['CommandOrControl+Shift+Space']);
  });

  it('can do without a hotkey, and says there is none when a change fails then', () => {
    const { service, shortcuts, stored } = setup({ taken: ['Control+Alt+T'] });
    service.start();
    expect(service.set(null)).toEqual({ ok: true, accelerator: null });
    expect(shortcuts.registered.size).toBe(0);
    expect(stored()).toBeNull();
    const change = service.set('Control+Alt+T');
    expect(!change.ok && change.error.message).toMatch(/Runnel has no hotkey for now/);
  });

  it('reports a hotkey the Wayland portal refused as unsupported, with the way around it', () => {
    const session = detectHotkeySession({
      platform: 'linux',
      env: { XDG_SESSION_TYPE: 'wayland', WAYLAND_DISPLAY: 'wayland-0' },
    });
    const { service } = setup({ session, taken: ['CommandOrControl+Shift+Space'] });
    const status = service.start();
    expect(status.problem?.code).toBe('unsupported');
    expect(status.problem?.message).toMatch(/runnel --quick-ask/);
    expect(status.sessionNote).toMatch(/Wayland/);
  });

  it('tells listeners (the tray) about changes, and lets every hotkey go on quit', () => {
    const { service, shortcuts } = setup();
    const seen: Array<string | null> = [];
    service.onChange((status) => seen.push(status.active));
    service.start();
    service.set('Alt+Shift+Q');
    service.dispose();
    expect(seen).toEqual(['CommandOrControl+Shift+Space', 'Alt+Shift+Q']);
    expect(shortcuts.registered.size).toBe(0);
  });
});

describe('hotkey session', () => {
  it.each([
    [{ platform: 'darwin', env: { XDG_SESSION_TYPE: 'wayland' } }, 'standard'],
    [{ platform: 'win32', env: {} }, 'standard'],
    [{ platform: 'linux', env: { XDG_SESSION_TYPE: 'x11', DISPLAY: ':0' } }, 'standard'],
    [{ platform: 'linux', env: { XDG_SESSION_TYPE: 'x11', WAYLAND_DISPLAY: 'w' } }, 'standard'],
    [{ platform: 'linux', env: { XDG_SESSION_TYPE: 'wayland' } }, 'wayland-portal'],
    [{ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } }, 'wayland-portal'],
    [{ platform: 'linux', env: { XDG_SESSION_TYPE: 'wayland' }, ozonePlatform: 'x11' }, 'xwayland'],
    [
      {
        platform: 'linux',
        env: { XDG_SESSION_TYPE: 'wayland', ELECTRON_OZONE_PLATFORM_HINT: 'x11' },
      },
      'xwayland',
    ],
  ])('%j is %s', (facts, kind) => {
    const session = detectHotkeySession(facts);
    expect(session.kind).toBe(kind);
    expect(session.note === null).toBe(kind === 'standard');
  });

  it('explains XWayland in words', () => {
    const session = detectHotkeySession({
      platform: 'linux',
      env: { XDG_SESSION_TYPE: 'wayland' },
      ozonePlatform: 'x11',
    });
    expect(session.note).toMatch(/only works while another X11 app has the focus/);
    expect(session.note).toMatch(/runnel --quick-ask/);
  });

  it('is suspended while any window records a hotkey, and resumes when it stops or goes away', () => {
    const { service, shortcuts } = setup();
    service.start();
    service.recording(1, true);
    expect(shortcuts.isSuspended()).toBe(true);
    service.recording(2, true);
    service.recording(1, false);
    expect(shortcuts.isSuspended()).toBe(true);
    service.windowGone(2);
    expect(shortcuts.isSuspended()).toBe(false);
    service.recording(1, true);
    service.windowGone(1);
    expect(shortcuts.isSuspended()).toBe(false);
    // Registration is untouched throughout.
    expect([...shortcuts.registered.keys()]).toEqual(['CommandOrControl+Shift+Space']);
  });
});
