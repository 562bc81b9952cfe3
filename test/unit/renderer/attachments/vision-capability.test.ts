/**
 * Which answer wins: the person's switch, then what the provider's model list says (the catalog's
 * `input`, parsed in main: test/unit/main/models/model-input.test.ts), then the known families.
 */
import { describe, expect, it } from 'vitest';
import {
  resolveVision,
  visionSourceLabel,
} from '../../../../renderer/src/attachments/vision-capability';

describe('resolveVision', () => {
  it('lets the user override everything', () => {
    expect(
      resolveVision({ modelId: 'gpt-4o', listedInput: 'image', userOverride: false }),
    ).toMatchObject({ vision: false, source: 'user' });
    expect(
      resolveVision({ modelId: 'gpt-3.5-turbo', listedInput: 'text-only', userOverride: true }),
    ).toMatchObject({ vision: true, source: 'user' });
  });

  it('prefers what the provider says over the known families', () => {
    // A gateway serving a text-only variant under a vision family's name.
    expect(resolveVision({ modelId: 'openai/gpt-4o', listedInput: 'text-only' })).toMatchObject({
      vision: false,
      source: 'provider',
      reason: 'The provider’s model list says this model takes text only.',
    });
    // A model no family knows, that the list says reads images.
    expect(resolveVision({ modelId: 'acme/seer-1', listedInput: 'image' })).toMatchObject({
      vision: true,
      source: 'provider',
      reason: 'The provider’s model list says this model reads images.',
    });
  });

  it('falls back to the known families, then to unknown', () => {
    expect(resolveVision({ modelId: 'openai/gpt-4o-mini' })).toMatchObject({
      vision: true,
      source: 'known-family',
    });
    expect(resolveVision({ modelId: 'deepseek-chat' })).toMatchObject({
      vision: false,
      source: 'known-family',
    });
    expect(resolveVision({ modelId: 'my-finetune-7b' })).toMatchObject({
      vision: null,
      source: 'unknown',
    });
  });

  it('names where each answer comes from', () => {
    expect(visionSourceLabel(resolveVision({ modelId: 'x', listedInput: 'image' }).source)).toBe(
      'from the provider’s model list',
    );
    expect(visionSourceLabel(resolveVision({ modelId: 'claude-3-opus' }).source)).toBe(
      'from the known model families',
    );
    expect(visionSourceLabel(resolveVision({ modelId: 'x', userOverride: true }).source)).toBe(
      'your choice',
    );
  });
});
