/**
 * What an answer did with tools, as its cards show it: each call the model asked for, where in the
 * answer's text it came, whether it waits for the person, and how it ended. Built from the answer's
 * stream events (main/tools/tool-loop.ts); plain data, so it is kept with the message.
 */
import type { StreamEventView, ToolMediaView } from '../../../preload/contract';
import { resolveVision } from '../attachments/vision-capability';
import { pageVisionOverrides } from '../attachments/vision-overrides';

type EventOf<T extends StreamEventView['type']> = Extract<StreamEventView, { type: T }>;

export type ToolOutcomeView = EventOf<'toolResult'>['outcome'];

export interface ToolActivity {
  callId: string;
  /** The name the model called (namespaced by server: `files__read_file`). */
  name: string;
  /** The arguments exactly as the model wrote them. */
  arguments: string;
  /** Why the call could not run as written (arguments that are not JSON), or null. */
  problem: string | null;
  /** The length of the answer's text when the call came: its card sits there, between two steps. */
  at: number;
  /** Set while the call waits for the person, and kept for the card's heading afterwards. */
  approval: { server: string; tool: string; description: string | null } | null;
  waiting: boolean;
  result: {
    outcome: ToolOutcomeView;
    content: string;
    isError: boolean;
    durationMs: number;
    /** Its images and links, checked in main (main/tools/tool-media.ts). */
    media?: ToolMediaView[];
  } | null;
}

type ToolEvent = EventOf<'toolCall' | 'toolApproval' | 'toolResult'>;

export const isToolEvent = (event: StreamEventView): event is ToolEvent =>
  event.type === 'toolCall' || event.type === 'toolApproval' || event.type === 'toolResult';

/** The activity after one tool event; `textLength` is the answer's text when it arrived. */
export function applyToolEvent(
  activity: readonly ToolActivity[],
  event: ToolEvent,
  textLength: number,
): ToolActivity[] {
  if (event.type === 'toolCall') {
    if (activity.some((entry) => entry.callId === event.call.id)) return [...activity];
    return [
      ...activity,
      {
        callId: event.call.id,
        name: event.call.name,
        arguments: event.call.arguments,
        problem: event.error?.message ?? null,
        at: textLength,
        approval: null,
        waiting: false,
        result: null,
      },
    ];
  }
  return activity.map((entry) => {
    if (entry.callId !== event.callId) return entry;
    if (event.type === 'toolApproval') {
      const { server, tool, description } = event;
      return { ...entry, approval: { server, tool, description }, waiting: true };
    }
    const { outcome, result, durationMs } = event;
    return { ...entry, waiting: false, result: { outcome, ...result, durationMs } };
  });
}

/** An answer that ended (or was reopened) has no call waiting any more: its cards stop asking. */
export function settleToolActivity(activity: readonly ToolActivity[]): ToolActivity[] {
  return activity.map((entry) =>
    entry.waiting || entry.result === null
      ? {
          ...entry,
          waiting: false,
          result: entry.result ?? {
            outcome: 'cancelled',
            content: 'The answer ended before this call ran.',
            isError: true,
            durationMs: 0,
          },
        }
      : entry,
  );
}

/**
 * The answer's text cut where its calls came, so each group of cards sits between the text before and
 * after it: `[text, cards, text, cards, text]`, with empty text pieces left out.
 */
export function answerPieces(
  content: string,
  activity: readonly ToolActivity[],
): Array<{ kind: 'text'; text: string; last: boolean } | { kind: 'tools'; calls: ToolActivity[] }> {
  const pieces: Array<
    { kind: 'text'; text: string; last: boolean } | { kind: 'tools'; calls: ToolActivity[] }
  > = [];
  const groups = new Map<number, ToolActivity[]>();
  for (const entry of activity) {
    const at = Math.min(Math.max(0, entry.at), content.length);
    groups.set(at, [...(groups.get(at) ?? []), entry]);
  }
  let from = 0;
  for (const at of [...groups.keys()].sort((a, b) => a - b)) {
    if (at > from) pieces.push({ kind: 'text', text: content.slice(from, at), last: false });
    pieces.push({ kind: 'tools', calls: groups.get(at) ?? [] });
    from = at;
  }
  if (content.length > from) pieces.push({ kind: 'text', text: content.slice(from), last: true });
  return pieces;
}

/**
 * Whether tool results' images may be given to this model (`toolImages`): the person's switch for it,
 * else its known family. Unknown is no: the model is then told the images were shown to the person.
 */
export function readsImages({ providerId, model }: { providerId: string; model: string }): boolean {
  const userOverride = pageVisionOverrides().get(providerId, model);
  const known = resolveVision({
    modelId: model,
    ...(userOverride === undefined ? {} : { userOverride }),
  });
  return known.vision === true;
}
