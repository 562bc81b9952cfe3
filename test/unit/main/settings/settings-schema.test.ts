/**
 * The settings schema's bounds for the tool loop's limits (issue 27): the time limit per tool call is
 * 5–600 s and the rounds per answer 1–50, both at rest and through the IPC request that saves them;
 * settings written before the limits existed stay valid. The same for the attachment limits (issue 26).
 */
import { describe, expect, it } from 'vitest';
import { createDispatcher, type IpcHandlers } from '../../../../main/ipc/handler-table';
import { providerDraftSchema } from '../../../../preload/contract';
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

describe('attachment limits in settings', () => {
  it('accepts the bounds, and settings without them', () => {
    for (const patch of [
      { attachTextMaxKB: 16, attachPdfPageImages: 1 },
      { attachTextMaxKB: 8192, attachPdfPageImages: 50 },
      {},
    ]) {
      expect(settingsDataSchema.safeParse(withPreferences(patch)).success).toBe(true);
    }
  });

  it('refuses values outside the bounds or not whole', () => {
    for (const patch of [
      { attachTextMaxKB: 15 },
      { attachTextMaxKB: 8193 },
      { attachTextMaxKB: 100.5 },
      { attachPdfPageImages: 0 },
      { attachPdfPageImages: 51 },
    ]) {
      expect(settingsDataSchema.safeParse(withPreferences(patch)).success).toBe(false);
    }
  });

  it("a provider's image size is optional, bounded, and its short side no longer than its long", () => {
    const accepts = (imageSize: unknown) =>
      providerDraftSchema.safeParse({
        name: 'Local',
        baseURL: 'http://localhost:11434/v1',
        defaultModel: 'llava',
        headers: {},
        ...(imageSize === undefined ? {} : { imageSize }),
      }).success;
    expect(accepts(undefined)).toBe(true);
    expect(accepts({ longSide: 1024, shortSide: 512 })).toBe(true);
    expect(accepts({ longSide: 8192, shortSide: 256 })).toBe(true);
    expect(accepts({ longSide: 1024, shortSide: 2048 })).toBe(false);
    expect(accepts({ longSide: 255, shortSide: 255 })).toBe(false);
    expect(accepts({ longSide: 9000, shortSide: 512 })).toBe(false);
    expect(accepts({ longSide: 1024.5, shortSide: 512 })).toBe(false);
    expect(accepts({ longSide: 1024 })).toBe(false);
  });
});
