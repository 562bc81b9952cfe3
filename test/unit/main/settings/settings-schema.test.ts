/**
 * The settings schema's bounds for the tool loop's limits (issue 27): the time limit per tool call is
 * 5–600 s and the rounds per answer 1–50, both at rest and through the IPC request that saves them;
 * settings written before the limits existed stay valid.
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher, type IpcHandlers } from '../../../../main/ipc/handler-table';
import { defaultSettings, settingsDataSchema } from '../../../../main/settings/settings-schema';

const withPreferences = (patch: Record<string, unknown>) => {
  const settings = defaultSettings();
  return { ...settings, preferences: { ...settings.preferences, ...patch } };
};

describe('tool limits in settings', () => {
  it('accepts the bounds, and settings without the limits', () => {
    for (const patch of [
      { toolCallTimeoutSec: 5, toolMaxSteps: 1 },
      { toolCallTimeoutSec: 600, toolMaxSteps: 50 },
      {},
    ]) {
      expect(settingsDataSchema.safeParse(withPreferences(patch)).success).toBe(true);
    }
  });

  it('refuses values outside the bounds or not whole', () => {
    for (const patch of [
      { toolCallTimeoutSec: 4 },
      { toolCallTimeoutSec: 601 },
      { toolCallTimeoutSec: 30.5 },
      { toolMaxSteps: 0 },
      { toolMaxSteps: 51 },
    ]) {
      expect(settingsDataSchema.safeParse(withPreferences(patch)).success).toBe(false);
    }
  });

  it('an out-of-range save from a window is refused with the field named, and never stored', async () => {
    const saved: unknown[] = [];
    const handlers = {
      'runnel:settings:updatePreferences': (patch: unknown) => {
        saved.push(patch);
        return null;
      },
    } as unknown as IpcHandlers;
    const dispatch = createDispatcher(handlers);
    const refused = await dispatch(
      'runnel:settings:updatePreferences',
      { toolCallTimeoutSec: 601 },
      { windowId: 1 },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('toolCallTimeoutSec') },
    });
    const steps = await dispatch(
      'runnel:settings:updatePreferences',
      { toolMaxSteps: 0 },
      { windowId: 1 },
    );
    expect(steps).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('toolMaxSteps') },
    });
    expect(saved).toEqual([]);
    await dispatch('runnel:settings:updatePreferences', { toolMaxSteps: 50 }, { windowId: 1 });
    expect(saved).toEqual([{ toolMaxSteps: 50 }]);
  });
});
