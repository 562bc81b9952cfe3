/**
 * THE IPC contract between main and the renderers, declared once.
 *
 * Each entry is keyed `runnel:<domain>:<verb>` and says its kind and its zod schemas; every type the
 * renderer or main sees is inferred from them. main's handler table (main/ipc/) and the bridge
 * (preload/bridge.ts) are both built from this map, so a channel spelled anywhere else cannot exist.
 */
import { z } from 'zod';

// Under the renderer's CSP (no 'unsafe-eval') zod's start-up probe for `new Function` is refused, and
// Chromium reports the refusal as a CSP violation in every window; jitless skips the probe.
z.config({ jitless: true });

// ---------------------------------------------------------------------------------------------
// Shared shapes

/** Ids are made by Runnel (UUIDs and the like): plain characters only, never markup or control codes. */
const id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'not a valid id');
const text = (max: number) => z.string().max(max);
/**
 * A whole conversation crosses IPC when a stream starts; bound it so a bad payload cannot eat memory.
 * One message may be as long as the longest answer the engine keeps (its `maxAnswerChars`, 8 Mi), so
 * an answer that reached the cap can still be sent back as context or resumed.
 */
const MAX_CONTENT = 8 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Payload rules: pure checks the schemas below use, exported so the renderer's forms say the same
// thing beside the field before a round trip.

/**
 * Budgets on whole payloads, not only on each part: one message is capped at MAX_CONTENT, and a
 * conversation (every message plus the partial answer it resumes) at `conversationChars`, about two
 * million tokens, more than any model's context, so a request main keeps in memory stays bounded.
 */
export const payloadBudgets = {
  messageChars: MAX_CONTENT,
  conversationChars: 16 * 1024 * 1024,
  headers: 32,
  headerValueChars: 4_000,
  /** Names and values together; servers commonly refuse more than 8 to 16 KB of headers. */
  headerChars: 16_000,
} as const;

/**
 * Characters that have no place in a name shown in a list: C0 and C1 controls, DEL, the line and
 * paragraph separators, and the bidi overrides, embeddings, isolates and marks that can make a name
 * read as something else (`\u202e` turns "evil\u202eexe.txt" around).
 */
const UNSAFE_TEXT =
  // eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;

export const hasUnsafeCharacters = (value: string): boolean => UNSAFE_TEXT.test(value);

/** The text with those characters taken out (for names stored before they were refused). */
export const withoutUnsafeCharacters = (value: string): string =>
  value.replace(new RegExp(UNSAFE_TEXT.source, 'gu'), '');

/** A one-line text shown in the interface: bounded, and free of control and text-direction characters. */
const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .refine(
      (value) => !hasUnsafeCharacters(value),
      'Names cannot contain control characters or hidden text-direction characters.',
    );

/** RFC 9110's token: the only characters a header name may have. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
/** Printable ASCII and tabs: no CR/LF (header injection), no NUL, nothing fetch would refuse to send. */
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;

/**
 * The fetch standard's forbidden request-header names (the HTTP stack owns them; set by hand they
 * break the request or are dropped), and the two Runnel sets itself for every call. `Authorization`
 * is allowed: the API key field only covers `Bearer`, and gateways behind Basic or other schemes
 * need the header; when both are set the header is sent (main/chat/request-body.ts).
 */
const FORBIDDEN_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'feature-policy',
  'host',
  'keep-alive',
  'origin',
  'permissions-policy',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'x-http-method',
  'x-http-method-override',
  'x-method-override',
]);
const RUNNEL_HEADERS = new Set(['content-type', 'accept']);

/** Why a header name cannot be used, in words for the person who typed it; null when it can. */
export function headerNameProblem(name: string): string | null {
  if (!HEADER_NAME.test(name)) {
    const shown = withoutUnsafeCharacters(name).slice(0, 100);
    return `"${shown}" is not a valid header name: use 1 to 100 letters, digits or - _ . ! # $ % & ' * + ^ \` | ~, and no spaces.`;
  }
  const lower = name.toLowerCase();
  if (RUNNEL_HEADERS.has(lower)) return `Runnel sets ${name} itself; it cannot be an extra header.`;
  if (FORBIDDEN_HEADERS.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) {
    return `"${name}" is managed by the network stack and cannot be set as an extra header.`;
  }
  return null;
}

/** Why a header value cannot be sent, in words; null when it can. */
export function headerValueProblem(value: string): string | null {
  if (value.length > payloadBudgets.headerValueChars) {
    return `A header value can be at most ${payloadBudgets.headerValueChars} characters.`;
  }
  if (!HEADER_VALUE.test(value)) {
    return 'A header value can hold only printable ASCII characters: no line breaks, control characters or accented letters.';
  }
  return null;
}

/** Problems of a provider's headers as a whole (count, size, a name twice); null when none. */
export function headerSetProblem(
  names: readonly string[],
  values: readonly string[],
): string | null {
  if (names.length > payloadBudgets.headers) {
    return `A provider can have at most ${payloadBudgets.headers} extra headers.`;
  }
  const lower = names.map((name) => name.toLowerCase());
  if (new Set(lower).size !== lower.length) return 'Each header can appear once.';
  const size = [...names, ...values].reduce((sum, part) => sum + part.length, 0);
  if (size > payloadBudgets.headerChars) {
    return `Extra headers can hold at most ${payloadBudgets.headerChars} characters in all.`;
  }
  return null;
}

/**
 * Budgets on attachments, in bytes (an image's encoded bytes; a text file's or PDF's text, counted per
 * character). OpenAI takes at most 20 MB per image and 50 MB of images per request; the attachment
 * worker's output is far smaller (an image resized to 2048 x 768 is a few hundred KB, a PDF's text is
 * capped at 2 million characters), so these only stop a payload no provider would take anyway.
 */
