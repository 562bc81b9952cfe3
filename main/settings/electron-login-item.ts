/** Applies the start-at-login preference: Electron's login items, or an XDG autostart file on Linux. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app } from 'electron';
import { HIDDEN_SWITCH } from '../windows/launch-intent';
import { autostartEntry, autostartPath } from './login-item';

export function applyStartAtLogin(enabled: boolean): void {
  if (process.platform !== 'linux') {
    // `args` is read on Windows; macOS tells the app instead (wasOpenedAtLogin).
    app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_SWITCH] });
    return;
  }
  const file = autostartPath(process.env, os.homedir());
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  const executable = process.env.APPIMAGE ?? process.execPath;
  const args = app.isPackaged ? [] : [app.getAppPath()];
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, autostartEntry({ executable, args }), { mode: 0o644 });
}

/** Whether this launch is the login item's (so Runnel starts in the tray, without a window). */
export const openedAtLogin = (): boolean =>
  process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
