/** Applies the start-at-login preference: Electron's login items, or an XDG autostart file on Linux. */
import os from 'node:os';
import { app } from 'electron';
import { HIDDEN_SWITCH } from '../windows/launch-intent';
import { autostartPath, loginItemFailure, setAutostartEntry } from './login-item';

/** Throws a LoginItemError (cause and next step in its message) when the system does not take it. */
export function applyStartAtLogin(enabled: boolean): void {
  if (process.platform !== 'linux') {
    // `args` is read on Windows; macOS tells the app instead (wasOpenedAtLogin).
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_SWITCH] });
    // Neither system throws; a refusal (macOS waiting for the user's approval, a policy on Windows)
    // only shows when reading the setting back.
    const now = app.getLoginItemSettings({ args: [HIDDEN_SWITCH] });
    if (now.openAtLogin !== enabled) {
      const pending = 'status' in now && now.status === 'requires-approval';
      throw loginItemFailure({
        enabled,
        platform: process.platform,
        cause: pending ? 'macOS is waiting for you to allow it' : null,
      });
    }
    return;
  }
  setAutostartEntry(enabled, {
    file: autostartPath(process.env, os.homedir()),
    command: {
      executable: process.env.APPIMAGE ?? process.execPath,
      args: app.isPackaged ? [] : [app.getAppPath()],
    },
  });
}

/** Whether this launch is the login item's (so Runnel starts in the tray, without a window). */
export const openedAtLogin = (): boolean =>
  process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
