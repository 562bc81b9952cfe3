import { describe, expect, it } from 'vitest';
import {
  bareModelId,
  knownVisionFamily,
} from '../../../../renderer/src/attachments/vision-families';

const vision = (id: string) => knownVisionFamily(id)?.vision ?? null;

describe('knownVisionFamily', () => {
  it.each([
    'gpt-4o',
    'gpt-4o-mini',
    'chatgpt-4o-latest',
    'gpt-4.1-nano',
    'gpt-4-turbo',
    'gpt-5',
    'gpt-5-mini',
    'o1',
    'o3',
    'o4-mini',
    'o3-pro',
    'claude-3-haiku-20240307',
    'claude-3-5-sonnet-latest',
    'claude-sonnet-4-5',
    'claude-opus-4-1',
    'anthropic/claude-3.7-sonnet',
    'gemini-2.5-flash',
    'gemini-1.5-pro',
    'google/gemini-2.0-flash-001',
    'gemma3:12b',
    'llava:13b',
    'bakllava',
    'qwen2.5-vl-72b-instruct',
    'qwen/qwen3-vl-235b-a22b',
    'qvq-max',
    'pixtral-12b-2409',
    'mistral-small-2503',
    'llama3.2-vision:11b',
    'meta-llama/llama-3.2-90b-vision-instruct',
    'meta-llama/llama-4-maverick',
    'grok-2-vision-1212',
    'grok-4',
    'minicpm-v',
    'moondream',
  ])('%s reads images', (id) => {
    expect(vision(id)).toBe(true);
  });

  it.each([
    'gpt-3.5-turbo',
    'o1-mini',
    'o3-mini',
    'gpt-4o-audio-preview',
    'gpt-4o-realtime-preview',
    'deepseek-chat',
    'deepseek-reasoner',
    'deepseek/deepseek-r1',
  ])('%s takes text only', (id) => {
    expect(vision(id)).toBe(false);
  });

  it.each(['llama3.1:8b', 'mistral-large-latest', 'qwen2.5:7b', 'gemma3:1b', 'phi3', 'my-model'])(
    '%s is not known either way',
    (id) => {
      expect(vision(id)).toBeNull();
    },
  );

  it('strips provider prefixes and case', () => {
    expect(bareModelId('OpenRouter/OpenAI/GPT-4o')).toBe('gpt-4o');
  });

  it('says where each family came from', () => {
    expect(knownVisionFamily('claude-3-opus')?.source).toMatch(/Anthropic/);
  });
});
