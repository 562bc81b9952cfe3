/**
 * One answer's state machine: `connecting → streaming → (retrying → streaming)* → done | failed |
 * cancelled`. It sends the request (retrying before the first byte), reads the body (SSE, or a whole
 * JSON completion), resumes after interruptions, and pushes StreamEvents into the caller's channel.
 */
import { createDeltaCoalescer, type DeltaCoalescer } from './coalescer';
import {
  createChunkStream,
  emptyProgress,
  takeCompletion,
  type BodyProgress,
} from './chunk-stream';
import type { EventChannel } from './event-channel';
import {
  answerTooLargeError,
  bodyTooLargeError,
  deadlineError,
  detailFromBody,
  duration,
  errorFromHttpStatus,
  errorFromNetwork,
  errorFromProvider,
  floodError,
  hostOf,
  isTransient,
  malformedStreamError,
  proxyAnsweredError,
  redactSecrets,
  secretsOf,
  silenceError,
  type ErrorContext,
} from './errors';
import { startIdleWatchdog, type IdleWatchdog, type Silence } from './idle-watchdog';
import {
  buildRequestBody,
  chatCompletionsUrl,
  rejectsStreamOptions,
  requestHeaders,
  requestProblem,
} from './request-body';
import { fetchSameOrigin, type SameOriginResult } from './same-origin-fetch';
import { MAX_COMPLETION_TOKENS, parameterFields, type ParameterName } from './parameters';
import {
  gatewayScope,
  modelScope,
  refusedFields,
  refusedParameters,
  toolsRefusal,
  TOOLS_REFUSED,
  RENAMED_MAX_TOKENS,
} from './refused-fields';
import { continuationMessages, createOverlapTrimmer, type OverlapTrimmer } from './resume';
import { bodyKindFromContentType, sniffBodyKind } from './response-kind';
import { backoffDelayMs, isRetryableStatus, serverRequestedDelayMs } from './retry-policy';
import type {
  AnswerSoFar,
  ChatError,
  ChatRequest,
  DroppedParameter,
  FinishReason,
  RequestMessage,
  StreamEvent,
  StreamPolicy,
  ToolsOff,
  Usage,
} from './types';

import { BodyTooLargeError, readAll, readText } from './body-text';
import { policyProblem, type Policy } from './stream-policy';
import {
  createToolCallAssembler,
  toolCallBoundError,
  type AssemblyProblem,
  type ToolCallAssembler,
} from './tool-call-assembler';

/** Whether the machine is online, and a wait until it is (Electron's `net.isOnline` in the app). */
export interface NetworkStatus {
  isOnline(): boolean;
  waitUntilOnline(signal: AbortSignal): Promise<void>;
}

export interface StreamOptions {
  policy?: Partial<StreamPolicy>;
  signal?: AbortSignal;
  /** The app's "Continue": start as a continuation of this text (events' text includes it). */
  resumeFrom?: AnswerSoFar;
}

export type { Policy } from './stream-policy';

/** What the run needs from the outside world, defaults resolved. */
export interface Io {
  fetch: typeof globalThis.fetch;
  now: () => number;
  random: () => number;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  network: NetworkStatus;
  log: (line: string) => void;
}

type Opened =
  | { kind: 'opened'; response: Response; attempt: number; connection: Connection }
  | { kind: 'failed'; error: ChatError }
  | { kind: 'cancelled' };

type SegmentOutcome =
  | { kind: 'done'; finishReason: FinishReason }
  | { kind: 'interrupted'; error: ChatError }
  | { kind: 'failed'; error: ChatError; resumable: boolean }
  | { kind: 'cancelled' };

/** One HTTP request's plumbing: its abort switch, its silence detector, and their cleanup. */
interface Connection {
  controller: AbortController;
  watchdog: IdleWatchdog;
  close(): void;
}

