/**
 * Every recording of the toolcall corpus (../shared/acceptance-data/toolcall-corpus/, beside the
 * repository; its README and each `.json` say where the stream came from and what it shows) replayed
 * through the real engine over loopback HTTP, checked against the `.json`'s expected text, reasoning,
 * finish reason, usage and tool calls, written down by the corpus's authors, not by this engine:
 *
 *   (a) random 1..64-byte reads from several seeds, so splits fall inside `data:` lines, inside the
 *       arguments' JSON and inside multi-byte characters; the same under CRLF and without `[DONE]`;
 *   (b) a socket reset after N bytes for several N: before any tool call the engine resumes the text;
 *       once a call has begun it asks for the step again, and the calls must come out exactly once;
 *   (c) a stall after N bytes under a short idle timeout: the watchdog notices and the answer recovers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StreamEvent, TerminalEvent } from '../../../../main/chat/types';
import { startFaultServer, type FaultServer, type Scenario } from '../../../fault-server';
import { seededRandom } from '../../../support/seeded-random';
import { chatRequest, collect, socketFreeingFetch } from './stream-helpers';

/** The corpus lives in the shared folder beside the repository, as the other acceptance data does. */
const CORPUS = fileURLToPath(
  new URL('../../../../../shared/acceptance-data/toolcall-corpus/', import.meta.url),
);

interface Expected {
  expected_text: string;
  expected_reasoning?: string;
  expected_finish_reason: string;
  expected_usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  expected_tool_calls: Array<{ id: string; name: string; arguments: string }>;
}

const RECORDINGS = readdirSync(CORPUS)
  .filter((file) => file.endsWith('.sse'))
  .sort();

const SEEDS = [1, 2, 3, 4, 5];
const policy = { maxResumes: 2, idleTimeoutMs: 2000, retryBaseDelayMs: 1 };

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

function splitSizes(seed: number, count = 512): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(random() * 64));
}

function cutPoints(length: number): number[] {
  const spread = [0.15, 0.35, 0.55, 0.75, 0.95].map((share) => Math.floor(length * share));
  return [...new Set([1, 37, ...spread])].filter((point) => point > 0 && point < length);
}

/**
 * What later requests get: the whole recording again (a step asked again), or for a continuation the
 * rest of its text followed by the same calls, as a model that goes on would send them.
 */
function unfaulted(body: string, expected: Expected): Scenario {
  return {
    body,
    contentType: 'text/event-stream',
    text: expected.expected_text,
    finishReason: expected.expected_finish_reason,
    usageIn: 'none',
    writeBytes: 16,
    toolCalls: expected.expected_tool_calls,
    toolCallShape: 'fragments',
  };
}

async function replay(
  body: string,
  expected: Expected,
  fault: Partial<Scenario>,
  idleTimeoutMs = policy.idleTimeoutMs,
): Promise<StreamEvent[]> {
  const base = unfaulted(body, expected);
  server.setDefault(base);
  server.script({ ...base, ...fault });
  return collect(
    chatRequest(server.baseURL, {
      tools: [{ type: 'function', function: { name: 'any', parameters: { type: 'object' } } }],
    }),
    { policy: { ...policy, idleTimeoutMs } },
    { fetch: socketFreeingFetch },
  );
}

