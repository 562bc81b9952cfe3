import { describe, expect, it } from 'vitest';
import {
  displayAccelerator,
  keyOf,
  recordKey,
  type KeyPress,
} from '../../../../renderer/src/settings/recorder-keys';
import { parseAccelerator } from '../../../../main/hotkey/accelerator';

const press = (code: string, held: Partial<KeyPress> = {}): KeyPress => ({
  key: '',
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...held,
});

describe('hotkey recorder keys', () => {
  it('shows the modifiers as they are held, before the key completes the combination', () => {
    expect(recordKey(press('ControlLeft', { ctrlKey: true }), false)).toEqual({
      parts: ['CommandOrControl'],
      accelerator: null,
    });
    expect(recordKey(press('ShiftLeft', { ctrlKey: true, shiftKey: true }), false)).toEqual({
      parts: ['CommandOrControl', 'Shift'],
      accelerator: null,
    });
    expect(recordKey(press('Space', { ctrlKey: true, shiftKey: true }), false).accelerator).toBe(
      'CommandOrControl+Shift+Space',
    );
  });

  it('records ⌘ on macOS and Ctrl elsewhere as CommandOrControl; Ctrl on macOS and the Windows key stay themselves', () => {
    expect(recordKey(press('KeyK', { metaKey: true }), true).accelerator).toBe(
      'CommandOrControl+K',
    );
    expect(recordKey(press('KeyK', { ctrlKey: true }), true).accelerator).toBe('Control+K');
    expect(recordKey(press('KeyK', { metaKey: true, altKey: true }), false).accelerator).toBe(
      'Super+Alt+K',
    );
  });

  it('reads the physical key, whatever the layout types', () => {
    expect(keyOf('KeyQ')).toBe('Q');
    expect(keyOf('Digit7')).toBe('7');
    expect(keyOf('Numpad7')).toBe('num7');
    expect(keyOf('F13')).toBe('F13');
    expect(keyOf('ArrowUp')).toBe('Up');
    expect(keyOf('Slash')).toBe('/');
    expect(keyOf('MetaRight')).toBeNull();
    expect(keyOf('IntlRo')).toBeNull();
  });

  it('makes accelerators main accepts as they are', () => {
    for (const code of ['KeyA', 'Digit1', 'Space', 'Enter', 'F5', 'Backquote', 'NumpadAdd']) {
      const { accelerator } = recordKey(press(code, { ctrlKey: true, altKey: true }), false);
      const parsed = parseAccelerator(accelerator!, 'linux');
      expect(parsed.ok && parsed.accelerator).toBe(accelerator);
    }
  });

  it('displays as each platform writes it', () => {
    expect(displayAccelerator('CommandOrControl+Shift+Space', true)).toBe('⇧⌘Space');
    expect(displayAccelerator('CommandOrControl+Shift+Space', false)).toBe('Ctrl+Shift+Space');
    expect(displayAccelerator('Control+Plus', false)).toBe('Ctrl+Plus');
  });
});
