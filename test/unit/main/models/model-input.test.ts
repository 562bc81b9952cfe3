/**
 * What a `/models` entry says a model reads, over entries shaped as each provider documents them.
 * Where each shape comes from:
 * - OpenRouter: openrouter.ai/docs/models ("Architecture Object") and its SDKs' `Architecture`
 *   (`inputModalities`, `modality: "text->text"`).
 * - Mistral: mistralai/client-ts `src/models/components/modelcapabilities.ts` (`vision` among
 *   `completion_chat`, `function_calling`, `ocr`, …; the older client-python card has no `vision`).
 * - LM Studio v0: lmstudio-ai/docs `1_developer/2_rest/endpoints.mdx` (`GET /api/v0/models`, the
 *   three entries below as printed there); v1: lmstudio.ai/docs/developer/rest/list (`type` "llm" |
 *   "embedding", `capabilities` object, absent for embedding models).
 * - Ollama: docs.ollama.com `/api/show` (`"capabilities": ["completion", "vision"]`).
 * - LiteLLM: docs.litellm.ai/docs/completion/vision (`model_info: {supports_vision: True}`, which
 *   `/model/info` returns).
 * - Together: togethercomputer/together-python `src/together/types/models.py` (`type`: chat,
 *   language, code, image, embedding, moderation).
 */
import { describe, expect, it } from 'vitest';
import { inputFromListing } from '../../../../main/models/model-input';

describe('OpenRouter', () => {
  it('reads architecture.input_modalities', () => {
    const gpt4o = {
      id: 'openai/gpt-4o',
      name: 'OpenAI: GPT-4o',
      context_length: 128000,
      architecture: {
        modality: 'text+image->text',
        input_modalities: ['text', 'image', 'file'],
        output_modalities: ['text'],
        tokenizer: 'GPT',
        instruct_type: null,
      },
    };
    const deepseek = {
      id: 'deepseek/deepseek-chat',
      architecture: {
        modality: 'text->text',
        input_modalities: ['text'],
        output_modalities: ['text'],
        tokenizer: 'DeepSeek',
        instruct_type: null,
      },
    };
    expect(inputFromListing(gpt4o)).toBe('image');
    expect(inputFromListing(deepseek)).toBe('text-only');
  });

  it('reads the older architecture.modality when the list is missing', () => {
    expect(inputFromListing({ id: 'a', architecture: { modality: 'text+image->text' } })).toBe(
      'image',
    );
    expect(inputFromListing({ id: 'b', architecture: { modality: 'text->text' } })).toBe(
      'text-only',
    );
    // "image" on the output side is a model that draws, not one that reads images.
    expect(inputFromListing({ id: 'c', architecture: { modality: 'text->image' } })).toBe(
      'text-only',
    );
  });
});

describe('Mistral', () => {
  const card = (capabilities: Record<string, unknown>) => ({
    id: 'pixtral-large-2411',
    object: 'model',
    created: 1731456000,
    owned_by: 'mistralai',
    capabilities,
    name: 'pixtral-large-2411',
    max_context_length: 131072,
    aliases: ['pixtral-large-latest'],
    type: 'base',
  });

  it('reads capabilities.vision', () => {
    const chat = { completion_chat: true, function_calling: true, completion_fim: false };
    expect(inputFromListing(card({ ...chat, vision: true, ocr: false }))).toBe('image');
    expect(inputFromListing(card({ ...chat, vision: false, ocr: false }))).toBe('text-only');
  });

  it('says nothing where an older card has no vision field', () => {
    expect(
      inputFromListing(card({ completion_chat: true, completion_fim: false, fine_tuning: false })),
    ).toBeUndefined();
  });
});

describe('LM Studio', () => {
  it('reads v0 `type`: "vlm" reads images, "llm" is text only, embeddings say nothing', () => {
    const v0 = [
      {
        id: 'qwen2-vl-7b-instruct',
        object: 'model',
        type: 'vlm',
        publisher: 'mlx-community',
        arch: 'qwen2_vl',
        compatibility_type: 'mlx',
        quantization: '4bit',
        state: 'not-loaded',
        max_context_length: 32768,
      },
      {
        id: 'meta-llama-3.1-8b-instruct',
        object: 'model',
        type: 'llm',
        publisher: 'lmstudio-community',
        arch: 'llama',
        compatibility_type: 'gguf',
        quantization: 'Q4_K_M',
        state: 'not-loaded',
        max_context_length: 131072,
        // 0.3.16 added this list of extras; it never names vision, so it says nothing of it.
        capabilities: ['tool_use'],
      },
      {
        id: 'text-embedding-nomic-embed-text-v1.5',
        object: 'model',
        type: 'embeddings',
        publisher: 'nomic-ai',
        arch: 'nomic-bert',
        compatibility_type: 'gguf',
        quantization: 'Q4_0',
        state: 'not-loaded',
        max_context_length: 2048,
      },
    ];
    expect(v0.map(inputFromListing)).toEqual(['image', 'text-only', undefined]);
  });

  it('reads v1 capabilities.vision, where every chat model is "llm"', () => {
    const v1 = (capabilities: Record<string, unknown>) => ({
      type: 'llm',
      publisher: 'qwen',
      key: 'qwen/qwen2.5-vl-7b',
      display_name: 'Qwen2.5 VL 7B',
      architecture: 'qwen2vl',
      max_context_length: 128000,
      format: 'gguf',
      capabilities,
    });
    expect(inputFromListing(v1({ vision: true, trained_for_tool_use: true }))).toBe('image');
    expect(inputFromListing(v1({ vision: false, trained_for_tool_use: true }))).toBe('text-only');
    // "llm" beside a capabilities object that does not say: not taken as text only.
    expect(inputFromListing(v1({ trained_for_tool_use: true }))).toBeUndefined();
  });
});

