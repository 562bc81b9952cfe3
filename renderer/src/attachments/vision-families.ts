/**
 * Model families known to read images, and a few known not to, matched on the model id without its
 * provider prefix ("openai/gpt-4o" → "gpt-4o", "llava:13b" stays). Used only when the provider's
 * /models data says nothing; the user's per-model switch beats both. Each entry says where it came
 * from, so it can be checked and kept up to date when a provider's docs change.
 */

export interface VisionFamily {
  family: string;
  pattern: RegExp;
  vision: boolean;
  source: string;
}

export const VISION_FAMILIES: readonly VisionFamily[] = [
  // Text-only first: these share prefixes with vision families below.
  {
    family: 'OpenAI audio and realtime models',
    pattern: /^gpt-4o(-mini)?-(audio|realtime|transcribe|tts)/,
    vision: false,
    source: 'OpenAI model pages: audio in and out, no image input',
  },
  {
    family: 'o1-mini, o1-preview, o3-mini',
    pattern: /^o(1-mini|1-preview|3-mini)\b/,
    vision: false,
    source: 'OpenAI model pages: text input only',
  },
  {
    family: 'GPT-3.5',
    pattern: /^gpt-3\.5/,
    vision: false,
    source: 'OpenAI: "image_url is only supported by certain models" for gpt-3.5-turbo',
  },
  {
    family: 'DeepSeek chat and reasoner',
    pattern: /^deepseek-(chat|reasoner|coder|r1|v[23])/,
    vision: false,
    source: 'DeepSeek API docs: messages take text content; image_url is an unknown variant',
  },
  {
    family: 'GPT-4o',
    pattern: /^(chatgpt|gpt)-4o/,
    vision: true,
    source: 'OpenAI vision guide (images input)',
  },
  { family: 'GPT-4.1', pattern: /^gpt-4\.1/, vision: true, source: 'OpenAI model pages' },
  { family: 'GPT-4.5', pattern: /^gpt-4\.5/, vision: true, source: 'OpenAI model pages' },
  {
    family: 'GPT-4 Turbo / Vision',
    pattern: /^gpt-4-(turbo|vision|\d{4}-vision)/,
    vision: true,
    source: 'OpenAI model pages',
  },
  { family: 'GPT-5', pattern: /^gpt-5/, vision: true, source: 'OpenAI model pages' },
  {
    family: 'o1, o3, o4',
    pattern: /^o[134](-pro|-mini)?\b/,
    vision: true,
    source: 'OpenAI reasoning guide: image inputs',
  },
  {
    family: 'Claude 3 and later',
    pattern: /^(anthropic\.)?claude-(3|[a-z]+-[4-9]|[4-9])/,
    vision: true,
    source: 'Anthropic vision docs: all Claude 3 and later models take images',
  },
  {
    family: 'Gemini 1.5 and later',
    pattern: /^gemini-(1\.5|[2-9]|pro-vision|exp|flash|pro-latest)/,
    vision: true,
    source: 'Google Gemini API docs: image understanding',
  },
  {
    family: 'Gemma 3 (4B and larger)',
    pattern: /^gemma-?3(?!n)[:-]?(4b|12b|27b)?(?![:-]?1b)/,
    vision: true,
    source: 'Gemma 3 model card: 4B, 12B and 27B take images; 1B is text only',
  },
  {
    family: 'LLaVA',
    pattern: /^(bak)?llava/,
    vision: true,
    source: 'Ollama library: llava, bakllava',
  },
  {
    family: 'Qwen-VL and QVQ',
    pattern: /^(qwen[\d.]*-?vl|qvq)/,
    vision: true,
    source: 'Qwen model cards (Qwen-VL, Qwen2-VL, Qwen2.5-VL, Qwen3-VL, QVQ)',
  },
  { family: 'Pixtral', pattern: /^pixtral/, vision: true, source: 'Mistral docs: vision models' },
  {
    family: 'Mistral Small 3.1+ and Medium 3',
    pattern: /^mistral-(small-(3\.[1-9]|25\d\d)|medium-(3|25\d\d))/,
    vision: true,
    source: 'Mistral docs: vision capability',
  },
  {
    family: 'Llama 3.2 Vision and Llama 4',
    pattern: /^(meta-)?llama-?(3\.2.*vision|4)/,
    vision: true,
    source: 'Meta model cards: Llama 3.2 11B/90B Vision; Llama 4 Scout and Maverick are multimodal',
  },
  {
    family: 'Grok vision and Grok 4',
    pattern: /^grok-(\d.*vision|4)/,
    vision: true,
    source: 'xAI model docs',
  },
  {
    family: 'Other open vision models',
    pattern:
      /^(minicpm-?v|moondream|internvl|phi-?[34](\.5)?-(vision|multimodal)|granite[\d.]*-vision|glm-?4(\.\d)?v|kimi-vl)/,
    vision: true,
    source: 'Ollama library and Hugging Face model cards',
  },
];

/** The id without a provider or path prefix, lower-cased: "openrouter/openai/GPT-4o" → "gpt-4o". */
export function bareModelId(modelId: string): string {
  return (modelId.split('/').pop() ?? modelId).trim().toLowerCase();
}

export function knownVisionFamily(modelId: string): VisionFamily | null {
  const id = bareModelId(modelId);
  return VISION_FAMILIES.find((family) => family.pattern.test(id)) ?? null;
}
