/**
 * Whether a model reads images, and why we think so: the user's per-model switch first, then what the
 * provider's model list says, then the known families. Unknown stays unknown: the composer sends the
 * images and, if the provider answers with an image rejection, offers to resend without them.
 */
import { knownVisionFamily } from './vision-families';

export type VisionSource = 'user' | 'provider' | 'known-family' | 'unknown';

export interface VisionCapability {
  /** null: nothing says either way. */
  vision: boolean | null;
  source: VisionSource;
  /** Shown next to the switch: "OpenRouter lists image input", "Known family: Claude 3 and later". */
  reason: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringsOf = (value: unknown): string[] | null =>
  Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : null;

/**
 * What one entry of a provider's model list says about image input, or null when it says nothing.
 * The fields, by provider:
 * - OpenRouter `/models`: `architecture.input_modalities` (["text", "image"]), and the older
 *   `architecture.modality` ("text+image->text").
 * - Mistral `/v1/models` and LM Studio's `/api/v1/models`: `capabilities.vision` (boolean).
 * - Ollama `/api/show`: `capabilities` (["completion", "vision"]).
 * - LM Studio's `/api/v0/models`: `type` ("vlm" or "llm").
 * - LiteLLM's `/model/info`: `model_info.supports_vision`.
 */
export function visionFromModelEntry(entry: unknown): { vision: boolean; reason: string } | null {
  if (!isRecord(entry)) return null;
  const architecture = entry.architecture;
  if (isRecord(architecture)) {
    const inputs = stringsOf(architecture.input_modalities);
    if (inputs) {
      return {
        vision: inputs.includes('image'),
        reason: inputs.includes('image')
          ? 'The provider lists image input for this model.'
          : 'The provider lists only ' + inputs.join(', ') + ' input for this model.',
      };
    }
    if (typeof architecture.modality === 'string' && architecture.modality.includes('->')) {
      const input = architecture.modality.split('->')[0] ?? '';
      const vision = input.split('+').includes('image');
      return {
        vision,
        reason: `The provider gives this model's modality as ${architecture.modality}.`,
      };
    }
  }
  const capabilities = entry.capabilities;
  if (isRecord(capabilities) && typeof capabilities.vision === 'boolean') {
    return {
      vision: capabilities.vision,
      reason: capabilities.vision
        ? 'The provider lists vision among this model’s capabilities.'
        : 'The provider says this model has no vision capability.',
    };
  }
  if (isRecord(capabilities) && isRecord(capabilities.vision)) {
    return { vision: true, reason: 'The provider lists vision among this model’s capabilities.' };
  }
  const capabilityList = stringsOf(capabilities);
  if (capabilityList && capabilityList.includes('completion')) {
    return {
      vision: capabilityList.includes('vision'),
      reason: capabilityList.includes('vision')
        ? 'The server lists vision among this model’s capabilities.'
        : 'The server does not list vision among this model’s capabilities.',
    };
  }
  if (entry.type === 'vlm')
    return { vision: true, reason: 'The server lists this as a vision model.' };
  if (entry.type === 'llm')
    return { vision: false, reason: 'The server lists this as a text-only model.' };
  const info = entry.model_info;
  if (isRecord(info) && typeof info.supports_vision === 'boolean') {
    return {
      vision: info.supports_vision,
      reason: info.supports_vision
        ? 'The gateway says this model supports vision.'
        : 'The gateway says this model does not support vision.',
    };
  }
  return null;
}

export interface VisionQuestion {
  modelId: string;
  /** This model's entry from the provider's model list, when the list was fetched. */
  modelEntry?: unknown;
  /** The user's per-model switch, when set. */
  userOverride?: boolean;
}

export function resolveVision({
  modelId,
  modelEntry,
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
  const fromProvider = visionFromModelEntry(modelEntry);
  if (fromProvider) return { ...fromProvider, source: 'provider' };
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