/** One response body (a first answer or one continuation): its seam trimmer and what it has said. */
interface Segment {
  trimmer: OverlapTrimmer | null;
  progress: BodyProgress;
  /** MAX_BYTES_WITHOUT_PROGRESS arrived without the answer growing. */
  flood?: boolean;
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;
/**
 * A body whose first events are all not JSON is not a chat stream: say so after this many rather than
 * wait for the stall limit. (One stray line among good events is only logged.)
 */
const MALFORMED_BEFORE_GIVING_UP = 5;
/**
 * Bytes read since the answer last grew. A chat stream never sends this much without a single usable
 * event; a body that does (junk at full speed) is refused now rather than read until the stall limit.
 */
const MAX_BYTES_WITHOUT_PROGRESS = 16 * 1024 * 1024;
/** After the finish reason, how long to wait for the usage chunk and [DONE] at most. */
const FINISHED_GRACE_MS = 3_000;

export class StreamRun {
  private readonly context: ErrorContext;
  private readonly signal: AbortSignal;
  private readonly coalescer: DeltaCoalescer;
  private readonly url: string;
  private text: string;
  private reasoning: string;
  private usage: Usage | null = null;
  private resumes = 0;
  private segments = 0;
  private separateReasoning = false;
  private finished = false;
  /** Text and reasoning delivered so far (held by the coalescer or not), against maxAnswerChars. */
  private answerChars: number;
  private overCap = false;
  /** The tool calls of this step, assembled from their fragments; told once the answer is done. */
  private readonly toolCalls: ToolCallAssembler;
  /** Argument characters within `answerChars`, given back when a step is asked again. */
  private toolChars = 0;
  /** A bound the server broke while sending tool calls. */
  private toolProblem: AssemblyProblem | null = null;
  /** A drop cut the step while it was calling tools: ask for it again rather than a continuation. */
  private restartStep = false;
  /**
   * A tool call came with or after the finish reason (DeepInfra names it on the first of two calls):
   * once a server does that, a finish reason no longer says that the calls are all there.
   */
  private callsWithFinish = false;
  /** Aborted when the run ends on its own terms (the deadline), to stop whatever it waits on. */
  private readonly stopped = new AbortController();
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private deadlineAt = Number.POSITIVE_INFINITY;
  /** Set parameters this answer goes without, and why; told with `started`. */
  private readonly dropped: DroppedParameter[] = [];
  /** Set when this answer goes without the tools it was given: the model refused them. */
  private toolsOff: ToolsOff | null = null;

  constructor(
    private readonly request: ChatRequest,
    options: StreamOptions,
    private readonly policy: Policy,
    private readonly io: Io,
    private readonly channel: EventChannel<StreamEvent>,
    abandoned: AbortSignal,
  ) {
    this.context = {
      baseURL: request.endpoint.baseURL,
      model: request.model,
      secrets: secretsOf(request.endpoint),
    };
    this.signal = AbortSignal.any(
      options.signal
        ? [options.signal, abandoned, this.stopped.signal]
        : [abandoned, this.stopped.signal],
    );
    this.url = chatCompletionsUrl(request.endpoint.baseURL);
    this.toolCalls = createToolCallAssembler({
      maxCalls: policy.maxToolCalls,
      maxArgumentChars: policy.maxToolArgumentChars,
    });
    // Continue only makes sense with text to continue; reasoning alone starts the answer afresh.
    const resumeFrom = options.resumeFrom?.text ? options.resumeFrom : undefined;
    this.text = resumeFrom?.text ?? '';
    this.reasoning = resumeFrom?.reasoning ?? '';
    this.answerChars = this.text.length + this.reasoning.length;
    // The answer grows by the coalesced deltas, not by every chunk: thousands of tiny concatenations
    // per stream were most of the engine's garbage-collection time (engine benchmark).
    this.coalescer = createDeltaCoalescer({
      intervalMs: this.policy.coalesceMs,
      now: io.now,
      emit: (delta) => {
        this.text += delta.text;
        this.reasoning += delta.reasoning;
        this.push({ type: 'delta', text: delta.text, reasoning: delta.reasoning });
      },
      onTimerError: (error) => this.failUnexpectedly(error),
    });
  }

