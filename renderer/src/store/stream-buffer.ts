/**
 * Where pushed stream events wait for the next frame. Events are appended per stream in arrival
 * order; a frame drains them all at once, so React renders once per frame however many arrived.
 *
 * Events can arrive before the renderer knows which message a stream fills (the first event may
 * beat `chat.start`'s answer, or a reloaded window learns its streams from `listActive`), so a
 * stream's events are held until it is attached.
 */
import type { EventPayload, StreamEventView } from '../../../preload/contract';

export type StreamEventPayload = EventPayload<'runnel:chat:streamEvent'>;

export interface DrainedStream {
  streamId: string;
  /** In order; consecutive deltas merged into one. */
  events: StreamEventView[];
  /** The sequence number of the last of them. */
  lastSeq: number;
}

interface StreamSlot {
  /** Highest sequence number accepted; anything at or below it is a duplicate or already applied. */
  lastSeq: number;
  attached: boolean;
  pending: Array<{ seq: number; event: StreamEventView }>;
}

/** An unattached stream that never gets attached must not grow without bound. */
const MAX_UNATTACHED_EVENTS = 2_000;

export class StreamBuffer {
  private readonly slots = new Map<string, StreamSlot>();
  private readonly ignored = new Set<string>();

  /** Returns false when the event was dropped (stale sequence number or ignored stream). */
  push(payload: StreamEventPayload): boolean {
    if (this.ignored.has(payload.streamId)) return false;
    const slot = this.slotFor(payload.streamId);
    if (payload.seq <= slot.lastSeq) return false;
    slot.lastSeq = payload.seq;
    if (!slot.attached && slot.pending.length >= MAX_UNATTACHED_EVENTS) slot.pending.shift();
    slot.pending.push({ seq: payload.seq, event: payload.event });
    return true;
  }

  /**
   * Starts delivering a stream's events. `appliedSeq` is what the caller already has (from
   * `listActive`'s `lastSeq`): held events at or below it are dropped, later ones delivered.
   */
  attach(streamId: string, appliedSeq = 0): void {
    this.ignored.delete(streamId);
    const slot = this.slotFor(streamId);
    slot.attached = true;
    slot.lastSeq = Math.max(slot.lastSeq, appliedSeq);
    slot.pending = slot.pending.filter((entry) => entry.seq > appliedSeq);
  }

  /** Forgets a stream that ended, or one that belongs to no message this window knows. */
  ignore(streamId: string): void {
    this.slots.delete(streamId);
    this.ignored.add(streamId);
  }

  /** A finished stream's slot is no longer needed; later events for it are dropped. */
  release(streamId: string): void {
    this.ignore(streamId);
  }

  hasPending(): boolean {
    for (const slot of this.slots.values()) {
      if (slot.attached && slot.pending.length > 0) return true;
    }
    return false;
  }

  /** Everything that arrived for attached streams since the last drain. */
  drain(): DrainedStream[] {
    const drained: DrainedStream[] = [];
    for (const [streamId, slot] of this.slots) {
      if (!slot.attached || slot.pending.length === 0) continue;
      drained.push({
        streamId,
        events: mergeDeltas(slot.pending.map((entry) => entry.event)),
        lastSeq: slot.pending.at(-1)?.seq ?? slot.lastSeq,
      });
      slot.pending = [];
    }
    return drained;
  }

  private slotFor(streamId: string): StreamSlot {
    let slot = this.slots.get(streamId);
    if (!slot) {
      slot = { lastSeq: 0, attached: false, pending: [] };
      this.slots.set(streamId, slot);
    }
    return slot;
  }
}

/** Runs of deltas become one delta, so a frame appends text once per stream. */
export function mergeDeltas(events: StreamEventView[]): StreamEventView[] {
  const merged: StreamEventView[] = [];
  let text: string[] = [];
  let reasoning: string[] = [];
  const flush = (): void => {
    if (text.length === 0 && reasoning.length === 0) return;
    merged.push({ type: 'delta', text: text.join(''), reasoning: reasoning.join('') });
    text = [];
    reasoning = [];
  };
  for (const event of events) {
    if (event.type === 'delta') {
      text.push(event.text);
      reasoning.push(event.reasoning);
    } else {
      flush();
      merged.push(event);
    }
  }
  flush();
  return merged;
}
