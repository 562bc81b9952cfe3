/**
 * Whether this desktop session can give Runnel a truly global hotkey, and what to tell the user when
 * it cannot. Electron-free: it reads the facts it is handed.
 *
 * X11, Windows and macOS let an app grab a combination. Wayland does not: a native Wayland client
 * must ask the desktop through the GlobalShortcuts portal (KDE Plasma 6, GNOME 48 or later,
 * Hyprland; Runnel enables Chromium's portal support), and an app run through XWayland only sees its
 * combination while another X11 app has the focus. In both cases the tray and `runnel --quick-ask`
 * still open the window.
 */

export type HotkeySessionKind = 'standard' | 'wayland-portal' | 'xwayland';

export interface HotkeySession {
  kind: HotkeySessionKind;
  /** A caveat to show beside the hotkey setting; null where hotkeys simply work. */
  note: string | null;
}

export interface SessionFacts {
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `--ozone-platform` as Electron was started with, if at all. */
  ozonePlatform?: string;
}

const FALLBACK =
  'The tray icon and `runnel --quick-ask` (which you can bind to a shortcut in your desktop’s keyboard settings) open quick ask as well.';

export function detectHotkeySession({ platform, env, ozonePlatform }: SessionFacts): HotkeySession {
  if (platform !== 'linux') return { kind: 'standard', note: null };
  const sessionType = env.XDG_SESSION_TYPE?.toLowerCase();
  const wayland = sessionType === 'wayland' || (sessionType !== 'x11' && !!env.WAYLAND_DISPLAY);
  if (!wayland) return { kind: 'standard', note: null };
  const ozone = (ozonePlatform || env.ELECTRON_OZONE_PLATFORM_HINT || '').toLowerCase();
  if (ozone === 'x11') {
    return {
      kind: 'xwayland',
      note: `This is a Wayland session and Runnel runs through XWayland, so its hotkey only works while another X11 app has the focus. ${FALLBACK}`,
    };
  }
  return {
    kind: 'wayland-portal',
    note: `This is a Wayland session: the hotkey goes through your desktop’s GlobalShortcuts portal (KDE Plasma 6, GNOME 48 or later, Hyprland), which may ask you to confirm it. ${FALLBACK}`,
  };
}

/** Why a registration the OS refused failed, as well as this session can tell. */
export function refusalReason(
  session: HotkeySession,
  shown: string,
): { code: 'taken' | 'unsupported'; message: string } {
  if (session.kind === 'wayland-portal') {
    // The portal refuses for a missing backend and for a taken combination alike.
    return {
      code: 'unsupported',
      message: `This Wayland desktop did not grant ${shown}: it may not offer the GlobalShortcuts portal, or another app holds the combination. ${FALLBACK}`,
    };
  }
  return {
    code: 'taken',
    message: `${shown} is already used by another app or by the system.`,
  };
}
