/**
 * What the hotkey recorder makes of a key press: the combination held so far, to show as it is
 * pressed, and the Electron accelerator once a non-modifier key completes it. Pure, so it is tested
 * without a browser. main validates the result again before registering it.
 *
 * Keys are read from `event.code` (the physical key), as global shortcuts are matched by position.
 * The primary modifier (⌘ on macOS, Ctrl elsewhere) is recorded as `CommandOrControl`, so the same
 * settings work on every platform.
 */

export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export interface Recorded {
  /** The accelerator's parts held so far, modifiers first: what the recorder shows. */
  parts: string[];
  /** The whole accelerator once a key (not only modifiers) was pressed. */
  accelerator: string | null;
}

const MODIFIER_CODES = /^(Control|Shift|Alt|Meta|OS)(Left|Right)?$|^AltGraph$|^Fn$/;

const NAMED: Record<string, string> = {
  Space: 'Space',
  Enter: 'Enter',
  NumpadEnter: 'Enter',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  Escape: 'Escape',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
  NumpadDecimal: 'numdec',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  PrintScreen: 'PrintScreen',
  MediaPlayPause: 'MediaPlayPause',
  MediaTrackNext: 'MediaNextTrack',
  MediaTrackPrevious: 'MediaPreviousTrack',
  MediaStop: 'MediaStop',
  AudioVolumeUp: 'VolumeUp',
  AudioVolumeDown: 'VolumeDown',
  AudioVolumeMute: 'VolumeMute',
};

export function keyOf(code: string): string | null {
  if (MODIFIER_CODES.test(code)) return null;
  const letter = /^Key([A-Z])$/.exec(code);
  if (letter) return letter[1] ?? null;
  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (digit) return code.startsWith('Numpad') ? `num${digit[1]}` : (digit[1] ?? null);
  if (/^F([1-9]|1\d|2[0-4])$/.test(code)) return code;
  return NAMED[code] ?? null;
}

export function recordKey(event: KeyPress, mac: boolean): Recorded {
  const parts: string[] = [];
  if (mac ? event.metaKey : event.ctrlKey) parts.push('CommandOrControl');
  if (mac && event.ctrlKey) parts.push('Control');
  if (!mac && event.metaKey) parts.push('Super');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey) parts.push('Shift');
  const key = keyOf(event.code);
  if (key === null) return { parts, accelerator: null };
  return { parts: [...parts, key], accelerator: [...parts, key].join('+') };
}

const MAC_SYMBOLS: Record<string, string> = {
  CommandOrControl: '⌘',
  Command: '⌘',
  Super: '⌘',
  Control: '⌃',
  Alt: '⌥',
  AltGr: '⌥',
  Shift: '⇧',
};
const MAC_ORDER = ['Control', 'Alt', 'AltGr', 'Shift', 'CommandOrControl', 'Command', 'Super'];
const NAMES: Record<string, string> = { CommandOrControl: 'Ctrl', Control: 'Ctrl', Command: 'Cmd' };

/** A combination as people read it here: `⇧⌘Space` on macOS, `Ctrl+Shift+Space` elsewhere. */
export function displayParts(parts: readonly string[], mac: boolean): string {
  const modifiers = parts.filter((part) => part in MAC_SYMBOLS);
  const keys = parts.filter((part) => !(part in MAC_SYMBOLS));
  if (mac) {
    const ordered = MAC_ORDER.filter((m) => modifiers.includes(m)).map((m) => MAC_SYMBOLS[m]);
    return [...ordered, ...keys].join('');
  }
  return [...modifiers.map((m) => NAMES[m] ?? m), ...keys].join('+');
}

export const displayAccelerator = (accelerator: string, mac: boolean): string =>
  displayParts(accelerator.split(/\+(?!$)/), mac);

export const isMac = (): boolean => /Mac/i.test(navigator.userAgent);