  async run(): Promise<void> {
    // Cancel ends the stream at once with the text so far, whatever the request is waiting on.
    const onAbort = (): void => this.finish((answer) => ({ type: 'cancelled', ...answer }));
    if (this.signal.aborted) return onAbort();
    const problem = policyProblem(this.policy);
    if (problem) return this.fail(problem, false);
    this.signal.addEventListener('abort', onAbort, { once: true });
    this.deadlineAt = this.io.now() + this.policy.answerDeadlineMs;
    this.deadlineTimer = setTimeout(() => this.onDeadline(), this.policy.answerDeadlineMs);
    try {
      await this.drive();
    } catch (error) {
      this.failUnexpectedly(error);
    } finally {
      this.signal.removeEventListener('abort', onAbort);
    }
  }

  /** A timer callback: it must not throw, whatever happens inside. */
  private onDeadline(): void {
    this.deadlineTimer = undefined;
    try {
      this.fail(deadlineError(this.policy.answerDeadlineMs), this.hasText());
    } catch (error) {
      this.failUnexpectedly(error);
    }
    this.stopped.abort(new Error('answer deadline'));
  }

  private failUnexpectedly(error: unknown): void {
    let resumable = false;
    try {
      resumable = this.hasText();
    } catch {
      // Only the text so far is lost to the flag; the failure is still reported.
    }
    this.fail(
      {
        code: 'bad_response',
        message: `Unexpected failure while streaming: ${this.redact(String(error))}`,
      },
      resumable,
    );
  }

  private async drive(): Promise<void> {
    const problem = requestProblem(this.request);
    if (problem) return this.fail(problem, false);
    for (;;) {
      const trimmer = this.hasText() ? createOverlapTrimmer(this.text) : null;
      // Half a tool call cannot be continued: the step is asked again, and what the model says again
      // of the text already shown is trimmed as a continuation's repeat would be.
      const messages =
        trimmer && !this.restartStep
          ? continuationMessages(this.request.messages, this.text)
          : undefined;
      this.restartStep = false;
      const opened = await this.open(messages);
      if (opened.kind === 'cancelled') return;
      if (opened.kind === 'failed') {
        return this.fail(opened.error, this.hasText() && isTransient(opened.error));
      }
      if (this.segments === 0) {
        const dropped = this.dropped.length > 0 ? { dropped: [...this.dropped] } : {};
        const toolsOff = this.toolsOff ? { toolsOff: this.toolsOff } : {};
        this.push({ type: 'started', attempt: opened.attempt, ...dropped, ...toolsOff });
      } else this.push({ type: 'resumed', resumes: this.resumes });
      this.segments += 1;
      const outcome = await this.readSegment(opened.response, opened.connection, trimmer);
      if (outcome.kind === 'cancelled') return;
      if (outcome.kind === 'done') {
        this.coalescer.flush();
        for (const { call, error } of this.toolCalls.calls()) {
          this.push({ type: 'toolCall', call, error });
        }
        if (this.usage) this.push({ type: 'usage', usage: this.usage });
        const usage = this.usage;
        return this.finish((answer) => ({
          type: 'done',
          finishReason: outcome.finishReason,
          usage,
          ...answer,
        }));
      }
      if (outcome.kind === 'failed') return this.fail(outcome.error, outcome.resumable);
      if (this.resumes >= this.policy.maxResumes) {
        const tried = this.resumes > 0 ? ` Resumed ${this.resumes} times before giving up.` : '';
        return this.fail({ ...outcome.error, message: `${outcome.error.message}${tried}` }, true);
      }
      this.resumes += 1;
      if (this.toolCalls.started) this.forgetToolCalls();
      this.coalescer.flush();
      this.separateReasoning = this.reasoning.length > 0;
      this.io.log(
        this.redact(
          `resuming (${this.resumes}/${this.policy.maxResumes}): ${outcome.error.message}`,
        ),
      );
      const pause = backoffDelayMs(this.resumes + 1, this.policy.retryBaseDelayMs, this.io.random);
      if (!(await this.pause(pause))) return;
    }
  }