export const attachmentBudgets = {
  attachmentBytes: 20 * 1024 * 1024,
  messageBytes: 32 * 1024 * 1024,
  requestBytes: 50 * 1024 * 1024,
  perMessage: 32,
} as const;

/** Binary data as structured clone carries it (ipcRenderer.invoke copies an ArrayBuffer as it is). */
const isArrayBuffer = (value: unknown): value is ArrayBuffer =>
  value instanceof ArrayBuffer || Object.prototype.toString.call(value) === '[object ArrayBuffer]';

/**
 * One attachment of a message as the renderer hands it to main: an image's encoded bytes (resized by
 * the attachment worker) as an ArrayBuffer, never base64; or the text a text file or PDF became (its
 * fenced block, headed by the file name). main builds the provider's content parts from these.
 */
export const messageAttachmentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('image'),
    name: z.string().max(1_000),
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    bytes: z.custom<ArrayBuffer>(isArrayBuffer, 'An image must arrive as binary data.'),
  }),
  z.strictObject({
    kind: z.literal('text'),
    name: z.string().max(1_000),
    text: text(MAX_CONTENT),
  }),
]);

export const chatMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: text(MAX_CONTENT),
  /** Files sent with this message, in the order they were attached. */
  attachments: z.array(messageAttachmentSchema).optional(),
});

type AttachmentPayload = z.infer<typeof messageAttachmentSchema>;

const attachmentBytes = (attachment: AttachmentPayload): number =>
  attachment.kind === 'image' ? attachment.bytes.byteLength : attachment.text.length;

/** Attachments over a budget, in words; null when they fit. Sizes as the composer shows them. */
export function attachmentBudgetProblem(
  messages: ReadonlyArray<{ attachments?: readonly AttachmentPayload[] | undefined }>,
): string | null {
  const megabytes = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  let request = 0;
  for (const message of messages) {
    const attachments = message.attachments ?? [];
    if (attachments.length > attachmentBudgets.perMessage) {
      return `A message can carry at most ${attachmentBudgets.perMessage} attachments; this one has ${attachments.length}. Send them over several messages.`;
    }
    let inMessage = 0;
    for (const attachment of attachments) {
      const size = attachmentBytes(attachment);
      if (size > attachmentBudgets.attachmentBytes) {
        return `${withoutUnsafeCharacters(attachment.name).slice(0, 200)} is ${megabytes(size)}; one attachment can be at most ${megabytes(attachmentBudgets.attachmentBytes)}.`;
      }
      inMessage += size;
    }
    if (inMessage > attachmentBudgets.messageBytes) {
      return `The attachments of one message come to ${megabytes(inMessage)}; a message can carry at most ${megabytes(attachmentBudgets.messageBytes)}. Remove some, or send them over several messages.`;
    }
    request += inMessage;
  }
  if (request > attachmentBudgets.requestBytes) {
    return `The attachments in this conversation come to ${megabytes(request)}, and one request can carry at most ${megabytes(attachmentBudgets.requestBytes)}. Start a new conversation for more files.`;
  }
  return null;
}

/** A conversation too large to send as a whole, in words; null when it fits the budget. */
export function conversationSizeProblem(start: {
  messages: ReadonlyArray<{ content: string }>;
  resumeFrom?: { text: string; reasoning: string } | undefined;
}): string | null {
  let chars = (start.resumeFrom?.text.length ?? 0) + (start.resumeFrom?.reasoning.length ?? 0);
  for (const message of start.messages) chars += message.content.length;
  if (chars <= payloadBudgets.conversationChars) return null;
  const millions = (count: number): string => (count / 1_000_000).toFixed(1);
  return `This conversation is too long to send: ${millions(chars)} million characters, and the limit is ${millions(payloadBudgets.conversationChars)} million. Start a new conversation, or remove long pasted text.`;
}

export const usageSchema = z.strictObject({
  promptTokens: z.number(),
  completionTokens: z.number(),
  totalTokens: z.number(),
  reasoningTokens: z.number().optional(),
});

export const chatErrorSchema = z.strictObject({
  code: z.enum([
    'auth',
    'not_found',
    'rate_limit',
    'quota',
    'server',
    'network',
    'offline',
    'timeout',
    'bad_request',
    'bad_response',
    'cancelled',
  ]),
  message: z.string(),
  status: z.number().optional(),
});

export const finishReasonSchema = z.enum([
  'stop',
  'length',
  'content_filter',
  'tool_calls',
  'function_call',
  'unspecified',
]);

const answerSoFar = { text: z.string(), reasoning: z.string() };

/** Mirrors main/chat/parameters.ts REASONING_EFFORTS; main/ipc checks at compile time that they agree. */
export const reasoningEfforts = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
  'default',
] as const;

export const parameterNameSchema = z.enum([
  'temperature',
  'topP',
  'maxTokens',
  'reasoningEffort',
  'seed',
  'stop',
]);

/**
 * Why a conversation's parameter cannot be sent, in words for the person who set it; null when all
 * can. The same rules and words as the engine's (main/chat/parameters.ts `parametersProblem`, which
 * the CLI and programs meet; test/ipc checks the two agree on every edge).
 */
