/**
 * Stand-ins for the chat store's outside world in unit tests that drive it over the in-memory history:
 * a main process that starts streams and sends no events, and a frame clock that never fires.
 */
import type { RunnelApi } from '../../preload/contract';
import type { FrameClock } from '../../renderer/src/store/frame-scheduler';

export const silentChat: RunnelApi['chat'] = {
  start: async () => ({ ok: true, value: { streamId: 's1' } }),
  cancel: async () => ({ ok: true, value: {} }),
  listActive: async () => ({ ok: true, value: [] }),
  streamShown: async () => ({ ok: true, value: {} }),
  listLive: async () => ({ ok: true, value: { messageIds: [] } }),
  onStreamEvent: () => () => undefined,
};

export const stillFrames: FrameClock = {
  requestFrame: () => 1,
  cancelFrame: () => undefined,
  setTimer: () => 2,
  clearTimer: () => undefined,
};