  /** Sends the request until a 2xx arrives, retrying what is worth retrying. */
  private async open(messages: RequestMessage[] | undefined): Promise<Opened> {
    const maxAttempts = Math.max(1, this.policy.maxAttempts);
    let attempt = 0;
    let justWaited = false;
    for (;;) {
      if (this.signal.aborted) return { kind: 'cancelled' };
      // After a wait, try once whatever isOnline() says: a flapping status must not spin this loop.
      if (!justWaited && !this.io.network.isOnline()) {
        if (!(await this.waitForNetwork(attempt + 1, maxAttempts))) return { kind: 'cancelled' };
        justWaited = true;
        continue;
      }
      justWaited = false;
      attempt += 1;
      const gateway = gatewayScope(this.url);
      // Usage is then whatever the gateway volunteers.
      const includeUsage = !refusedFields.has(gateway, 'stream_options');
      const parameters = this.parametersToSend();
      const sendTools = this.toolsToSend();
      const connection = this.connect();
      let sent: SameOriginResult;
      try {
        sent = await fetchSameOrigin(this.io.fetch, this.url, {
          method: 'POST',
          headers: requestHeaders(
            this.request.endpoint,
            this.request.stream === false ? 'application/json' : 'text/event-stream',
          ),
          body: buildRequestBody(this.request, {
            includeUsage,
            messages,
            ...parameters,
            omitTools: !sendTools,
          }),
          signal: connection.controller.signal,
        });
      } catch (failure) {
        connection.close();
        if (this.signal.aborted) return { kind: 'cancelled' };
        const silence = connection.watchdog.fired;
        if (!silence && !this.io.network.isOnline()) {
          attempt -= 1; // The machine went offline: wait for it rather than spend the attempt.
          continue;
        }
        const { error, retryable } = silence
          ? { error: this.silenceError(silence), retryable: true }
          : errorFromNetwork(failure, this.context);
        const next = await this.retryOrGiveUp(attempt, maxAttempts, retryable, error, null);
        if (next.kind !== 'retry') return next;
        continue;
      }
      if (sent.kind === 'refused') {
        connection.close();
        // A redirect elsewhere will redirect elsewhere again: not worth another attempt.
        return { kind: 'failed', error: sent.error };
      }
      const response = sent.response;
      connection.watchdog.responded();
      if (response.ok) return { kind: 'opened', response, attempt, connection };

      const body = await readText(response, connection.watchdog, MAX_ERROR_BODY_BYTES).catch(
        () => '',
      );
      connection.close();
      if (this.signal.aborted) return { kind: 'cancelled' };
      if (
        includeUsage &&
        this.request.stream !== false &&
        rejectsStreamOptions(response.status, body)
      ) {
        refusedFields.add(gateway, 'stream_options');
        this.io.log(this.redact(`${this.url} rejects stream_options; asking again without it`));
        attempt -= 1;
        continue;
      }
      if (sendTools && this.rememberToolsRefusal(response.status, body)) {
        attempt -= 1;
        continue;
      }
      // Each refusal takes a parameter out for good, so this asks again at most once per parameter.
      if (this.rememberRefusals(response.status, body, parameters.sent)) {
        attempt -= 1;
        continue;
      }
      const error = errorFromHttpStatus(response.status, detailFromBody(body), this.context, body);
      const retryable = isRetryableStatus(response.status) && error.code !== 'quota';
      const requested = serverRequestedDelayMs(response.headers, this.io.now());
      const next = await this.retryOrGiveUp(attempt, maxAttempts, retryable, error, requested);
      if (next.kind !== 'retry') return next;
    }
  }

  /**
   * The set parameters, less those this provider refused for this model (each reported once as
   * dropped), with max tokens under the name the model asked for.
   */
  private parametersToSend(): {
    omit: Set<ParameterName>;
    maxTokensAs: string;
    sent: Array<[ParameterName, string]>;
  } {
    const scope = modelScope(this.url, this.request.model);
    const parameters = this.request.parameters ?? {};
    const maxTokensAs = refusedFields.has(scope, RENAMED_MAX_TOKENS)
      ? MAX_COMPLETION_TOKENS
      : 'max_tokens';
    const omit = new Set<ParameterName>();
    const sent: Array<[ParameterName, string]> = [];
    for (const { name, wire } of parameterFields(parameters, { omit: new Set(), maxTokensAs })) {
      if (!refusedFields.has(scope, name)) {
        sent.push([name, wire]);
        continue;
      }
      omit.add(name);
      if (!this.dropped.some((entry) => entry.parameter === name)) {
        this.dropped.push({
          parameter: name,
          reason: `${hostOf(this.url)} refused it earlier for ${this.request.model}.`,
        });
      }
    }
    return { omit, maxTokensAs, sent };
  }

