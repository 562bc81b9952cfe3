/**
 * Every recorded stream (test/fixtures/recordings, sources in its README) replayed through the real
 * engine over loopback HTTP, under the faults real networks add:
 *
 *   (a) random read splits: 1..64-byte writes from a seeded generator, several seeds, so splits fall
 *       inside `data:` lines, inside CRLF pairs and inside multi-byte UTF-8 characters; plus the same
 *       recording re-framed with CRLF, bare CR, `data:` without its space and `id:`/`retry:` fields;
 *   (b) a socket reset after N bytes for several N: the engine resumes, the fault server answers the
 *       continuation with the rest of the recording's text (repeating the partial text's tail, as
 *       models do), and the seam must not show twice;
 *   (c) a stall after N bytes with a short idle timeout: the watchdog must notice and resume.
 *
 * The expected text and reasoning come from `referenceAnswer`, a deliberately naive reader of the
 * file's `data:` lines with JSON.parse, independent of the engine's SSE decoder and chunk parser. The
 * expected finish reason, usage and error code are written down per recording below.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent, Usage } from '../../../../main/chat/types';
import { startFaultServer, type FaultServer, type Scenario } from '../../../fault-server';
import { seededRandom } from '../../../support/seeded-random';
import { chatRequest, collect, socketFreeingFetch } from './stream-helpers';

type Outcome =
  | { type: 'done'; finishReason: string; usage: Usage | null }
  | { type: 'failed'; code: string; resumable: boolean };

interface Recording {
  file: string;
  /** What the recording's server said its body was (default text/event-stream). */
  contentType?: string;
  expected: Outcome;
}

const done = (finishReason: string, usage: Usage | null): Outcome => ({
  type: 'done',
  finishReason,
  usage,
});
const tokens = (
  promptTokens: number,
  completionTokens: number,
  totalTokens: number,
  reasoningTokens?: number,
): Usage =>
  reasoningTokens === undefined
    ? { promptTokens, completionTokens, totalTokens }
    : { promptTokens, completionTokens, totalTokens, reasoningTokens };

const RECORDINGS: Recording[] = [
  { file: 'openai-gpt-4.1-nano.sse', expected: done('stop', tokens(16, 300, 316, 0)) },
  { file: 'azure-openai-gpt-4.sse', expected: done('stop', tokens(15, 5, 20, 0)) },
  { file: 'azure-gpt-5-nano-model-router.sse', expected: done('stop', tokens(15, 78, 93, 64)) },
  { file: 'deepseek-v4-flash-reasoning.sse', expected: done('stop', tokens(97, 106, 203, 88)) },
  { file: 'groq-llama-3.3-70b.sse', expected: done('stop', tokens(45, 662, 707)) },
  { file: 'groq-qwen3-32b-reasoning.sse', expected: done('stop', tokens(17, 1107, 1124, 963)) },
  { file: 'llama-cpp-server.sse', expected: done('stop', tokens(1085, 247, 1332)) },
  { file: 'ollama-qwen2.5-coder.sse', expected: done('stop', null) },
  { file: 'xai-grok-3-mini-reasoning.sse', expected: done('stop', tokens(12, 2, 354, 340)) },
  { file: 'mistral-small-thinking-parts.sse', expected: done('stop', tokens(28, 139, 167)) },
  { file: 'anthropic-claude-haiku-4.5-tool-call.sse', expected: done('tool_calls', null) },
  { file: 'openai-compatible-empty-tool-calls.sse', expected: done('stop', null) },
  {
    file: 'openai-compatible-placeholder-first-chunk.sse',
    expected: done('stop', tokens(10, 1, 11)),
  },
  // Together's non-standard "eos" is a natural stop.
  { file: 'together-llama-3.1-eos.sse', expected: done('stop', tokens(12, 27, 39)) },
  {
    file: 'openai-mid-stream-error.sse',
    expected: { type: 'failed', code: 'server', resumable: true },
  },
  {
    file: 'openrouter-mid-stream-error.sse',
    expected: { type: 'failed', code: 'server', resumable: true },
  },
  // A 200 whose body is an error object, not a stream: labelled JSON, and mislabelled as SSE.
  {
    file: 'groq-error-body.json',
    contentType: 'application/json',
    expected: { type: 'failed', code: 'bad_request', resumable: false },
  },
  {
    file: 'groq-error-body.json',
    contentType: 'text/event-stream',
    expected: { type: 'failed', code: 'bad_request', resumable: false },
  },
];

const SEEDS = [1, 2, 3, 4, 5];
const MAX_EVENT_BYTES = 64 * 1024;
const policy = { maxResumes: 2, idleTimeoutMs: 2000, retryBaseDelayMs: 1 };

