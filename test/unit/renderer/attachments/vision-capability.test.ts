import { describe, expect, it } from 'vitest';
import {
  resolveVision,
  visionFromModelEntry,
} from '../../../../renderer/src/attachments/vision-capability';

describe('visionFromModelEntry', () => {
  it("reads OpenRouter's architecture.input_modalities, and its older modality string", () => {
    const openRouter = (inputs: string[]) => ({
      id: 'x/y',
      architecture: {
        input_modalities: inputs,
        output_modalities: ['text'],
        modality: 'text->text',
      },
    });
    expect(visionFromModelEntry(openRouter(['text', 'image']))?.vision).toBe(true);
    expect(visionFromModelEntry(openRouter(['text']))?.vision).toBe(false);
    expect(visionFromModelEntry({ architecture: { modality: 'text+image->text' } })?.vision).toBe(
      true,
    );
    expect(visionFromModelEntry({ architecture: { modality: 'text->text' } })?.vision).toBe(false);
  });

  it("reads Mistral's and LM Studio's capabilities.vision", () => {
    expect(
      visionFromModelEntry({
        id: 'pixtral-large-latest',
        capabilities: { completion_chat: true, vision: true },
      })?.vision,
    ).toBe(true);
    expect(visionFromModelEntry({ id: 'codestral', capabilities: { vision: false } })?.vision).toBe(
      false,
    );
  });

  it("reads Ollama's capabilities list and LM Studio's v0 type", () => {
    expect(visionFromModelEntry({ capabilities: ['completion', 'vision'] })?.vision).toBe(true);
    expect(visionFromModelEntry({ capabilities: ['completion', 'tools'] })?.vision).toBe(false);
    expect(visionFromModelEntry({ id: 'qwen2-vl', type: 'vlm' })?.vision).toBe(true);
    expect(visionFromModelEntry({ id: 'llama', type: 'llm' })?.vision).toBe(false);
  });

  it("reads LiteLLM's model_info.supports_vision", () => {
    expect(visionFromModelEntry({ model_info: { supports_vision: true } })?.vision).toBe(true);
  });

  it('says nothing for a plain OpenAI-style entry', () => {
    expect(visionFromModelEntry({ id: 'gpt-4o', object: 'model', owned_by: 'openai' })).toBeNull();
    expect(visionFromModelEntry(undefined)).toBeNull();
    expect(visionFromModelEntry('gpt-4o')).toBeNull();
  });
});

describe('resolveVision', () => {
  it('lets the user override everything', () => {
    expect(
      resolveVision({
        modelId: 'gpt-4o',
        modelEntry: { architecture: { input_modalities: ['text', 'image'] } },
        userOverride: false,
      }),
    ).toMatchObject({ vision: false, source: 'user' });
  });

  it('prefers what the provider says over the known families', () => {
    // A gateway serving a text-only variant under a vision family's name.
    expect(
      resolveVision({
        modelId: 'openai/gpt-4o',
        modelEntry: { architecture: { input_modalities: ['text'] } },
      }),
    ).toMatchObject({ vision: false, source: 'provider' });
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
});