  /** Whether this request carries the answer's tools: not when the model refused them before. */
  private toolsToSend(): boolean {
    if (!this.request.tools || this.request.tools.length === 0) return false;
    if (!refusedFields.has(modelScope(this.url, this.request.model), TOOLS_REFUSED)) return true;
    this.toolsOff ??= {
      reason: `${hostOf(this.url)} refused them earlier for ${this.request.model}.`,
    };
    return false;
  }

  /** An answer that says the model takes no tools: remember it for this model. True to ask again. */
  private rememberToolsRefusal(status: number, body: string): boolean {
    const reason = toolsRefusal(status, body, this.context.secrets);
    if (reason === null) return false;
    refusedFields.add(modelScope(this.url, this.request.model), TOOLS_REFUSED);
    this.toolsOff = { reason };
    this.io.log(
      this.redact(`${this.url} refuses tools for ${this.request.model}: asking again without them`),
    );
    return true;
  }

  /** A 400 that refuses parameters we sent: remember them for this model. True to ask again. */
  private rememberRefusals(
    status: number,
    body: string,
    sent: ReadonlyArray<readonly [ParameterName, string]>,
  ): boolean {
    const refusals = refusedParameters(status, body, sent, this.context.secrets);
    const scope = modelScope(this.url, this.request.model);
    for (const refusal of refusals) {
      if (refusal.renameTo) {
        refusedFields.add(scope, RENAMED_MAX_TOKENS);
        this.io.log(`${this.request.model} wants max tokens as ${refusal.renameTo}; asking again`);
        continue;
      }
      refusedFields.add(scope, refusal.parameter);
      this.dropped.push({ parameter: refusal.parameter, reason: refusal.reason });
      this.io.log(
        this.redact(
          `${this.url} refuses ${refusal.parameter} for ${this.request.model}: asking again without it`,
        ),
      );
    }
    return refusals.length > 0;
  }

  private connect(): Connection {
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(this.signal.reason);
    this.signal.addEventListener('abort', onAbort, { once: true });
    const watchdog = startIdleWatchdog(
      {
        // Without streaming a server says nothing until the whole answer is ready: only the answer
        // deadline bounds that wait.
        firstByteMs:
          this.request.stream === false ? Number.POSITIVE_INFINITY : this.policy.firstByteTimeoutMs,
        idleMs: this.policy.idleTimeoutMs,
        stallMs: this.policy.stallTimeoutMs,
      },
      () => controller.abort(new Error('idle timeout')),
      this.io.now,
    );
    return {
      controller,
      watchdog,
      close: () => {
        watchdog.stop();
        this.signal.removeEventListener('abort', onAbort);
        // Aborting a finished request is a no-op; aborting an unread body frees its socket.
        controller.abort();
      },
    };
  }

  private async retryOrGiveUp(
    attempt: number,
    maxAttempts: number,
    retryable: boolean,
    error: ChatError,
    requestedDelayMs: number | null,
  ): Promise<{ kind: 'retry' } | { kind: 'failed'; error: ChatError } | { kind: 'cancelled' }> {
    const tried = attempt > 1 ? ` (tried ${attempt} times)` : '';
    if (!retryable || attempt >= maxAttempts) {
      return { kind: 'failed', error: { ...error, message: `${error.message}${tried}` } };
    }
    if (requestedDelayMs !== null && requestedDelayMs > this.policy.maxRetryAfterMs) {
      const seconds = Math.ceil(requestedDelayMs / 1000);
      return {
        kind: 'failed',
        error: {
          ...error,
          message: `${error.message} It asked to wait ${seconds} s before trying again.`,
        },
      };
    }
    const delayMs =
      requestedDelayMs ?? backoffDelayMs(attempt + 1, this.policy.retryBaseDelayMs, this.io.random);
    if (this.io.now() + delayMs >= this.deadlineAt) {
      return {
        kind: 'failed',
        error: {
          ...error,
          message: `${error.message}${tried} No time is left to try again before the answer's deadline (${duration(this.policy.answerDeadlineMs)}).`,
        },
      };
    }
    this.push({
      type: 'retrying',
      attempt: attempt + 1,
      of: maxAttempts,
      delayMs,
      reason: this.redact(error.message),
    });
    this.io.log(
      this.redact(
        `attempt ${attempt}/${maxAttempts} failed, retrying in ${delayMs} ms: ${error.message}`,
      ),
    );
    return (await this.pause(delayMs)) ? { kind: 'retry' } : { kind: 'cancelled' };
  }