export function chatParametersProblem(p: {
  systemPrompt?: string | null | undefined;
  temperature?: number | null | undefined;
  topP?: number | null | undefined;
  maxTokens?: number | null | undefined;
  reasoningEffort?: string | null | undefined;
  seed?: number | null | undefined;
  stop?: readonly string[] | null | undefined;
}): string | null {
  const inRange = (value: number, min: number, max: number): boolean =>
    Number.isFinite(value) && value >= min && value <= max;
  const shown = (value: unknown): string =>
    typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value);
  if (p.systemPrompt != null && p.systemPrompt.length > 100_000) {
    return `The system prompt can be at most 100,000 characters; it has ${p.systemPrompt.length.toLocaleString('en')}.`;
  }
  if (p.temperature != null && !inRange(p.temperature, 0, 2)) {
    return `Temperature must be a number from 0 to 2; it was ${shown(p.temperature)}.`;
  }
  if (p.topP != null && !inRange(p.topP, 0, 1)) {
    return `top_p must be a number from 0 to 1; it was ${shown(p.topP)}.`;
  }
  const mostTokens = 2 ** 31 - 1;
  if (
    p.maxTokens != null &&
    (!Number.isInteger(p.maxTokens) || !inRange(p.maxTokens, 1, mostTokens))
  ) {
    return `Max output tokens must be a whole number from 1 to ${mostTokens}; it was ${shown(p.maxTokens)}.`;
  }
  if (
    p.reasoningEffort != null &&
    !(reasoningEfforts as readonly string[]).includes(p.reasoningEffort)
  ) {
    return `Reasoning effort must be one of ${reasoningEfforts.join(', ')}; it was ${shown(p.reasoningEffort)}.`;
  }
  if (p.seed != null && !Number.isSafeInteger(p.seed)) {
    return `The seed must be a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}; it was ${shown(p.seed)}.`;
  }
  if (p.stop != null) {
    if (p.stop.length > 4) {
      return `At most 4 stop sequences can be sent; there were ${p.stop.length}.`;
    }
    if (p.stop.some((sequence) => sequence === '')) {
      return 'A stop sequence cannot be empty: it would end every answer at once.';
    }
    const long = p.stop.find((sequence) => sequence.length > 1_000);
    if (long !== undefined) {
      return `A stop sequence can be at most 1000 characters; one has ${long.length}.`;
    }
  }
  return null;
}

/**
 * A conversation's parameters for one answer, over Settings' defaults. Absent: Settings' value (or
 * the provider's default); null: not sent, whatever Settings says. The fields carry only their types
 * and coarse size caps; the limits a person can meet are checked by `chatParametersProblem`, in words.
 */
export const chatParametersSchema = z
  .strictObject({
    systemPrompt: text(MAX_CONTENT).nullable().optional(),
    temperature: z.number().nullable().optional(),
    topP: z.number().nullable().optional(),
    maxTokens: z.number().nullable().optional(),
    // Any text here, so that a value not in the list gets the sentence below, not zod's words.
    reasoningEffort: z
      .custom<(typeof reasoningEfforts)[number]>(
        (value) => typeof value === 'string' && value.length <= 100,
        'Reasoning effort must be text.',
      )
      .nullable()
      .optional(),
    seed: z.number().nullable().optional(),
    stop: z.array(text(MAX_CONTENT)).max(100).nullable().optional(),
  })
  .superRefine((parameters, ctx) => {
    const problem = chatParametersProblem(parameters);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** A set parameter an answer went without: the provider refused it for that model. */
export const droppedParameterSchema = z.strictObject({
  parameter: parameterNameSchema,
  reason: z.string(),
});

/**
 * One complete call the model asked for (main/chat/types.ts ToolCall). Bounded as the engine bounds it
 * (MAX_ID_CHARS, the default maxToolArgumentChars), so nothing larger can cross.
 */
export const toolCallSchema = z.strictObject({
  id: z.string().max(256),
  name: z.string().max(256),
  arguments: z.string().max(1024 * 1024),
});

/**
 * An image or a link of a tool result (main/tools/tool-media.ts ToolMedia), checked in main: images
 * only of these types, base64, at most 1 MB each; whether a link may open is the window's decision.
 */
export const toolMediaSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('image'),
    mimeType: z.enum(['image/png', 'image/jpeg', 'image/gif', 'image/webp']),
    data: z
      .string()
      .max(1_400_000)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/),
  }),
  z.strictObject({ kind: z.literal('link'), uri: z.string().max(2048), name: z.string().max(300) }),
]);

/** Mirrors main/chat/types.ts StreamEvent; main/ipc checks at compile time that the two agree. */
export const streamEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('started'),
    attempt: z.number(),
    dropped: z.array(droppedParameterSchema).optional(),
    /** The answer went without its tools: the model refused them (the provider's words). */
    toolsOff: z.strictObject({ reason: z.string() }).optional(),
  }),
  z.strictObject({ type: z.literal('delta'), ...answerSoFar }),
  z.strictObject({
    type: z.literal('retrying'),
    attempt: z.number(),
    of: z.number(),
    delayMs: z.number(),
    reason: z.string(),
  }),
  z.strictObject({ type: z.literal('resumed'), resumes: z.number() }),
  z.strictObject({ type: z.literal('usage'), usage: usageSchema }),
  z.strictObject({
    type: z.literal('toolCall'),
    call: toolCallSchema,
    error: z
      .strictObject({
        code: z.enum(['invalid_arguments', 'missing_name']),
        message: z.string(),
      })
      .nullable(),
  }),
  z.strictObject({
    type: z.literal('done'),
    finishReason: finishReasonSchema,
    usage: usageSchema.nullable(),
    ...answerSoFar,
  }),
  z.strictObject({
    type: z.literal('failed'),
    error: chatErrorSchema,
    resumable: z.boolean(),
    ...answerSoFar,
  }),
  z.strictObject({ type: z.literal('cancelled'), ...answerSoFar }),
  // The tool loop's events (main/tools/tool-loop.ts ToolLoopEvent), within the same answer.
  /** The next request of a tool loop begins, after the previous step's tool results. */
  z.strictObject({ type: z.literal('step'), step: z.number().int().min(2) }),
  /** A call waits for the person: show its approval card until they answer (runnel:tools:decide). */
  z.strictObject({
    type: z.literal('toolApproval'),
    callId: z.string().max(256),
    server: z.string().max(200),
    tool: z.string().max(200),
    description: z.string().max(10_000).nullable(),
  }),
  /** A call ended; `result` is what the model was told (cut at 100,000 characters by the loop). */
  z.strictObject({
    type: z.literal('toolResult'),
    callId: z.string().max(256),
    outcome: z.enum(['ran', 'failed', 'denied', 'timed_out', 'invalid', 'cancelled']),
    result: z.strictObject({
      content: z.string().max(200_000),
      isError: z.boolean(),
      media: z.array(toolMediaSchema).max(8).optional(),
    }),
    durationMs: z.number().min(0),
  }),
  /** The model still asked for tools after the last step allowed; those calls were not run. */
  z.strictObject({ type: z.literal('stepLimit'), steps: z.number().int().min(1) }),
]);

