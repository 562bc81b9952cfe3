/**
 * The state machine of one message as the UI shows it, and how it maps to the stored record.
 *
 * The view has two statuses the store does not (`waiting` and `retrying`): both are stored as
 * `streaming`, because after a restart they mean the same thing — an answer that had not ended.
 */
import {
  isTerminalView,
  type ChatErrorView,
  type DroppedParameterView,
  type StreamEventView,
  type UsageView,
} from '../../../preload/contract';
import type { SentAttachment } from '../attachments/sent-attachment';
import type {
  AttachmentRef,
  MessageRecord,
  MessageStatus,
  ToolActivityRecord,
} from '../history/types';
import { applyToolEvent, settleToolActivity, type ToolActivity } from './tool-activity';

export type MessageViewStatus =
  'waiting' | 'streaming' | 'retrying' | 'complete' | 'cancelled' | 'error' | 'interrupted';

export interface RetryInfo {
  attempt: number;
  of: number;
  /** Epoch ms when the next attempt starts, so the countdown survives re-renders. */
  until: number;
  reason: string;
}

export interface MessageView {
  id: string;
  conversationId: string;
  /** See MessageRecord.parentId. */
  parentId: string | null;
  role: 'system' | 'user' | 'assistant';
  content: string;
  reasoning: string;
  status: MessageViewStatus;
  finishReason: string | null;
  usage: UsageView | null;
  error: ChatErrorView | null;
  /** A failed answer whose partial text the engine can continue from. */
  resumable: boolean;
  retry: RetryInfo | null;
  /** How many times the answer was resumed after a dropped connection (this session only). */
  resumes: number;
  createdAt: number;
  updatedAt: number;
  /** Files sent with a question (this session's memory until history keeps them). */
  attachments?: readonly SentAttachment[];
  /** Files of the message as history keeps them, by hash (read back when shown). */
  storedAttachments?: readonly AttachmentRef[];
  /** See MessageRecord: the model that wrote an answer, and what the provider refused. */
  model?: string;
  providerId?: string;
  droppedParameters?: DroppedParameterView[];
  /** The tool calls of an answer and how each ended (kept in history: MessageRecord.toolActivity). */
  toolActivity?: ToolActivity[];
  /** The answer asked for tools after the last step allowed (their calls were not run). */
  stepLimit?: number;
}

/** Statuses in which a stream is still feeding the message. */
export const isLive = (status: MessageViewStatus): boolean =>
  status === 'waiting' || status === 'streaming' || status === 'retrying';

const CUT_OFF: ChatErrorView = {
  code: 'network',
  message: 'This answer was cut off when Runnel closed or reloaded.',
};

export function fromRecord(record: MessageRecord): MessageView {
  return {
    id: record.id,
    conversationId: record.conversationId,
    parentId: record.parentId,
    role: record.role,
    content: record.content,
    reasoning: record.reasoning,
    status: record.status,
    finishReason: record.finishReason,
    usage: record.usage,
    // The chat store's start-up sweep marks cut-off answers interrupted in history without an error;
    // the banner that offers Continue and Retry needs one to say what happened.
    error: record.error ?? (record.status === 'interrupted' ? CUT_OFF : null),
    // A stored interrupted answer has partial text by definition: offer Continue when there is any.
    resumable: record.status === 'interrupted' && record.content.length > 0,
    retry: null,
    resumes: 0,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...answerFacts(record),
    ...(record.attachments ? { storedAttachments: record.attachments } : {}),
    ...toolFactsOfRecord(record.toolActivity, record.status === 'streaming'),
  };
}

/**
 * The cards of a stored answer. Only an answer still streaming (one a reloaded window re-attaches to)
 * has calls that wait or run; any other's are settled, since nothing can run them any more.
 */
function toolFactsOfRecord(
  stored: ToolActivityRecord | undefined,
  streaming: boolean,
): Pick<MessageView, 'toolActivity' | 'stepLimit'> {
  if (!stored) return {};
  const calls = stored.calls.map((call) => ({ ...call, waiting: call.waiting === true }));
  return {
    ...(calls.length > 0 ? { toolActivity: streaming ? calls : settleToolActivity(calls) } : {}),
    ...(stored.stepLimit !== undefined ? { stepLimit: stored.stepLimit } : {}),
  };
}

/**
 * The cards as history keeps them: as they are while the answer streams (the next save replaces
 * them), settled once it ended (settleToolActivity), so a finished answer has no call that waits.
 */
function toolFactsOfView(view: MessageView): Pick<MessageRecord, 'toolActivity'> {
  const cards = view.toolActivity ?? [];
  const calls = isLive(view.status) ? cards : settleToolActivity(cards);
  if (calls.length === 0 && view.stepLimit === undefined) return {};
  return {
    toolActivity: {
      calls: calls.map(({ waiting, ...call }) => (waiting ? { ...call, waiting: true } : call)),
      ...(view.stepLimit !== undefined ? { stepLimit: view.stepLimit } : {}),
    },
  };
}

/** The schema-7 facts of an answer, copied only when there (records and views leave them out otherwise). */
function answerFacts(
  from: Pick<MessageRecord, 'model' | 'providerId' | 'droppedParameters'>,
): Pick<MessageRecord, 'model' | 'providerId' | 'droppedParameters'> {
  return {
    ...(from.model !== undefined ? { model: from.model } : {}),
    ...(from.providerId !== undefined ? { providerId: from.providerId } : {}),
    ...(from.droppedParameters?.length ? { droppedParameters: from.droppedParameters } : {}),
  };
}

