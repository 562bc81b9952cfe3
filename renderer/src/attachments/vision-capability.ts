/**
 * Whether a model reads images, and why we think so: the user's per-model switch first, then what the
 * provider's model list says, then the known families. Unknown stays unknown: the composer sends the
 * images and, if the provider answers with an image rejection, offers to resend without them.
 */
import type { CatalogModel } from '../../../preload/contract';
import { knownVisionFamily } from './vision-families';

export type VisionSource = 'user' | 'provider' | 'known-family' | 'unknown';

export interface VisionCapability {
  /** null: nothing says either way. */
  vision: boolean | null;
  source: VisionSource;
  /** Shown next to the switch: "The provider's model list says …", "Claude 3 and later models …". */
  reason: string;
}

/** What the provider's `/models` entry says the model reads (main/models/model-input.ts). */
export type ListedInput = NonNullable<CatalogModel['input']>;

export interface VisionQuestion {
  modelId: string;
  /** What the provider's model list says of this model, where it says (the model catalog's `input`). */
  listedInput?: ListedInput;
  /** The user's per-model switch, when set. */
  userOverride?: boolean;
}

export function resolveVision({
  modelId,
  listedInput,
  userOverride,
}: VisionQuestion): VisionCapability {
  if (userOverride !== undefined) {
    return {
      vision: userOverride,
      source: 'user',
      reason: userOverride
        ? 'You marked this model as reading images.'
        : 'You marked this model as text only.',
    };
  }
  if (listedInput !== undefined) {
    return {
      vision: listedInput === 'image',
      source: 'provider',
      reason:
        listedInput === 'image'
          ? 'The provider’s model list says this model reads images.'
          : 'The provider’s model list says this model takes text only.',
    };
  }
  const family = knownVisionFamily(modelId);
  if (family) {
    return {
      vision: family.vision,
      source: 'known-family',
      reason: family.vision
        ? `${family.family} models read images.`
        : `${family.family} models take text only.`,
    };
  }
  return {
    vision: null,
    source: 'unknown',
    reason: 'Runnel does not know whether this model reads images. You can set it for this model.',
  };
}

/** Where an answer came from, as Settings and the composer say it. */
export function visionSourceLabel(source: VisionSource): string {
  switch (source) {
    case 'user':
      return 'your choice';
    case 'provider':
      return 'from the provider’s model list';
    case 'known-family':
      return 'from the known model families';
    case 'unknown':
      return 'nothing says';
  }
}