describe('Ollama-style capabilities', () => {
  it('reads ["completion", "vision"]', () => {
    expect(inputFromListing({ name: 'gemma3:4b', capabilities: ['completion', 'vision'] })).toBe(
      'image',
    );
    expect(
      inputFromListing({ name: 'qwen3:8b', capabilities: ['completion', 'tools', 'thinking'] }),
    ).toBe('text-only');
    // An embedding model's list has no "completion": nothing said about chat input.
    expect(inputFromListing({ name: 'nomic-embed-text', capabilities: ['embedding'] })).toBe(
      undefined,
    );
  });
});

describe('LiteLLM', () => {
  it('reads model_info.supports_vision, and supports_vision on the entry', () => {
    expect(
      inputFromListing({
        model_name: 'llava-hf',
        litellm_params: { model: 'openai/llava-hf/llava-v1.6-vicuna-7b-hf' },
        model_info: { id: 'abc', supports_vision: true, mode: 'chat' },
      }),
    ).toBe('image');
    expect(inputFromListing({ id: 'x', model_info: { supports_vision: false } })).toBe('text-only');
    expect(inputFromListing({ id: 'y', supports_vision: true })).toBe('image');
  });
});

describe('providers that say nothing', () => {
  it('leaves OpenAI, Groq and Together entries unknown', () => {
    const openai = { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' };
    const groq = {
      id: 'llama-3.3-70b-versatile',
      object: 'model',
      created: 1733447754,
      owned_by: 'Meta',
      active: true,
      context_window: 131072,
      public_apps: null,
    };
    const together = (id: string, type: string) => ({
      id,
      object: 'model',
      created: 0,
      type,
      display_name: id,
      organization: 'Meta',
      context_length: 131072,
      pricing: { hourly: 0, input: 0.18, output: 0.18, base: 0, finetune: 0 },
    });
    expect(inputFromListing(openai)).toBeUndefined();
    expect(inputFromListing(groq)).toBeUndefined();
    expect(
      inputFromListing(together('meta-llama/Llama-3.2-11B-Vision-Instruct-Turbo', 'chat')),
    ).toBeUndefined();
    // Together's "image" is a model that makes images (FLUX), not one that reads them.
    expect(inputFromListing(together('black-forest-labs/FLUX.1-schnell', 'image'))).toBe(undefined);
    expect(inputFromListing('gpt-4o')).toBeUndefined();
    expect(inputFromListing(null)).toBeUndefined();
  });
});

describe('hostile entries', () => {
  it('say nothing rather than crash or mislead', () => {
    const hostile: unknown[] = [
      { architecture: { input_modalities: 'text,image' } },
      { architecture: { input_modalities: ['text', 7, 'image'] } },
      { architecture: { input_modalities: ['image'.repeat(1_000_000)] } },
      { architecture: { input_modalities: Array.from({ length: 100_000 }, () => 'image') } },
      { architecture: { modality: 'text+image->text' + ' '.repeat(1_000_000) } },
      { architecture: { modality: 'image' } },
      { architecture: { modality: '->' } },
      { architecture: null },
      { capabilities: { vision: 'yes' } },
      { capabilities: { vision: { supported: false } } },
      { capabilities: ['completion', { vision: true }] },
      { capabilities: 'completion,vision' },
      { type: 'VLM ' },
      { model_info: { supports_vision: 'true' } },
      { supports_vision: 1 },
      [{ capabilities: { vision: true } }],
    ];
    for (const entry of hostile) expect(inputFromListing(entry)).toBeUndefined();
  });

  it('never reads inherited properties', () => {
    const entry = JSON.parse('{"__proto__": {"capabilities": {"vision": true}}, "id": "m"}');
    expect(inputFromListing(entry)).toBeUndefined();
  });
});
