/**
 * Start at login. macOS and Windows have a login-item API (Electron's setLoginItemSettings); Linux
 * has none, so Runnel writes an XDG autostart entry instead. This file decides what to write where;
 * electron-login-item.ts does it. Electron-free.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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

/** Start at login could not be changed; the message says why and what to do instead. */
export class LoginItemError extends Error {}

/**
 * The sentence for a login item that could not be changed: the cause as the system gave it, and the
 * place where the user can do it by hand.
 */
export function loginItemFailure(options: {
  enabled: boolean;
  platform: NodeJS.Platform;
  /** The system's own words (an errno message), or null when it refused without saying why. */
  cause: string | null;
  /** Linux only: the autostart entry Runnel writes. */
  autostartFile?: string;
}): LoginItemError {
  const { enabled, platform, cause } = options;
  const what = enabled ? 'turned on' : 'turned off';
  const because = cause ? ` (${cause})` : '';
  if (platform === 'linux') {
    const file = options.autostartFile ?? 'the autostart entry';
    const action = enabled ? 'write' : 'remove';
    return new LoginItemError(
      `Start at login could not be ${what}: Runnel could not ${action} ${file}${because}. ` +
        `Check that you can write to that folder, or ${enabled ? 'add' : 'remove'} Runnel in your ` +
        `desktop's startup applications yourself.`,
    );
  }
  const where =
    platform === 'darwin'
      ? 'System Settings > General > Login Items'
      : 'Settings > Apps > Startup (or Task Manager > Startup apps)';
  return new LoginItemError(
    `Start at login could not be ${what}: the system did not accept the change${because}. ` +
      `You can ${enabled ? 'allow' : 'turn off'} Runnel in ${where}.`,
  );
}

/** Linux: writes (or removes) the XDG autostart entry; a refusal throws a LoginItemError. */
export function setAutostartEntry(
  enabled: boolean,
  options: { file: string; command: LaunchCommand },
): void {
  const { file, command } = options;
  try {
    if (!enabled) {
      rmSync(file, { force: true });
      return;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, autostartEntry(command), { mode: 0o644 });
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    throw loginItemFailure({ enabled, platform: 'linux', cause, autostartFile: file });
  }
}