// ---------------------------------------------------------------------------------------------
// MCP servers (Settings → Tools); mirrors main/tools/server-store.ts and tools-settings.ts, which
// main/ipc checks at compile time.

const serverPolicySchema = z.enum(['ask', 'read-only', 'all']);
const namedValueViewSchema = z.strictObject({ name: z.string(), hasValue: z.boolean() });
/** A value from the window: `value` replaces it; absent keeps the sealed one. */
const namedValueInputSchema = z.strictObject({
  name: plainText(200).min(1),
  value: z.string().max(100_000).optional(),
});

export const mcpServerViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  policy: serverPolicySchema,
  transport: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('stdio'),
      command: z.string(),
      args: z.array(z.string()),
      cwd: z.string().nullable(),
      env: z.array(namedValueViewSchema),
    }),
    z.strictObject({
      kind: z.literal('http'),
      url: z.string(),
      headers: z.array(namedValueViewSchema),
    }),
  ]),
});

/** Server ids as main/mcp/server-config.ts makes them. */
const mcpServerIdSchema = z.strictObject({ id: z.string().regex(/^[a-zA-Z0-9_-]{1,48}$/) });

export const mcpServerInputSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-zA-Z0-9_-]{1,48}$/)
    .optional(),
  name: plainText(200).min(1),
  enabled: z.boolean(),
  policy: serverPolicySchema,
  transport: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('stdio'),
      command: plainText(4096).min(1),
      args: z.array(plainText(32_768)).max(256),
      cwd: plainText(4096).optional(),
      env: z.array(namedValueInputSchema).max(256),
    }),
    z.strictObject({
      kind: z.literal('http'),
      url: z
        .string()
        .max(4096)
        .refine((url) => /^https?:\/\/[^\s]+$/.test(url), 'Give an http:// or https:// address.'),
      headers: z.array(namedValueInputSchema).max(256),
    }),
  ]),
});

export const mcpServerStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('stopped') }),
  z.strictObject({ state: z.literal('starting'), attempt: z.number() }),
  z.strictObject({
    state: z.literal('connected'),
    toolCount: z.number(),
    transport: z.enum(['stdio', 'streamable-http', 'sse']),
  }),
  z.strictObject({
    state: z.literal('failed'),
    error: z.strictObject({ code: z.string(), message: z.string() }),
    stderrTail: z.string(),
  }),
]);

export const mcpServerEntrySchema = mcpServerViewSchema.extend({
  status: mcpServerStatusSchema,
  tools: z.array(
    z.strictObject({ name: z.string(), description: z.string().nullable(), readOnly: z.boolean() }),
  ),
});

/** The MCP host process: restarted with backoff after a crash, given up on after the last try. */
export const mcpHostStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('starting') }),
  z.strictObject({
    state: z.literal('running'),
    /** It was restarted after it stopped: why, and when (ms since 1970), so Settings can say so. */
    restarted: z.strictObject({ reason: z.string(), at: z.number() }).optional(),
  }),
  z.strictObject({
    state: z.literal('restarting'),
    attempt: z.number(),
    delayMs: z.number(),
    reason: z.string(),
  }),
  z.strictObject({ state: z.literal('failed'), reason: z.string() }),
  z.strictObject({ state: z.literal('stopped') }),
]);

export const alwaysAllowedSchema = z.strictObject({
  serverId: z.string(),
  tool: z.string(),
  since: z.number(),
});

export const activeStreamSchema = z.strictObject({
  streamId: id,
  conversationId: id,
  messageId: id,
  /** Sequence number of the last event pushed; events after it are still to come. */
  lastSeq: z.number(),
  ...answerSoFar,
});

export const themeSchema = z.enum(['system', 'light', 'dark']);

/**
 * What the quick-ask window starts with as context: nothing, the clipboard, or the selected text. Only
 * Linux exposes the selection (its primary selection) to other apps; elsewhere `selection` reads the
 * clipboard, and settings says so.
 */
export const quickAskContextSchema = z.enum(['none', 'clipboard', 'selection']);

/** An Electron accelerator (`CommandOrControl+Shift+Space`); main parses it for real before use. */
export const acceleratorSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/, 'not a valid shortcut');

/** The tool loop's limits when the person has not set them (main/tools/tool-loop.ts keeps the same). */
export const TOOL_LIMIT_DEFAULTS = { toolCallTimeoutSec: 60, toolMaxSteps: 10 } as const;

/** The ranges Settings accepts for the attachment limits (the defaults live in attachment-result.ts). */
export const ATTACHMENT_LIMIT_BOUNDS = {
  textKB: { min: 16, max: 8192 },
  pdfPageImages: { min: 1, max: 50 },
  imageSide: { min: 256, max: 8192 },
} as const;

const imageSide = z
  .number()
  .int()
  .min(ATTACHMENT_LIMIT_BOUNDS.imageSide.min)
  .max(ATTACHMENT_LIMIT_BOUNDS.imageSide.max);

