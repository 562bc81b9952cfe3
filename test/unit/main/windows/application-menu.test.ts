import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate } from '../../../../main/windows/application-menu';
import { DEVELOPER_ROLES, rolesIn } from '../../../support/electron-stand-in';

describe('the application menu', () => {
  it.each(['darwin', 'linux', 'win32'] as const)(
    'has Edit and no developer items in an installed build on %s',
    (platform) => {
      const roles = rolesIn(applicationMenuTemplate({ platform, developerTools: false }));
      expect(roles).toEqual(expect.arrayContaining(['editMenu', 'windowMenu', 'zoomIn']));
      for (const role of DEVELOPER_ROLES) expect(roles).not.toContain(role);
    },
  );

  it("keeps macOS's app menu (About, Hide, Quit) first, and File elsewhere", () => {
    expect(applicationMenuTemplate({ platform: 'darwin', developerTools: false })[0]).toEqual({
      role: 'appMenu',
    });
    expect(applicationMenuTemplate({ platform: 'linux', developerTools: false })[0]).toEqual({
      role: 'fileMenu',
    });
  });

  it('adds Reload and DevTools in a development run', () => {
    const roles = rolesIn(applicationMenuTemplate({ platform: 'linux', developerTools: true }));
    expect(roles).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });
});