  private async waitForNetwork(attempt: number, maxAttempts: number): Promise<boolean> {
    this.push({
      type: 'retrying',
      attempt,
      of: maxAttempts,
      delayMs: 0,
      reason: 'Offline: waiting for the network to come back.',
    });
    try {
      await this.io.network.waitUntilOnline(this.signal);
    } catch {
      return false;
    }
    return !this.signal.aborted;
  }

  private async pause(ms: number): Promise<boolean> {
    try {
      await this.io.sleep(ms, this.signal);
    } catch {
      return false;
    }
    return !this.signal.aborted;
  }

  private async readSegment(
    response: Response,
    connection: Connection,
    trimmer: OverlapTrimmer | null,
  ): Promise<SegmentOutcome> {
    const segment: Segment = { trimmer, progress: emptyProgress() };
    const reader = response.body?.getReader();
    try {
      if (!reader) return this.settle(segment);
      let kind = bodyKindFromContentType(response.headers.get('content-type'));
      let first: Uint8Array | undefined;
      if (kind === 'unknown') {
        const read = await reader.read();
        connection.watchdog.touch();
        if (read.done) return this.settle(segment);
        const head: Uint8Array = read.value;
        first = head;
        const sniffed = sniffBodyKind(new TextDecoder().decode(head.subarray(0, 256)));
        if (sniffed === 'text') {
          return this.refuse(proxyAnsweredError(this.context, response.status, 'plain text'));
        }
        kind = sniffed;
      }
      if (kind === 'html') {
        return this.refuse(proxyAnsweredError(this.context, response.status, 'a web page (HTML)'));
      }
      if (kind === 'json') await this.readCompletion(reader, connection.watchdog, segment, first);
      else await this.readEvents(reader, connection.watchdog, segment, first);
      return this.settle(segment);
    } catch (failure) {
      if (failure instanceof BodyTooLargeError) {
        this.closeSegment(segment);
        return this.refuse(
          bodyTooLargeError(this.context, 'a complete (non-streamed) answer', failure.maxBytes),
        );
      }
      return this.settleAfterReadError(segment, connection.watchdog, failure);
    } finally {
      connection.close();
    }
  }

  private async readEvents(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    watchdog: IdleWatchdog,
    segment: Segment,
    first: Uint8Array | undefined,
  ): Promise<void> {
    const chunks = createChunkStream(
      (text, reasoning) => this.deliver(text, reasoning, segment),
      (detail) => this.io.log(`ignored an event that is not JSON: ${this.redact(detail)}`),
      (fragments, finishing) => this.deliverToolCalls(fragments, finishing, segment),
    );
    segment.progress = chunks.progress;
    const progress = chunks.progress;
    if (first) chunks.push(first);
    let finished = false;
    let grew = progress.grew;
    let uselessBytes = 0;
    while (!chunks.settled && !this.overCap && !this.toolProblem && !isJunk(progress)) {
      const { done, value } = await reader.read();
      if (done) {
        chunks.end();
        return;
      }
      chunks.push(value);
      if (progress.grew !== grew) {
        grew = progress.grew;
        uselessBytes = 0;
        watchdog.progressed();
      } else {
        watchdog.touch();
        uselessBytes += value.byteLength;
        if (uselessBytes > MAX_BYTES_WITHOUT_PROGRESS) {
          segment.flood = true;
          return;
        }
      }
      if (!finished && progress.finishReason !== null) {
        // The answer is complete; only usage and [DONE] may follow, and they follow at once. A server
        // that then goes quiet without closing must not keep the answer "streaming" for the full timeout.
        finished = true;
        watchdog.shorten(Math.min(FINISHED_GRACE_MS, this.policy.idleTimeoutMs / 10));
      }
    }
  }

