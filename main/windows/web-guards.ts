/**
 * Locks a window's web contents down: no navigation away from the app, no new windows (http(s) links
 * go to the system browser instead), no webviews, and every permission refused but writing text to
 * the clipboard (the copy buttons).
 */
import { shell, type Session, type WebContents } from 'electron';
import { safeExternalUrl } from './external-links';

const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
}

export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url);
    if (safe) void shell.openExternal(safe);
    return { action: 'deny' };
  });
}