/**
 * The size a provider's images are scaled to fit before sending: some models take less than OpenAI's
 * high detail (2048 x 768), a local server may want less still. Absent means the default.
 */
export const providerImageSizeSchema = z
  .strictObject({ longSide: imageSide, shortSide: imageSide })
  .refine((size) => size.shortSide <= size.longSide, {
    message: 'The short side cannot be longer than the long side.',
    path: ['shortSide'],
  });

export const preferencesSchema = z.strictObject({
  activeProviderId: id.nullable(),
  systemPrompt: text(20_000),
  /** null leaves it to the provider's default. */
  temperature: z.number().min(0).max(2).nullable(),
  streaming: z.boolean(),
  maxAttempts: z.number().int().min(1).max(10),
  idleTimeoutSec: z.number().int().min(5).max(600),
  /**
   * The tool loop's limits: seconds one tool call may take, and model rounds in one answer. Optional
   * so settings files written before them stay valid; absent means TOOL_LIMIT_DEFAULTS.
   */
  toolCallTimeoutSec: z.number().int().min(5).max(600).optional(),
  toolMaxSteps: z.number().int().min(1).max(50).optional(),
  /**
   * Attachment limits: the largest text or code file inlined (KB), and the most pages of a scanned
   * PDF sent as images. Optional like the tool limits; absent means the attachment layer's defaults.
   */
  attachTextMaxKB: z
    .number()
    .int()
    .min(ATTACHMENT_LIMIT_BOUNDS.textKB.min)
    .max(ATTACHMENT_LIMIT_BOUNDS.textKB.max)
    .optional(),
  attachPdfPageImages: z
    .number()
    .int()
    .min(ATTACHMENT_LIMIT_BOUNDS.pdfPageImages.min)
    .max(ATTACHMENT_LIMIT_BOUNDS.pdfPageImages.max)
    .optional(),
  theme: themeSchema,
  quickAskContext: quickAskContextSchema,
  /** Closing the chat window keeps Runnel running in the tray. */
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
});

/** A header name as stored and shown: valid syntax (the forbidden names are refused where one is set). */
const headerName = z.string().regex(HEADER_NAME, 'not a valid header name');
const headerValue = z.string().superRefine((value, ctx) => {
  const problem = headerValueProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const httpUrlSchema = z
  .string()
  .max(2_000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address');

/**
 * A header as the renderer may know it: its name, and whether a value is stored. Values are sealed
 * like the API key and never leave main; like the key, they are forgotten when the base URL changes.
 */
export const headerViewSchema = z.strictObject({ name: headerName, hasValue: z.boolean() });

/** What the renderer may know of a provider: never the key or header values, only whether they are set. */
export const providerViewSchema = z.strictObject({
  id,
  name: plainText(100),
  baseURL: httpUrlSchema,
  defaultModel: plainText(200),
  headers: z.array(headerViewSchema).max(payloadBudgets.headers),
  hasKey: z.boolean(),
  imageSize: providerImageSizeSchema.optional(),
});

export const providerDraftSchema = z
  .strictObject({
    /** Absent for a new provider. */
    id: id.optional(),
    name: plainText(100).refine((name) => name.trim() !== '', 'Give the provider a name.'),
    baseURL: httpUrlSchema,
    defaultModel: plainText(200),
    /** Headers with a new value (sealed by main). A stored header named in neither list is removed. */
    headers: z.record(z.string(), headerValue),
    /** Stored headers whose sealed value is kept as it is (the renderer never had the value). */
    keepHeaders: z.array(z.string()).max(payloadBudgets.headers).optional(),
    /** A new key; absent keeps the stored one (unless the base URL changed, which forgets it). */
    apiKey: text(4_000).optional(),
    /** true forgets the stored key. */
    clearKey: z.boolean().optional(),
    /** Absent: images are sent at the default size. */
    imageSize: providerImageSizeSchema.optional(),
  })
  .superRefine((draft, ctx) => {
    // Names are checked here rather than as the record's key schema, whose failures zod reports as
    // a bare "invalid key" instead of the sentence written for the person.
    const values = Object.values(draft.headers);
    const names = [...Object.keys(draft.headers), ...(draft.keepHeaders ?? [])];
    const problem =
      names.map(headerNameProblem).find((found) => found !== null) ??
      headerSetProblem(names, values);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['headers'] });
  });

export const presetSchema = z.strictObject({
  id,
  name: z.string(),
  baseURL: z.string(),
  needsKey: z.boolean(),
  local: z.boolean(),
});

/**
 * The settings file could not be read at start (empty, truncated, not JSON, not Runnel's shape, or
 * from a newer Runnel): it was moved aside and Runnel started with defaults. Shown in the window.
 */
export const settingsResetSchema = z.strictObject({
  /** The path the unreadable file was kept at; null when even moving it aside failed. */
  keptAs: z.string().nullable(),
  /** What was wrong with it, in words. */
  reason: z.string(),
});

export const settingsViewSchema = z.strictObject({
  providers: z.array(providerViewSchema),
  preferences: preferencesSchema,
  presets: z.array(presetSchema),
  /** How API keys are protected at rest: Linux without a keyring only has `basic_text`. */
  keyStorage: z.enum(['os', 'basic_text', 'unavailable']),
  /** Set for the whole run when the settings file was unreadable at start; null otherwise. */
  reset: settingsResetSchema.nullable(),
});

const hotkeyProblemSchema = z.strictObject({
  /** `invalid`: not a shortcut; `taken`: the OS or another app holds it; `unsupported`: this session
   * offers no global shortcuts (some Wayland desktops). */
  code: z.enum(['invalid', 'taken', 'unsupported']),
  message: z.string(),
});

export const hotkeyStatusSchema = z.strictObject({
  /** The hotkey that works right now; null when none is registered. */
  active: acceleratorSchema.nullable(),
  /** The hotkey the user chose, even when it could not be registered on this start. */
  chosen: acceleratorSchema.nullable(),
  /** Why `chosen` is not active, when it is not. */
  problem: hotkeyProblemSchema.nullable(),
  /** A caveat of this session, such as Wayland's, to show beside the recorder; null when none. */
  sessionNote: z.string().nullable(),
});

/** A failed change keeps the hotkey that worked before: `accelerator` is that one. */
export const hotkeyChangeSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), accelerator: acceleratorSchema.nullable() }),
  z.strictObject({
    ok: z.literal(false),
    accelerator: acceleratorSchema.nullable(),
    error: hotkeyProblemSchema,
  }),
]);

