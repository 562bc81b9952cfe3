import { describe, expect, it } from 'vitest';
import { createSystemTray, type TrayInstance } from '../../../../main/tray/system-tray';
import { trayMenuModel, type TrayAction, type TrayMenuItem } from '../../../../main/tray/tray-menu';

const labels = (items: TrayMenuItem[]) =>
  items.map((item) => (item.type === 'separator' ? '—' : item.label));

describe('tray menu', () => {
  it('offers Open Runnel, Quick Ask and Quit', () => {
    expect(labels(trayMenuModel({ hotkey: null, platform: 'win32' }))).toEqual([
      'Open Runnel',
      'Quick Ask',
      '—',
      'Quit Runnel',
    ]);
  });

  it('shows the hotkey beside Quick Ask where menus draw accelerators', () => {
    const quickAsk = trayMenuModel({
      hotkey: 'CommandOrControl+Shift+Space',
      platform: 'darwin',
    })[1];
    expect(quickAsk).toMatchObject({
      label: 'Quick Ask',
      accelerator: 'CommandOrControl+Shift+Space',
    });
  });

  it('puts the hotkey in the label on Linux, whose tray menus draw none', () => {
    const quickAsk = trayMenuModel({
      hotkey: 'CommandOrControl+Shift+Space',
      platform: 'linux',
    })[1];
    expect(quickAsk).toMatchObject({ label: 'Quick Ask (Ctrl+Shift+Space)', accelerator: null });
  });
});

/** A stand-in for Electron's Tray: the menu it was given is the model itself. */
function fakeTray() {
  const state = {
    menus: [] as TrayMenuItem[][],
    tooltip: '',
    click: null as null | (() => void),
    destroyed: 0,
    onAction: null as null | ((action: TrayAction) => void),
  };
  const instance: TrayInstance<TrayMenuItem[]> = {
    setContextMenu: (menu) => state.menus.push(menu),
    setToolTip: (text) => (state.tooltip = text),
    onClick: (listener) => (state.click = listener),
    destroy: () => (state.destroyed += 1),
  };
  return { state, instance };
}

describe('system tray', () => {
  it('runs the action of each item, updates the hotkey shown, and is destroyed once', () => {
    const { state, instance } = fakeTray();
    const ran: TrayAction[] = [];
    const tray = createSystemTray(
      {
        createTrayInstance: () => instance,
        buildMenu: (items, onAction) => {
          state.onAction = onAction;
          return items;
        },
        platform: 'linux',
        actions: {
          open: () => ran.push('open'),
          quickAsk: () => ran.push('quickAsk'),
          quit: () => ran.push('quit'),
        },
      },
      'CommandOrControl+Shift+Space',
    );
    expect(state.tooltip).toBe('Runnel: Ctrl+Shift+Space to ask');
    state.onAction?.('quickAsk');
    state.onAction?.('quit');
    state.click?.();
    expect(ran).toEqual(['quickAsk', 'quit', 'open']);

    tray.showHotkey('Alt+Shift+Q');
    expect(labels(state.menus.at(-1)!)[1]).toBe('Quick Ask (Alt+Shift+Q)');
    tray.showHotkey(null);
    expect(labels(state.menus.at(-1)!)[1]).toBe('Quick Ask');
    expect(state.tooltip).toBe('Runnel');
    tray.destroy();
    tray.destroy();
    tray.showHotkey('Alt+Shift+Z');
    expect(state.destroyed).toBe(1);
    expect(state.menus).toHaveLength(3);
  });
});

describe('system tray on macOS', () => {
  it('leaves a click to show the menu, without also opening the window', () => {
    const { state, instance } = fakeTray();
    createSystemTray(
      {
        createTrayInstance: () => instance,
        buildMenu: (items) => items,
        platform: 'darwin',
        actions: { open: () => {}, quickAsk: () => {}, quit: () => {} },
      },
      null,
    );
    expect(state.click).toBeNull();
  });
});
