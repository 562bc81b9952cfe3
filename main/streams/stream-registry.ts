/**
 * The streams main is running, per window: each has an AbortController, a sequence number and the
 * text accumulated so far, so a reloaded window can re-attach where it left off. Electron-free: events
 * leave through an injected `send`, and windows are plain numeric ids.
 */
import { isTerminal, type AnswerSoFar, type ChatRequest } from '../chat/types';
import type { Answer, AnswerOptions } from '../tools/tool-service';
import type { ToolLoopEvent } from '../tools/tool-loop';
import { createShownGate, type ShownGate } from './shown-gate';

export interface StreamEventMessage {
  streamId: string;
  seq: number;
  event: ToolLoopEvent;
}

export interface ActiveStreamInfo extends AnswerSoFar {
  streamId: string;
  conversationId: string;
  messageId: string;
  lastSeq: number;
}

export interface StartStreamInput {
  windowId: number;
  conversationId: string;
  messageId: string;
  request: ChatRequest;
  options: Omit<AnswerOptions, 'signal' | 'streamId'>;
}

export interface StreamRegistryDeps {
  /** One answer: the engine's stream, or the tool loop around it (main/tools/tool-service.ts). */
  answer: Answer;
  /** Delivers one event to one window; returns false once that window is gone. */
  send: (windowId: number, message: StreamEventMessage) => boolean;
  newId: () => string;
  /** At most one delta event per stream per this many ms: just over a 60 Hz frame. */
  frameMs?: number;
}

interface RunningStream extends ActiveStreamInfo {
  windowId: number;
  controller: AbortController;
  gate: ShownGate | null;
}

export function createStreamRegistry({ answer, send, newId, frameMs = 17 }: StreamRegistryDeps) {
  const running = new Map<string, RunningStream>();

  const pump = async (stream: RunningStream, input: StartStreamInput): Promise<void> => {
    const deliver = (event: ToolLoopEvent): void => {
      if (event.type === 'delta') {
        stream.text += event.text;
        stream.reasoning += event.reasoning;
      } else if (isTerminal(event)) {
        // The engine's terminal event carries the whole merged answer: trust it over our sum.
        stream.text = event.text;
        stream.reasoning = event.reasoning;
      }
      // `text` and `lastSeq` move together, so a window re-attaching from list() misses nothing
      // and doubles nothing.
      stream.lastSeq += 1;
      const delivered = send(stream.windowId, {
        streamId: stream.streamId,
        seq: stream.lastSeq,
        event,
      });
      if (!delivered) stream.controller.abort();
    };
    // The engine already coalesces, but its events can queue up on a busy event loop and leave
    // together: the gate merges them again where they cross to the window, a frame apart at least
    // and one per frame the window draws.
    const gate = createShownGate({
      send: (delta) => {
        deliver({ type: 'delta', ...delta });
        return stream.lastSeq;
      },
      now: () => performance.now(),
      minGapMs: frameMs,
    });
    stream.gate = gate;
    const events = answer(input.request, {
      ...input.options,
      signal: stream.controller.signal,
      streamId: stream.streamId,
    });
    try {
      for await (const event of events) {
        if (event.type === 'delta') {
          gate.delta({ text: event.text, reasoning: event.reasoning });
          continue;
        }
        if (isTerminal(event)) {
          // The last event carries the whole answer, so text still waiting adds nothing to it.
          gate.dispose();
          deliver(event);
          break;
        }
        // Status events (retrying, resumed, usage, tool calls and their cards) go at once, or right
        // after text the gate holds, so the window sees everything in order.
        gate.after(() => deliver(event));
      }
    } finally {
      gate.dispose();
    }
  };

  return {
    start(input: StartStreamInput): string {
      const streamId = newId();
      const resumed = input.options.resumeFrom;
      const stream: RunningStream = {
        streamId,
        windowId: input.windowId,
        conversationId: input.conversationId,
        messageId: input.messageId,
        controller: new AbortController(),
        lastSeq: 0,
        text: resumed?.text ?? '',
        reasoning: resumed?.reasoning ?? '',
        gate: null,
      };
      running.set(streamId, stream);
      void pump(stream, input).finally(() => running.delete(streamId));
      return streamId;
    },

    /** The window has drawn this stream's events up to `seq`; ignored for another window's stream. */
    shown(windowId: number, streamId: string, seq: number): void {
      const stream = running.get(streamId);
      if (stream?.windowId === windowId) stream.gate?.shown(seq);
    },

    /** Whether this window runs this stream (its cards are this window's to answer). */
    owns(windowId: number, streamId: string): boolean {
      return running.get(streamId)?.windowId === windowId;
    },

    /** Cancels a stream of this window; false if there is none (already ended, or another window's). */
    cancel(windowId: number, streamId: string): boolean {
      const stream = running.get(streamId);
      if (!stream || stream.windowId !== windowId) return false;
      stream.controller.abort();
      return true;
    },

    list(windowId: number): ActiveStreamInfo[] {
      return [...running.values()]
        .filter((stream) => stream.windowId === windowId)
        .map(({ streamId, conversationId, messageId, lastSeq, text, reasoning }) => ({
          streamId,
          conversationId,
          messageId,
          lastSeq,
          text,
          reasoning,
        }));
    },

    /** Messages being written right now, in every window. */
    liveMessageIds(): string[] {
      return [...running.values()].map((stream) => stream.messageId);
    },

    /** A window was closed: nobody is left to read its streams, so free their sockets. */
    abortWindow(windowId: number): void {
      for (const stream of running.values()) {
        if (stream.windowId === windowId) stream.controller.abort();
      }
    },

    abortAll(): void {
      for (const stream of running.values()) stream.controller.abort();
    },

    get size(): number {
      return running.size;
    },
  };
}

export type StreamRegistry = ReturnType<typeof createStreamRegistry>;
