/**
 * Tool-call assembly (issue 27's aim: at most 2x bare JSON.parse on a tool-call-heavy stream, and
 * faster than the official openai SDK's stream helper). One OpenAI-shaped SSE body of parallel calls
 * whose arguments arrive in small fragments (about 1 MB from a fixed seed) goes, side by side in one
 * run, through:
 *   - the engine's hot path as StreamRun drives it: chunk-stream (UTF-8, SSE framing, chunk parsing)
 *     handing each delta's `tool_calls` to the assembler, then the checked calls, fed in 1 KB reads;
 *   - bare JSON.parse of each chunk's payload, already split out, appending each fragment's arguments
 *     to its index (the practical floor);
 *   - the whole engine.stream() over a fetch Response handing out 1 KB reads;
 *   - the openai SDK's `chat.completions.stream()` helper over the same Response, to its final
 *     completion's tool calls.
 * Each figure is a median over several samples after warm-up passes that check every pipeline found
 * the same calls.
 */
import OpenAI from 'openai';
import { createChunkStream } from '../main/chat/chunk-stream';
import { createChatEngine } from '../main/chat/engine';
import { createToolCallAssembler } from '../main/chat/tool-call-assembler';
import type { ChatRequest, ToolCall } from '../main/chat/types';
import { seededRandom } from '../test/support/seeded-random';
import { READ_SIZE, responseOf, sseBody } from './sse-recording';
import { row, type Benchmark, type BenchContext } from './types';

interface Recording {
  bytes: Uint8Array;
  payloads: string[];
  calls: ToolCall[];
}

/** Calls of a few KB of JSON each, in 2..8-character fragments, as OpenAI streams them. */
function recordCalls(targetBytes: number): Recording {
  const random = seededRandom(20_260_127);
  const head =
    '{"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1770933892,"model":"gpt-4.1-mini-2025-04-14","choices":[{"index":0,"delta":';
  const tail = ',"logprobs":null,"finish_reason":null}],"usage":null}';
  const payloads = [`${head}{"role":"assistant","content":null}${tail}`];
  const calls: ToolCall[] = [];
  let size = 0;
  while (size < targetBytes) {
    const index = calls.length;
    const lines = Array.from({ length: 40 }, (_, line) => ({
      line,
      text: `River ${Math.floor(random() * 1e6)} — “café” ${line} 川`,
    }));
    const args = JSON.stringify({ path: `notes/${index}.md`, lines });
    const call = {
      id: `call_${index.toString(36).padStart(8, '0')}`,
      name: 'write_file',
      arguments: args,
    };
    calls.push(call);
    payloads.push(
      `${head}{"tool_calls":[{"index":${index},"id":"${call.id}","type":"function","function":{"name":"write_file","arguments":""}}]}${tail}`,
    );
    for (let at = 0; at < args.length;) {
      const length = 2 + Math.floor(random() * 7);
      const piece = args.slice(at, at + length);
      at += length;
      const payload = `${head}{"tool_calls":[{"index":${index},"function":{"arguments":${JSON.stringify(piece)}}}]}${tail}`;
      payloads.push(payload);
      size += payload.length + 8;
    }
  }
  payloads.push(`${head}{}${tail.replace('"finish_reason":null', '"finish_reason":"tool_calls"')}`);
  return { bytes: sseBody(payloads), payloads, calls };
}

const request: ChatRequest = {
  endpoint: { baseURL: 'http://bench.invalid/v1', apiKey: 'bench' },
  model: 'gpt-4.1-mini',
  messages: [{ role: 'user', content: 'Write the notes.' }],
  tools: [{ type: 'function', function: { name: 'write_file' } }],
};

const limits = { maxCalls: 100_000, maxArgumentChars: 1024 * 1024 };

async function throughHotPath(recording: Recording): Promise<ToolCall[]> {
  const assembler = createToolCallAssembler(limits);
  const chunks = createChunkStream(
    () => undefined,
    () => undefined,
    (fragments) => {
      assembler.push(fragments);
    },
  );
  const { bytes } = recording;
  for (let offset = 0; offset < bytes.length && !chunks.settled; offset += READ_SIZE) {
    chunks.push(bytes.subarray(offset, offset + READ_SIZE));
  }
  if (!chunks.settled) chunks.end();
  return assembler.calls().map((entry) => entry.call);
}

