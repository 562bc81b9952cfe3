/**
 * Who may call main: only the main frame of one of our own windows, showing our own app:// origin
 * (VS Code's validatedIpcMain). An iframe, a foreign page or a stray webContents is refused.
 */
export const APP_ORIGIN = 'app://runnel';

export interface SenderFacts {
  /** The webContents id of the sender. */
  windowId: number;
  /** The URL of the frame that sent the message, or null once that frame is gone. */
  frameUrl: string | null;
  isMainFrame: boolean;
}

export function isTrustedSender(
  sender: SenderFacts,
  ourWindows: ReadonlySet<number>,
  origin = APP_ORIGIN,
): boolean {
  if (!sender.isMainFrame || sender.frameUrl === null || !ourWindows.has(sender.windowId))
    return false;
  try {
    // WHATWG URL gives custom schemes an opaque origin ("null"), so compare scheme and host instead.
    const url = new URL(sender.frameUrl);
    return `${url.protocol}//${url.host}` === origin;
  } catch {
    return false;
  }
}