// ---------------------------------------------------------------------------------------------
// The reference reader: what a person reading the file would say the answer is.

interface ReferenceAnswer {
  text: string;
  reasoning: string;
  /** The provider's own finish_reason, as written (the continuation repeats it). */
  rawFinishReason: string | null;
  /** The stream reported an error: the continuation of a resumed replay reports it too. */
  error: { message: string; code: string } | null;
}

function referenceAnswer(body: string): ReferenceAnswer {
  const answer: ReferenceAnswer = { text: '', reasoning: '', rawFinishReason: null, error: null };
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    const json = JSON.parse(trimmed) as Record<string, unknown>;
    if (json.error !== undefined) answer.error = { message: 'error', code: 'error' };
    return answer;
  }
  const events = body
    .split(/\r?\n\r?\n/)
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice('data:'.length).replace(/^ /, ''))
        .join('\n'),
    )
    .filter((data) => data !== '');
  for (const data of events) {
    if (data === '[DONE]') break;
    const chunk = JSON.parse(data) as {
      error?: { message?: string; code?: string; type?: string };
      choices?: Array<{
        finish_reason?: string | null;
        delta?: Record<string, unknown>;
      }>;
    };
    const delta = chunk.choices?.[0]?.delta ?? {};
    const content = delta.content;
    if (typeof content === 'string') answer.text += content;
    if (Array.isArray(content)) {
      for (const part of content as Array<Record<string, unknown>>) {
        if (part.type === 'thinking') {
          for (const inner of part.thinking as Array<{ text: string }>) {
            answer.reasoning += inner.text;
          }
        } else if (typeof part.text === 'string') {
          answer.text += part.text;
        }
      }
    }
    for (const key of ['reasoning_content', 'reasoning']) {
      const value = delta[key];
      if (typeof value === 'string' && value !== '') {
        answer.reasoning += value;
        break;
      }
    }
    const reason = chunk.choices?.[0]?.finish_reason;
    if (typeof reason === 'string' && reason !== 'error') answer.rawFinishReason = reason;
    if (chunk.error) {
      answer.error = {
        message: chunk.error.message ?? 'error',
        code: chunk.error.code ?? chunk.error.type ?? 'server_error',
      };
      break;
    }
  }
  return answer;
}

// ---------------------------------------------------------------------------------------------
// Faults and framing variants.

function splitSizes(seed: number, count = 512): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(random() * 64));
}

/** The same events framed the ways other servers frame them (not recordings: transformations). */
const REFRAMINGS: Record<string, (body: string) => string> = {
  crlf: (body) => body.replace(/\r?\n/g, '\r\n'),
  'bare CR': (body) => body.replace(/\r?\n/g, '\r'),
  'data: without a space, id: and retry: fields': (body) =>
    body
      .split(/\n\n/)
      .map((event, index) =>
        event.startsWith('data: ')
          ? `id: ${index}\n${index === 0 ? 'retry: 3000\n' : ''}data:${event.slice('data: '.length)}`
          : event,
      )
      .join('\n\n'),
};

/** Where to cut a body: a few fixed places near the start and spread over the rest. */
function cutPoints(length: number): number[] {
  const spread = [0.15, 0.35, 0.55, 0.75, 0.95].map((share) => Math.floor(length * share));
  return [...new Set([1, 37, ...spread])].filter((point) => point > 0 && point < length);
}

// ---------------------------------------------------------------------------------------------
// Running one replay and checking what came out.

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.reset();
});

function read(file: string): string {
  return readFileSync(new URL(`../../../fixtures/recordings/${file}`, import.meta.url), 'utf8');
}

/** What later requests get: the whole recording again, or for a continuation the rest of its text. */
function unfaulted(recording: Recording, body: string, reference: ReferenceAnswer): Scenario {
  return {
    body,
    contentType: recording.contentType ?? 'text/event-stream',
    text: reference.text,
    finishReason: reference.rawFinishReason,
    usageIn: 'none',
    writeBytes: 16,
    midStreamError: reference.error
      ? {
          afterChunks: Number.MAX_SAFE_INTEGER,
          message: reference.error.message,
          code: reference.error.code,
        }
      : undefined,
  };
}

async function replay(
  recording: Recording,
  body: string,
  reference: ReferenceAnswer,
  fault: Partial<Scenario>,
  idleTimeoutMs = policy.idleTimeoutMs,
): Promise<StreamEvent[]> {
  const base = unfaulted(recording, body, reference);
  server.setDefault(base);
  server.script({ ...base, ...fault });
  return collect(
    chatRequest(server.baseURL),
    { policy: { ...policy, idleTimeoutMs } },
    { fetch: socketFreeingFetch },
  );
}

type Terminal = Extract<StreamEvent, { type: 'done' | 'failed' | 'cancelled' }>;

