/**
 * Real recorded streams (test/fixtures/recordings, sources in its README) served over loopback in
 * 7-byte writes: the engine must turn each into the provider's text, reasoning, usage and ending.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../../../fault-server';
import { chatRequest, collect, terminal } from './stream-helpers';

const recordings = new URL('../../../fixtures/recordings/', import.meta.url);

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});

async function replay(file: string) {
  const body = await readFile(new URL(file, recordings), 'utf8');
  server.script({ body, writeBytes: 7 });
  return terminal(await collect(chatRequest(server.baseURL), { policy: { maxResumes: 0 } }));
}

describe('recorded streams', () => {
  it('OpenAI: text, stop, usage from the empty-choices chunk', async () => {
    expect(await replay('openai-gpt-4.1-nano.sse')).toEqual({
      type: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 16, completionTokens: 300, totalTokens: 316, reasoningTokens: 0 },
      text: '**Holiday Name:** Harmony Day\n\n.',
      reasoning: '',
    });
  });

  it('Azure: empty-choices first chunk and a choice without delta', async () => {
    expect(await replay('azure-openai-gpt-4.sse')).toEqual({
      type: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 15, completionTokens: 5, totalTokens: 20, reasoningTokens: 0 },
      text: 'Hello World',
      reasoning: '',
    });
  });

  it('DeepSeek: reasoning_content apart from the answer, usage in the finish chunk', async () => {
    expect(await replay('deepseek-v4-flash-reasoning.sse')).toEqual({
      type: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 97, completionTokens: 106, totalTokens: 203, reasoningTokens: 88 },
      text: ' are **3** “r”s in **“strawberry”**.',
      reasoning: 'We need answer simple.',
    });
  });

  it('Groq: x_groq chunks and usage', async () => {
    expect(await replay('groq-llama-3.3-70b.sse')).toEqual({
      type: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 45, completionTokens: 662, totalTokens: 707 },
      text: 'Introducing "Luminaria" of light.',
      reasoning: '',
    });
  });

  it('llama.cpp: null content, usage with timings', async () => {
    expect(await replay('llama-cpp-server.sse')).toMatchObject({
      type: 'done',
      finishReason: 'stop',
      usage: { promptTokens: 1085, completionTokens: 247, totalTokens: 1332 },
      text: '',
    });
  });

  it('Ollama: the text and the finish reason in one chunk', async () => {
    expect(await replay('ollama-qwen2.5-coder.sse')).toMatchObject({
      type: 'done',
      finishReason: 'stop',
      usage: null,
      text: 'I am a coding assistant. How can I help you today?',
    });
  });

  it("OpenAI mid-stream error: fails with the server's words, keeping the text", async () => {
    expect(await replay('openai-mid-stream-error.sse')).toMatchObject({
      type: 'failed',
      resumable: true,
      text: 'The question "',
      error: {
        code: 'server',
        message: expect.stringContaining('The server had an error while processing your request.'),
      },
    });
  });

  it('OpenRouter: comments ignored, the error chunk with finish_reason "error" fails the stream', async () => {
    expect(await replay('openrouter-mid-stream-error.sse')).toMatchObject({
      type: 'failed',
      text: 'Half an',
      error: {
        code: 'server',
        message: expect.stringContaining('Provider disconnected unexpectedly'),
      },
    });
  });
});