  private async readCompletion(
    reader: ReadableStreamDefaultReader<Uint8Array>,
    watchdog: IdleWatchdog,
    segment: Segment,
    first: Uint8Array | undefined,
  ): Promise<void> {
    const body = await readAll(reader, watchdog, this.policy.maxJsonBodyBytes, first);
    takeCompletion(
      body,
      segment.progress,
      (text, reasoning) => this.deliver(text, reasoning, segment),
      (fragments, finishing) => this.deliverToolCalls(fragments, finishing, segment),
    );
  }

  private deliverToolCalls(
    fragments: readonly unknown[],
    finishing: boolean,
    segment: Segment,
  ): void {
    if (this.overCap || this.toolProblem) return;
    if (finishing || segment.progress.finishReason !== null) this.callsWithFinish = true;
    const added = this.toolCalls.push(fragments);
    if (typeof added !== 'number') {
      this.toolProblem = added;
      return;
    }
    if (this.answerChars + added > this.policy.maxAnswerChars) {
      this.overCap = true;
      return;
    }
    this.answerChars += added;
    this.toolChars += added;
  }

  /** The step is asked again from its start: the calls it had begun are dropped, never continued. */
  private forgetToolCalls(): void {
    this.io.log(`a tool call was cut off; asking for the step again (${this.resumes})`);
    this.toolCalls.clear();
    this.answerChars -= this.toolChars;
    this.toolChars = 0;
    this.restartStep = true;
    this.callsWithFinish = false;
  }

  private deliver(text: string, reasoning: string, segment: Segment): void {
    let shownReasoning = reasoning;
    if (shownReasoning !== '' && this.separateReasoning) {
      shownReasoning = `\n\n${shownReasoning}`;
      this.separateReasoning = false;
    }
    const shownText = segment.trimmer && text !== '' ? segment.trimmer.push(text) : text;
    if (this.overCap) return;
    const size = shownText.length + shownReasoning.length;
    if (this.answerChars + size > this.policy.maxAnswerChars) {
      // Stop here rather than grow a string towards V8's limit; what was kept is shown as it is.
      this.overCap = true;
      return;
    }
    this.answerChars += size;
    this.coalescer.add(shownText, shownReasoning);
  }

  /** Whether there is answer text so far; what the coalescer holds is sent first, so `text` is whole. */
  private hasText(): boolean {
    this.coalescer.flush();
    return this.text.length > 0;
  }

  /** The body has ended (or we stopped reading it): what did this segment amount to? */
  private settle(segment: Segment): SegmentOutcome {
    this.closeSegment(segment);
    if (this.overCap) return this.refuse(answerTooLargeError(this.policy.maxAnswerChars));
    if (this.toolProblem) return this.refuse(toolCallBoundError(this.toolProblem, this.context));
    if (segment.flood) {
      if (allMalformed(segment.progress)) {
        return this.refuse(malformedStreamError(this.context, segment.progress.firstMalformed));
      }
      return this.refuse(floodError(this.context, MAX_BYTES_WITHOUT_PROGRESS));
    }
    if (segment.progress.failure) {
      const error = errorFromProvider(segment.progress.failure, this.context);
      if (isTransient(error)) return { kind: 'interrupted', error };
      return { kind: 'failed', error, resumable: false };
    }
    if (segment.progress.overflow) {
      return this.refuse({
        code: 'bad_response',
        message: 'The server sent one event larger than 16 MB; this is not a chat stream.',
      });
    }
    if (segment.progress.sawDone || segment.progress.finishReason) {
      return { kind: 'done', finishReason: segment.progress.finishReason ?? 'unspecified' };
    }
    if (allMalformed(segment.progress)) {
      return this.refuse(malformedStreamError(this.context, segment.progress.firstMalformed));
    }
    return {
      kind: 'interrupted',
      error: { code: 'network', message: 'The connection ended before the answer was complete.' },
    };
  }