/** The invariants every stream keeps, whatever happened on the wire. */
function checkInvariants(events: StreamEvent[], label: string): Terminal {
  expect(events[0]?.type, label).toBe('started');
  const terminals = events.filter(
    (event) => event.type === 'done' || event.type === 'failed' || event.type === 'cancelled',
  );
  expect(terminals, label).toHaveLength(1);
  const last = events.at(-1) as Terminal;
  expect(terminals[0], label).toBe(last);
  let text = '';
  let reasoning = '';
  for (const event of events) {
    if (event.type !== 'delta') continue;
    text += event.text;
    reasoning += event.reasoning;
    expect(Buffer.byteLength(event.text) + Buffer.byteLength(event.reasoning), label).toBeLessThan(
      MAX_EVENT_BYTES + 1,
    );
  }
  expect(text, `${label}: deltas add up to the final text`).toBe(last.text);
  expect(reasoning, `${label}: deltas add up to the final reasoning`).toBe(last.reasoning);
  const resumes = events.filter((event) => event.type === 'resumed').length;
  expect(resumes, label).toBeLessThanOrEqual(policy.maxResumes);
  return last;
}

function checkOutcome(
  recording: Recording,
  reference: ReferenceAnswer,
  last: Terminal,
  label: string,
  interrupted: boolean,
): void {
  const { expected } = recording;
  expect(last.text, `${label}: text`).toBe(reference.text);
  if (interrupted && last.reasoning !== reference.reasoning) {
    // Cut before any text: the request was sent again from the start and the model thought again;
    // the first attempt's reasoning stays on screen, set apart.
    const again = `\n\n${reference.reasoning}`;
    expect(last.reasoning.endsWith(again), `${label}: reasoning`).toBe(true);
    const before = last.reasoning.slice(0, -again.length);
    expect(reference.reasoning.startsWith(before), `${label}: reasoning`).toBe(true);
  } else {
    expect(last.reasoning, `${label}: reasoning`).toBe(reference.reasoning);
  }
  if (expected.type === 'done') {
    expect(last, label).toMatchObject({ type: 'done', finishReason: expected.finishReason });
    if (last.type !== 'done') return;
    // A cut between the finish chunk and a later usage chunk ends the answer without usage.
    if (interrupted && last.usage === null) return;
    expect(last.usage, `${label}: usage`).toEqual(expected.usage);
  } else {
    expect(last, label).toMatchObject({
      type: 'failed',
      error: { code: expected.code },
      resumable: expected.resumable,
    });
  }
}

// ---------------------------------------------------------------------------------------------

describe.each(RECORDINGS)('replaying $file ($contentType)', (recording) => {
  const body = read(recording.file);
  const reference = referenceAnswer(body);
  const isStream = (recording.contentType ?? 'text/event-stream') === 'text/event-stream';

  it('the reference reader finds an ending in it', () => {
    expect(reference.rawFinishReason !== null || reference.error !== null).toBe(true);
  });

  it.each(SEEDS)('random 1..64-byte reads, seed %i', async (seed) => {
    const events = await replay(recording, body, reference, { writeSizes: splitSizes(seed) });
    const label = `${recording.file} seed ${seed}`;
    checkOutcome(recording, reference, checkInvariants(events, label), label, false);
  });

  it.runIf(isStream && !body.trim().startsWith('{')).each(Object.keys(REFRAMINGS))(
    'reframed: %s, in random reads',
    async (name) => {
      const reframed = REFRAMINGS[name]?.(body) ?? body;
      const events = await replay(recording, reframed, reference, { writeSizes: splitSizes(99) });
      const label = `${recording.file} ${name}`;
      checkOutcome(recording, reference, checkInvariants(events, label), label, false);
    },
  );

  it.each(cutPoints(Buffer.byteLength(body)))('a reset after %i bytes', async (bytes) => {
    const events = await replay(recording, body, reference, {
      writeSizes: splitSizes(bytes),
      dropAfterBytes: bytes,
    });
    const label = `${recording.file} reset at ${bytes}`;
    checkOutcome(recording, reference, checkInvariants(events, label), label, true);
  });

  it.each(cutPoints(Buffer.byteLength(body)).filter((_, index) => index % 3 === 1))(
    'a stall after %i bytes, caught by a 150 ms idle timeout',
    async (bytes) => {
      const events = await replay(
        recording,
        body,
        reference,
        { writeSizes: splitSizes(bytes), stallAfterBytes: bytes },
        150,
      );
      const label = `${recording.file} stall at ${bytes}`;
      checkOutcome(recording, reference, checkInvariants(events, label), label, true);
      expect(await server.whenSocketsClosed()).toBe(true);
    },
  );
});
