/**
 * The engine's cost per byte of a streamed answer. One recorded-like SSE body (about 2 MB of
 * OpenAI-shaped chunks from a fixed seed) goes, side by side in one run, through:
 *   - the engine's hot path (chunk-stream: UTF-8 decoding, SSE framing, chunk parsing; then the
 *     delta coalescer, and the answer accumulated from what it emits, as StreamRun does), fed in
 *     1 KB reads,
 *   - bare JSON.parse of each chunk's payload, already split out (the practical floor),
 *   - the whole engine.stream() over a fetch Response handing out 1 KB reads,
 *   - the official openai SDK's stream over the same Response (what most apps use).
 * Each figure is a median over several samples after warm-up passes.
 */
import OpenAI from 'openai';
import { createChunkStream } from '../main/chat/chunk-stream';
import { createDeltaCoalescer } from '../main/chat/coalescer';
import { createChatEngine } from '../main/chat/engine';
import type { ChatRequest } from '../main/chat/types';
import { READ_SIZE, responseOf, sseBody } from './sse-recording';
import { row, type Benchmark, type BenchContext } from './types';
import { seededRandom } from '../test/support/seeded-random';

/**
 * English-like tokens: mostly ASCII, with the occasional accent, dash, curly quote, emoji or CJK
 * character that real answers carry (about one token in forty), so reads are mostly but not all ASCII.
 */
const ASCII_TOKENS = [
  ' the',
  ' stream',
  ' river',
  ' flows',
  ' into',
  ' a',
  ' delta',
  ',',
  '.',
  ' and',
  ' it',
  ' carries',
  ' silt',
  ' from',
  ' high',
  ' ground',
  ' to',
  ' sea',
  ' water',
  ' valley',
  ' is',
  ' of',
  ' in',
  '\n\n',
  '\n- ',
  ' **',
  '**',
  ' `',
  '`',
  ' (',
  ')',
  ':',
  ' 42',
  'ing',
  'ed',
  ' runnel',
  ' brook',
  ' bank',
  ' bend',
  ' current',
  ' "',
  '"',
  ' that',
  ' which',
  ' its',
  ' slow',
  ' fast',
  ' wide',
];
const OTHER_TOKENS = [' café', ' Rhône', ' —', '’s', ' “', '”', ' 川', ' 🌊'];

function token(random: () => number, otherShare: number): string {
  const pool = random() < otherShare ? OTHER_TOKENS : ASCII_TOKENS;
  return pool[Math.floor(random() * pool.length)] ?? ' ';
}

interface Recording {
  bytes: Uint8Array;
  /** Each event's JSON payload, already split, for the JSON.parse floor. */
  payloads: string[];
  text: string;
}

function recordAnswer(targetBytes: number, otherShare: number): Recording {
  const random = seededRandom(20_251_125);
  const head =
    '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1770933892,"model":"gpt-4.1-mini-2025-04-14","service_tier":"default","system_fingerprint":"fp_bench","choices":[{"index":0,"delta":';
  const payloads = [
    `${head}{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}`,
  ];
  let text = '';
  let size = 0;
  while (size < targetBytes) {
    const count = 1 + Math.floor(random() * 3);
    let piece = '';
    for (let index = 0; index < count; index += 1) piece += token(random, otherShare);
    text += piece;
    const payload = `${head}{"content":${JSON.stringify(piece)}},"logprobs":null,"finish_reason":null}],"usage":null}`;
    payloads.push(payload);
    size += payload.length + 8;
  }
  payloads.push(`${head}{},"logprobs":null,"finish_reason":"stop"}],"usage":null}`);
  payloads.push(
    '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1770933892,"model":"gpt-4.1-mini-2025-04-14","choices":[],"usage":{"prompt_tokens":20,"completion_tokens":40000,"total_tokens":40020}}',
  );
  return { bytes: sseBody(payloads), payloads, text };
}

const request: ChatRequest = {
  endpoint: { baseURL: 'http://bench.invalid/v1', apiKey: 'bench' },
  model: 'gpt-4.1-mini',
  messages: [{ role: 'user', content: 'Tell me about rivers.' }],
};

async function throughEngine(recording: Recording): Promise<string> {
  const engine = createChatEngine({ fetch: async () => responseOf(recording.bytes) });
  let text = '';
  for await (const event of engine.stream(request)) {
    if (event.type === 'done') return event.text;
    if (event.type === 'failed' || event.type === 'cancelled') {
      throw new Error(`engine ended with ${event.type}`);
    }
    if (event.type === 'delta') text += event.text;
  }
  return text;
}

async function throughHotPath(recording: Recording): Promise<string> {
  // As StreamRun does: every piece goes to the coalescer, and the answer grows by what it emits.
  let text = '';
  const coalescer = createDeltaCoalescer({
    intervalMs: 16,
    now: Date.now,
    emit: (delta) => {
      text += delta.text;
    },
  });
  const chunks = createChunkStream((piece, reasoning) => coalescer.add(piece, reasoning));
  const { bytes } = recording;
  for (let offset = 0; offset < bytes.length && !chunks.settled; offset += READ_SIZE) {
    chunks.push(bytes.subarray(offset, offset + READ_SIZE));
  }
  if (!chunks.settled) chunks.end();
  coalescer.flush();
  coalescer.dispose();
  // What the events showed; the warm-up passes check it against the recording.
  return text;
}

