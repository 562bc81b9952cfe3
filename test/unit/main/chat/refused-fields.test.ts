/**
 * A provider that refuses a parameter: the refusal is read from real providers' wordings, the request
 * is sent again without it (once), the answer's `started` event says what was dropped and why, and
 * the refusal is remembered for that base URL and model. Engine tests over loopback HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParameterName } from '../../../../main/chat/parameters';
import { refusedParameters, toolsRefusal } from '../../../../main/chat/refused-fields';
import type { StreamEvent } from '../../../../main/chat/types';
import { DEFAULT_ANSWER, startFaultServer, type FaultServer } from '../../../fault-server';
import { API_KEY, chatRequest, collect, terminal } from './stream-helpers';

/** Real error bodies, as providers sent them (from public issue threads, named beside each). */
const openaiMaxTokens = JSON.stringify({
  error: {
    message:
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
    type: 'invalid_request_error',
    param: 'max_tokens',
    code: 'unsupported_parameter',
  },
}); // griptape-ai/ComfyUI-Griptape#312, gpt-5
const openaiTemperature = JSON.stringify({
  error: {
    message:
      "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
    type: 'invalid_request_error',
    param: 'temperature',
    code: 'unsupported_value',
  },
}); // holoviz/lumen#1087, Azure o-series
const groqReasoningEffort = JSON.stringify({
  error: {
    message: "property 'reasoning_effort' is unsupported, did you mean 'reasoning_format'?",
    type: 'invalid_request_error',
  },
}); // CherryHQ/cherry-studio#1099
const mistralSeed = JSON.stringify({
  object: 'error',
  message: {
    detail: [
      {
        type: 'extra_forbidden',
        loc: ['body', 'seed'],
        msg: 'Extra inputs are not permitted',
        input: -1,
      },
    ],
  },
  type: 'invalid_request_error',
  param: null,
  code: null,
}); // Vali-98/ChatterUI#143, a 422
const geminiSeed = JSON.stringify([
  {
    error: {
      code: 400,
      message:
        'Invalid JSON payload received. Unknown name "frequency_penalty": Cannot find field.\nInvalid JSON payload received. Unknown name "seed": Cannot find field.',
      status: 'INVALID_ARGUMENT',
    },
  },
]); // Vali-98/ChatterUI#227
const azureArguments = JSON.stringify({
  error: {
    message: 'Unrecognized request arguments supplied: maxTokens, responseFormat',
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
}); // namankhurpia/Easy-open-ai#38
const xaiEffort = JSON.stringify({
  code: 'invalid-argument',
  error: 'Model grok-4.20-0309-reasoning does not support parameter reasoningEffort.',
}); // chenyme/grok2api#814
const groqEffortValue = JSON.stringify({
  error: {
    message: '`reasoning_effort` must be one of `none` or `default`',
    type: 'invalid_request_error',
  },
}); // iamsrikanthnani/pluely#219
const serdeSeed =
  'Failed to deserialize the JSON body into the target type: unknown field `seed`, expected one of `model`, `messages` at line 1 column 80';

const ALL_SENT: Array<[ParameterName, string]> = [
  ['temperature', 'temperature'],
  ['topP', 'top_p'],
  ['maxTokens', 'max_tokens'],
  ['reasoningEffort', 'reasoning_effort'],
  ['seed', 'seed'],
  ['stop', 'stop'],
];

const refused = (body: string, status = 400, sent = ALL_SENT) =>
  refusedParameters(status, body, sent, [API_KEY]).map((refusal) =>
    refusal.renameTo ? `${refusal.parameter}→${refusal.renameTo}` : refusal.parameter,
  );

describe('reading a refusal', () => {
  it.each([
    ['OpenAI unsupported_parameter', openaiMaxTokens, 400, ['maxTokens→max_completion_tokens']],
    ['OpenAI unsupported_value', openaiTemperature, 400, ['temperature']],
    ['Groq unsupported property', groqReasoningEffort, 400, ['reasoningEffort']],
    ['Groq refused value', groqEffortValue, 400, ['reasoningEffort']],
    ['Mistral extra_forbidden (422)', mistralSeed, 422, ['seed']],
    ['Gemini unknown names (only those sent)', geminiSeed, 400, ['seed']],
    ['Azure unrecognized arguments (camelCase)', azureArguments, 400, ['maxTokens']],
    ['xAI camelCase parameter', xaiEffort, 400, ['reasoningEffort']],
    ['a Rust server (serde)', serdeSeed, 400, ['seed']],
  ])('%s', (_name, body, status, expected) => {
    expect(refused(body, status)).toEqual(expected);
  });

  it('reads max_completion_tokens refused once max tokens travel under that name', () => {
    const body = JSON.stringify({
      object: 'error',
      message: {
        detail: [
          {
            type: 'extra_forbidden',
            loc: ['body', 'max_completion_tokens'],
            msg: 'Extra inputs are not permitted',
          },
        ],
      },
    }); // editor-code-assistant/eca#231, Mistral
    expect(refused(body, 422, [['maxTokens', 'max_completion_tokens']])).toEqual(['maxTokens']);
  });

  it('is not a refusal when the status is not 400/422, or nothing sent is named', () => {
    expect(refused(openaiTemperature, 500)).toEqual([]);
    expect(refused(openaiTemperature, 400, [['seed', 'seed']])).toEqual([]);
    const contextLength = JSON.stringify({
      error: {
        message:
          "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens. Please reduce the length of the messages.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    });
    expect(refused(contextLength)).toEqual([]);
    // "stop" and "seed" as words in prose are not fields.
    expect(refused('Invalid request: please stop and seed the request again')).toEqual([]);
  });

  it('keeps secrets out of the reason', () => {
    const body = `Unsupported parameter: 'seed' (key ${API_KEY})`;
    const [refusal] = refusedParameters(400, body, ALL_SENT, [API_KEY]);
    expect(refusal?.reason).toContain('[redacted]');
    expect(refusal?.reason).not.toContain(API_KEY);
  });
});

describe('asking again without a refused parameter', () => {
  let strict: FaultServer;
  beforeAll(async () => {
    strict = await startFaultServer({
      refuseFields: [
        // For every model: each test uses a model of its own, as the memory is per model.
        { field: 'temperature', body: openaiTemperature },
        { field: 'max_tokens', body: openaiMaxTokens },
        { field: 'seed', body: mistralSeed, status: 422 },
      ],
    });
  });
  afterAll(async () => {
    await strict.close();
  });

  const started = (events: StreamEvent[]) => events.find((event) => event.type === 'started');

  it('drops it, tells the conversation, and keeps the rest exactly as given', async () => {
    strict.reset();
    const events = await collect(
      chatRequest(strict.baseURL, { model: 'chat-model', parameters: { seed: 42, topP: 0.5 } }),
    );
    expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
    expect(started(events)).toEqual({
      type: 'started',
      attempt: 1,
      dropped: [{ parameter: 'seed', reason: expect.stringContaining('Extra inputs') }],
    });
    expect(strict.requests.map((request) => request.body?.seed)).toEqual([42, undefined]);
    expect(strict.requests[1]?.body?.top_p).toBe(0.5);
  });

  it('remembers the refusal for that base URL and model: the next answer goes without at once', async () => {
    const request = chatRequest(strict.baseURL, { model: 'remembering', parameters: { seed: 42 } });
    await collect(request);
    strict.reset();
    const events = await collect(request);
    expect(strict.requests).toHaveLength(1);
    expect(strict.requests[0]?.body).not.toHaveProperty('seed');
    expect(started(events)).toMatchObject({
      dropped: [{ parameter: 'seed', reason: expect.stringContaining('refused it earlier') }],
    });
  });

  it('does not carry a refusal over to another model of the same provider', async () => {
    const other = await startFaultServer({
      refuseFields: [{ field: 'temperature', body: openaiTemperature, model: 'o-model' }],
    });
    try {
      await collect(
        chatRequest(other.baseURL, { model: 'o-model', parameters: { temperature: 0.2 } }),
      );
      other.reset();
      const events = await collect(
        chatRequest(other.baseURL, { model: 'chat-model', parameters: { temperature: 0.2 } }),
      );
      expect(other.requests.map((request) => request.body?.temperature)).toEqual([0.2]);
      expect(started(events)).toEqual({ type: 'started', attempt: 1 });
    } finally {
      await other.close();
    }
  });

  it('sends max tokens as max_completion_tokens when the model asks for it, and remembers that', async () => {
    strict.reset();
    const events = await collect(
      chatRequest(strict.baseURL, { model: 'renaming', parameters: { maxTokens: 300 } }),
    );
    expect(terminal(events).type).toBe('done');
    expect(started(events)).toEqual({ type: 'started', attempt: 1 });
    expect(strict.requests.map((request) => request.body?.max_tokens)).toEqual([300, undefined]);
    expect(strict.requests[1]?.body?.max_completion_tokens).toBe(300);

    strict.reset();
    await collect(
      chatRequest(strict.baseURL, { model: 'renaming', parameters: { maxTokens: 300 } }),
    );
    expect(strict.requests).toHaveLength(1);
    expect(strict.requests[0]?.body?.max_completion_tokens).toBe(300);
  });

  it('drops one refused parameter after another, each once, without spending retries', async () => {
    strict.reset();
    const events = await collect(
      chatRequest(strict.baseURL, {
        model: 'refusing-three',
        parameters: { temperature: 0.2, seed: 1, maxTokens: 50 },
      }),
      { policy: { maxAttempts: 1 } },
    );
    expect(terminal(events)).toMatchObject({ type: 'done' });
    const dropped = started(events);
    expect(dropped?.type === 'started' && dropped.dropped?.map((entry) => entry.parameter)).toEqual(
      // The server refuses temperature first, then max_tokens (renamed, not dropped), then seed.
      ['temperature', 'seed'],
    );
    // Each request carries one field fewer; none is sent twice after its refusal.
    const sent = strict.requests.map((request) =>
      ['temperature', 'seed', 'max_tokens', 'max_completion_tokens'].filter((field) =>
        Object.hasOwn(request.body ?? {}, field),
      ),
    );
    expect(sent.at(-1)).toEqual(['max_completion_tokens']);
    expect(new Set(sent.map((fields) => fields.join())).size).toBe(sent.length);
  });

  it('fails as before when the 400 names nothing it sent', async () => {
    const other = await startFaultServer({
      refuseFields: [
        {
          field: 'messages',
          body: JSON.stringify({
            error: { message: "Unsupported value: 'messages[0].role' does not support 'system'." },
          }),
        },
      ],
    });
    try {
      const done = terminal(await collect(chatRequest(other.baseURL, { parameters: { seed: 3 } })));
      expect(done).toMatchObject({ type: 'failed', error: { code: 'bad_request', status: 400 } });
      expect(other.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('a model that takes no tools', () => {
  const TOOLS = [{ type: 'function' as const, function: { name: 'get_weather' } }];
  /** Real answers, from public issue threads (named beside each). */
  const refusals: Array<[string, number, string]> = [
    [
      'Ollama', // ollama/ollama#6027
      400,
      JSON.stringify({
        error: {
          message: 'stablelm2:latest does not support tools',
          type: 'api_error',
          param: null,
          code: null,
        },
      }),
    ],
    [
      'Ollama native',
      400,
      '{"error":"registry.ollama.ai/library/gemma3:4b does not support tools"}',
    ], // ollama/ollama#14795
    [
      'OpenRouter', // evalstate/fast-agent#122
      404,
      JSON.stringify({
        error: {
          message:
            'No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing',
          code: 404,
        },
      }),
    ],
    [
      'OpenRouter tool_choice', // zed-industries/zed#36094
      404,
      JSON.stringify({
        error: {
          message:
            "No endpoints found that support the provided 'tool_choice' value. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing",
          code: 404,
        },
      }),
    ],
    [
      'llama.cpp without --jinja', // containers/ramalama#988
      500,
      JSON.stringify({
        error: { code: 500, message: 'tools param requires --jinja flag', type: 'server_error' },
      }),
    ],
    [
      'older llama.cpp', // ggml-org/llama.cpp#10920
      500,
      '{"code":500,"message":"Unsupported param: tools","type":"server_error"}',
    ],
    [
      'vLLM without a tool parser', // vllm-project/vllm#9986
      400,
      JSON.stringify({
        object: 'error',
        message:
          '"auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set',
        type: 'BadRequestError',
        code: 400,
      }),
    ],
  ];

  it.each(refusals)('reads %s refusing tools', (_name, status, body) => {
    expect(toolsRefusal(status, body, [])).toEqual(expect.any(String));
  });

  it.each([
    [
      400,
      JSON.stringify({ error: { message: "Invalid 'tools[0].function.name': string too long." } }),
    ],
    [429, '{"error":{"message":"Rate limit reached for tool use"}}'],
    [500, '{"error":{"message":"The server had an error while processing your request."}}'],
    [404, '{"error":{"message":"The model `gpt-9` does not exist"}}'],
  ])('does not read a %i that says something else as a refusal of tools', (status, body) => {
    expect(toolsRefusal(status, body, [])).toBeNull();
  });

  it('keeps the key out of the reason', () => {
    expect(
      toolsRefusal(400, `{"error":"model for ${API_KEY} does not support tools"}`, [API_KEY]),
    ).not.toContain(API_KEY);
  });

  let ollama: FaultServer;
  beforeAll(async () => {
    ollama = await startFaultServer({
      refuseFields: [
        { field: 'tools', body: refusals[0]?.[2] ?? '', model: 'no-tools' },
        { field: 'tools', body: refusals[4]?.[2] ?? '', status: 500, model: 'no-jinja' },
      ],
    });
  });
  afterAll(async () => {
    await ollama.close();
  });
  const started = (events: StreamEvent[]) => events.find((event) => event.type === 'started');

  it.each(['no-tools', 'no-jinja'])(
    'asks again once without tools or tool_choice for %s, and the answer says tools were off',
    async (model) => {
      ollama.reset();
      const events = await collect(
        chatRequest(ollama.baseURL, { model, tools: TOOLS, toolChoice: 'auto' }),
        { policy: { maxAttempts: 1 } },
      );
      expect(terminal(events)).toMatchObject({ type: 'done', text: DEFAULT_ANSWER });
      expect(started(events)).toEqual({
        type: 'started',
        attempt: 1,
        toolsOff: { reason: expect.stringMatching(/does not support tools|--jinja/) },
      });
      expect(ollama.requests.map((request) => Object.hasOwn(request.body ?? {}, 'tools'))).toEqual([
        true,
        false,
      ]);
      expect(ollama.requests[1]?.body).not.toHaveProperty('tool_choice');
    },
  );

  it('remembers it for that model, and only that model', async () => {
    const request = chatRequest(ollama.baseURL, { model: 'no-tools', tools: TOOLS });
    await collect(request);
    ollama.reset();
    const events = await collect(request);
    expect(ollama.requests).toHaveLength(1);
    expect(ollama.requests[0]?.body).not.toHaveProperty('tools');
    expect(started(events)).toMatchObject({
      toolsOff: { reason: expect.stringContaining('refused them earlier for no-tools') },
    });

    ollama.reset();
    const other = await collect(chatRequest(ollama.baseURL, { model: 'tool-model', tools: TOOLS }));
    expect(started(other)).toEqual({ type: 'started', attempt: 1 });
    expect(ollama.requests[0]?.body?.tools).toEqual(TOOLS);
  });

  it('says nothing about tools to an answer that had none', async () => {
    ollama.reset();
    const events = await collect(chatRequest(ollama.baseURL, { model: 'no-tools' }));
    expect(started(events)).toEqual({ type: 'started', attempt: 1 });
    expect(ollama.requests).toHaveLength(1);
  });
});
