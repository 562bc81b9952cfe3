/**
 * Electron accelerators (`CommandOrControl+Shift+Space`) as Runnel accepts them for a global hotkey:
 * parsed case-insensitively, aliases folded into one spelling, modifiers in one order, so two spellings
 * of the same combination compare equal. Electron-free.
 *
 * A global hotkey steals its combination from every other app, so a plain letter or Shift+letter is
 * refused: it would stop people typing. Function and media keys may stand alone.
 */

export type Platform = 'darwin' | 'win32' | 'linux' | (string & {});

type Modifier = 'CommandOrControl' | 'Command' | 'Control' | 'Alt' | 'AltGr' | 'Shift' | 'Super';

/** The canonical order, which is also the order people read them in. */
const MODIFIER_ORDER: readonly Modifier[] = [
  'CommandOrControl',
  'Command',
  'Control',
  'Super',
  'Alt',
  'AltGr',
  'Shift',
];

const MODIFIER_ALIASES: Record<string, Modifier> = {
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  command: 'Command',
  cmd: 'Command',
  control: 'Control',
  ctrl: 'Control',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  // Electron treats Meta as Super on Windows and Linux and as Command on macOS; one name is enough.
  meta: 'Super',
};

const NAMED_KEYS = [
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Plus',
  'PrintScreen',
  'Capslock',
  'Numlock',
  'Scrolllock',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
] as const;

const KEY_ALIASES: Record<string, string> = {
  ...Object.fromEntries(NAMED_KEYS.map((key) => [key.toLowerCase(), key])),
  return: 'Enter',
  esc: 'Escape',
  del: 'Delete',
  ins: 'Insert',
  arrowup: 'Up',
  arrowdown: 'Down',
  arrowleft: 'Left',
  arrowright: 'Right',
};

/** Punctuation Electron accepts as a key, on a US layout. `+` is spelled `Plus`. */
const PUNCTUATION = new Set([...'`~!@#$%^&*()-_=[]{}\\|;:\'",.<>/?']);

const STANDALONE = /^(F([1-9]|1\d|2[0-4])|Media\w+|Volume\w+)$/;

export type AcceleratorParse =
  | { ok: true; accelerator: string; modifiers: readonly Modifier[]; key: string }
  | { ok: false; message: string };

const fail = (message: string): AcceleratorParse => ({ ok: false, message });

function parseKey(raw: string): string | null {
  if (/^[a-z]$/i.test(raw)) return raw.toUpperCase();
  if (/^[0-9]$/.test(raw)) return raw;
  const fn = /^f([1-9]|1\d|2[0-4])$/i.exec(raw);
  if (fn) return `F${fn[1]}`;
  if (PUNCTUATION.has(raw)) return raw;
  return KEY_ALIASES[raw.toLowerCase()] ?? null;
}

export function parseAccelerator(text: string, platform: Platform): AcceleratorParse {
  const trimmed = text.trim();
  if (trimmed === '') return fail('Press a combination of keys.');
  // `Ctrl++` means Ctrl and the plus key: split on '+' only between parts.
  const parts = trimmed === '+' ? ['+'] : trimmed.split(/\+(?!$)/).map((part) => part.trim());
  const modifiers = new Set<Modifier>();
  let key: string | null = null;
  for (const part of parts) {
    if (part === '') return fail(`"${trimmed}" is not a shortcut: a part is empty.`);
    const modifier = MODIFIER_ALIASES[part.toLowerCase()];
    if (modifier) {
      if (key !== null) return fail(`In "${trimmed}" the modifiers must come before the key.`);
      if (modifiers.has(modifier)) return fail(`"${trimmed}" names ${modifier} twice.`);
      modifiers.add(modifier);
      continue;
    }
    if (key !== null) return fail(`"${trimmed}" has two keys (${key} and ${part}); use one.`);
    const parsed = parseKey(part === '+' ? 'Plus' : part);
    if (!parsed) return fail(`"${part}" is not a key Runnel knows.`);
    key = parsed;
  }
  if (key === null) return fail('Add a key to the modifiers, for example Space.');
  if (platform !== 'darwin' && modifiers.has('Command')) {
    return fail('Command exists only on macOS; use Control or CommandOrControl.');
  }
  if (modifiers.has('CommandOrControl') && (modifiers.has('Command') || modifiers.has('Control'))) {
    return fail(`"${trimmed}" names CommandOrControl together with Command or Control.`);
  }
  const strong = [...modifiers].some((modifier) => modifier !== 'Shift');
  if (!strong && !STANDALONE.test(key)) {
    return fail(
      `${key} alone${modifiers.size ? ' with Shift' : ''} would stop you typing it anywhere else: add Control, Alt or another modifier.`,
    );
  }
  const ordered = MODIFIER_ORDER.filter((modifier) => modifiers.has(modifier));
  return { ok: true, accelerator: [...ordered, key].join('+'), modifiers: ordered, key };
}

const MAC_SYMBOLS: Record<Modifier, string> = {
  CommandOrControl: '⌘',
  Command: '⌘',
  Control: '⌃',
  Super: '⌘',
  Alt: '⌥',
  AltGr: '⌥',
  Shift: '⇧',
};

/** How a menu or a sentence shows the hotkey on this platform: `⌘⇧Space`, `Ctrl+Shift+Space`. */
export function displayAccelerator(accelerator: string, platform: Platform): string {
  const parsed = parseAccelerator(accelerator, platform);
  if (!parsed.ok) return accelerator;
  if (platform === 'darwin') {
    // macOS lists its modifiers as ⌃⌥⇧⌘ regardless of how they were typed.
    const macOrder: readonly Modifier[] = [
      'Control',
      'Alt',
      'AltGr',
      'Shift',
      'CommandOrControl',
      'Command',
      'Super',
    ];
    const symbols = macOrder.filter((m) => parsed.modifiers.includes(m)).map((m) => MAC_SYMBOLS[m]);
    return `${symbols.join('')}${parsed.key}`;
  }
  const names: Record<Modifier, string> = {
    CommandOrControl: 'Ctrl',
    Command: 'Cmd',
    Control: 'Ctrl',
    Super: platform === 'win32' ? 'Win' : 'Super',
    Alt: 'Alt',
    AltGr: 'AltGr',
    Shift: 'Shift',
  };
  return [...parsed.modifiers.map((modifier) => names[modifier]), parsed.key].join('+');
}