async function throughJsonParse(recording: Recording): Promise<string> {
  let text = '';
  for (const payload of recording.payloads) {
    const chunk = JSON.parse(payload) as { choices: Array<{ delta?: { content?: string } }> };
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  return text;
}

async function throughOpenAiSdk(recording: Recording): Promise<string> {
  const client = new OpenAI({
    apiKey: 'bench',
    baseURL: 'http://bench.invalid/v1',
    maxRetries: 0,
    fetch: async () => responseOf(recording.bytes),
  });
  const stream = await client.chat.completions.create({
    model: request.model,
    messages: [{ role: 'user', content: 'Tell me about rivers.' }],
    stream: true,
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  return text;
}

type Pipeline = (recording: Recording) => Promise<string>;

/**
 * Median milliseconds per pass of each pipeline. Each sample times `repeat` passes back to back, so
 * the garbage one pass leaves is mostly collected inside the sample that made it; pipelines take
 * turns sample by sample, so a noisy neighbour on a shared machine hurts all of them alike. Warm-up
 * passes also check that no pipeline loses text.
 */
async function medians(
  pipelines: Pipeline[],
  recording: Recording,
  samples: number,
  repeat: number,
): Promise<number[]> {
  for (let warmUp = 0; warmUp < 4; warmUp += 1) {
    for (const pipeline of pipelines) {
      if ((await pipeline(recording)) !== recording.text)
        throw new Error(`${pipeline.name} lost text`);
    }
  }
  const times = pipelines.map((): number[] => []);
  for (let sample = 0; sample < samples; sample += 1) {
    for (const [index, pipeline] of pipelines.entries()) {
      const started = performance.now();
      for (let pass = 0; pass < repeat; pass += 1) await pipeline(recording);
      times[index]?.push((performance.now() - started) / repeat);
    }
  }
  return times.map((list) => {
    list.sort((a, b) => a - b);
    return Number((list[Math.floor(list.length / 2)] ?? 0).toFixed(2));
  });
}

const benchmark: Benchmark = {
  name: 'engine: SSE parse + accumulate + coalesce',
  async run(context: BenchContext) {
    const targetBytes = context.quick ? 512 * 1024 : 2 * 1024 * 1024;
    const samples = context.quick ? 7 : 9;
    const repeat = context.quick ? 6 : 3;
    const recording = recordAnswer(targetBytes, 1 / 40);
    const megabytes = recording.bytes.length / (1024 * 1024);
    context.log(
      `${megabytes.toFixed(2)} MB, ${recording.payloads.length} chunks, ${READ_SIZE} B reads, median of ${samples} samples of ${repeat} passes`,
    );
    // Pairs measured apart, so that one pair's garbage (the SDK makes plenty) is not collected on the
    // other pair's time.
    const [hotPathMs = 0, floorMs = 0] = await medians(
      [throughHotPath, throughJsonParse],
      recording,
      samples,
      repeat,
    );
    const [engineMs = 0, sdkMs = 0] = await medians(
      [throughEngine, throughOpenAiSdk],
      recording,
      samples,
      repeat,
    );
    const rate = (ms: number) =>
      `${ms.toFixed(1)} ms (${(megabytes / (ms / 1000)).toFixed(0)} MB/s)`;
    context.log(`hot path ${rate(hotPathMs)}; bare JSON.parse ${rate(floorMs)}`);
    context.log(`engine.stream() ${rate(engineMs)}; openai SDK stream ${rate(sdkMs)}`);
    // The same measure where every read carries non-ASCII text (a CJK answer, say): the slow decode path.
    const mixed = recordAnswer(targetBytes / 4, 1 / 3);
    const [mixedHotMs = 0, mixedFloorMs = 0] = await medians(
      [throughHotPath, throughJsonParse],
      mixed,
      samples,
      repeat * 4,
    );
    context.log(
      `non-ASCII in every read (${(mixed.bytes.length / 2 ** 20).toFixed(2)} MB): hot path ${mixedHotMs.toFixed(1)} ms vs JSON.parse ${mixedFloorMs.toFixed(1)} ms, ratio ${(mixedHotMs / mixedFloorMs).toFixed(2)}`,
    );
    return [
      row({
        name: `parse+accumulate+coalesce vs bare JSON.parse, ${megabytes.toFixed(1)} MB, 1 KB reads`,
        value: hotPathMs,
        unit: 'ms',
        baseline: floorMs,
        aim: 'ratio <= 2',
        met: hotPathMs / floorMs <= 2,
      }),
      row({
        name: 'engine.stream() vs openai SDK stream, same Response',
        value: engineMs,
        unit: 'ms',
        baseline: sdkMs,
        aim: 'faster than openai SDK (ratio < 1)',
        met: engineMs / sdkMs < 1,
      }),
    ];
  },
};

export default benchmark;
