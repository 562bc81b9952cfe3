/**
 * What closing the chat window means. Electron-free.
 *
 * The hidden quick-ask window keeps Electron's `window-all-closed` from ever firing, so quitting after
 * the chat window closes is decided here, explicitly.
 */
export interface CloseFacts {
  closeToTray: boolean;
  /** A tray icon exists to bring the window back. */
  trayShown: boolean;
  /** The user chose Quit (tray, menu, Cmd+Q): nothing is kept. */
  quitting: boolean;
}

/** `hide`: keep the window (and its streams) alive in the tray; `close`: let it go. */
export const chatWindowCloseAction = ({ closeToTray, trayShown, quitting }: CloseFacts) =>
  !quitting && closeToTray && trayShown ? ('hide' as const) : ('close' as const);

/** macOS apps stay in the Dock without windows; elsewhere a closed chat window quits Runnel. */
export const quitAfterChatWindowClosed = (platform: string): boolean => platform !== 'darwin';
