/**
 * Start at login. macOS and Windows have a login-item API (Electron's setLoginItemSettings); Linux
 * has none, so Runnel writes an XDG autostart entry instead. This file decides what to write where;
 * electron-login-item.ts does it. Electron-free.
 */
import path from 'node:path';
import { HIDDEN_SWITCH } from '../windows/launch-intent';

export interface LaunchCommand {
  /** The program to start: the app, or inside an AppImage the AppImage itself (its mount moves). */
  executable: string;
  /** Arguments before Runnel's own (the app folder, when run unpackaged). */
  args: readonly string[];
}

/** `$XDG_CONFIG_HOME/autostart/runnel.desktop`, defaulting to `~/.config`. */
export function autostartPath(env: Readonly<Record<string, string | undefined>>, home: string) {
  const config =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : path.join(home, '.config');
  return path.join(config, 'autostart', 'runnel.desktop');
}

/** Quotes one Exec argument as the Desktop Entry spec asks: reserved characters inside "…". */
export function quoteExecArgument(argument: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(argument)) return argument;
  // Inside quotes, ", `, $ and \ are escaped with a backslash; % is doubled everywhere.
  return `"${argument.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
}

export function autostartEntry(command: LaunchCommand): string {
  const exec = [command.executable, ...command.args, HIDDEN_SWITCH]
    .map(quoteExecArgument)
    .join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Runnel',
    'Comment=Start Runnel in the tray, ready for its quick-ask hotkey',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