interface Fragment {
  index: number;
  id?: string;
  function: { name?: string; arguments: string };
}

async function throughJsonParse(recording: Recording): Promise<ToolCall[]> {
  const calls: ToolCall[] = [];
  for (const payload of recording.payloads) {
    const chunk = JSON.parse(payload) as {
      choices: Array<{ delta: { tool_calls?: Fragment[] } }>;
    };
    for (const fragment of chunk.choices[0]?.delta.tool_calls ?? []) {
      const call = (calls[fragment.index] ??= { id: '', name: '', arguments: '' });
      if (fragment.id) call.id = fragment.id;
      if (fragment.function.name) call.name = fragment.function.name;
      call.arguments += fragment.function.arguments;
    }
  }
  return calls;
}

async function throughEngine(recording: Recording): Promise<ToolCall[]> {
  const engine = createChatEngine({ fetch: async () => responseOf(recording.bytes) });
  const calls: ToolCall[] = [];
  for await (const event of engine.stream(request, { policy: { maxToolCalls: 100_000 } })) {
    if (event.type === 'toolCall') calls.push(event.call);
    if (event.type === 'failed') throw new Error(event.error.message);
  }
  return calls;
}

async function throughOpenAiSdk(recording: Recording): Promise<ToolCall[]> {
  const client = new OpenAI({
    apiKey: 'bench',
    baseURL: 'http://bench.invalid/v1',
    maxRetries: 0,
    fetch: async () => responseOf(recording.bytes),
  });
  const stream = client.chat.completions.stream({
    model: request.model,
    messages: [{ role: 'user', content: 'Write the notes.' }],
    tools: [{ type: 'function', function: { name: 'write_file' } }],
  });
  const completion = await stream.finalChatCompletion();
  return (completion.choices[0]?.message.tool_calls ?? []).flatMap((call) =>
    call.type === 'function'
      ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }]
      : [],
  );
}

type Pipeline = (recording: Recording) => Promise<ToolCall[]>;

async function medians(
  pipelines: Pipeline[],
  recording: Recording,
  samples: number,
  repeat: number,
): Promise<number[]> {
  const expected = JSON.stringify(recording.calls);
  for (let warmUp = 0; warmUp < 3; warmUp += 1) {
    for (const pipeline of pipelines) {
      if (JSON.stringify(await pipeline(recording)) !== expected) {
        throw new Error(`${pipeline.name} did not find the calls`);
      }
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
  name: 'tool calls: assembly of streamed tool-call fragments',
  async run(context: BenchContext) {
    const recording = recordCalls(context.quick ? 256 * 1024 : 1024 * 1024);
    const samples = context.quick ? 7 : 9;
    const repeat = context.quick ? 4 : 3;
    const megabytes = recording.bytes.length / (1024 * 1024);
    context.log(
      `${megabytes.toFixed(2)} MB, ${recording.payloads.length} chunks, ${recording.calls.length} calls, ${READ_SIZE} B reads, median of ${samples} samples of ${repeat} passes`,
    );
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
    context.log(
      `hot path ${hotPathMs} ms; bare JSON.parse ${floorMs} ms; engine.stream ${engineMs} ms; openai SDK stream helper ${sdkMs} ms`,
    );
    return [
      row({
        name: 'tool calls: assembly hot path vs bare JSON.parse (ms)',
        value: hotPathMs,
        unit: 'ms',
        baseline: floorMs,
        aim: 'ratio <= 2',
        met: hotPathMs <= 2 * floorMs,
      }),
      row({
        name: 'tool calls: engine.stream vs openai SDK stream helper (ms)',
        value: engineMs,
        unit: 'ms',
        baseline: sdkMs,
        aim: 'ratio < 1',
        met: engineMs < sdkMs,
      }),
    ];
  },
};

export default benchmark;