  private settleAfterReadError(
    segment: Segment,
    watchdog: IdleWatchdog,
    failure: unknown,
  ): SegmentOutcome {
    this.closeSegment(segment);
    if (this.signal.aborted) return { kind: 'cancelled' };
    // The answer was complete; only the goodbye ([DONE] or the close) went missing. With tool calls,
    // only if none is cut off and the reason came after them: a server that names it with a call
    // may have more calls to send (DeepInfra), so the step is asked again.
    const toolCallsWhole =
      !this.toolCalls.started || (!this.callsWithFinish && this.toolCalls.complete());
    if (segment.progress.finishReason && toolCallsWhole)
      return { kind: 'done', finishReason: segment.progress.finishReason };
    const silence = watchdog.fired;
    if (silence === 'stall' && segment.progress.grew === 0) {
      // Alive but never useful (keep-alives, junk): asking again would only wait as long again.
      if (allMalformed(segment.progress)) {
        return this.refuse(malformedStreamError(this.context, segment.progress.firstMalformed));
      }
      return this.refuse(this.silenceError(silence));
    }
    if (silence) return { kind: 'interrupted', error: this.silenceError(silence) };
    const { error } = errorFromNetwork(failure, this.context);
    return {
      kind: 'interrupted',
      error: {
        ...error,
        message: `The connection dropped in the middle of the answer. ${error.message}`,
      },
    };
  }

  private closeSegment(segment: Segment): void {
    if (segment.trimmer) {
      const held = segment.trimmer.finish();
      segment.trimmer = null;
      if (held !== '') this.deliver(held, '', segment);
    }
    if (segment.progress.usage) this.usage = addUsage(this.usage, segment.progress.usage);
    segment.progress.usage = null;
  }

  private refuse(error: ChatError): SegmentOutcome {
    return { kind: 'failed', error, resumable: false };
  }

  private fail(error: ChatError, resumable: boolean): void {
    const safe = { ...error, message: this.redact(error.message) };
    this.io.log(`failed: ${safe.message}`);
    this.finish((answer) => ({ type: 'failed', error: safe, resumable, ...answer }));
  }

  private push(event: StreamEvent): void {
    if (!this.finished) this.channel.push(event);
  }

  private finish(terminal: (answer: AnswerSoFar) => StreamEvent): void {
    if (this.finished) return;
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    try {
      this.coalescer.flush();
    } catch {
      // The terminal event below still carries all the text that was added to the answer.
    }
    this.coalescer.dispose();
    this.finished = true;
    this.channel.push(terminal({ text: this.text, reasoning: this.reasoning }));
    this.channel.close();
    // Whatever is still running (a read, a wait) after an ending from a timer stops now.
    this.stopped.abort(new Error('stream ended'));
  }

  private redact(text: string): string {
    return redactSecrets(text, this.context.secrets);
  }

  private silenceError(silence: Silence): ChatError {
    const limit =
      silence === 'first-byte'
        ? this.policy.firstByteTimeoutMs
        : silence === 'stall'
          ? this.policy.stallTimeoutMs
          : this.policy.idleTimeoutMs;
    return silenceError(silence, limit, this.context);
  }
}

/** Every event so far was not JSON, and there was at least one: not a chat stream. */
function allMalformed(progress: BodyProgress): boolean {
  return progress.malformed > 0 && progress.malformed === progress.events;
}

/** Only events that are not JSON so far, and enough of them to be sure. */
function isJunk(progress: BodyProgress): boolean {
  return progress.malformed >= MALFORMED_BEFORE_GIVING_UP && allMalformed(progress);
}

function addUsage(total: Usage | null, more: Usage): Usage {
  if (!total) return more;
  const sum: Usage = {
    promptTokens: total.promptTokens + more.promptTokens,
    completionTokens: total.completionTokens + more.completionTokens,
    totalTokens: total.totalTokens + more.totalTokens,
  };
  if (total.reasoningTokens !== undefined || more.reasoningTokens !== undefined) {
    sum.reasoningTokens = (total.reasoningTokens ?? 0) + (more.reasoningTokens ?? 0);
  }
  return sum;
}
