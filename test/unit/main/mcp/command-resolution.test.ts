import { describe, expect, it } from 'vitest';
import { resolveCommand, type CommandLookup } from '../../../../main/mcp/command-resolution';

/** A made-up disk: the files listed exist, nothing else does. */
function lookup(files: string[], overrides: Partial<CommandLookup>): CommandLookup {
  const disk = new Set(files.map((file) => file.toLowerCase()));
  return {
    platform: 'linux',
    searchPath: '',
    cwd: '/home/ada',
    isFile: async (file) => disk.has(file.toLowerCase()),
    ...overrides,
  };
}

describe('finding a server’s command as a shell would', () => {
  it('finds npx.cmd on Windows through PATHEXT, in PATH order', async () => {
    const found = await resolveCommand(
      'npx',
      lookup(['C:\\Program Files\\nodejs\\npx.cmd', 'C:\\Program Files\\nodejs\\npx'], {
        platform: 'win32',
        searchPath:
          'C:\\Windows\\system32;"C:\\Program Files\\nodejs";C:\\Users\\ada\\AppData\\Roaming\\npm',
        pathExt: '.COM;.EXE;.BAT;.CMD',
        cwd: 'C:\\Users\\ada',
      }),
    );
    // The extensionless `npx` (a shell script for Git Bash) is not runnable on Windows; the .cmd is.
    expect(found).toEqual({ ok: true, path: 'C:\\Program Files\\nodejs\\npx.cmd' });
  });

  it('prefers .exe over .cmd in one folder, as PATHEXT orders them, and takes a named extension as it is', async () => {
    const files = ['C:\\tools\\uvx.exe', 'C:\\tools\\uvx.cmd', 'C:\\tools\\server.bat'];
    const windows = { platform: 'win32' as const, searchPath: 'C:\\tools', cwd: 'C:\\' };
    expect(await resolveCommand('uvx', lookup(files, windows))).toEqual({
      ok: true,
      path: 'C:\\tools\\uvx.exe',
    });
    expect(await resolveCommand('server.bat', lookup(files, windows))).toEqual({
      ok: true,
      path: 'C:\\tools\\server.bat',
    });
    expect(
      await resolveCommand('.\\server', lookup(files, { ...windows, cwd: 'C:\\tools' })),
    ).toEqual({ ok: true, path: 'C:\\tools\\server.bat' });
  });

  it('uses PATHEXT’s default when it is unset', async () => {
    const found = await resolveCommand(
      'npx',
      lookup(['C:\\node\\npx.cmd'], { platform: 'win32', searchPath: 'C:\\node' }),
    );
    expect(found).toEqual({ ok: true, path: 'C:\\node\\npx.cmd' });
  });

  it('searches PATH on macOS and Linux and takes a relative path from the working folder', async () => {
    const files = ['/opt/homebrew/bin/npx', '/home/ada/servers/run.sh'];
    const unix = { searchPath: '/usr/bin:/bin:/opt/homebrew/bin' };
    expect(await resolveCommand('npx', lookup(files, unix))).toEqual({
      ok: true,
      path: '/opt/homebrew/bin/npx',
    });
    expect(await resolveCommand('./servers/run.sh', lookup(files, unix))).toEqual({
      ok: true,
      path: '/home/ada/servers/run.sh',
    });
  });

  it('names the command, the folders searched and where PATH came from when it is not found', async () => {
    const found = await resolveCommand(
      'npx',
      lookup([], {
        searchPath: '/usr/bin:/bin:/usr/sbin:/sbin',
        pathSource:
          "the login shell's PATH could not be read (/bin/zsh did not answer within 5 s), so Runnel's own PATH was used",
      }),
    );
    expect(found.ok).toBe(false);
    if (found.ok) return;
    expect(found.code).toBe('command-not-found');
    expect(found.message).toBe(
      "Could not start “npx”: command not found on PATH (searched /usr/bin, /bin, /usr/sbin, /sbin; the login shell's PATH could not be read (/bin/zsh did not answer within 5 s), so Runnel's own PATH was used). Install it, or give its full path as the command.",
    );
  });

  it('says when a path given as the command does not exist, and when PATH is empty', async () => {
    const missing = await resolveCommand('/opt/mcp/server', lookup([], {}));
    expect(!missing.ok && missing.message).toBe(
      "Could not start “/opt/mcp/server”: there is no such file (looked for /opt/mcp). Check the path in the server's command.",
    );
    const empty = await resolveCommand('uvx', lookup([], { searchPath: '' }));
    expect(!empty.ok && empty.message).toContain('command not found on PATH (PATH is empty)');
  });
});