/** One model of one provider, as the model switcher lists it. */
export const catalogModelSchema = z.strictObject({
  providerId: id,
  providerName: z.string(),
  /** The model id, as the provider's `/models` lists it. */
  model: z.string(),
  favourite: z.boolean(),
  /** The provider's default model in Settings (listed even when `/models` does not list it). */
  isDefault: z.boolean(),
  /**
   * What the provider's `/models` entry says the model reads (main/models/model-input.ts):
   * `image`, or `text-only`; absent when it says nothing (most providers list only ids).
   */
  input: z.enum(['image', 'text-only']).optional(),
});

/** Where a provider's part of the list came from: the provider now, its cache on disk, or nowhere. */
export const catalogProviderSchema = z.strictObject({
  providerId: id,
  providerName: z.string(),
  source: z.enum(['live', 'cache', 'none']),
  /** When the list was fetched (ms since the epoch); null when there is none. */
  fetchedAt: z.number().nullable(),
  /** Why the list could not be fetched this time; null when it was, or when the cache was fresh. */
  error: chatErrorSchema.nullable(),
});

export const modelCatalogSchema = z.strictObject({
  /** Favourites first, then by provider (in Settings' order), then by model id. */
  models: z.array(catalogModelSchema),
  providers: z.array(catalogProviderSchema),
});

export const ipcErrorSchema = z.strictObject({
  code: z.enum([
    'invalid_payload',
    'forbidden',
    'not_found',
    'key_required',
    'unavailable',
    /** A value the service refuses (a password in a base URL, say); the message says what to do. */
    'invalid_setting',
    /** The settings file could not be written (disk full, read-only); nothing was changed. */
    'write_failed',
    /** A payload over one of its budgets (attachments); the message says which and by how much. */
    'too_large',
    'internal',
  ]),
  message: z.string(),
});

// ---------------------------------------------------------------------------------------------
// Entry builders

export interface RequestEntry<Req extends z.ZodType, Res extends z.ZodType> {
  readonly kind: 'request';
  readonly request: Req;
  readonly response: Res;
}

export interface EventEntry<Payload extends z.ZodType> {
  readonly kind: 'event';
  readonly payload: Payload;
}

const request = <Req extends z.ZodType, Res extends z.ZodType>(
  requestSchema: Req,
  response: Res,
): RequestEntry<Req, Res> => ({ kind: 'request', request: requestSchema, response });

const event = <Payload extends z.ZodType>(payload: Payload): EventEntry<Payload> => ({
  kind: 'event',
  payload,
});

const nothing = z.strictObject({});

// ---------------------------------------------------------------------------------------------
// The contract