/** The parameters an answer went without: those it already had, and the new ones of `dropped`. */
function withDropped(
  known: readonly DroppedParameterView[] | undefined,
  dropped: readonly DroppedParameterView[] | undefined,
): DroppedParameterView[] | undefined {
  if (!dropped?.length) return known ? [...known] : undefined;
  const merged = [...(known ?? [])];
  for (const entry of dropped) {
    if (!merged.some((m) => m.parameter === entry.parameter)) merged.push(entry);
  }
  return merged;
}

export function toStoredStatus(status: MessageViewStatus): MessageStatus {
  return status === 'waiting' || status === 'retrying' ? 'streaming' : status;
}

export function toRecord(view: MessageView): MessageRecord {
  return {
    id: view.id,
    conversationId: view.conversationId,
    parentId: view.parentId,
    role: view.role,
    content: view.content,
    reasoning: view.reasoning,
    status: toStoredStatus(view.status),
    finishReason: view.finishReason,
    usage: view.usage,
    error: view.error,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    ...answerFacts(view),
    ...(view.storedAttachments ? { attachments: [...view.storedAttachments] } : {}),
    ...toolFactsOfView(view),
  };
}

/** A fresh assistant message about to be filled by a stream (or refilled, for regenerate). */
export function awaitingAnswer(message: MessageView, now: number): MessageView {
  // Cards of the text being replaced go with it (a retry answers in place of a failed answer).
  const { toolActivity: _replaced, stepLimit: _replacedLimit, ...kept } = message;
  return {
    ...kept,
    content: '',
    reasoning: '',
    status: 'waiting',
    finishReason: null,
    usage: null,
    error: null,
    resumable: false,
    retry: null,
    resumes: 0,
    updatedAt: now,
  };
}

/** Continue keeps the partial text and streams the rest into the same message. */
export function continuingAnswer(message: MessageView, now: number): MessageView {
  return {
    ...message,
    status: 'streaming',
    error: null,
    resumable: false,
    retry: null,
    updatedAt: now,
  };
}

/**
 * Applies one engine event. `delta` carries an increment; the terminal events carry the whole
 * answer, which replaces what was accumulated (the engine's merge after a resume is the truth).
 */
export function applyStreamEvent(
  current: MessageView,
  event: StreamEventView,
  now: number,
): MessageView {
  // Once the answer ends, no call of it waits any more: its cards stop asking.
  const message =
    current.toolActivity && isTerminalView(event)
      ? { ...current, toolActivity: settleToolActivity(current.toolActivity) }
      : current;
  switch (event.type) {
    case 'started': {
      // A new attempt: nothing has arrived from it yet, unless this continues a partial answer.
      const dropped = withDropped(message.droppedParameters, event.dropped);
      return {
        ...message,
        status: message.content.length > 0 ? 'streaming' : 'waiting',
        retry: null,
        updatedAt: now,
        ...(dropped ? { droppedParameters: dropped } : {}),
      };
    }
    case 'delta':
      if (event.text === '' && event.reasoning === '') return message;
      return {
        ...message,
        content: message.content + event.text,
        reasoning: message.reasoning + event.reasoning,
        status: 'streaming',
        retry: null,
        updatedAt: now,
      };
    case 'retrying':
      return {
        ...message,
        status: 'retrying',
        retry: {
          attempt: event.attempt,
          of: event.of,
          until: now + event.delayMs,
          reason: event.reason,
        },
        updatedAt: now,
      };
    case 'resumed':
      return { ...message, resumes: event.resumes, updatedAt: now };
    case 'usage':
      return { ...message, usage: event.usage, updatedAt: now };
    case 'toolCall':
    case 'toolApproval':
    case 'toolResult':
      return {
        ...message,
        toolActivity: applyToolEvent(message.toolActivity ?? [], event, message.content.length),
        updatedAt: now,
      };
    case 'step':
      // The next request of the tool loop: its text follows the cards.
      return { ...message, status: 'waiting', updatedAt: now };
    case 'stepLimit':
      return { ...message, stepLimit: event.steps, updatedAt: now };
    case 'done':
      return {
        ...message,
        content: event.text,
        reasoning: event.reasoning,
        status: 'complete',
        finishReason: event.finishReason,
        usage: event.usage ?? message.usage,
        retry: null,
        updatedAt: now,
      };
    case 'failed': {
      // A resumable failure kept partial text: that is an interrupted answer (Continue / Retry),
      // not a plain error. Without text there is nothing to continue from.
      const resumable = event.resumable && event.text.length > 0;
      if (event.error.code === 'cancelled') {
        return {
          ...message,
          content: event.text,
          reasoning: event.reasoning,
          status: 'cancelled',
          retry: null,
          updatedAt: now,
        };
      }
      return {
        ...message,
        content: event.text,
        reasoning: event.reasoning,
        status: resumable ? 'interrupted' : 'error',
        error: event.error,
        resumable,
        retry: null,
        updatedAt: now,
      };
    }
    case 'cancelled':
      return {
        ...message,
        content: event.text,
        reasoning: event.reasoning,
        status: 'cancelled',
        retry: null,
        updatedAt: now,
      };
  }
}

/** A message left `streaming` in storage whose stream is gone: it was cut off by a crash or reload. */
export function markInterrupted(message: MessageView, now: number): MessageView {
  return {
    ...message,
    status: 'interrupted',
    resumable: message.content.length > 0,
    retry: null,
    error: message.error ?? CUT_OFF,
    updatedAt: now,
  };
}
