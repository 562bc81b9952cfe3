import { describe, expect, it } from 'vitest';
import { displayAccelerator, parseAccelerator } from '../../../../main/hotkey/accelerator';

const accelerator = (text: string, platform = 'linux'): string | null => {
  const parsed = parseAccelerator(text, platform);
  return parsed.ok ? parsed.accelerator : null;
};

describe('accelerator parsing', () => {
  it.each([
    ['CommandOrControl+Shift+Space', 'CommandOrControl+Shift+Space'],
    ['cmdorctrl+shift+space', 'CommandOrControl+Shift+Space'],
    ['Shift+Ctrl+k', 'Control+Shift+K'],
    ['Alt+Option+x', null],
    ['Ctrl+Alt+Return', 'Control+Alt+Enter'],
    ['ctrl+alt+esc', 'Control+Alt+Escape'],
    ['Super+Space', 'Super+Space'],
    ['Meta+Space', 'Super+Space'],
    ['Ctrl++', 'Control+Plus'],
    ['Ctrl+Plus', 'Control+Plus'],
    ['Alt+/', 'Alt+/'],
    ['F13', 'F13'],
    ['Shift+F5', 'Shift+F5'],
    ['MediaPlayPause', 'MediaPlayPause'],
    [' Control + Alt + 1 ', 'Control+Alt+1'],
  ])('%s → %s', (text, expected) => {
    expect(accelerator(text)).toBe(expected);
  });

  it.each([
    ['', /Press a combination/],
    ['K', /stop you typing/],
    ['Shift+K', /with Shift would stop you typing/],
    ['Ctrl+Shift', /Add a key/],
    ['Ctrl+K+J', /two keys/],
    ['Ctrl+Ctrl+K', /twice/],
    ['K+Ctrl', /modifiers must come before/],
    ['Ctrl+Hyper', /not a key/],
    ['CommandOrControl+Control+K', /together with/],
    ['Command+K', /only on macOS/],
  ])('refuses %j with a reason', (text, reason) => {
    const parsed = parseAccelerator(text, 'win32');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(reason);
  });

  it('accepts Command on macOS', () => {
    expect(accelerator('Cmd+Shift+Space', 'darwin')).toBe('Command+Shift+Space');
  });

  it('shows the hotkey as each platform writes it', () => {
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'darwin')).toBe('⇧⌘Space');
    expect(displayAccelerator('Control+Alt+K', 'darwin')).toBe('⌃⌥K');
    expect(displayAccelerator('CommandOrControl+Shift+Space', 'linux')).toBe('Ctrl+Shift+Space');
    expect(displayAccelerator('Super+Space', 'win32')).toBe('Win+Space');
    expect(displayAccelerator('not a thing', 'linux')).toBe('not a thing');
  });
});