export const contract = {
  'runnel:chat:start': request(
    z
      .strictObject({
        conversationId: id,
        /** The assistant message this stream fills; lets a reloaded window re-attach to it. */
        messageId: id,
        /** Defaults to the active provider and its default model. */
        providerId: id.optional(),
        model: plainText(200).optional(),
        messages: z.array(chatMessageSchema).min(1).max(10_000),
        /** Continue an interrupted answer from this text instead of starting over. */
        resumeFrom: z
          .strictObject({ text: text(MAX_CONTENT), reasoning: text(MAX_CONTENT) })
          .optional(),
        /** The conversation's parameters; what it leaves out comes from Settings. */
        parameters: chatParametersSchema.optional(),
        /** Offer the connected MCP servers' tools to this answer (not to a title, say). */
        tools: z.boolean().optional(),
        /** The model reads images: give it the images tool results return (else only shown). */
        toolImages: z.boolean().optional(),
      })
      .superRefine((start, ctx) => {
        const problem = conversationSizeProblem(start);
        if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['messages'] });
        const attachments = attachmentBudgetProblem(start.messages);
        if (attachments) {
          ctx.addIssue({
            code: 'custom',
            message: attachments,
            path: ['messages'],
            params: { ipcCode: 'too_large' },
          });
        }
      }),
    z.strictObject({ streamId: id }),
  ),
  'runnel:chat:cancel': request(z.strictObject({ streamId: id }), z.strictObject({})),
  /** The window has drawn this stream's events up to `seq`; sent once a frame, it paces what main
   * sends so no frame gets two events of one stream. */
  'runnel:chat:streamShown': request(
    z.strictObject({ streamId: id, seq: z.number().int().min(1) }),
    z.strictObject({}),
  ),
  'runnel:chat:listActive': request(nothing, z.array(activeStreamSchema)),
  /** Assistant messages still being written by a stream in any window (quick ask included), so no
   * window marks another window's live answer as interrupted. */
  'runnel:chat:listLive': request(nothing, z.strictObject({ messageIds: z.array(id) })),
  /**
   * The person's answer to a tool call's approval card: run it once, always run this tool, or not.
   * Refused (`not_found`) when that call no longer waits: answered in another window, or stopped.
   */
  /** Settings → Tools: every server with its status and tools, and the "always allow" answers. */
  'runnel:tools:servers': request(
    nothing,
    z.strictObject({
      /** The process the servers run in (main/mcp/host-client.ts HostStatus); absent before it starts. */
      host: mcpHostStatusSchema.optional(),
      servers: z.array(mcpServerEntrySchema),
      alwaysAllowed: z.array(alwaysAllowedSchema),
    }),
  ),
  /** Adds (no id) or replaces a server; refused (`invalid_setting`) in words when it is not valid. */
  'runnel:tools:saveServer': request(mcpServerInputSchema, mcpServerViewSchema),
  'runnel:tools:removeServer': request(mcpServerIdSchema, nothing),
  /** Adds the servers of Claude Desktop's `claude_desktop_config.json` or a Cursor `mcp.json`. */
  'runnel:tools:importConfig': request(
    z.strictObject({
      text: z
        .string()
        .min(1)
        .max(1024 * 1024),
    }),
    z.strictObject({
      added: z.array(mcpServerViewSchema),
      skipped: z.array(z.strictObject({ name: z.string(), reason: z.string() })),
    }),
  ),
  'runnel:tools:restartServer': request(mcpServerIdSchema, nothing),
  /** Takes back one "Always allow this tool": that tool asks again. */
  'runnel:tools:revokeApproval': request(
    z.strictObject({ serverId: plainText(100).min(1), tool: plainText(200).min(1) }),
    nothing,
  ),
  /** Servers, their statuses or their tools changed: ask `runnel:tools:servers` again. */
  'runnel:tools:changed': event(nothing),
  'runnel:tools:decide': request(
    z.strictObject({
      streamId: id,
      callId: z.string().min(1).max(256),
      answer: z.enum(['once', 'always', 'deny']),
    }),
    z.strictObject({}),
  ),
  /** Pushed per stream, in order, at most one per stream per frame. */
  'runnel:chat:streamEvent': event(
    z.strictObject({ streamId: id, seq: z.number().int().min(1), event: streamEventSchema }),
  ),

  'runnel:settings:get': request(nothing, settingsViewSchema),
  'runnel:settings:updatePreferences': request(preferencesSchema.partial(), settingsViewSchema),
  'runnel:settings:saveProvider': request(providerDraftSchema, settingsViewSchema),
  'runnel:settings:deleteProvider': request(z.strictObject({ id }), settingsViewSchema),
  'runnel:settings:listModels': request(
    z.strictObject({ providerId: id }),
    z.strictObject({ models: z.array(z.string()) }),
  ),
  /** Looks for a local server (Ollama, LM Studio) that answers; used on first run. */
  'runnel:settings:detectLocal': request(
    nothing,
    z.strictObject({
      found: z.array(z.strictObject({ presetId: id, models: z.array(z.string()) })),
    }),
  ),

  /**
   * Every model of every provider. A provider's list is fetched from its `/models` when the cached
   * one is older than an hour (or `refresh` asks for it); when the fetch fails, the cached list is
   * used and the provider's entry says why and how old it is.
   */
  'runnel:models:list': request(
    /** `cachedOnly`: the lists last fetched, asking no provider (main/models/model-catalog.ts). */
    z.strictObject({ refresh: z.boolean().optional(), cachedOnly: z.boolean().optional() }),
    modelCatalogSchema,
  ),
  /** Marks a model a favourite, or not; kept in settings. */
  'runnel:models:setFavourite': request(
    z.strictObject({ providerId: id, model: plainText(200), favourite: z.boolean() }),
    z.strictObject({}),
  ),

  'runnel:app:openExternal': request(z.strictObject({ url: httpUrlSchema }), z.strictObject({})),
  /**
   * Opens a message's file with the system's app: main writes a copy to a private temp folder under
   * a name it makes safe, and refuses program types in words (main/attachments/open-copy.ts).
   */
  'runnel:attachments:open': request(
    z.strictObject({
      name: z.string().min(1).max(1_000),
      kind: z.enum(['text', 'pdf', 'image']),
      mime: z.enum([
        'text/plain',
        'application/pdf',
        'image/jpeg',
        'image/png',
        'image/webp',
        'image/gif',
      ]),
      bytes: z.custom<ArrayBuffer>(
        (value) => isArrayBuffer(value) && value.byteLength <= 50 * 1024 * 1024,
        'A file to open must arrive as binary data, at most 50 MB.',
      ),
    }),
    z.strictObject({}),
  ),
  'runnel:app:getStatus': request(
    nothing,
    z.strictObject({ online: z.boolean(), version: z.string() }),
  ),
  'runnel:app:onlineChanged': event(z.strictObject({ online: z.boolean() })),
  /** Pushed to the chat window: show this conversation (handed over by the quick-ask window). */
  'runnel:app:openConversation': event(z.strictObject({ conversationId: id })),
  /**
   * The chat window asks, once it listens for `openConversation`, for a conversation handed over
   * before it was ready (it may have been created for that very purpose). Taking it clears it.
   */
  'runnel:app:takeOpenRequest': request(nothing, z.strictObject({ conversationId: id.nullable() })),

  'runnel:hotkey:status': request(nothing, hotkeyStatusSchema),
  /** Registers a new global hotkey; on failure the previous one stays, and the answer says why. */
  'runnel:hotkey:set': request(
    z.strictObject({ accelerator: acceleratorSchema }),
    hotkeyChangeSchema,
  ),
  /** The hotkey recorder is listening (or stopped): the global hotkey is suspended meanwhile, so
   * pressing the current combination records it instead of opening quick ask. */
  'runnel:hotkey:recording': request(
    z.strictObject({ recording: z.boolean() }),
    z.strictObject({}),
  ),
  /** No global hotkey at all (the tray and `runnel --quick-ask` still open quick ask). */
  'runnel:hotkey:clear': request(nothing, hotkeyChangeSchema),

  /** Hides the quick-ask window; an answer still streaming goes on, hidden. */
  'runnel:quickAsk:hide': request(nothing, z.strictObject({})),
  /** Continues a quick-ask conversation in the chat window, opening that window if it is closed. */
  'runnel:quickAsk:openInMain': request(z.strictObject({ conversationId: id }), z.strictObject({})),
  /** Pushed to the quick-ask window each time it is shown, with the context text if the user chose it. */
  'runnel:quickAsk:shown': event(
    z.strictObject({
      context: z
        .strictObject({ text: z.string(), source: z.enum(['clipboard', 'selection']) })
        .nullable(),
    }),
  ),
} as const;

