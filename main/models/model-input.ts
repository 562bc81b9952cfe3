/**
 * What a provider's `/models` entry says about the inputs a model takes: whether it reads images.
 * Only fields a provider documents count, and a field that is not the shape its provider gives
 * (a list that is not strings, a long string, an object where a boolean belongs) says nothing: the
 * answer is then unknown, never a guess. The shapes, from each provider's documentation:
 *
 * - OpenRouter `GET /api/v1/models`: `architecture.input_modalities` (["text", "image"]), and the
 *   older `architecture.modality` ("text+image->text").
 * - Mistral `GET /v1/models` and LM Studio's `GET /api/v1/models`: `capabilities.vision` (boolean).
 * - Ollama `/api/show` and servers that copy it: `capabilities` (["completion", "vision"]).
 * - LM Studio's `GET /api/v0/models`: `type` "vlm" (reads images) or "llm" (text only).
 * - LiteLLM `/model/info`: `model_info.supports_vision`; some gateways put `supports_vision` on
 *   the entry itself.
 * - Together's `type` ("chat", "language", "image", …) says what a model is for, not what it
 *   reads ("image" is an image generator), and OpenAI, Groq and DeepSeek list only ids: unknown.
 */

/** `image`: the provider lists image input; `text-only`: it lists inputs without images. */
export type ModelInput = 'image' | 'text-only';

/** The most modalities or capabilities a real entry lists; a longer list is not one. */
const MAX_LIST_ITEMS = 32;
/** The longest modality or capability name taken ("text+image+file+audio+video->text" fits). */
const MAX_NAME_LENGTH = 64;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short list of short strings, or null for anything else. */
function namesOf(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length > MAX_LIST_ITEMS) return null;
  const names: string[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'string' || item.length > MAX_NAME_LENGTH) return null;
    names.push(item.toLowerCase());
  }
  return names;
}

const inputOf = (readsImages: boolean): ModelInput => (readsImages ? 'image' : 'text-only');

/** OpenRouter's `architecture`: the modalities list first, then the older "in->out" string. */
function fromArchitecture(architecture: Record<string, unknown>): ModelInput | undefined {
  const inputs = namesOf(architecture.input_modalities);
  if (inputs && inputs.length > 0) return inputOf(inputs.includes('image'));
  const modality = architecture.modality;
  if (typeof modality !== 'string' || modality.length > MAX_NAME_LENGTH) return undefined;
  const match = /^([a-z]+(?:\+[a-z]+)*)->[a-z]+(?:\+[a-z]+)*$/.exec(modality.toLowerCase());
  return match?.[1] ? inputOf(match[1].split('+').includes('image')) : undefined;
}

/** What one entry of a provider's model list says about image input; undefined when nothing. */
export function inputFromListing(listing: unknown): ModelInput | undefined {
  if (!isRecord(listing)) return undefined;
  if (isRecord(listing.architecture)) {
    const input = fromArchitecture(listing.architecture);
    if (input) return input;
  }
  const capabilities = listing.capabilities;
  if (isRecord(capabilities) && typeof capabilities.vision === 'boolean') {
    return inputOf(capabilities.vision);
  }
  // Ollama's list always names "completion" for a chat model; LM Studio's v0 list (["tool_use"])
  // names only extras, so its missing "vision" says nothing.
  const named = namesOf(capabilities);
  if (named?.includes('completion')) return inputOf(named.includes('vision'));
  if (listing.type === 'vlm') return 'image';
  // LM Studio's v1 list calls every chat model "llm" and says vision in `capabilities`.
  if (listing.type === 'llm' && !isRecord(capabilities)) return 'text-only';
  const info = listing.model_info;
  if (isRecord(info) && typeof info.supports_vision === 'boolean') {
    return inputOf(info.supports_vision);
  }
  if (typeof listing.supports_vision === 'boolean') return inputOf(listing.supports_vision);
  return undefined;
}