function check(events: StreamEvent[], expected: Expected, label: string, interrupted: boolean) {
  expect(events[0]?.type, label).toBe('started');
  const last = events.at(-1) as TerminalEvent;
  expect(last, label).toMatchObject({
    type: 'done',
    finishReason: expected.expected_finish_reason,
  });
  if (last.type !== 'done') return;
  expect(
    events.filter((event) => event.type === 'done'),
    label,
  ).toHaveLength(1);
  const deltas = events.filter((event) => event.type === 'delta');
  expect(deltas.map((event) => event.text).join(''), `${label}: deltas`).toBe(last.text);
  expect(last.text, `${label}: text`).toBe(expected.expected_text);

  const reasoning = expected.expected_reasoning ?? '';
  if (interrupted && last.reasoning !== reasoning) {
    // Cut before any text: asked again from the start, the model thought again; the first
    // attempt's reasoning stays, set apart.
    const again = `\n\n${reasoning}`;
    expect(last.reasoning.endsWith(again), `${label}: reasoning`).toBe(true);
    expect(reasoning.startsWith(last.reasoning.slice(0, -again.length)), label).toBe(true);
  } else {
    expect(last.reasoning, `${label}: reasoning`).toBe(reasoning);
  }

  const calls = events.filter((event) => event.type === 'toolCall');
  expect(
    calls.map((event) => event.call),
    `${label}: tool calls`,
  ).toEqual(expected.expected_tool_calls);
  expect(calls.map((event) => event.error)).toEqual(calls.map(() => null));
  // After every delta, before the end.
  const firstCall = events.findIndex((event) => event.type === 'toolCall');
  const lastDelta = events.findLastIndex((event) => event.type === 'delta');
  expect(firstCall, label).toBeGreaterThan(lastDelta);

  const usage = expected.expected_usage
    ? {
        promptTokens: expected.expected_usage.prompt_tokens,
        completionTokens: expected.expected_usage.completion_tokens,
        totalTokens: expected.expected_usage.total_tokens,
      }
    : null;
  if (usage === null) {
    expect(last.usage, `${label}: usage`).toBeNull();
  } else if (!interrupted) {
    expect(last.usage, `${label}: usage`).toMatchObject(usage);
  } else if (last.usage !== null) {
    // A cut before the usage chunk ends the answer without usage; a step asked again is paid
    // for twice, and the usage says so.
    expect(last.usage.promptTokens % usage.promptTokens, `${label}: usage`).toBe(0);
    expect(last.usage.promptTokens, `${label}: usage`).toBeLessThanOrEqual(3 * usage.promptTokens);
  }
}

it('finds the corpus beside the repository', () => {
  expect(RECORDINGS.length).toBeGreaterThanOrEqual(11);
});

describe.each(RECORDINGS)('replaying %s', (file) => {
  const body = readFileSync(`${CORPUS}${file}`, 'utf8');
  const expected = JSON.parse(
    readFileSync(`${CORPUS}${file.replace(/\.sse$/, '.json')}`, 'utf8'),
  ) as Expected;

  it.each(SEEDS)('random 1..64-byte reads, seed %i', async (seed) => {
    const events = await replay(body, expected, { writeSizes: splitSizes(seed) });
    check(events, expected, `${file} seed ${seed}`, false);
    expect(server.requests).toHaveLength(1);
  });

  it('with CRLF line endings, in random reads', async () => {
    const crlf = body.replace(/\r?\n/g, '\r\n');
    check(await replay(crlf, expected, { writeSizes: splitSizes(7) }), expected, file, false);
  });

  it('without [DONE], in random reads', async () => {
    const noDone = body.replace(/^data: \[DONE\]\s*$/m, '');
    expect(noDone).not.toContain('[DONE]');
    check(await replay(noDone, expected, { writeSizes: splitSizes(8) }), expected, file, false);
  });

  it.each(cutPoints(Buffer.byteLength(body)))('a reset after %i bytes', async (bytes) => {
    const events = await replay(body, expected, {
      writeSizes: splitSizes(bytes),
      dropAfterBytes: bytes,
    });
    check(events, expected, `${file} reset at ${bytes}`, true);
  });

  it.each(cutPoints(Buffer.byteLength(body)).filter((_, index) => index % 3 === 1))(
    'a stall after %i bytes, caught by a 150 ms idle timeout',
    async (bytes) => {
      const events = await replay(
        body,
        expected,
        { writeSizes: splitSizes(bytes), stallAfterBytes: bytes },
        150,
      );
      check(events, expected, `${file} stall at ${bytes}`, true);
      expect(await server.whenSocketsClosed()).toBe(true);
    },
  );
});