// ---------------------------------------------------------------------------------------------
// Types inferred from the contract

export type Contract = typeof contract;
export type Channel = keyof Contract;

export type RequestChannel = {
  [C in Channel]: Contract[C] extends RequestEntry<z.ZodType, z.ZodType> ? C : never;
}[Channel];
export type EventChannel = {
  [C in Channel]: Contract[C] extends EventEntry<z.ZodType> ? C : never;
}[Channel];

type RequestOf<C extends RequestChannel> =
  Contract[C] extends RequestEntry<infer Req, z.ZodType> ? Req : never;
type ResponseOf<C extends RequestChannel> =
  Contract[C] extends RequestEntry<z.ZodType, infer Res> ? Res : never;
type PayloadOf<C extends EventChannel> = Contract[C] extends EventEntry<infer P> ? P : never;

export type RequestPayload<C extends RequestChannel> = z.input<RequestOf<C>>;
export type ResponseValue<C extends RequestChannel> = z.output<ResponseOf<C>>;
export type EventPayload<C extends EventChannel> = z.output<PayloadOf<C>>;

export type IpcError = z.infer<typeof ipcErrorSchema>;
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type ChatMessageView = z.infer<typeof chatMessageSchema>;
export type MessageAttachmentView = z.infer<typeof messageAttachmentSchema>;
export type StreamEventView = z.infer<typeof streamEventSchema>;
/** Mirrors main/chat/types.ts TerminalEvent; main/ipc checks at compile time that the two agree. */
export type TerminalEventView = Extract<StreamEventView, { type: 'done' | 'failed' | 'cancelled' }>;

/** Is the stream over? The one answer to that question in the renderer (main's is `isTerminal`). */
export const isTerminalView = (event: StreamEventView): event is TerminalEventView =>
  event.type === 'done' || event.type === 'failed' || event.type === 'cancelled';
export type ChatErrorView = z.infer<typeof chatErrorSchema>;
export type ChatParametersView = z.infer<typeof chatParametersSchema>;
export type McpServerView = z.infer<typeof mcpServerViewSchema>;
export type McpServerInput = z.infer<typeof mcpServerInputSchema>;
export type McpServerEntry = z.infer<typeof mcpServerEntrySchema>;
export type McpHostStatusView = z.infer<typeof mcpHostStatusSchema>;
export type ToolMediaView = z.infer<typeof toolMediaSchema>;
export type AlwaysAllowedView = z.infer<typeof alwaysAllowedSchema>;
export type DroppedParameterView = z.infer<typeof droppedParameterSchema>;
export type CatalogModel = z.infer<typeof catalogModelSchema>;
export type CatalogProvider = z.infer<typeof catalogProviderSchema>;
export type ModelCatalog = z.infer<typeof modelCatalogSchema>;
export type UsageView = z.infer<typeof usageSchema>;
export type ActiveStream = z.infer<typeof activeStreamSchema>;
export type Preferences = z.infer<typeof preferencesSchema>;
export type ProviderView = z.infer<typeof providerViewSchema>;
export type HeaderView = z.infer<typeof headerViewSchema>;
export type SettingsReset = z.infer<typeof settingsResetSchema>;
export type ProviderDraft = z.infer<typeof providerDraftSchema>;
export type SettingsView = z.infer<typeof settingsViewSchema>;
export type Theme = z.infer<typeof themeSchema>;
export type QuickAskContext = z.infer<typeof quickAskContextSchema>;
export type HotkeyStatus = z.infer<typeof hotkeyStatusSchema>;
export type HotkeyChange = z.infer<typeof hotkeyChangeSchema>;
export type HotkeyProblem = z.infer<typeof hotkeyProblemSchema>;

// ---------------------------------------------------------------------------------------------
// The API the bridge builds: `runnel:<domain>:<verb>` becomes `runnel.<domain>.<verb>(payload)` for a
// request and `runnel.<domain>.on<Verb>(listener)` for a pushed event.

type DomainOf<C extends string> = C extends `runnel:${infer D}:${string}` ? D : never;
type VerbOf<C extends string> = C extends `runnel:${string}:${infer V}` ? V : never;

export type RunnelApi = {
  [D in DomainOf<Channel>]: {
    [C in Extract<RequestChannel, `runnel:${D}:${string}`> as VerbOf<C>]: (
      payload: RequestPayload<C>,
    ) => Promise<IpcResult<ResponseValue<C>>>;
  } & {
    [C in Extract<EventChannel, `runnel:${D}:${string}`> as `on${Capitalize<VerbOf<C>>}`]: (
      listener: (payload: EventPayload<C>) => void,
    ) => () => void;
  };
};

/** What preload/index.ts (over ipcRenderer) and the tests (over a stand-in) give the bridge. */
export interface BridgeTransport {
  invoke(channel: RequestChannel, payload: unknown): Promise<unknown>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
}

export const channelParts = (channel: Channel): { domain: string; verb: string } => {
  const [, domain = '', verb = ''] = channel.split(':');
  return { domain, verb };
};
